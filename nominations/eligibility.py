"""Eligibility of a worker for a post, rule by rule (pure; see `check`).

Each configured rule answers `{"rule", "ok", "params"}`; `reason(result)` renders the
translated sentence in the reader's language (the stored check stays language-neutral).
A rule that is not configured (no statuses listed, no minimum age…) is not listed.

Ages are whole years on the round's reference date: someone born on 2008-06-01 is 18 on
2026-06-01 and 17 the day before (`core.dates.age_on`).
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _

from accounts.models import PoliticalStatus
from core.dates import age_on

RULES = ("political_status", "min_age", "max_age", "min_years", "union_member",
         "require_award")
PARTY_STATUSES = frozenset({PoliticalStatus.PARTY_MEMBER, PoliticalStatus.PROBATIONARY_MEMBER})


@dataclass(frozen=True)
class Rules:
    political_status: tuple[str, ...] = ()
    min_age: int | None = None
    max_age: int | None = None
    min_years: Decimal | None = None
    union_member: bool = False
    require_award: bool = False


@dataclass(frozen=True)
class Facts:
    political_status: str
    birth_date: date | None
    years_in_industry: Decimal
    union_member: bool
    awards: tuple[str, ...] = field(default_factory=tuple)


def is_party_member(political_status: str) -> bool:
    """For `min_non_party_share`: a probationary member is a party member too."""
    return political_status in PARTY_STATUSES


def check(rules: Rules, facts: Facts, reference_date: date) -> list[dict]:
    results = []

    def add(rule, ok, **params):
        results.append({"rule": rule, "ok": bool(ok), "params": params})

    if rules.political_status:
        add("political_status", facts.political_status in rules.political_status,
            status=facts.political_status, allowed=list(rules.political_status))
    age = age_on(facts.birth_date, reference_date) if facts.birth_date else None
    if rules.min_age is not None:
        add("min_age", age is not None and age >= rules.min_age, age=age, min=rules.min_age,
            on=reference_date.isoformat())
    if rules.max_age is not None:
        add("max_age", age is not None and age <= rules.max_age, age=age, max=rules.max_age,
            on=reference_date.isoformat())
    if rules.min_years is not None:
        add("min_years", facts.years_in_industry >= rules.min_years,
            years=str(facts.years_in_industry), min=str(rules.min_years))
    if rules.union_member:
        add("union_member", facts.union_member)
    if rules.require_award:
        add("require_award", bool(facts.awards), awards=list(facts.awards))
    return results


def is_eligible(results: list[dict]) -> bool:
    return all(result["ok"] for result in results)


def _status_label(value: str) -> str:
    try:
        return str(PoliticalStatus(value).label)
    except ValueError:
        return value


def reason(result: dict) -> str:
    """The result as a sentence for people, in the active language."""
    rule, ok, p = result["rule"], result["ok"], result.get("params", {})
    if rule == "political_status":
        allowed = "、".join(_status_label(s) for s in p.get("allowed", []))
        if ok:
            return _("Political status %(status)s is allowed.") % {
                "status": _status_label(p.get("status", ""))}
        return _("Political status %(status)s is not allowed; allowed: %(allowed)s.") % {
            "status": _status_label(p.get("status", "")), "allowed": allowed}
    if rule in ("min_age", "max_age"):
        if p.get("age") is None:
            return _("No birth date on file.")
        values = {"age": p["age"], "on": p.get("on", ""), "limit": p.get("min", p.get("max"))}
        if rule == "min_age":
            return (_("Aged %(age)s on %(on)s: at least %(limit)s required.") % values if not ok
                    else _("Aged %(age)s on %(on)s (at least %(limit)s).") % values)
        return (_("Aged %(age)s on %(on)s: at most %(limit)s allowed.") % values if not ok
                else _("Aged %(age)s on %(on)s (at most %(limit)s).") % values)
    if rule == "min_years":
        values = {"years": p.get("years"), "min": p.get("min")}
        return (_("%(years)s years in the industry (at least %(min)s).") % values if ok
                else _("%(years)s years in the industry: at least %(min)s required.") % values)
    if rule == "union_member":
        return _("A union member.") if ok else _("Not a union member: membership required.")
    if rule == "require_award":
        return (_("Holds an award: %(awards)s.") % {"awards": "、".join(p.get("awards", []))}
                if ok else _("Holds no award from a source contest: one is required."))
    return rule
