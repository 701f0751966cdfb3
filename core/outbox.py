"""The transactional outbox: no effect is lost when the broker is down or a worker dies.

Every `task.delay_on_commit(...)` / `task.apply_async_on_commit(...)` in the project (the
Celery app's task class is `OutboxTask`; a plain `.delay` / `.apply_async` is for this
module alone, tests/core/test_outbox.py checks) writes an `OutboxJob` row in the caller's
transaction instead of only registering an on-commit callback. So:

* the write and the job commit together or not at all;
* on commit the job is sent at once; if the broker is unreachable, the write still answers
  its normal success and the job waits in the table;
* the relay (`relay_outbox`, run by beat every minute) sends what is waiting, and sends
  again a job that was sent but has not finished within `OUTBOX_LEASE` (a message lost
  with a broker restart, a worker killed before Redis' visibility timeout gives it back);
* the worker marks the job done when the task returns (`task_postrun`), and schedules a
  retry with back-off when it raised, up to `OUTBOX_MAX_FAILURES` times.

A job may therefore run more than once: every task queued this way must be idempotent,
which the project's tasks are (they re-derive their work from the database)."""

import logging
import uuid
from datetime import timedelta

from celery.contrib.django.task import DjangoTask
from celery.signals import task_postrun
from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerUnavailable

from .models import OutboxJob

logger = logging.getLogger(__name__)

# Errors that mean "the broker did not take the message" (not "the task failed").
BROKER_ERRORS = (BrokerUnavailable, ConnectionError, OSError)
ACTIVE = (OutboxJob.Status.PENDING, OutboxJob.Status.SENT)
RELAY_BATCH = 500
# How long the on-commit send has before the relay may send the same job.
SEND_GRACE = timedelta(seconds=30)


def lease() -> timedelta:
    return timedelta(seconds=settings.OUTBOX_LEASE)


def enqueue(task_name: str, args=(), kwargs=None, *, unless_queued=False) -> OutboxJob:
    """Record the job in the current transaction and send it once that commits. With
    `unless_queued`, a job for the same task and arguments that is still waiting or
    running stands for this one (the relay sends it, and sends it again past its lease):
    a periodic sweep then adds one job, not one per run while the broker is down."""
    if unless_queued:
        queued = OutboxJob.objects.filter(task_name=task_name, status__in=ACTIVE,
                                          args=list(args), kwargs=dict(kwargs or {})).first()
        if queued is not None:
            return queued
    job = OutboxJob.objects.create(
        task_name=task_name, args=list(args), kwargs=dict(kwargs or {}),
        task_id=str(uuid.uuid4()), next_attempt_at=timezone.now() + SEND_GRACE,
    )
    job_id = job.pk

    def send_on_commit():  # named: Django's robust on_commit logs a failure by __qualname__
        send(job_id)

    transaction.on_commit(send_on_commit, robust=True)
    return job


def send(job_id: int) -> bool:
    """Hand one job to the broker; False when the broker could not be reached (the job
    stays due for the relay)."""
    from config.celery import app

    job = OutboxJob.objects.filter(pk=job_id, status__in=ACTIVE).first()
    if job is None:
        return True
    task = app.tasks.get(job.task_name)
    if task is None:
        OutboxJob.objects.filter(pk=job.pk).update(
            status=OutboxJob.Status.FAILED, last_error=f"unknown task {job.task_name}")
        logger.error("outbox job %s: unknown task %s", job.pk, job.task_name)
        return True
    now = timezone.now()
    # Marked before it is handed over: a fast worker (or an eager run) may finish it first.
    OutboxJob.objects.filter(pk=job.pk, status__in=ACTIVE).update(
        status=OutboxJob.Status.SENT, sent_at=now, attempts=F("attempts") + 1,
        next_attempt_at=now + lease())
    try:
        # apply_async, not app.send_task: it honours task_always_eager (tests, scripts).
        task.apply_async(job.args, job.kwargs, task_id=job.task_id,
                         retry_policy=settings.OUTBOX_PUBLISH_RETRY_POLICY)
    except BROKER_ERRORS as error:
        OutboxJob.objects.filter(pk=job.pk, status=OutboxJob.Status.SENT).update(
            status=OutboxJob.Status.PENDING, next_attempt_at=timezone.now(),
            last_error=f"broker: {error}"[:2000])
        logger.warning("outbox job %s (%s) not sent, the relay will retry: %s",
                       job.pk, job.task_name, error)
        return False
    return True


def relay(*, now=None, limit: int = RELAY_BATCH) -> dict:
    """Send every due job (waiting, or sent and unfinished past its lease); stop at the
    first broker error. Safe to run concurrently: each job is claimed by a conditional
    UPDATE first. Also forgets finished jobs older than `OUTBOX_RETENTION_DAYS`."""
    now = now or timezone.now()
    due = list(OutboxJob.objects.filter(status__in=ACTIVE, next_attempt_at__lte=now)
               .order_by("next_attempt_at", "pk").values_list("pk", flat=True)[:limit])
    sent = 0
    for job_id in due:
        claimed = OutboxJob.objects.filter(
            pk=job_id, status__in=ACTIVE, next_attempt_at__lte=now,
        ).update(next_attempt_at=now + SEND_GRACE)
        if not claimed:
            continue
        if not send(job_id):
            break
        sent += 1
    forgotten, _by_model = OutboxJob.objects.filter(
        status=OutboxJob.Status.DONE,
        done_at__lt=now - timedelta(days=settings.OUTBOX_RETENTION_DAYS),
    ).delete()
    if due:
        logger.info("outbox relay: %d due, %d sent", len(due), sent)
    return {"due": len(due), "sent": sent, "forgotten": forgotten}


def _retry_delay(failures: int) -> timedelta:
    return timedelta(seconds=min(60 * 2 ** (failures - 1), 3600))


@task_postrun.connect(dispatch_uid="core.outbox.task_finished")
def task_finished(sender=None, task_id=None, state=None, retval=None, **kwargs):
    """In the worker: a job whose task returned is done; one that raised is retried later
    by the relay (with back-off), and given up after `OUTBOX_MAX_FAILURES`."""
    if not task_id or state not in ("SUCCESS", "FAILURE"):
        return
    jobs = OutboxJob.objects.filter(task_id=task_id, status__in=ACTIVE)
    now = timezone.now()
    if state == "SUCCESS":
        jobs.update(status=OutboxJob.Status.DONE, done_at=now)
        return
    job = jobs.first()
    if job is None:
        return
    failures = job.failures + 1
    given_up = failures >= settings.OUTBOX_MAX_FAILURES
    jobs.update(
        failures=failures, last_error=repr(retval)[:2000],
        status=OutboxJob.Status.FAILED if given_up else F("status"),
        next_attempt_at=now + _retry_delay(failures),
    )
    log = logger.error if given_up else logger.warning
    log("outbox job %s (%s) failed %d time(s)%s: %r", job.pk, job.task_name, failures,
        ", given up" if given_up else "", retval)


class OutboxTask(DjangoTask):
    """The project's Celery task class: `delay_on_commit` goes through the outbox."""

    def delay_on_commit(self, *args, **kwargs) -> None:
        enqueue(self.name, args, kwargs)

    def delay_on_commit_unless_queued(self, *args, **kwargs) -> None:
        """`delay_on_commit`, unless the same job is already waiting or running (for a
        periodic sweep that re-queues what looks unfinished)."""
        enqueue(self.name, args, kwargs, unless_queued=True)

    def apply_async_on_commit(self, args=None, kwargs=None, **options) -> None:
        if options:
            raise TypeError("the outbox keeps no apply_async options; use delay_on_commit")
        enqueue(self.name, args or (), kwargs)
