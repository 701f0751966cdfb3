"""Validators for Chinese identifiers.

- Resident ID number (身份证号, GB 11643-1999): 18 characters, 17 digits and a check
  character (0-9 or X, ISO 7064 MOD 11-2), with a real birth date. A lowercase x is
  accepted and stored uppercase. 15-digit legacy numbers are REJECTED, not converted: they
  were withdrawn in 2013 and every holder has had an 18-digit number since.
- Unified social credit code (统一社会信用代码, GB 32100-2015): 18 characters from a 31-letter
  alphabet, the last a MOD 31 check character.
- Mainland mobile phone numbers: 11 digits starting 13-19.
"""

import re
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK_CHARS = "10X98765432"
OLDEST_BIRTH_YEAR = 1900

CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)

PHONE_RE = re.compile(r"^1[3-9]\d{9}$")


@dataclass(frozen=True)
class IdNumberFacts:
    number: str
    birth_date: date
    sex: str  # "M" or "F"


def id_check_char(first17: str) -> str:
    total = sum(int(d) * w for d, w in zip(first17, ID_WEIGHTS, strict=True))
    return ID_CHECK_CHARS[total % 11]


def parse_id_number(raw: str, *, today: date | None = None) -> IdNumberFacts:
    """Validate and normalise an ID number; raise ValidationError saying what is wrong."""
    value = (raw or "").strip().upper()
    if len(value) == 15 and value.isdigit():
        raise ValidationError(
            _("15-digit ID numbers are no longer valid; enter the 18-digit number."),
            code="legacy_id",
        )
    well_formed = len(value) == 18 and value[:17].isdigit() and value[17] in "0123456789X"
    if not well_formed:
        raise ValidationError(
            _("An ID number has 17 digits followed by a digit or X."), code="id_format"
        )
    try:
        birth = date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        raise ValidationError(_("The birth date in this ID number does not exist."),
                              code="id_birth_date") from None
    today = today or timezone.localdate()
    if birth > today or birth.year < OLDEST_BIRTH_YEAR:
        raise ValidationError(_("The birth date in this ID number is not plausible."),
                              code="id_birth_date")
    if id_check_char(value[:17]) != value[17]:
        raise ValidationError(_("The check digit of this ID number is wrong."), code="id_check")
    sex = "M" if int(value[16]) % 2 == 1 else "F"
    return IdNumberFacts(number=value, birth_date=birth, sex=sex)


def validate_id_number(value: str) -> None:
    parse_id_number(value)


def credit_check_char(first17: str) -> str:
    total = sum(CREDIT_ALPHABET.index(c) * w for c, w in zip(first17, CREDIT_WEIGHTS, strict=True))
    return CREDIT_ALPHABET[(31 - total % 31) % 31]


def normalise_credit_code(raw: str) -> str:
    value = (raw or "").strip().upper()
    if len(value) != 18 or any(c not in CREDIT_ALPHABET for c in value):
        raise ValidationError(
            _("A unified social credit code has 18 digits or capital letters (no I, O, Z, S, V)."),
            code="credit_format",
        )
    if credit_check_char(value[:17]) != value[17]:
        raise ValidationError(
            _("The check character of this unified social credit code is wrong."),
            code="credit_check",
        )
    return value


def validate_credit_code(value: str) -> None:
    normalise_credit_code(value)


def validate_phone(value: str) -> None:
    if not PHONE_RE.match(value or ""):
        raise ValidationError(
            _("Enter an 11-digit mainland mobile number, e.g. 13812345678."), code="phone"
        )
