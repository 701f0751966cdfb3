"""Finalization: refused (409) before the notice ends or while an objection is pending;
then the contest becomes final, the notice closes, certificates are issued and winners told,
once — even when issuing dies half-way and runs again."""

from datetime import timedelta

import pytest
from django.core.files.storage import default_storage
from django.test import TestCase
from django.utils import timezone

from audit.models import AuditEvent
from contests.models import Contest
from contests.signals import contest_transitioned
from contests.transitions import transition_contest
from core.models import OutboxJob
from judging.models import ResultSet
from notifications.models import Notification
from publicity import services
from publicity.models import Certificate, Notice
from publicity.services import certificates as certificate_services
from publicity.services.finalization import RESUME_AFTER, due_contests
from publicity.tasks import finalize_due_notices, issue_certificates
from tests.factories.publicity import (
    ObjectionFactory,
    end_notice_period,
    final_contest,
    published_contest,
)

pytestmark = [pytest.mark.django_db]

run_on_commit = TestCase.captureOnCommitCallbacks


def client_for(user):
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(user)
    return client


def finalize_via_api(built):
    return client_for(built.organizer).post(
        f"/api/contests/{built.contest.pk}/transition/", {"action": "finalize"}, format="json")


def assert_issued_once(contest, winners):
    certificates = list(Certificate.objects.filter(contest=contest))
    assert len(certificates) == len(winners)
    assert {c.entry_id for c in certificates} == {e.pk for e in winners}
    assert len({c.number for c in certificates}) == len(certificates)
    for certificate in certificates:
        assert certificate.pdf and default_storage.exists(certificate.pdf.name)
        assert certificate.notified_at is not None
        told = Notification.objects.filter(user=certificate.holder, kind="certificate_issued")
        assert told.count() == 1
    assert Notification.objects.filter(kind="certificate_issued").count() == len(winners)
    return certificates


# --- The guard ---------------------------------------------------------------------------


@pytest.mark.api
def test_finalizing_before_the_notice_ends_is_409():
    built, notice = published_contest()

    response = finalize_via_api(built)

    assert response.status_code == 409
    assert response.json()["state"] == "in_notice"
    built.contest.refresh_from_db()
    assert built.contest.state == Contest.State.IN_NOTICE
    assert not Certificate.objects.exists()
    notice.refresh_from_db()
    assert notice.status == Notice.Status.OPEN


@pytest.mark.api
def test_finalizing_with_a_pending_objection_is_409():
    built, notice = published_contest()
    ObjectionFactory(notice=notice)
    end_notice_period(built.contest)

    response = finalize_via_api(built)

    assert response.status_code == 409
    assert response.json()["state"] == "in_notice"


@pytest.mark.api
def test_finalizing_with_an_upheld_objection_is_409_until_the_notice_is_restarted():
    built, notice = published_contest()
    ObjectionFactory(notice=notice, upheld=True)
    end_notice_period(built.contest)

    assert finalize_via_api(built).status_code == 409
    assert due_contests() == []  # beat leaves it for the organizer

    from publicity.services.notices import restart_notice

    restart_notice(contest=built.contest, actor=built.organizer)
    end_notice_period(built.contest)  # the new round ran its course without objections
    with run_on_commit(execute=True):
        assert finalize_via_api(built).status_code == 200
    assert_issued_once(built.contest, built.winners)


@pytest.mark.api
def test_finalizing_results_that_changed_since_publication_is_409():
    built, _notice = published_contest()
    end_notice_period(built.contest)
    ResultSet.objects.filter(stage=built.stage).update(checksum="0" * 64)

    assert finalize_via_api(built).status_code == 409


@pytest.mark.api
def test_an_organizer_finalizes_once_the_notice_has_ended_with_nothing_pending():
    built, notice = published_contest(winners=3, losers=2)
    ObjectionFactory(notice=notice, dismissed=True)
    end_notice_period(built.contest)

    with run_on_commit(execute=True):
        response = finalize_via_api(built)

    assert response.status_code == 200, response.json()
    assert response.json()["state"] == "final"
    notice.refresh_from_db()
    assert notice.status == Notice.Status.CLOSED and notice.ended_at
    certificates = assert_issued_once(built.contest, built.winners)
    by_entry = {c.entry_id: c for c in certificates}
    first = by_entry[built.winners[0].pk]
    assert (first.award_name, first.rank, first.holder) == ("一等奖", 1,
                                                            built.winners[0].worker)
    assert first.issuer_name == "县总工会"  # the contest names no issuing union
    assert not Notification.objects.filter(user=built.losers[0].worker,
                                           kind="certificate_issued").exists()
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"contest.finalize", "notice.closed", "certificates.created",
            "certificates.issued"} <= actions


@pytest.mark.unit
def test_the_issuing_union_is_printed_when_the_contest_names_one():
    from tests.factories.accounts import TradeUnionFactory

    built = final_contest(winners=1, issuer=TradeUnionFactory(name="泰州市海陵区总工会"))

    assert Certificate.objects.get(contest=built.contest).issuer_name == "泰州市海陵区总工会"


@pytest.mark.unit
def test_the_contest_finalized_event_is_sent_after_commit():
    events = []

    def listen(sender, **kwargs):
        events.append(kwargs)
        # By then the certificates exist, with their numbers.
        events[-1]["certificates"] = Certificate.objects.filter(
            contest_id=kwargs["contest_id"]).count()

    contest_transitioned.connect(listen, dispatch_uid="test-finalized-event")
    try:
        built = final_contest(winners=2)
    finally:
        contest_transitioned.disconnect(dispatch_uid="test-finalized-event")

    finalized = [e for e in events if e["to_state"] == "final"]
    assert finalized == [{
        "signal": contest_transitioned, "contest_id": built.contest.pk, "action": "finalize",
        "from_state": "in_notice", "to_state": "final", "actor_id": None, "certificates": 2,
    }]


# --- Celery beat ---------------------------------------------------------------------------


@pytest.mark.unit
def test_beat_finalizes_the_due_contests_only():
    due, _ = published_contest(winners=2)
    end_notice_period(due.contest)
    running, _ = published_contest(winners=1)
    blocked, blocked_notice = published_contest(winners=1)
    ObjectionFactory(notice=blocked_notice)
    end_notice_period(blocked.contest)
    upheld, upheld_notice = published_contest(winners=1)
    ObjectionFactory(notice=upheld_notice, upheld=True)
    end_notice_period(upheld.contest)

    assert due_contests() == [due.contest.pk]
    with run_on_commit(execute=True):
        outcome = finalize_due_notices.delay().get()

    assert outcome["finalized"] == [due.contest.pk]
    states = dict(Contest.objects.values_list("pk", "state"))
    assert states[due.contest.pk] == Contest.State.FINAL
    assert states[running.contest.pk] == Contest.State.IN_NOTICE
    assert states[blocked.contest.pk] == Contest.State.IN_NOTICE
    assert states[upheld.contest.pk] == Contest.State.IN_NOTICE
    assert_issued_once(due.contest, due.winners)
    assert AuditEvent.objects.get(action="contest.finalize").actor_id is None

    # Nothing left to do: a second beat run changes nothing.
    with run_on_commit(execute=True):
        assert finalize_due_notices.delay().get() == {
            "finalized": [], "refused": [], "resumed": [],
            # The same job ends nomination rounds' notices too (none here).
            "nomination_round_finalized": [], "nomination_round_refused": []}
    assert_issued_once(due.contest, due.winners)


@pytest.mark.unit
def test_beat_resumes_issuing_that_a_dead_worker_left_unfinished():
    built, _ = published_contest(winners=3)
    end_notice_period(built.contest)
    # Finalized, but the issuing queued on commit never finished, and its outbox job was
    # given up (while a job waits or runs, the outbox itself sends it again).
    transition_contest(contest=built.contest, action="finalize", actor=None)
    assert Certificate.objects.filter(contest=built.contest, pdf="").count() == 3
    OutboxJob.objects.update(status=OutboxJob.Status.FAILED)

    with run_on_commit(execute=True):
        finalize_due_notices.delay()  # too early: they may be being issued right now
    assert Certificate.objects.filter(contest=built.contest, pdf="").count() == 3

    Certificate.objects.update(issued_at=timezone.now() - RESUME_AFTER - timedelta(minutes=1))
    with run_on_commit(execute=True):
        outcome = finalize_due_notices.delay().get()

    assert outcome["resumed"] == [built.contest.pk]
    assert_issued_once(built.contest, built.winners)
    # Through the outbox: the re-queued issuing is a job of its own, and it is done.
    resumed = OutboxJob.objects.get(task_name="publicity.issue_certificates",
                                    status=OutboxJob.Status.DONE)
    assert resumed.args == [built.contest.pk]


# --- Idempotency and failure half-way ------------------------------------------------------


@pytest.mark.unit
def test_finalizing_and_issuing_twice_changes_nothing():
    built = final_contest(winners=3)
    before = {c.pk: (c.number, c.pdf.name, c.notified_at)
              for c in Certificate.objects.filter(contest=built.contest)}

    with run_on_commit(execute=True):
        again = transition_contest(contest=built.contest, action="finalize", actor=None)
    assert issue_certificates.delay(built.contest.pk).get() == {
        "contest": built.contest.pk, "created": 0, "written": 0, "notified": 0}

    assert again.state == Contest.State.FINAL
    after = {c.pk: (c.number, c.pdf.name, c.notified_at)
             for c in Certificate.objects.filter(contest=built.contest)}
    assert after == before
    assert_issued_once(built.contest, built.winners)
    assert AuditEvent.objects.filter(action="contest.finalize").count() == 1


class RenderFailure(Exception):
    pass


@pytest.mark.unit
def test_issuing_that_fails_half_way_finishes_on_the_next_run(monkeypatch):
    built, _ = published_contest(winners=5)
    end_notice_period(built.contest)
    real_render = certificate_services.render_certificate
    calls = []

    def render_failing_on_the_third(data, **kwargs):
        calls.append(data.number)
        if len(calls) == 3:
            raise RenderFailure("the worker died here")
        return real_render(data, **kwargs)

    monkeypatch.setattr(certificate_services, "render_certificate",
                        render_failing_on_the_third)
    with run_on_commit(execute=True):  # the issuing task fails on the third PDF
        transition_contest(contest=built.contest, action="finalize", actor=None)

    # The move is committed; two certificates were finished before the failure.
    built.contest.refresh_from_db()
    assert built.contest.state == Contest.State.FINAL
    numbers = dict(Certificate.objects.values_list("pk", "number"))
    assert len(numbers) == 5
    assert Certificate.objects.exclude(pdf="").count() == 2
    assert Notification.objects.filter(kind="certificate_issued").count() == 2

    monkeypatch.setattr(certificate_services, "render_certificate", real_render)
    outcome = issue_certificates.delay(built.contest.pk).get()

    assert outcome == {"contest": built.contest.pk, "created": 0, "written": 3, "notified": 3}
    assert dict(Certificate.objects.values_list("pk", "number")) == numbers  # kept
    assert_issued_once(built.contest, built.winners)
    assert len(calls) == 3  # the two finished ones were not rendered again


@pytest.mark.unit
def test_a_certificate_row_lost_before_issuing_is_created_by_the_next_run():
    built = final_contest(winners=3)
    lost = Certificate.objects.filter(contest=built.contest).order_by("rank").last()
    Notification.objects.filter(user=lost.holder).delete()
    lost.delete()

    outcome = services.issue_certificates(built.contest.pk)

    assert outcome["created"] == 1 and outcome["written"] == 1 and outcome["notified"] == 1
    assert_issued_once(built.contest, built.winners)


@pytest.mark.unit
def test_a_notification_already_sent_is_not_sent_again():
    """The worker died after notifying but before marking the certificate: the
    notification's dedupe key stops a second message."""
    built = final_contest(winners=2)
    Certificate.objects.update(notified_at=None)

    outcome = services.issue_certificates(built.contest.pk)

    assert outcome["notified"] == 2  # marked now
    assert_issued_once(built.contest, built.winners)


@pytest.mark.unit
def test_issuing_for_a_contest_that_is_not_final_does_nothing():
    built, _ = published_contest(winners=2)

    assert services.issue_certificates(built.contest.pk)["created"] == 0
    assert services.issue_certificates(424242)["created"] == 0
    assert not Certificate.objects.exists()
