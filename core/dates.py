"""Dates as the rules read them: the one definition of a person's age on a day."""

from datetime import date


def age_on(birth_date: date, day: date) -> int:
    """Whole years on `day`; on the birthday itself the new age counts (someone born on
    2008-06-01 is 18 on 2026-06-01 and 17 the day before; born 29 Feb: from 1 March)."""
    had_birthday = (day.month, day.day) >= (birth_date.month, birth_date.day)
    return day.year - birth_date.year - (0 if had_birthday else 1)
