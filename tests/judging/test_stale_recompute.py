"""A computation delivered late (queued before publication, run after it, e.g. redelivered
after a worker died) must not touch published results: a no-op with a log line."""

import logging

import pytest

from audit.models import AuditEvent
from contests.models import Contest
from judging.models import ResultRow, ResultSet
from judging.services.results import compute_stage_results
from judging.tasks import compute_results

pytestmark = [pytest.mark.unit, pytest.mark.django_db]


def _snapshot(stage):
    result_set = ResultSet.objects.get(stage=stage)
    rows = list(ResultRow.objects.filter(result_set=result_set).order_by("position")
                .values("pk", "entry_id", "rank", "stage_score", "tier_id"))
    return result_set.checksum, result_set.computations, result_set.computed_at, rows


@pytest.mark.parametrize("state", [Contest.State.IN_NOTICE, Contest.State.FINAL])
def test_a_stale_computation_leaves_published_results_alone(make_scenario, caplog, state):
    s = make_scenario(entries=3, judges=2, panel_size=2, tiers=(1,),
                      state=Contest.State.RESULTS_READY)
    s.submit_all(lambda a, c: str(a.entry_id % 10))
    compute_stage_results(stage_id=s.stage.pk)
    Contest.objects.filter(pk=s.contest.pk).update(state=state)
    # A scorecard changed behind the rules' back would change the outcome if recomputed.
    s.assignments()[0].scorecard.scores.update(value="0")
    before = _snapshot(s.stage)
    events = AuditEvent.objects.count()

    with caplog.at_level(logging.WARNING, logger="judging.services.results"):
        assert compute_results.delay(s.stage.pk).get() is None

    assert _snapshot(s.stage) == before
    assert AuditEvent.objects.count() == events
    assert f"results of stage {s.stage.pk} not recomputed: contest {s.contest.pk} is " \
           f"{state}" in caplog.text
