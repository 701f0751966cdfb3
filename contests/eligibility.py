"""Eligibility rules of a contest, as pure functions over plain values.

Each rule answers ``None`` (passed) or a ``Failure`` naming the rule with a translatable
message; ``evaluate`` runs them all and returns every failure, so the worker learns all
that is wrong at once. Nothing here touches the database.
"""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.utils.translation import gettext_lazy as _

from core.dates import age_on

LOCAL_TZ = ZoneInfo("Asia/Shanghai")


@dataclass(frozen=True)
class Failure:
    rule: str
    message: str


@dataclass(frozen=True)
class Applicant:
    industry: str
    years_in_industry: Decimal
    union_member: bool
    birth_date: date


@dataclass(frozen=True)
class Rules:
    industries: tuple[str, ...] = ()
    min_years: Decimal | None = None
    union_member_required: bool = False
    min_age: int | None = None
    max_age: int | None = None
    max_nominees_per_enterprise: int | None = None


def reference_date(registration_closes: datetime) -> date:
    """Ages are taken on the local (Asia/Shanghai) date registration closes."""
    return registration_closes.astimezone(LOCAL_TZ).date()


def check_industry(industry: str, industries) -> Failure | None:
    if industries and industry not in industries:
        return Failure("industry", _("This contest is open to other industries only."))
    return None


def check_years(years: Decimal, min_years: Decimal | None) -> Failure | None:
    if min_years is not None and Decimal(years) < Decimal(min_years):
        return Failure("min_years", _("At least %(years)s years in the industry are required.")
                       % {"years": min_years})
    return None


def check_union_member(member: bool, required: bool) -> Failure | None:
    if required and not member:
        return Failure("union_member", _("Only trade-union members may enter."))
    return None


def check_age(birth_date: date, on: date, min_age: int | None,
              max_age: int | None) -> list[Failure]:
    age = age_on(birth_date, on)
    failures = []
    if min_age is not None and age < min_age:
        failures.append(Failure("min_age", _(
            "Entrants must be at least %(age)s years old on %(day)s.") % {
                "age": min_age, "day": on.isoformat()}))
    if max_age is not None and age > max_age:
        failures.append(Failure("max_age", _(
            "Entrants must be at most %(age)s years old on %(day)s.") % {
                "age": max_age, "day": on.isoformat()}))
    return failures


def check_enterprise_cap(others_from_enterprise: int, cap: int | None) -> Failure | None:
    """`others_from_enterprise`: live entries of the same enterprise, this one excluded."""
    if cap is not None and others_from_enterprise >= cap:
        return Failure("enterprise_cap", _(
            "Your enterprise already has %(cap)s entries in this contest, the most allowed.")
            % {"cap": cap})
    return None


def evaluate(applicant: Applicant, rules: Rules, *, on: date,
             others_from_enterprise: int = 0) -> list[Failure]:
    """Every failed rule, in a stable order."""
    failures = [
        check_industry(applicant.industry, rules.industries),
        check_years(applicant.years_in_industry, rules.min_years),
        check_union_member(applicant.union_member, rules.union_member_required),
        *check_age(applicant.birth_date, on, rules.min_age, rules.max_age),
        check_enterprise_cap(others_from_enterprise, rules.max_nominees_per_enterprise),
    ]
    return [failure for failure in failures if failure is not None]
