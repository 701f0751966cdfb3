"""Turning raw worker data into clean values, whatever it came from: the API, a page form
or a roster spreadsheet cell (where phones arrive as numbers and industries in Chinese).

Each cleaner returns the normalised value or raises ValidationError with a translatable
message. `clean_worker_fields` runs them all and collects every message per field, so a
caller can answer with all problems at once.
"""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.text import clean_name

from .choices import EDUCATION_WORDS, ETHNICITY_WORDS, Education, Ethnicity
from .models import Industry, PoliticalStatus
from .validators import IdNumberFacts, parse_id_number, validate_phone

MAX_YEARS_IN_INDUSTRY = Decimal("60")
REAL_NAME_MAX_LENGTH = 50

# What unions write in their own spreadsheets, besides the API codes.
INDUSTRY_WORDS = {
    "网约送餐": Industry.FOOD_DELIVERY,
    "外卖": Industry.FOOD_DELIVERY,
    "外卖配送": Industry.FOOD_DELIVERY,
    "快递": Industry.EXPRESS,
    "快递物流": Industry.EXPRESS,
    "网约车": Industry.RIDE_HAILING,
    "交通运输": Industry.TRANSPORT,
    "货运": Industry.TRANSPORT,
}
POLITICAL_STATUS_WORDS = {
    "中共党员": PoliticalStatus.PARTY_MEMBER,
    "党员": PoliticalStatus.PARTY_MEMBER,
    "中共预备党员": PoliticalStatus.PROBATIONARY_MEMBER,
    "预备党员": PoliticalStatus.PROBATIONARY_MEMBER,
    "共青团员": PoliticalStatus.LEAGUE_MEMBER,
    "团员": PoliticalStatus.LEAGUE_MEMBER,
    "民主党派": PoliticalStatus.DEMOCRATIC_PARTY,
    "民主党派成员": PoliticalStatus.DEMOCRATIC_PARTY,
    "群众": PoliticalStatus.MASSES,
}
# Computed once: `Choices.values` builds a new list on every access (hot in roster imports).
INDUSTRY_CODES = frozenset(Industry.values)
POLITICAL_STATUS_CODES = frozenset(PoliticalStatus.values)
ETHNICITY_CODES = frozenset(Ethnicity.values)
EDUCATION_CODES = frozenset(Education.values)
YES_WORDS = {"是", "yes", "y", "true", "1"}
NO_WORDS = {"否", "no", "n", "false", "0"}


def as_text(value) -> str:
    """A cell or a JSON value as stripped text; spreadsheet numbers lose their '.0'."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def clean_real_name(value) -> str:
    """Zero-width characters stripped; control and text-direction characters refused
    (`core.text`), whether the name came from the API, a page or a roster."""
    name = clean_name(as_text(value))
    if not name:
        raise ValidationError(_("Enter the real name."), code="required")
    if len(name) > REAL_NAME_MAX_LENGTH:
        raise ValidationError(
            _("At most %(limit)d characters.") % {"limit": REAL_NAME_MAX_LENGTH}, code="max_length"
        )
    return name


def clean_phone(value) -> str:
    phone = as_text(value).replace(" ", "").replace("-", "")
    if phone.startswith("+86"):
        phone = phone[3:]
    validate_phone(phone)
    return phone


def clean_id_number(value) -> IdNumberFacts:
    return parse_id_number(as_text(value))


def _choice(value, *, codes: frozenset, words, message) -> str:
    text = as_text(value)
    if text in codes:
        return text
    if text in words:
        return words[text].value
    raise ValidationError(message, code="invalid_choice")


def clean_industry(value) -> str:
    return _choice(
        value, codes=INDUSTRY_CODES, words=INDUSTRY_WORDS,
        message=_("Unknown industry; use 网约送餐, 快递, 网约车 or 交通运输."),
    )


def clean_political_status(value) -> str:
    if as_text(value) == "":
        return PoliticalStatus.MASSES.value
    return _choice(
        value, codes=POLITICAL_STATUS_CODES, words=POLITICAL_STATUS_WORDS,
        message=_(
            "Unknown political status; use 中共党员, 中共预备党员, 共青团员, 民主党派 or 群众."
        ),
    )


def clean_ethnicity(value) -> str:
    """Optional: empty stays empty."""
    if as_text(value) == "":
        return ""
    return _choice(value, codes=ETHNICITY_CODES, words=ETHNICITY_WORDS,
                   message=_("Unknown ethnic group; write it as on the ID card, e.g. 汉族."))


def clean_education(value) -> str:
    """Optional: empty stays empty."""
    if as_text(value) == "":
        return ""
    return _choice(value, codes=EDUCATION_CODES, words=EDUCATION_WORDS,
                   message=_("Unknown education level; use 研究生, 大学本科, 大专, 中专, 高中, "
                             "初中 or 小学."))


def clean_yes_no(value) -> bool:
    if isinstance(value, bool):
        return value
    text = as_text(value).lower()
    if text in YES_WORDS:
        return True
    if text in NO_WORDS or text == "":
        return False
    raise ValidationError(_("Answer 是 or 否 (yes or no)."), code="invalid")


def clean_years(value) -> Decimal:
    text = as_text(value)
    if text == "":
        return Decimal("0")
    try:
        years = Decimal(text)
    except InvalidOperation:
        raise ValidationError(
            _("Enter a number of years, e.g. 3 or 2.5."), code="invalid"
        ) from None
    if not years.is_finite() or years < 0 or years > MAX_YEARS_IN_INDUSTRY:
        raise ValidationError(
            _("Years in the industry must be between 0 and %(max)s.")
            % {"max": MAX_YEARS_IN_INDUSTRY},
            code="out_of_range",
        )
    if years != years.quantize(Decimal("0.1")):
        raise ValidationError(_("At most one decimal place, e.g. 2.5."), code="precision")
    return years.quantize(Decimal("0.1"))


@dataclass(frozen=True)
class WorkerFields:
    real_name: str
    phone: str
    id_number: IdNumberFacts
    industry: str
    union_member: bool
    political_status: str
    years_in_industry: Decimal
    ethnicity: str = ""
    education: str = ""


CLEANERS = {
    "real_name": clean_real_name,
    "phone": clean_phone,
    "id_number": clean_id_number,
    "industry": clean_industry,
    "union_member": clean_yes_no,
    "political_status": clean_political_status,
    "years_in_industry": clean_years,
    "ethnicity": clean_ethnicity,
    "education": clean_education,
}


def clean_worker_fields(raw: dict) -> tuple[WorkerFields | None, dict[str, list[str]]]:
    """Clean every worker field of `raw`; return (fields, {}) or (None, {field: [messages]})."""
    cleaned, errors = {}, {}
    for field, cleaner in CLEANERS.items():
        try:
            cleaned[field] = cleaner(raw.get(field))
        except ValidationError as exc:
            errors[field] = [str(message) for message in exc.messages]
    if errors:
        return None, errors
    return WorkerFields(**cleaned), {}
