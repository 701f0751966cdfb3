"""Eligibility rules at their boundaries, as pure functions (no database)."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from contests import eligibility as el

pytestmark = pytest.mark.unit

CLOSES = date(2026, 6, 30)


def applicant(**overrides):
    facts = {"industry": "food_delivery", "years_in_industry": Decimal("3"),
             "union_member": True, "birth_date": date(1990, 1, 1)}
    return el.Applicant(**{**facts, **overrides})


def rules_of(failures):
    return [failure.rule for failure in failures]


class TestAge:
    def test_the_day_before_the_18th_birthday_is_17(self):
        failures = el.check_age(date(2008, 7, 1), CLOSES, 18, None)
        assert rules_of(failures) == ["min_age"]

    def test_the_18th_birthday_itself_counts_as_18(self):
        assert el.check_age(date(2008, 6, 30), CLOSES, 18, None) == []

    def test_max_age_holds_until_the_next_birthday(self):
        assert el.check_age(date(1965, 7, 1), CLOSES, None, 60) == []  # 60, turns 61 tomorrow
        assert rules_of(el.check_age(date(1965, 6, 30), CLOSES, None, 60)) == ["max_age"]

    def test_leap_day_birthday_counts_from_1_march(self):
        born = date(2008, 2, 29)
        assert rules_of(el.check_age(born, date(2026, 2, 28), 18, None)) == ["min_age"]
        assert el.check_age(born, date(2026, 3, 1), 18, None) == []

    def test_reference_date_is_the_shanghai_local_date(self):
        # 2026-06-30 17:00 UTC is already 1 July in Shanghai.
        closes = datetime(2026, 6, 30, 17, 0, tzinfo=UTC)
        assert el.reference_date(closes) == date(2026, 7, 1)
        closes = datetime(2026, 6, 30, 15, 59, tzinfo=UTC)
        assert el.reference_date(closes) == date(2026, 6, 30)


class TestYears:
    def test_exactly_the_minimum_passes(self):
        assert el.check_years(Decimal("1.0"), Decimal("1")) is None

    def test_just_below_fails(self):
        assert el.check_years(Decimal("0.9"), Decimal("1")).rule == "min_years"

    def test_no_rule(self):
        assert el.check_years(Decimal("0"), None) is None


class TestUnionAndIndustry:
    def test_member_required(self):
        assert el.check_union_member(False, True).rule == "union_member"
        assert el.check_union_member(True, True) is None
        assert el.check_union_member(False, False) is None

    def test_industry(self):
        assert el.check_industry("food_delivery", ["food_delivery", "express"]) is None
        assert el.check_industry("ride_hailing", ["food_delivery"]).rule == "industry"


class TestEnterpriseCap:
    def test_at_the_cap_the_next_one_is_refused(self):
        assert el.check_enterprise_cap(1, 2) is None  # this would be the 2nd: allowed
        assert el.check_enterprise_cap(2, 2).rule == "enterprise_cap"  # the 3rd: refused

    def test_no_cap(self):
        assert el.check_enterprise_cap(100, None) is None


def test_evaluate_names_every_failed_rule_in_order():
    rules = el.Rules(industries=("express",), min_years=Decimal("1"),
                     union_member_required=True, min_age=18, max_age=60,
                     max_nominees_per_enterprise=2)
    young = applicant(industry="food_delivery", years_in_industry=Decimal("0.5"),
                      union_member=False, birth_date=date(2010, 1, 1))
    failures = el.evaluate(young, rules, on=CLOSES, others_from_enterprise=2)
    assert rules_of(failures) == ["industry", "min_years", "union_member", "min_age",
                                  "enterprise_cap"]
    assert all(str(failure.message) for failure in failures)


def test_evaluate_passes_an_eligible_applicant():
    rules = el.Rules(industries=("food_delivery",), min_years=Decimal("1"),
                     union_member_required=True, min_age=18, max_age=60)
    assert el.evaluate(applicant(), rules, on=CLOSES) == []
