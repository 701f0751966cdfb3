"""Publishing opens the notice: its period in working days, and what the public sees."""

import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from contests.models import Contest
from contests.transitions import transition_contest
from core.errors import NotAllowed
from publicity import demo
from publicity.models import Notice
from tests.factories.accounts import EnterpriseFactory
from tests.factories.publicity import contest_with_results, publish, published_contest

pytestmark = [pytest.mark.unit, pytest.mark.django_db]

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(*args):
    return datetime(*args, tzinfo=SHANGHAI)


@pytest.fixture
def clock(monkeypatch):
    """Set "now" for the services (and auto_now fields) to a fixed moment."""

    def set_to(moment):
        monkeypatch.setattr(timezone, "now", lambda: moment)

    return set_to


@pytest.fixture
def calendar_2026(db):
    demo.seed(io.StringIO())


def test_five_working_days_skip_the_weekend(clock, calendar_2026):
    built = contest_with_results()
    clock(at(2026, 11, 19, 10, 0))  # a Thursday

    notice = publish(built.contest, built.organizer)

    # Thu 19, Fri 20, (weekend), Mon 23, Tue 24, Wed 25: open until Thursday 00:00.
    assert notice.opens_at == at(2026, 11, 19, 10, 0)
    assert notice.closes_at == at(2026, 11, 26, 0, 0)
    assert notice.last_day.isoformat() == "2026-11-25"
    assert notice.working_days == 5


def test_a_listed_holiday_is_skipped_and_an_adjusted_working_day_counts(clock, calendar_2026):
    built = contest_with_results(notice_days=6)
    clock(at(2026, 4, 29, 10, 0))  # Wednesday before 劳动节 (May 1–5 off, Sat May 9 worked)

    notice = publish(built.contest, built.organizer)

    # Wed 29, Thu 30, (May 1–5 holiday), Wed 6, Thu 7, Fri 8, Sat 9 (调休上班).
    assert notice.closes_at == at(2026, 5, 10, 0, 0)
    assert notice.calendar_missing_years == []


def test_published_after_five_pm_the_day_does_not_count(clock, calendar_2026):
    built = contest_with_results(notice_days=1)
    clock(at(2026, 11, 20, 17, 30))  # Friday evening

    notice = publish(built.contest, built.organizer)

    assert notice.closes_at == at(2026, 11, 24, 0, 0)  # Monday is the only day


def test_a_year_without_a_calendar_is_flagged(clock):
    built = contest_with_results()
    clock(at(2026, 11, 19, 10, 0))

    notice = publish(built.contest, built.organizer)

    assert notice.calendar_missing_years == [2026]


def test_lines_are_masked_and_respect_consent():
    enterprise = EnterpriseFactory(name="海陵同城配送有限公司")
    built = contest_with_results(winners=3, losers=1, consent=[True, False, True, True])
    first = built.winners[0].worker
    first.real_name, first.enterprise = "王建国", enterprise
    first.save()

    notice = publish(built.contest, built.organizer)

    assert [line["rank"] for line in notice.lines] == [1, 2, 3]
    assert notice.lines[0] == {
        "rank": 1, "track": "综合", "award": "一等奖", "name": "王**",
        "enterprise": "海陵同城配送有限公司", "withheld": False,
    }
    withheld = notice.lines[1]
    assert withheld == {"rank": 2, "track": "综合", "award": "二等奖", "name": "",
                        "enterprise": "", "withheld": True}
    text = str(notice.lines)
    for entry in built.entries:
        assert entry.worker.phone not in text
        assert entry.worker.worker_profile.id_number_masked not in text
    assert len(notice.lines) == 3  # the entry without an award is not on the notice


def test_publish_records_the_results_checksum_and_an_audit_event():
    from audit.models import AuditEvent

    built, notice = published_contest()

    assert notice.results_checksum == built.stage.result_set.checksum
    assert notice.round == 1 and notice.status == Notice.Status.OPEN
    assert notice.published_by == built.organizer
    assert AuditEvent.objects.filter(action="notice.opened", object_id=str(notice.pk)).exists()


def test_publish_is_refused_without_a_notice_length():
    built = contest_with_results()
    Contest.objects.filter(pk=built.contest.pk).update(notice_days=0)
    built.contest.refresh_from_db()

    with pytest.raises(NotAllowed):
        publish(built.contest, built.organizer)

    built.contest.refresh_from_db()
    assert built.contest.state == Contest.State.RESULTS_READY
    assert not Notice.objects.exists()


def test_cancelling_withdraws_the_live_notice():
    built, notice = published_contest()

    transition_contest(contest=built.contest, action="cancel", actor=built.organizer)

    notice.refresh_from_db()
    assert notice.status == Notice.Status.WITHDRAWN
    assert notice.ended_at is not None
    assert not notice.accepts_objections()
