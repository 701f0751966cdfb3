"""Serializer fields for text people type (`core.text`): use them for every name, title,
statement, reason and comment a request carries, so each refuses control and bidi
characters with a 400 naming the field.

- `LineField`: one line (titles, track and tier names, contacts, usernames);
- `NameField`: one line, zero-width characters stripped first (people's and enterprises'
  names, objectors' names);
- `TextField`: several lines (statements, descriptions, reasons, comments); a CR LF pair
  from a browser's text area is stored as a newline.
"""

from drf_spectacular.extensions import OpenApiSerializerFieldExtension
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


# --- The same rule in the OpenAPI schema ---------------------------------------------------
# Clients (and the schema fuzzer) learn which characters a field refuses from a `pattern`,
# so a request the schema calls valid is never refused for its characters.

_REFUSED_EVERYWHERE = r"\u007f-\u009f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c"
LINE_PATTERN = rf"^[^\u0000-\u001f{_REFUSED_EVERYWHERE}]*$"
# Several lines: newline, tab and carriage return (folded into a newline) are allowed.
TEXT_PATTERN = rf"^[^\u0000-\u0008\u000b\u000c\u000e-\u001f{_REFUSED_EVERYWHERE}]*$"


class _PatternExtension(OpenApiSerializerFieldExtension):
    pattern = ""

    def map_serializer_field(self, auto_schema, direction):
        schema = auto_schema._map_serializer_field(self.target, direction,
                                                   bypass_extensions=True)
        return {**schema, "pattern": self.pattern}


class LineFieldSchema(_PatternExtension):
    target_class = LineField
    match_subclasses = True
    pattern = LINE_PATTERN


class TextFieldSchema(_PatternExtension):
    target_class = TextField
    match_subclasses = True
    pattern = TEXT_PATTERN
