"""Demo data for publicity: the official holiday calendar for 2026 and 2027.

Run by `manage.py seed_demo`. Idempotent: a date already in the calendar is left as it is,
so an organizer's corrections survive a re-run.
"""

from datetime import date, timedelta

from django.utils.translation import gettext as _

from .models import CalendarDay

HOLIDAY = CalendarDay.Kind.HOLIDAY
WORKDAY = CalendarDay.Kind.WORKDAY


def _span(name, first, last):
    """Every day from first to last inclusive, as holidays named `name`."""
    days = (last - first).days + 1
    return [(first + timedelta(days=i), HOLIDAY, name) for i in range(days)]


def _workdays(name, *days):
    return [(day, WORKDAY, name) for day in days]


# 国务院办公厅关于2026年部分节假日安排的通知 (published November 2025). Checked against
# the notice as we know it; an organizer should compare with the original before relying
# on it.
CALENDAR_2026 = [
    *_span("元旦", date(2026, 1, 1), date(2026, 1, 3)),
    *_workdays("元旦", date(2026, 1, 4)),
    *_span("春节", date(2026, 2, 15), date(2026, 2, 23)),
    *_workdays("春节", date(2026, 2, 14), date(2026, 2, 28)),
    *_span("清明节", date(2026, 4, 4), date(2026, 4, 6)),
    *_span("劳动节", date(2026, 5, 1), date(2026, 5, 5)),
    *_workdays("劳动节", date(2026, 5, 9)),
    *_span("端午节", date(2026, 6, 19), date(2026, 6, 21)),
    *_span("中秋节", date(2026, 9, 25), date(2026, 9, 27)),
    *_span("国庆节", date(2026, 10, 1), date(2026, 10, 7)),
    *_workdays("国庆节", date(2026, 9, 20), date(2026, 10, 10)),
]

# PROVISIONAL. The State Council's notice for 2027 (the 调休 arrangement: bridge days and
# weekend working days) was not available to us. These are only the statutory days of
# 《全国年节及纪念日放假办法》 (2024 revision: 除夕 is a holiday, 劳动节 two days, 国庆
# three), on the 2027 lunar dates (除夕 Feb 5, 端午 Jun 9, 中秋 Sep 15; 清明 Apr 5).
# The extra days off and the weekend working days must be entered from the 2027 notice:
# until then a notice over 春节, 劳动节 or 国庆 2027 is computed too short.
CALENDAR_2027_PROVISIONAL = [
    *_span("元旦", date(2027, 1, 1), date(2027, 1, 1)),
    *_span("春节", date(2027, 2, 5), date(2027, 2, 8)),
    *_span("清明节", date(2027, 4, 5), date(2027, 4, 5)),
    *_span("劳动节", date(2027, 5, 1), date(2027, 5, 2)),
    *_span("端午节", date(2027, 6, 9), date(2027, 6, 9)),
    *_span("中秋节", date(2027, 9, 15), date(2027, 9, 15)),
    *_span("国庆节", date(2027, 10, 1), date(2027, 10, 3)),
]


def seed(stdout):
    added = 0
    for day, kind, name in CALENDAR_2026 + CALENDAR_2027_PROVISIONAL:
        created = CalendarDay.objects.get_or_create(
            date=day, defaults={"kind": kind, "name": name}
        )[1]
        added += created
    stdout.write(
        _("Holiday calendar: %(added)d days added. 2027 is provisional: enter the State "
          "Council's 2027 arrangement when it is published.") % {"added": added}
    )
