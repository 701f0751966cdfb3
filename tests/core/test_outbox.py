"""The transactional outbox: a job is recorded with the write that implies it, sent on
commit, kept when the broker is unreachable, sent again by the relay, and done only when
its task has run (core.outbox)."""

import socket
from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from config.celery import app as celery_app
from core import outbox
from core.models import OutboxJob
from core.tasks import ping
from notifications.models import Notification
from tests.factories.accounts import WorkerFactory

pytestmark = [pytest.mark.unit, pytest.mark.django_db]


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # closed again when the socket is


@pytest.fixture
def broker_down(settings, monkeypatch):
    """Tasks really go to a broker, on a port where nothing listens."""
    saved = (celery_app.conf.broker_url, celery_app.conf.broker_transport_options,
             celery_app._pool, celery_app.amqp._producer_pool)
    closed = f"redis://127.0.0.1:{_closed_port()}/0"
    monkeypatch.setenv("CELERY_BROKER_URL", closed)  # Celery reads it before its setting
    celery_app.conf.broker_url = closed
    celery_app.conf.broker_transport_options = {"socket_connect_timeout": 1}
    celery_app.conf.task_always_eager = False
    celery_app._pool = celery_app.amqp._producer_pool = None  # new connections, new URL
    yield
    if celery_app._pool is not None:
        celery_app._pool.force_close_all()
    (celery_app.conf.broker_url, celery_app.conf.broker_transport_options,
     celery_app._pool, celery_app.amqp._producer_pool) = saved


def test_a_job_is_recorded_with_the_write_and_done_when_its_task_ran(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        ping.delay_on_commit("t1")
        job = OutboxJob.objects.get()
        assert job.status == OutboxJob.Status.PENDING and job.args == ["t1"]

    job.refresh_from_db()
    assert job.status == OutboxJob.Status.DONE and job.done_at is not None


def test_a_rolled_back_write_queues_nothing(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                ping.delay_on_commit("never")
                raise RuntimeError("the write failed")
        except RuntimeError:
            pass
    assert callbacks == [] and not OutboxJob.objects.exists()


def test_with_the_broker_down_the_write_commits_and_the_job_waits(
    broker_down, django_capture_on_commit_callbacks,
):
    worker = WorkerFactory()
    with django_capture_on_commit_callbacks(execute=True):
        from notifications.services import notify

        notify(worker, "k", "title", sms=True)

    assert Notification.objects.filter(user=worker).exists()  # the write itself
    job = OutboxJob.objects.get(task_name="notifications.deliver")
    assert job.status == OutboxJob.Status.PENDING and job.attempts == 1
    assert job.last_error.startswith("broker:")
    assert job.next_attempt_at <= timezone.now()  # due for the relay at once


def test_the_relay_stops_at_the_first_broker_error(broker_down):
    for token in ("a", "b", "c"):
        outbox.enqueue("core.ping", [token])  # autocommit: the on-commit send fails
    OutboxJob.objects.update(next_attempt_at=timezone.now())

    outcome = outbox.relay()

    assert outcome["due"] == 3 and outcome["sent"] == 0
    assert OutboxJob.objects.filter(status=OutboxJob.Status.PENDING).count() == 3


def test_the_relay_sends_what_waits_and_what_was_lost_after_its_lease(settings):
    settings.OUTBOX_LEASE = 600
    now = timezone.now()
    waiting = OutboxJob.objects.create(task_name="core.ping", args=["w"], task_id="w",
                                       next_attempt_at=now)
    lost = OutboxJob.objects.create(task_name="core.ping", args=["l"], task_id="l",
                                    status=OutboxJob.Status.SENT, attempts=1,
                                    next_attempt_at=now - timedelta(seconds=1))
    in_flight = OutboxJob.objects.create(task_name="core.ping", args=["f"], task_id="f",
                                         status=OutboxJob.Status.SENT, attempts=1,
                                         next_attempt_at=now + timedelta(seconds=300))

    outcome = outbox.relay()

    assert outcome == {"due": 2, "sent": 2, "forgotten": 0}
    statuses = dict(OutboxJob.objects.values_list("task_id", "status"))
    assert statuses == {"w": "done", "l": "done", "f": "sent"}
    waiting.refresh_from_db(), lost.refresh_from_db(), in_flight.refresh_from_db()
    assert (waiting.attempts, lost.attempts, in_flight.attempts) == (1, 2, 1)


def test_a_job_whose_task_raised_is_retried_later_then_given_up(settings):
    settings.OUTBOX_MAX_FAILURES = 2
    job = OutboxJob.objects.create(task_name="core.ping", task_id="boom",
                                   next_attempt_at=timezone.now())

    def finish_with_failure():
        outbox.task_finished(task_id="boom", state="FAILURE", retval=OSError("disk full"))
        job.refresh_from_db()

    finish_with_failure()
    assert job.status == OutboxJob.Status.PENDING and job.failures == 1
    assert job.next_attempt_at > timezone.now() + timedelta(seconds=50)
    assert "disk full" in job.last_error
    finish_with_failure()
    assert job.status == OutboxJob.Status.FAILED and job.failures == 2
    assert outbox.relay()["due"] == 0


def test_finished_jobs_are_forgotten_after_the_retention(settings):
    settings.OUTBOX_RETENTION_DAYS = 7
    now = timezone.now()
    for days, task_id in ((8, "old"), (6, "recent")):
        OutboxJob.objects.create(task_name="core.ping", task_id=task_id, next_attempt_at=now,
                                 status=OutboxJob.Status.DONE,
                                 done_at=now - timedelta(days=days))

    assert outbox.relay()["forgotten"] == 1
    assert list(OutboxJob.objects.values_list("task_id", flat=True)) == ["recent"]


def test_every_task_queued_on_commit_goes_through_the_outbox():
    """The app's task class is the outbox's, so each `delay_on_commit` in any app (and any
    added later) survives a broker outage."""
    for name, task in celery_app.tasks.items():
        if not name.startswith("celery."):
            assert isinstance(task, outbox.OutboxTask), name


def test_the_relay_runs_every_minute(settings):
    schedule = settings.CELERY_BEAT_SCHEDULE["core-relay-outbox"]
    assert schedule["task"] == "core.relay_outbox" and schedule["schedule"] == 60.0


def test_a_job_queued_unless_queued_is_not_queued_twice_while_it_waits(broker_down):
    """A periodic sweep that re-queues what looks unfinished adds one job while the
    broker is down, not one per run; once that job is done, a new one may be queued."""
    for _run in range(3):
        ping.delay_on_commit_unless_queued("resume")  # autocommit: the send fails
    ping.delay_on_commit_unless_queued("other")

    assert sorted(OutboxJob.objects.values_list("args", flat=True)) == [["other"], ["resume"]]
    OutboxJob.objects.update(status=OutboxJob.Status.DONE)
    ping.delay_on_commit_unless_queued("resume")
    assert OutboxJob.objects.filter(status=OutboxJob.Status.PENDING).count() == 1


# Where a task may be sent to the broker directly: the outbox's own send, nowhere else.
DIRECT_SENDS = {"delay", "apply_async", "send_task"}
MAY_SEND_DIRECTLY = {"core/outbox.py"}


def test_no_task_is_sent_to_the_broker_except_through_the_outbox():
    """A plain `.delay()` / `.apply_async()` in the project's code would be lost with the
    broker down (and fail the write or the sweep that made it): every task is queued with
    `delay_on_commit` (or `delay_on_commit_unless_queued`), which goes through the outbox."""
    import ast
    from pathlib import Path

    from django.conf import settings

    base = Path(settings.BASE_DIR)
    offenders = []
    for path in sorted(base.rglob("*.py")):
        relative = path.relative_to(base).as_posix()
        # bench/ drives a worker on a private queue to measure it: not the product's path.
        if relative.split("/")[0] in {".venv", "tests", "node_modules", "bench"} \
                or relative in MAY_SEND_DIRECTLY:
            continue
        for node in ast.walk(ast.parse(path.read_text(), filename=relative)):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                    and node.func.attr in DIRECT_SENDS:
                offenders.append(f"{relative}:{node.lineno} .{node.func.attr}()")
    assert offenders == []
