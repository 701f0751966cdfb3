from datetime import UTC, date, datetime, time, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from publicity.calendar import (
    NOTICE_TZ,
    add_working_days,
    first_counted_day,
    is_working_day,
    notice_end,
    notice_last_day,
)
from publicity.demo import CALENDAR_2026

pytestmark = pytest.mark.unit

NONE = frozenset()


def at(y, m, d, hh=10, mm=0):
    """A publication moment in Shanghai local time."""
    return datetime(y, m, d, hh, mm, tzinfo=NOTICE_TZ)


def midnight(y, m, d):
    return datetime(y, m, d, tzinfo=NOTICE_TZ)


# --- is_working_day -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 11, 27), True),  # an ordinary Friday
        (date(2026, 11, 28), False),  # an ordinary Saturday
        (date(2026, 10, 1), False),  # 国庆, Thursday
        (date(2026, 10, 10), True),  # 国庆 调休上班, Saturday
        (date(2026, 9, 20), True),  # 国庆 调休上班, Sunday
        (date(2026, 1, 3), False),  # 元旦 on a Saturday: a holiday either way
    ],
)
def test_is_working_day(cal2026, day, expected):
    assert is_working_day(day, *cal2026) is expected


def test_a_date_listed_both_ways_is_a_holiday():
    day = date(2026, 11, 28)
    assert is_working_day(day, {day}, {day}) is False


# --- add_working_days -----------------------------------------------------------------------


def test_start_counts_when_it_is_a_working_day():
    assert add_working_days(date(2026, 11, 26), 1, NONE, NONE) == date(2026, 11, 26)


def test_skips_the_weekend():
    # Thu, Fri, (Sat, Sun), Mon, Tue, Wed
    assert add_working_days(date(2026, 11, 26), 5, NONE, NONE) == date(2026, 12, 2)


def test_starting_on_a_weekend_counts_from_monday():
    assert add_working_days(date(2026, 11, 28), 1, NONE, NONE) == date(2026, 11, 30)
    assert add_working_days(date(2026, 11, 28), 5, NONE, NONE) == date(2026, 12, 4)


def test_over_national_day_with_its_weekend_working_day(cal2026):
    # Tue 29 Sep (1), Wed 30 (2), 1–7 Oct off, Thu 8 (3), Fri 9 (4), Sat 10 调休上班 (5).
    assert add_working_days(date(2026, 9, 29), 5, *cal2026) == date(2026, 10, 10)
    # Without the adjusted working day the fifth day would be Monday 12 October.
    holidays, _ = cal2026
    assert add_working_days(date(2026, 9, 29), 5, holidays, NONE) == date(2026, 10, 12)


def test_weekend_working_day_before_a_holiday_counts(cal2026):
    # Fri 18 Sep (1), Sat 19 off, Sun 20 调休上班 (2).
    assert add_working_days(date(2026, 9, 18), 2, *cal2026) == date(2026, 9, 20)


def test_over_spring_festival(cal2026):
    # Fri 13 Feb (1), Sat 14 调休上班 (2), 15–23 off, Tue 24 (3).
    assert add_working_days(date(2026, 2, 13), 3, *cal2026) == date(2026, 2, 24)


def test_starting_on_a_holiday_counts_from_the_next_working_day(cal2026):
    assert add_working_days(date(2026, 10, 1), 1, *cal2026) == date(2026, 10, 8)


@pytest.mark.parametrize("n", [0, -1, -5])
def test_length_below_one_is_rejected(n):
    with pytest.raises(ValueError, match="at least one working day"):
        add_working_days(date(2026, 11, 26), n, NONE, NONE)


@pytest.mark.parametrize("n", [True, 2.0, "5", None])
def test_length_must_be_a_whole_number(n):
    with pytest.raises(TypeError):
        add_working_days(date(2026, 11, 26), n, NONE, NONE)


_holiday_sets = st.sets(st.dates(date(2026, 1, 1), date(2026, 12, 31)), max_size=40)


@given(
    start=st.dates(date(2026, 1, 1), date(2026, 12, 31)),
    n=st.integers(1, 30),
    holidays=_holiday_sets,
    workdays=_holiday_sets,
)
def test_result_is_the_nth_working_day_from_start(start, n, holidays, workdays):
    last = add_working_days(start, n, holidays, workdays)
    span = [start + timedelta(days=i) for i in range((last - start).days + 1)]
    counted = [d for d in span if is_working_day(d, holidays, workdays)]
    assert len(counted) == n
    assert counted[-1] == last


# --- notice_end / notice_last_day ----------------------------------------------------------------


def test_five_working_days_published_on_a_thursday_morning():
    published = at(2026, 11, 26, 10)
    assert notice_last_day(published, 5, NONE, NONE) == date(2026, 12, 2)
    assert notice_end(published, 5, NONE, NONE) == midnight(2026, 12, 3)


def test_notice_over_national_day(cal2026):
    assert notice_end(at(2026, 9, 29), 5, *cal2026) == midnight(2026, 10, 11)


def test_notice_published_on_a_saturday_starts_on_monday():
    assert notice_last_day(at(2026, 11, 28, 9), 1, NONE, NONE) == date(2026, 11, 30)


def test_published_at_or_after_the_cutoff_the_day_does_not_count():
    assert notice_last_day(at(2026, 11, 26, 16, 59), 1, NONE, NONE) == date(2026, 11, 26)
    assert notice_last_day(at(2026, 11, 26, 17, 0), 1, NONE, NONE) == date(2026, 11, 27)
    # Friday evening: the notice starts on Monday.
    assert notice_last_day(at(2026, 11, 27, 21), 1, NONE, NONE) == date(2026, 11, 30)


def test_cutoff_is_a_parameter():
    published = at(2026, 11, 26, 17, 30)
    assert notice_last_day(published, 1, NONE, NONE, cutoff=time(18)) == date(2026, 11, 26)


def test_utc_input_is_judged_by_shanghai_time():
    # 20:00 UTC on the 25th is 04:00 on the 26th in Shanghai: the 26th counts.
    early = datetime(2026, 11, 25, 20, 0, tzinfo=UTC)
    assert first_counted_day(early) == date(2026, 11, 26)
    # 09:30 UTC is 17:30 in Shanghai: after the cutoff.
    late = datetime(2026, 11, 26, 9, 30, tzinfo=UTC)
    assert first_counted_day(late) == date(2026, 11, 27)


def test_end_is_shanghai_midnight_and_exclusive():
    end = notice_end(at(2026, 11, 26), 1, NONE, NONE)
    assert end.utcoffset() == timedelta(hours=8)
    assert end.astimezone(UTC) == datetime(2026, 11, 26, 16, 0, tzinfo=UTC)
    last_moment = datetime(2026, 11, 26, 23, 59, 59, 999999, tzinfo=NOTICE_TZ)
    assert last_moment < end


def test_naive_datetime_is_rejected():
    with pytest.raises(ValueError, match="timezone-aware"):
        notice_end(datetime(2026, 11, 26, 10), 5, NONE, NONE)


@pytest.mark.parametrize("n", [0, -3])
def test_notice_length_below_one_is_rejected(n):
    with pytest.raises(ValueError):
        notice_end(at(2026, 11, 26), n, NONE, NONE)


def test_seeded_2026_workdays_are_all_weekends():
    for day, kind, _name in CALENDAR_2026:
        if kind == "workday":
            assert day.weekday() >= 5, day
