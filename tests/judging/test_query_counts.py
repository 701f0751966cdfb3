"""Pinned query counts: the judge's assignment list, results and progress run the same
number of queries for 1 row as for 50."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from contests.models import Contest
from judging.services.results import compute_stage_results
from tests.factories.contests import AttachmentFactory
from tests.factories.judging import ScorecardFactory

pytestmark = pytest.mark.api


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.json()
    return len(captured)


@pytest.mark.parametrize("size", [1, 50])
def test_assignment_list_queries(make_scenario, size):
    s = make_scenario(entries=size, judges=1, panel_size=1, blind=False)
    for a in s.assignments():
        ScorecardFactory(assignment=a, scores={s.criteria[0]: "5"})
        AttachmentFactory(entry=a.entry)
    client = s.client(s.judges[0])
    url = "/api/assignments/?page_size=50"
    assert len(client.get(url).json()["results"]) == size
    # count, page (with stage, contest, entry, track, worker, scorecard), criteria,
    # scores, attachments.
    assert _queries(client, url) == 5


@pytest.mark.parametrize("size", [1, 50])
def test_results_queries(make_scenario, size):
    s = make_scenario(entries=size, judges=1, panel_size=1, tiers=(3,),
                      state=Contest.State.RESULTS_READY)
    s.submit_all(lambda a, c: str(a.entry_id % 10))
    compute_stage_results(stage_id=s.stage.pk)
    client = s.client(s.organizer)
    url = f"/api/contests/{s.contest.pk}/results/?page_size=50"
    assert client.get(url).json()["count"] == size
    # contest, final stage, result set, count, rows (with entry, track, worker, profile, tier).
    assert _queries(client, url) == 5


@pytest.mark.parametrize("size", [1, 50])
def test_progress_queries(make_scenario, size):
    s = make_scenario(entries=size, judges=3, panel_size=2)
    s.submit_all()
    client = s.client(s.organizer)
    url = f"/api/contests/{s.contest.pk}/progress/?stage={s.stage.pk}"
    body = client.get(url).json()
    assert len(body["entries"]) == size and body["submitted"] == body["expected"] == 2 * size
    # contest, stage, per judge, per entry counts, first stage, population.
    assert _queries(client, url) == 6


@pytest.mark.parametrize("size", [1, 50])
def test_result_computation_queries_do_not_grow_with_entries(make_scenario, size):
    s = make_scenario(entries=size, judges=2, panel_size=2, tiers=(3,),
                      state=Contest.State.RESULTS_READY)
    s.submit_all(lambda a, c: str((a.entry_id + a.judge_id) % 10))
    compute_stage_results(stage_id=s.stage.pk)  # creates the result set once
    with CaptureQueriesContext(connection) as captured:
        compute_stage_results(stage_id=s.stage.pk)
    # Loading is fixed (stages, rubric, rules, population, objective scores, cards, scores,
    # decisions); saving is one delete, one insert, one update and the audit event.
    assert len(captured) == 25, [q["sql"][:80] for q in captured]
