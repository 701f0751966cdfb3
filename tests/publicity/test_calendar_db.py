import io
from datetime import date, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError

from publicity import demo
from publicity.calendar import (
    NOTICE_TZ,
    compute_notice_end,
    load_calendar,
    notice_end,
    years_without_calendar,
)
from publicity.models import CalendarDay

pytestmark = pytest.mark.unit


@pytest.fixture
def seeded(db):
    demo.seed(stdout=io.StringIO())


def test_load_calendar_reads_the_window_in_one_query(seeded, django_assert_num_queries):
    with django_assert_num_queries(1):
        calendar = load_calendar(date(2026, 9, 1), date(2026, 10, 31))
    assert date(2026, 10, 1) in calendar.holidays
    assert calendar.workdays == {date(2026, 9, 20), date(2026, 10, 10)}
    assert all(date(2026, 9, 1) <= d <= date(2026, 10, 31) for d in calendar.holidays)


def test_compute_notice_end_uses_the_database(seeded, django_assert_num_queries, cal2026):
    published = datetime(2026, 9, 29, 10, tzinfo=NOTICE_TZ)
    with django_assert_num_queries(1):
        end = compute_notice_end(published, 5)
    assert end == notice_end(published, 5, *cal2026) == datetime(2026, 10, 11, tzinfo=NOTICE_TZ)


def test_compute_notice_end_widens_its_window_when_needed(db):
    # Sixty weekday holidays in a row push the answer far beyond the first window.
    start = date(2026, 3, 2)
    CalendarDay.objects.bulk_create(
        CalendarDay(date=start + timedelta(days=i), kind="holiday", name="test")
        for i in range(84)
    )
    published = datetime(2026, 3, 2, 10, tzinfo=NOTICE_TZ)
    assert compute_notice_end(published, 1) == datetime(2026, 5, 26, tzinfo=NOTICE_TZ)


def test_seed_is_idempotent_and_keeps_an_organizers_edits(seeded):
    count = CalendarDay.objects.count()
    CalendarDay.objects.filter(date=date(2026, 10, 1)).update(name="国庆节（已核对）")
    out = io.StringIO()
    demo.seed(stdout=out)
    assert CalendarDay.objects.count() == count
    assert CalendarDay.objects.get(date=date(2026, 10, 1)).name == "国庆节（已核对）"
    assert "0" in out.getvalue()


def test_years_without_calendar(seeded):
    assert years_without_calendar(date(2026, 12, 1), date(2028, 1, 10)) == [2028]


def test_an_adjusted_working_day_must_fall_on_a_weekend(db):
    with pytest.raises(ValidationError) as excinfo:
        CalendarDay(date=date(2026, 10, 8), kind="workday", name="国庆节").full_clean()
    assert "date" in excinfo.value.message_dict
    CalendarDay(date=date(2026, 10, 10), kind="workday", name="国庆节").full_clean()
    CalendarDay(date=date(2026, 10, 3), kind="holiday", name="国庆节").full_clean()


def test_dates_are_unique(db):
    CalendarDay.objects.create(date=date(2026, 10, 1), kind="holiday", name="国庆节")
    with pytest.raises(ValidationError):
        CalendarDay(date=date(2026, 10, 1), kind="holiday", name="again").full_clean()


def test_admin_lists_calendar_days(seeded, admin_client):
    response = admin_client.get("/admin/publicity/calendarday/")
    assert response.status_code == 200
    assert "国庆节" in response.content.decode()
