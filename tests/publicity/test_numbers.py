import itertools
import re

import pytest
from django.utils import timezone

from publicity.numbers import (
    ALPHABET,
    RANDOM_LENGTH,
    is_well_formed,
    new_certificate_number,
    normalize,
)

pytestmark = pytest.mark.unit

SYMBOL = "[2-9A-HJ-NP-Z]"
FORMAT = re.compile(rf"^GH2026-{SYMBOL}{{4}}-{SYMBOL}{{4}}-{SYMBOL}{{4}}-{SYMBOL}$")


@pytest.fixture(scope="module")
def many():
    return [new_certificate_number(2026) for _ in range(10_000)]


def test_unique_over_ten_thousand(many):
    assert len(set(many)) == len(many)


def test_format(many):
    for number in many:
        assert FORMAT.match(number), number
        assert is_well_formed(number)


def test_no_ambiguous_characters_after_the_year(many):
    for number in many:
        assert not set(number[len("GH2026"):]) & set("01OI"), number


def test_at_least_sixty_random_bits():
    assert len(ALPHABET) == len(set(ALPHABET)) == 32
    assert len(ALPHABET) ** RANDOM_LENGTH >= 2**60


def test_every_random_character_is_used(many):
    # A crude test that the generator is not stuck on part of the alphabet.
    seen = set("".join(number[7:21] for number in many)) - {"-"}
    assert seen == set(ALPHABET)


def test_default_year_is_this_year_in_shanghai():
    assert new_certificate_number().startswith(f"GH{timezone.localdate().year}-")


def _payload_positions(number):
    """Indices of the characters the check character protects (year, body, check)."""
    return [i for i, ch in enumerate(number) if i >= 2 and ch != "-"]


def _alternatives(number, index):
    pool = "0123456789" if index < 6 else ALPHABET
    return [ch for ch in pool if ch != number[index]]


def test_check_catches_every_single_character_typo(many):
    for number in many[:200]:
        for i in _payload_positions(number):
            for ch in _alternatives(number, i):
                typo = number[:i] + ch + number[i + 1:]
                assert not is_well_formed(typo), (number, typo)


def _swapped(number, i, j):
    chars = list(number)
    chars[i], chars[j] = chars[j], chars[i]
    return "".join(chars)


def test_check_catches_every_swap_of_neighbouring_characters(many):
    for number in many[:500]:
        # Neighbours in the typed sequence, including across a dash ("…-4ABC-D").
        for i, j in itertools.pairwise(_payload_positions(number)):
            if number[i] != number[j]:
                assert not is_well_formed(_swapped(number, i, j)), (number, i, j)


def test_check_catches_every_swap_of_any_two_characters(many):
    for number in many[:200]:
        for i, j in itertools.combinations(_payload_positions(number), 2):
            if number[i] != number[j]:
                assert not is_well_formed(_swapped(number, i, j)), (number, i, j)


def test_check_catches_a_wrong_year():
    number = new_certificate_number(2026)
    assert not is_well_formed(number.replace("GH2026", "GH2027", 1))


@pytest.mark.parametrize(
    "bad",
    ["", None, 42, "GH2026", "gh2026-7K3M-9QXP-4ABC-D", "GH2026-7K3M-9QXP-4ABC",
     "GH2026-7K3M-9QXP-4AB0-D", "XX2026-7K3M-9QXP-4ABC-D", "GH2026-7K3M9QXP4ABCD"],
)
def test_malformed_input_is_rejected(bad):
    assert not is_well_formed(bad)


def test_normalize_accepts_what_people_type():
    number = new_certificate_number(2026)
    typed = " " + number.lower().replace("-", " ") + " "
    assert normalize(typed) == number
    assert normalize(number.replace("-", "")) == number
    assert normalize(number.replace("-", "－")) == number  # full-width dash from a CJK IME
    assert normalize("nonsense") == "NONSENSE"
