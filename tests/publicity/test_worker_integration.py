"""Finalization with a real Celery worker process: the certificates are issued in the
worker; a worker killed half-way loses nothing and doubles nothing once issuing runs again.

The finalizing itself runs here (beat's service, in this process): the test worker consumes
only its own queue, and a task queued from inside the worker would go to the default queue,
which no test worker reads."""

import os
import signal
from pathlib import Path

import pytest

from config.celery import app as celery_app
from contests.models import Contest
from notifications.models import Notification
from publicity import services
from publicity.models import Certificate, Notice
from publicity.services.finalization import finalize_due_contests
from tests.factories.publicity import end_notice_period, published_contest
from tests.integration.conftest import celery_worker_process, wait_for  # noqa: F401

pytestmark = [pytest.mark.integration]


@pytest.fixture
def worker_media(settings, monkeypatch):
    """The worker writes its PDFs where this test reads them (request it before the
    worker, which inherits the environment)."""
    monkeypatch.setenv("MEDIA_ROOT", str(settings.MEDIA_ROOT))


def _issued(contest) -> int:
    return Certificate.objects.filter(contest=contest, notified_at__isnull=False).count()


def test_the_worker_finalizes_and_issues_the_certificates(
    worker_media, celery_worker_process,  # noqa: F811
):
    built, _notice = published_contest(winners=3, losers=1)
    end_notice_period(built.contest)

    outcome = finalize_due_contests()  # queues the issuing on commit, to the worker

    assert outcome["finalized"] == [built.contest.pk]
    wait_for(lambda: _issued(built.contest) == 3, timeout=90)
    built.contest.refresh_from_db()
    assert built.contest.state == Contest.State.FINAL
    assert Notice.objects.get(contest=built.contest).status == Notice.Status.CLOSED
    for certificate in Certificate.objects.filter(contest=built.contest):
        assert certificate.pdf.open("rb").read(5) == b"%PDF-"
    assert Notification.objects.filter(kind="certificate_issued").count() == 3


def _worker_pid(queue: str) -> int:
    """The pid of the worker this test started (a child of this process, on `queue`)."""
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            stat = (proc / "stat").read_text()
            cmdline = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        if parent == os.getpid() and queue in cmdline:
            return int(proc.name)
    pytest.fail("worker process not found")


def test_a_worker_killed_half_way_loses_and_doubles_nothing(
    worker_media, celery_worker_process,  # noqa: F811
):
    winners = 30
    built, _notice = published_contest(winners=winners, losers=0)
    end_notice_period(built.contest)
    pid = _worker_pid(celery_worker_process)

    finalize_due_contests()
    wait_for(lambda: Certificate.objects.filter(contest=built.contest)
             .exclude(pdf="").count() >= 3, timeout=90, interval=0.02)
    os.kill(pid, signal.SIGKILL)

    done_at_kill = _issued(built.contest)
    assert done_at_kill < winners, "the worker finished before it could be killed"
    assert Certificate.objects.filter(contest=built.contest).count() == winners
    numbers = set(Certificate.objects.values_list("number", flat=True))

    # What beat's resume (or a redelivery of the task) does: issue again — here, in this
    # process, with the follow-up e-mail/SMS tasks run in place (no worker is left).
    celery_app.conf.task_always_eager = True
    outcome = services.issue_certificates(built.contest.pk)

    assert outcome["created"] == 0
    # A commit the killed worker had already sent may land after `done_at_kill` was read,
    # so the resume finishes at most what was left, and something was left.
    assert 0 < outcome["notified"] <= winners - done_at_kill
    assert set(Certificate.objects.values_list("number", flat=True)) == numbers
    assert _issued(built.contest) == winners
    assert Certificate.objects.filter(contest=built.contest, pdf="").count() == 0
    for user_id in {e.worker_id for e in built.winners}:
        assert Notification.objects.filter(user_id=user_id,
                                           kind="certificate_issued").count() == 1
