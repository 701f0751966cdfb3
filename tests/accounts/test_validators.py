"""Chinese identifiers with real check characters (GB 11643, GB 32100) and phones."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from accounts import cleaning
from accounts.validators import (
    credit_check_char,
    id_check_char,
    normalise_credit_code,
    parse_id_number,
    validate_phone,
)

pytestmark = pytest.mark.unit

# The standard's own example: a woman born 31 Dec 1949 in Beijing, check character X.
STANDARD_EXAMPLE = "11010519491231002X"
# A man (odd 17th digit) born 1 Jan 1990 in Shuyang; weighted sum 193, 193 mod 11 = 6 -> "6".
SUQIAN_EXAMPLE = "321322199001011256"
# A credit code whose check character Y follows from MOD 31.
VALID_CREDIT_CODE = "91350100M000100Y43"


def _code(exc_info) -> str:
    return exc_info.value.code


def test_a_valid_id_number_gives_birth_date_and_sex():
    facts = parse_id_number(STANDARD_EXAMPLE)
    assert facts.birth_date == date(1949, 12, 31)
    assert facts.sex == "F"
    man = parse_id_number(SUQIAN_EXAMPLE)
    assert (man.birth_date, man.sex) == (date(1990, 1, 1), "M")


def test_check_digit_helper_agrees_with_the_examples():
    assert id_check_char(STANDARD_EXAMPLE[:17]) == "X"
    assert id_check_char(SUQIAN_EXAMPLE[:17]) == "6"


def test_lowercase_x_is_accepted_and_stored_uppercase():
    assert parse_id_number(STANDARD_EXAMPLE.lower()).number == STANDARD_EXAMPLE
    assert parse_id_number(f"  {STANDARD_EXAMPLE[:-1]}x ").number == STANDARD_EXAMPLE


def test_a_wrong_check_digit_is_rejected():
    with pytest.raises(ValidationError) as exc_info:
        parse_id_number(SUQIAN_EXAMPLE[:-1] + "7")
    assert _code(exc_info) == "id_check"


@pytest.mark.parametrize("birth", ["19900230", "19901301", "19900431", "19000000"])
def test_an_impossible_birth_date_is_rejected_even_with_a_right_check_digit(birth):
    first17 = f"321322{birth}123"
    with pytest.raises(ValidationError) as exc_info:
        parse_id_number(first17 + id_check_char(first17))
    assert _code(exc_info) == "id_birth_date"


def test_a_birth_date_in_the_future_is_rejected():
    first17 = "32132220990101123"
    with pytest.raises(ValidationError) as exc_info:
        parse_id_number(first17 + id_check_char(first17))
    assert _code(exc_info) == "id_birth_date"


def test_a_15_digit_legacy_number_is_rejected_not_converted():
    with pytest.raises(ValidationError) as exc_info:
        parse_id_number("110105491231002")
    assert _code(exc_info) == "legacy_id"


@pytest.mark.parametrize("value", ["", "32132219900101123", "3213221990010112345", "ABC"])
def test_malformed_id_numbers_are_rejected(value):
    with pytest.raises(ValidationError) as exc_info:
        parse_id_number(value)
    assert _code(exc_info) == "id_format"


def test_a_valid_credit_code_is_normalised_to_uppercase():
    assert credit_check_char(VALID_CREDIT_CODE[:17]) == "3"
    assert normalise_credit_code(VALID_CREDIT_CODE.lower()) == VALID_CREDIT_CODE


@pytest.mark.parametrize("value", [
    "91350100M000100Y44",  # wrong check character
    "91350100M000100Y4",   # 17 characters
    "91350100M000100I43",  # I is not in the alphabet
])
def test_invalid_credit_codes_are_rejected(value):
    with pytest.raises(ValidationError):
        normalise_credit_code(value)


@pytest.mark.parametrize("value", ["13812345678", "19912345678"])
def test_valid_mobile_numbers(value):
    validate_phone(value)


@pytest.mark.parametrize("value", ["12812345678", "1381234567", "138123456789", "", "1381234567a"])
def test_invalid_mobile_numbers(value):
    with pytest.raises(ValidationError):
        validate_phone(value)


@pytest.mark.parametrize(("raw", "phone"), [
    (13812345678, "13812345678"),          # a number cell
    (13812345678.0, "13812345678"),        # a float cell
    ("138 1234 5678", "13812345678"),
    ("+8613812345678", "13812345678"),
])
def test_phones_from_spreadsheets_are_normalised(raw, phone):
    assert cleaning.clean_phone(raw) == phone


@pytest.mark.parametrize(("raw", "industry"), [
    ("网约送餐", "food_delivery"), ("快递", "express"), ("网约车", "ride_hailing"),
    ("交通运输", "transport"), ("express", "express"),
])
def test_industries_accept_chinese_labels_and_codes(raw, industry):
    assert cleaning.clean_industry(raw) == industry


@pytest.mark.parametrize(("raw", "status"), [
    ("中共党员", "party_member"), ("中共预备党员", "probationary_member"),
    ("共青团员", "league_member"), ("群众", "masses"), ("", "masses"),
    ("probationary_member", "probationary_member"),
])
def test_political_status_accepts_chinese_labels_and_codes(raw, status):
    assert cleaning.clean_political_status(raw) == status


@pytest.mark.parametrize(("raw", "answer"), [
    ("是", True), ("否", False), ("yes", True), ("No", False), (1, True), (0, False),
    ("1", True), (True, True), (None, False),
])
def test_union_member_answers(raw, answer):
    assert cleaning.clean_yes_no(raw) is answer


@pytest.mark.parametrize("raw", ["-1", "61", "2.55", "abc", "NaN"])
def test_bad_years_are_rejected(raw):
    with pytest.raises(ValidationError):
        cleaning.clean_years(raw)


def test_years_keep_one_decimal():
    assert cleaning.clean_years(2.5) == Decimal("2.5")
    assert cleaning.clean_years(3) == Decimal("3.0")
