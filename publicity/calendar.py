"""Working days and the length of a public notice (公示期).

The rules, all in Asia/Shanghai local time:

* A **working day** is a Monday–Friday that is not a listed public holiday, or a
  Saturday/Sunday listed as an adjusted working day (调休上班).
* A notice of **N working days** counts its first day as follows: if it is published on a
  working day before `WORKING_DAY_CUTOFF` (17:00), that day is day 1; otherwise day 1 is
  the next working day. (Published at 22:00 on a Friday, or on a Saturday, day 1 is the
  following Monday.) The notice runs through the whole of day N.
* The notice **ends** at 00:00 on the calendar day after day N, returned as an aware
  datetime. The notice is open while `published_at <= now < end` — a half-open
  interval, so "still open at 23:59:59.999999" needs no special case. To show the last
  day to people ("公示期至10月13日"), use `notice_last_day`.

The functions below are pure: they take the holiday and adjusted-working-day sets as
arguments. `load_calendar` and `compute_notice_end` are the thin adapters that read
`CalendarDay` rows.
"""

from collections.abc import Set
from datetime import date, datetime, time, timedelta
from typing import NamedTuple
from zoneinfo import ZoneInfo

from .models import CalendarDay

NOTICE_TZ = ZoneInfo("Asia/Shanghai")
DEFAULT_NOTICE_WORKING_DAYS = 5  # the design's default length of a 公示
# Published at or after this local time, the day no longer counts: the public would get
# only minutes of it. 17:00 is when county offices close.
WORKING_DAY_CUTOFF = time(17, 0)
ONE_DAY = timedelta(days=1)


class WorkingCalendar(NamedTuple):
    holidays: frozenset[date]
    workdays: frozenset[date]


def is_working_day(day: date, holidays: Set[date], workdays: Set[date]) -> bool:
    """Monday–Friday unless listed as a holiday; Saturday/Sunday only if listed as an
    adjusted working day. A date in both sets is a holiday: a configuration mistake then
    makes the notice longer, never shorter."""
    if day in holidays:
        return False
    if day in workdays:
        return True
    return day.weekday() < 5


def add_working_days(start: date, n: int, holidays: Set[date], workdays: Set[date]) -> date:
    """The n-th working day counting from `start` inclusive (n ≥ 1).

    `start` itself is day 1 when it is a working day; otherwise day 1 is the first working
    day after it. So `add_working_days(d, 1, ...)` is the first working day on or after d.
    """
    _check_length(n)
    day, counted = start, 0
    while True:
        if is_working_day(day, holidays, workdays):
            counted += 1
            if counted == n:
                return day
        day += ONE_DAY


def first_counted_day(published_at: datetime, cutoff: time = WORKING_DAY_CUTOFF) -> date:
    """The earliest local date that may count as day 1 of a notice published then.

    The publication date itself, unless the notice went up at or after `cutoff`; the
    working-day test is left to `add_working_days`."""
    local = _local(published_at)
    if local.time() >= cutoff:
        return local.date() + ONE_DAY
    return local.date()


def notice_last_day(
    published_at: datetime, n: int, holidays: Set[date], workdays: Set[date],
    *, cutoff: time = WORKING_DAY_CUTOFF,
) -> date:
    """The last (n-th) working day of the notice: the date to print as "公示期至…"."""
    return add_working_days(first_counted_day(published_at, cutoff), n, holidays, workdays)


def notice_end(
    published_at: datetime, n: int, holidays: Set[date], workdays: Set[date],
    *, cutoff: time = WORKING_DAY_CUTOFF,
) -> datetime:
    """When a notice of n working days closes: 00:00 Asia/Shanghai on the day after its
    last working day, as an aware datetime (exclusive end: open while now < end)."""
    return _end_of(notice_last_day(published_at, n, holidays, workdays, cutoff=cutoff))


# --- Adapters: read CalendarDay rows -----------------------------------------------------


def load_calendar(start: date, end: date) -> WorkingCalendar:
    """Holidays and adjusted working days listed between start and end inclusive, in one
    query."""
    holidays, workdays = set(), set()
    rows = CalendarDay.objects.filter(date__range=(start, end)).values_list("date", "kind")
    for day, kind in rows:
        (workdays if kind == CalendarDay.Kind.WORKDAY else holidays).add(day)
    return WorkingCalendar(frozenset(holidays), frozenset(workdays))


def compute_notice_end(
    published_at: datetime, n: int, *, cutoff: time = WORKING_DAY_CUTOFF,
) -> datetime:
    """`notice_end` with the calendar read from the database.

    Loads a window that comfortably holds n working days (two calendar days per working
    day, plus a month for the Spring Festival), and widens it in the rare case the answer
    falls outside it, so no listed day is ever missed. Usually one query."""
    _check_length(n)
    start = first_counted_day(published_at, cutoff)
    span = timedelta(days=2 * n + 30)
    while True:
        window_end = start + span
        calendar = load_calendar(start, window_end)
        last = add_working_days(start, n, calendar.holidays, calendar.workdays)
        if last <= window_end:
            return _end_of(last)
        span *= 2


def years_without_calendar(start: date, end: date) -> list[int]:
    """Years touched by start..end that have no CalendarDay row anywhere in the year, in
    one query.

    The maths cannot tell "no holidays" from "nobody entered them"; publishing should warn
    an organizer when a notice would run through such a year."""
    years = range(start.year, end.year + 1)
    listed = set(
        CalendarDay.objects.filter(date__year__in=years)
        .values_list("date__year", flat=True).distinct()
    )
    return [year for year in years if year not in listed]


def _end_of(day: date) -> datetime:
    """00:00 local time on the day after `day`."""
    return datetime.combine(day + ONE_DAY, time.min, tzinfo=NOTICE_TZ)


def _local(moment: datetime) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("published_at must be timezone-aware")
    return moment.astimezone(NOTICE_TZ)


def _check_length(n: int) -> None:
    # bool is an int in Python; True working days is a bug, not a length.
    if not isinstance(n, int) or isinstance(n, bool):
        raise TypeError(f"a notice length is a whole number of working days, not {n!r}")
    if n < 1:
        raise ValueError(f"a notice lasts at least one working day, not {n}")
