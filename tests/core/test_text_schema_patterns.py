"""The schema's `pattern` for typed text says exactly what `core.text` refuses, so a
client (or the fuzzer) that follows the schema never meets a 400 for a character."""

import re

import pytest

from core.serializer_fields import LINE_PATTERN, TEXT_PATTERN
from core.text import forbidden_character

pytestmark = pytest.mark.unit

CHARACTERS = [chr(code) for code in range(0x0, 0x3000)] + ["\ufeff", "\u200b", "王"]


@pytest.mark.parametrize("pattern,multiline", [(LINE_PATTERN, False), (TEXT_PATTERN, True)])
def test_the_schema_pattern_refuses_what_the_validator_refuses(pattern, multiline):
    disagreements = [
        f"U+{ord(ch):04X}" for ch in CHARACTERS
        if ch != "\r" or not multiline  # text folds a CR into a newline before checking
        if bool(re.fullmatch(pattern, f"a{ch}b"))
        != (forbidden_character(f"a{ch}b", multiline=multiline) is None)
    ]
    assert disagreements == []


def test_reasons_in_the_schema_carry_the_text_pattern(client):
    schema = client.get("/api/schema/?format=json").json()
    reason = schema["components"]["schemas"]["ReasonRequest"]["properties"]["reason"]
    assert reason["pattern"] == TEXT_PATTERN
