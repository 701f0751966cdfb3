"""The proposal task on a real Celery worker process: run twice it adds nothing; a worker
killed half-way leaves whole rounds done or untouched, and the next run finishes the rest
without doubling anything (the database's unique constraints see to it)."""

import os
import signal
from pathlib import Path

import pytest

from config.celery import app as celery_app
from nominations.models import Nomination, Provenance
from nominations.services import propose_from_contest as propose_here
from nominations.tasks import propose_from_contest
from notifications.models import Notification
from tests.factories.nominations import RoundFactory, add_source
from tests.factories.publicity import final_contest
from tests.integration.conftest import celery_worker_process, wait_for  # noqa: F401

pytestmark = [pytest.mark.integration]
POSTS = {"party_congress": 5, "peoples_congress": 5, "cppcc": 5}


def rows():
    return (sorted(Nomination.objects.values_list("round_id", "worker_id", "post")),
            sorted(Provenance.objects.values_list("nomination_id", "contest_id")))


def _worker_pid(queue: str) -> int:
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            stat = (proc / "stat").read_text()
            cmdline = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == os.getpid() and queue in cmdline:
            return int(proc.name)
    pytest.fail("worker process not found")


def test_the_task_twice_on_a_real_worker_adds_nothing(celery_worker_process):  # noqa: F811
    celery_app.conf.task_always_eager = True
    built = final_contest(winners=4, losers=1)  # no round yet: nothing proposed
    round_ = RoundFactory(quotas=POSTS)
    add_source(round_, built.contest)
    celery_app.conf.task_always_eager = False

    first = propose_from_contest.delay(built.contest.pk).get(timeout=90)
    after_first = rows()
    second = propose_from_contest.delay(built.contest.pk).get(timeout=90)

    assert first == {"contest": built.contest.pk, "rounds": 1, "nominations": 12,
                     "provenance": 12}
    assert second == {"contest": built.contest.pk, "rounds": 1, "nominations": 0,
                      "provenance": 0}
    assert rows() == after_first
    assert Nomination.objects.filter(status="eligible").count() == 12


def test_a_worker_killed_half_way_doubles_nothing(celery_worker_process):  # noqa: F811
    celery_app.conf.task_always_eager = True
    built = final_contest(winners=30, losers=0)
    rounds = [RoundFactory(quotas=POSTS) for _ in range(6)]
    for round_ in rounds:
        add_source(round_, built.contest)
    celery_app.conf.task_always_eager = False
    pid = _worker_pid(celery_worker_process)

    propose_from_contest.delay(built.contest.pk)
    wait_for(lambda: Nomination.objects.exclude(status="proposed").count() >= 90,
             timeout=120, interval=0.02)
    os.kill(pid, signal.SIGKILL)

    per_round = [Nomination.objects.filter(round=r).count() for r in rounds]
    assert all(count in (0, 90) for count in per_round), per_round  # whole rounds only
    assert sum(per_round) < 6 * 90, "the worker finished before it could be killed"

    # What a redelivery does (acks_late + reject_on_worker_lost), here in this process.
    celery_app.conf.task_always_eager = True
    outcome = propose_here(built.contest.pk)

    assert outcome["nominations"] == 6 * 90 - sum(per_round)
    assert Nomination.objects.count() == 6 * 90
    assert Provenance.objects.count() == 6 * 90
    assert not Nomination.objects.filter(status="proposed").exists()
    for entry in built.winners[:3]:
        assert Notification.objects.filter(user_id=entry.worker_id,
                                           kind="nomination_proposed").count() == 3 * 6
