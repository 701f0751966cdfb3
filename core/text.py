"""Text people type, made safe to store and show: one validator for every name, title,
statement, reason and comment, whatever path it comes by (API serializers, page forms).

Refused, with a message naming the character:
- C0 and C1 control characters and DEL (a BEL, an ESC sequence), except newline and tab
  in multi-line text (a carriage return there is folded into the newline it belongs to);
  a single line holds none of them, newlines included;
- bidirectional overrides, embeddings and isolates (U+202A–U+202E, U+2066–U+2069), which
  make "王小明‮123" display reversed in public results, and the invisible direction marks
  (U+200E, U+200F, U+061C).

Zero-width characters (U+200B–U+200D, U+2060, U+FEFF) are not refused but stripped from
names (`strip_invisible`): pasted names carry them, and they would make two equal names
differ. Text keeps them (a zero-width joiner belongs to many emoji).
"""

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
                          "\u200e\u200f\u061c")
ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff")
MULTILINE_ALLOWED = frozenset("\n\t")


def _is_control(ch: str) -> bool:
    return unicodedata.category(ch) == "Cc"  # C0, DEL and C1


def forbidden_character(value: str, *, multiline: bool = False) -> str | None:
    """The first character `value` may not hold, or None."""
    for ch in value:
        if ch in BIDI_CONTROLS:
            return ch
        if _is_control(ch) and not (multiline and ch in MULTILINE_ALLOWED):
            return ch
    return None


def describe(ch: str) -> str:
    """"U+202E (RIGHT-TO-LEFT OVERRIDE)"; controls have no Unicode name, only a code."""
    name = unicodedata.name(ch, "")
    return f"U+{ord(ch):04X} ({name})" if name else f"U+{ord(ch):04X}"


def normalise_newlines(value: str) -> str:
    return value.replace("\r\n", "\n").replace("\r", "\n")


def strip_invisible(value: str) -> str:
    """`value` without zero-width characters."""
    return "".join(ch for ch in value if ch not in ZERO_WIDTH)


@deconstructible
class SafeTextValidator:
    """Refuses the characters of the module doc. `multiline` allows newlines and tabs."""

    code = "control_character"

    def __init__(self, multiline: bool = False):
        self.multiline = multiline

    def __call__(self, value) -> None:
        if not isinstance(value, str):
            return
        ch = forbidden_character(value, multiline=self.multiline)
        if ch is None:
            return
        if ch in "\n\r\t" and not self.multiline:
            message = _("Must be a single line: no line breaks or tabs.")
        else:
            message = _("Contains a control or text-direction character, %(character)s, "
                        "which is not allowed.") % {"character": describe(ch)}
        raise ValidationError(message, code=self.code)

    def __eq__(self, other):
        return isinstance(other, SafeTextValidator) and other.multiline == self.multiline


validate_line = SafeTextValidator(multiline=False)
validate_text = SafeTextValidator(multiline=True)


def clean_name(value: str) -> str:
    """A person's or an organisation's name: zero-width characters stripped, then checked
    as a single line (ValidationError)."""
    value = strip_invisible(value)
    validate_line(value)
    return value
