"""core.text: control and text-direction characters are refused with a 400 naming the
field; zero-width characters are stripped from names."""

import pytest
from django.core.exceptions import ValidationError

from core.text import clean_name, forbidden_character, validate_line, validate_text

pytestmark = pytest.mark.unit

RLO, BEL, ESC, NEL, ZWSP, ZWJ = "\u202e", "\x07", "\x1b", "\x85", "\u200b", "\u200d"


@pytest.mark.parametrize("bad", [BEL, ESC + "[31m", NEL, "\x7f", "\x00", RLO, "\u2066",
                                 "\u200f", "\n", "\t", "\r"])
def test_a_single_line_refuses_controls_bidi_and_line_breaks(bad):
    with pytest.raises(ValidationError):
        validate_line(f"王小明{bad}")


@pytest.mark.parametrize("bad", [BEL, ESC, NEL, RLO, "\u202a", "\u2069", "\r"])
def test_text_refuses_controls_and_bidi_but_keeps_newlines_and_tabs(bad):
    validate_text("第一段\n\t第二段")
    with pytest.raises(ValidationError):
        validate_text(f"第一段{bad}第二段")


def test_the_message_names_the_character():
    with pytest.raises(ValidationError) as caught:
        validate_text(f"abc{RLO}")
    assert "U+202E (RIGHT-TO-LEFT OVERRIDE)" in caught.value.messages[0]
    with pytest.raises(ValidationError) as caught:
        validate_line("a\nb")
    assert "single line" in caught.value.messages[0]


def test_names_lose_zero_width_characters():
    assert clean_name(f"王{ZWSP}小\ufeff明") == "王小明"
    assert forbidden_character(f"👨{ZWJ}👩", multiline=True) is None  # emoji keep their joiner
