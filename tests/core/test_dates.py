"""A person's age on a day, at its boundaries (pure)."""

from datetime import date

import pytest

from core.dates import age_on

pytestmark = pytest.mark.unit


def test_the_day_before_the_18th_birthday_is_17():
    assert age_on(date(2008, 7, 1), date(2026, 6, 30)) == 17


def test_the_18th_birthday_itself_counts_as_18():
    assert age_on(date(2008, 6, 30), date(2026, 6, 30)) == 18


def test_leap_day_birthday_counts_from_1_march():
    assert age_on(date(2008, 2, 29), date(2026, 2, 28)) == 17
    assert age_on(date(2008, 2, 29), date(2026, 3, 1)) == 18
