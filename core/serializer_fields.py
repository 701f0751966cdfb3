"""Serializer fields for text people type (`core.text`): use them for every name, title,
statement, reason and comment a request carries, so each refuses control and bidi
characters with a 400 naming the field.

- `LineField`: one line (titles, track and tier names, contacts, usernames);
- `NameField`: one line, zero-width characters stripped first (people's and enterprises'
  names, objectors' names);
- `TextField`: several lines (statements, descriptions, reasons, comments); a CR LF pair
  from a browser's text area is stored as a newline.
"""

from rest_framework import serializers

from .text import normalise_newlines, strip_invisible, validate_line, validate_text


class LineField(serializers.CharField):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.validators.append(validate_line)


class NameField(LineField):
    def to_internal_value(self, data):
        return strip_invisible(super().to_internal_value(data))


class TextField(serializers.CharField):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.validators.append(validate_text)

    def to_internal_value(self, data):
        return normalise_newlines(super().to_internal_value(data))
