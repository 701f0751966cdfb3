"""Celery beat moves contests on their deadlines, idempotently."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from audit.models import AuditEvent
from contests import tasks
from contests.models import Contest
from tests.factories.contests import contest_with_structure

pytestmark = [pytest.mark.unit, pytest.mark.django_db]

S = Contest.State


def _past(hours=1):
    return timezone.now() - timedelta(hours=hours)


def test_registration_closes_on_its_deadline_once():
    due = contest_with_structure(registration_open=True, registration_closes=_past())
    not_yet = contest_with_structure(registration_open=True)

    first = tasks.apply_deadlines.delay().get()
    assert first == [[due.pk, "close_registration"]]
    due.refresh_from_db()
    not_yet.refresh_from_db()
    assert due.state == S.REGISTRATION_CLOSED
    assert not_yet.state == S.REGISTRATION_OPEN
    events = AuditEvent.objects.filter(action="contest.close_registration")
    assert events.count() == 1
    assert events.get().actor_id is None

    second = tasks.apply_deadlines.delay().get()
    assert second == []
    due.refresh_from_db()
    assert due.state == S.REGISTRATION_CLOSED
    assert AuditEvent.objects.filter(action="contest.close_registration").count() == 1
    assert AuditEvent.objects.count() == 1


def test_judging_closes_on_its_deadline():
    contest = contest_with_structure(
        registration_open=True, state=S.JUDGING, registration_opens=_past(72),
        registration_closes=_past(48), judging_closes=_past(),
    )
    assert tasks.apply_deadlines.delay().get() == [[contest.pk, "close_judging"]]
    contest.refresh_from_db()
    assert contest.state == S.RESULTS_READY
    assert tasks.apply_deadlines.delay().get() == []


def test_other_states_are_left_alone():
    for state in (S.DRAFT, S.REGISTRATION_CLOSED, S.RESULTS_READY, S.CANCELLED):
        contest_with_structure(state=state, judging_closes=_past())
    assert tasks.apply_deadlines.delay().get() == []
    assert not AuditEvent.objects.exists()


def test_a_vetoed_deadline_move_is_retried_later(monkeypatch):
    from dataclasses import replace

    from contests import transitions
    from core.errors import NotAllowed

    def not_yet(contest):
        raise NotAllowed("scorecards missing", state=contest.state)

    table = dict(transitions.move_steps())
    table["close_judging"] = replace(table["close_judging"], checks=(not_yet,))
    monkeypatch.setattr(transitions, "move_steps", lambda: table)
    contest = contest_with_structure(
        registration_open=True, state=S.JUDGING, registration_opens=_past(72),
        registration_closes=_past(48), judging_closes=_past(),
    )
    assert tasks.apply_deadlines.delay().get() == []
    contest.refresh_from_db()
    assert contest.state == S.JUDGING


def test_the_beat_entry_is_registered():
    entry = settings.CELERY_BEAT_SCHEDULE["contests-apply-deadlines"]
    assert entry["task"] == "contests.apply_deadlines"
