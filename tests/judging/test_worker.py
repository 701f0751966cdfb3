"""End to end with a real Celery worker process: closing judging queues the results
computation, which the worker runs against the test database."""

import pytest
from django_celery_results.models import TaskResult

from contests.models import Entry
from contests.transitions import transition_contest
from judging.models import ResultSet
from tests.integration.conftest import wait_for
from tests.judging.conftest import build_scenario

pytestmark = pytest.mark.integration


def test_close_judging_computes_results_in_the_worker(celery_worker_process, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    s = build_scenario(entries=3, judges=3, panel_size=3, tiers=(1, 1))
    s.submit_all(lambda a, c: str(a.entry_id % 10))

    transition_contest(contest=s.contest, action="close_judging", actor=s.organizer)

    result_set = wait_for(lambda: ResultSet.objects.filter(stage=s.stage).first(), timeout=90)
    assert result_set.rows.count() == 3 and result_set.checksum
    task = wait_for(lambda: TaskResult.objects.filter(task_name="judging.compute_results")
                    .first())
    assert task.status == "SUCCESS"
    best = max(s.entries, key=lambda e: e.pk % 10)
    assert Entry.objects.get(pk=best.pk).tier_id == s.tiers[0].pk
