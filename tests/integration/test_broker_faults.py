"""Faults with real processes: a Redis broker whose port is closed, then opened; a worker
SIGKILLed in the middle of a task. Writes answer their normal success, and every effect
they imply happens exactly once when the broker (or a worker) is back."""

import os
import signal
import threading
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.utils import timezone
from rest_framework.test import APIClient

from audit.models import AuditEvent
from contests.models import Contest, Entry, Stage
from contests.transitions import transition_contest
from core import outbox
from core.models import OutboxJob
from judging.models import ResultSet
from nominations.models import Nomination
from notifications.models import Notification
from publicity.models import Certificate
from tests.factories.accounts import OrganizerFactory, WorkerFactory
from tests.factories.contests import EntryFactory, contest_with_structure
from tests.factories.nominations import RoundFactory, add_source
from tests.factories.publicity import end_notice_period, published_contest
from tests.judging.conftest import build_scenario

from .conftest import wait_for
from .faults import new_queue, private_redis, this_process_sends_to, workers  # noqa: F401

pytestmark = [pytest.mark.integration]


@pytest.fixture(autouse=True)
def _quick(settings, monkeypatch):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # The worker writes certificate PDFs where this test reads them.
    monkeypatch.setenv("MEDIA_ROOT", str(settings.MEDIA_ROOT))


def _organizer_client(organizer) -> APIClient:
    client = APIClient()
    client.force_authenticate(organizer)
    return client


def _computations_audited(stage) -> int:
    return AuditEvent.objects.filter(action="results.computed", object_type="contests.stage",
                                     object_id=str(stage.pk)).count()


def _all_jobs_done() -> bool:
    return not OutboxJob.objects.exclude(status=OutboxJob.Status.DONE).exists()


def test_writes_succeed_with_the_broker_down_and_every_effect_happens_once_it_is_back(
    transactional_db, private_redis, workers,  # noqa: F811
):
    organizer = OrganizerFactory()
    api = _organizer_client(organizer)
    # 1. An entry to qualify: its worker gets an in-app message, an e-mail and an SMS.
    entrant = WorkerFactory(email="rider@example.cn", phone="13900000001")
    entry = EntryFactory(contest=contest_with_structure(
        registration_open=True, created_by=organizer), worker=entrant,
        status=Entry.Status.SUBMITTED)
    # 2. Judging to close: the results must be computed.
    judging = build_scenario(entries=3, judges=3, panel_size=3, tiers=(1, 1))
    judging.submit_all(lambda a, c: str(a.entry_id % 10))
    # 3. Registration to open: every express worker is told.
    announced = contest_with_structure(
        industries=["express"], created_by=organizer,
        registration_opens=timezone.now(), registration_closes=timezone.now()
        + timedelta(days=7), judging_closes=timezone.now() + timedelta(days=21))
    express = WorkerFactory.create_batch(4, profile__industry="express")
    # 4. A notice that has ended: finalizing issues the certificates, and proposes the
    #    winners in the nomination round that takes this contest as a source.
    built, _notice = published_contest(winners=2, losers=0)
    end_notice_period(built.contest)
    round_ = RoundFactory(quotas={"peoples_congress": 3})
    add_source(round_, built.contest)
    queue = new_queue()

    with this_process_sends_to(private_redis.url, queue):  # nothing listens there yet
        answers = [
            api.post(f"/api/entries/{entry.pk}/review/",
                     {"decision": "qualify", "reason": ""}, format="json"),
            _organizer_client(judging.organizer).post(
                f"/api/contests/{judging.contest.pk}/transition/",
                {"action": "close_judging"}, format="json"),
            api.post(f"/api/contests/{announced.pk}/transition/",
                     {"action": "open_registration"}, format="json"),
            _organizer_client(built.organizer).post(
                f"/api/contests/{built.contest.pk}/transition/",
                {"action": "finalize"}, format="json"),
        ]
        assert [answer.status_code for answer in answers] == [200, 200, 200, 200]
        assert [answer.json().get("state") for answer in answers[1:]] == [
            "results_ready", "registration_open", "final"]
        waiting = set(OutboxJob.objects.filter(status=OutboxJob.Status.PENDING)
                      .values_list("task_name", flat=True))
        assert waiting == {"notifications.deliver", "judging.compute_results",
                           "contests.announce_transition", "publicity.issue_certificates",
                           "nominations.propose_from_contest"}
        assert not ResultSet.objects.filter(stage=judging.stage, stale=False).exists()
        assert not Notification.objects.filter(kind="contest_open_registration").exists()

        private_redis.start()  # the broker is back
        workers.start(private_redis.url, queue)
        assert outbox.relay()["sent"] == 5  # what beat runs every minute
        wait_for(_all_jobs_done, timeout=120)

        # Every effect happened...
        result_set = ResultSet.objects.get(stage=judging.stage)
        assert not result_set.stale and result_set.rows.count() == 3
        note = Notification.objects.get(user=entrant, kind="entry_qualified")
        assert note.email_sent_at is not None and note.sms_sent_at is not None
        told = Notification.objects.filter(kind="contest_open_registration")
        assert sorted(told.values_list("user_id", flat=True)) == sorted(w.pk for w in express)
        certificates = Certificate.objects.filter(contest=built.contest)
        assert certificates.count() == 2
        assert all(c.pdf and c.notified_at for c in certificates)
        assert Notification.objects.filter(kind="certificate_issued").count() == 2
        winners = sorted(entry.worker_id for entry in built.winners)
        nominations = Nomination.objects.filter(round=round_)
        assert sorted(nominations.values_list("worker_id", flat=True)) == winners

        # ... once: nothing is due again, and nothing was done twice.
        assert outbox.relay()["due"] == 0
        assert result_set.computations == 1
        assert _computations_audited(judging.stage) == 1
        assert Notification.objects.filter(user=entrant).count() == 1
        assert told.count() == 4
        assert nominations.count() == 2


@pytest.fixture
def needs_postgres():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks to hold a task in the middle of its work")


def _hold_stage_lock(stage_id: int, locked: threading.Event, release: threading.Event):
    """In its own connection: lock the stage row until told to let go."""
    from django.db import connections

    try:
        with transaction.atomic():
            Stage.objects.select_for_update().get(pk=stage_id)
            locked.set()
            release.wait(timeout=120)
    finally:
        connections.close_all()


def _someone_waits_for_a_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                       "AND datname = current_database()")
        return cursor.fetchone()[0] > 0


def test_a_worker_killed_in_the_middle_of_computing_results_loses_nothing(
    transactional_db, needs_postgres, private_redis, workers,  # noqa: F811
):
    s = build_scenario(entries=3, judges=3, panel_size=3, tiers=(1, 1))
    s.submit_all(lambda a, c: str(a.entry_id % 10))
    queue = new_queue()
    private_redis.start()
    # Redis gives an unacknowledged message back after its visibility timeout: 300 s in
    # production (README), 5 s here.
    first = workers.start(private_redis.url, queue, CELERY_VISIBILITY_TIMEOUT=5)
    locked, release = threading.Event(), threading.Event()
    holder = threading.Thread(target=_hold_stage_lock, args=(s.stage.pk, locked, release))
    holder.start()
    try:
        assert locked.wait(timeout=30)
        with this_process_sends_to(private_redis.url, queue, visibility_timeout=5):
            transition_contest(contest=s.contest, action="close_judging", actor=s.organizer)
            # The worker took the task and is inside it, waiting for the stage row.
            wait_for(_someone_waits_for_a_lock, timeout=60)
            os.kill(first.pid, signal.SIGKILL)
            first.process.wait(timeout=20)
            assert private_redis.client().hlen("unacked") == 1  # taken, never acknowledged
            release.set()
            holder.join(timeout=30)

            workers.start(private_redis.url, queue, CELERY_VISIBILITY_TIMEOUT=5)
            result_set = wait_for(
                lambda: ResultSet.objects.filter(stage=s.stage, stale=False).first(),
                timeout=120)
            wait_for(_all_jobs_done, timeout=30)
    finally:
        release.set()
        holder.join(timeout=30)

    assert result_set.rows.count() == 3 and result_set.computations == 1
    assert Contest.objects.get(pk=s.contest.pk).state == Contest.State.RESULTS_READY
    assert _computations_audited(s.stage) == 1


def test_the_beat_sweep_resumes_certificate_issuing_with_the_broker_down_once_it_is_back(
    transactional_db, private_redis, workers,  # noqa: F811
):
    """Beat re-queues certificate issuing left unfinished. With the broker down the sweep
    still ends normally (a plain `.delay` raised there), and the issuing happens once
    when the broker is back, however many sweeps ran meanwhile."""
    from publicity.services.finalization import RESUME_AFTER, finalize_due_notices

    built, _notice = published_contest(winners=2, losers=0)
    end_notice_period(built.contest)
    queue = new_queue()

    with this_process_sends_to(private_redis.url, queue):  # nothing listens there yet
        transition_contest(contest=built.contest, action="finalize", actor=built.organizer)
        # The issuing queued by finalizing was given up: only beat's sweep brings it back.
        OutboxJob.objects.update(status=OutboxJob.Status.FAILED)
        Certificate.objects.update(issued_at=timezone.now() - RESUME_AFTER * 2)

        sweeps = [finalize_due_notices() for _run in range(3)]  # beat, every few minutes

        assert [sweep["resumed"] for sweep in sweeps] == [[built.contest.pk]] * 3
        waiting = OutboxJob.objects.filter(status=OutboxJob.Status.PENDING)
        assert list(waiting.values_list("task_name", "args")) == [
            ("publicity.issue_certificates", [built.contest.pk])]
        assert not Certificate.objects.filter(contest=built.contest).exclude(pdf="").exists()

        private_redis.start()  # the broker is back
        workers.start(private_redis.url, queue)
        assert outbox.relay()["sent"] == 1
        wait_for(lambda: not waiting.exists()
                 and not OutboxJob.objects.filter(status=OutboxJob.Status.SENT).exists(),
                 timeout=120)

    certificates = Certificate.objects.filter(contest=built.contest)
    assert certificates.count() == 2
    assert all(c.pdf and c.notified_at for c in certificates)
    assert Notification.objects.filter(kind="certificate_issued").count() == 2
    assert outbox.relay()["due"] == 0
