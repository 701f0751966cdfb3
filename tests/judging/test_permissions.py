"""Who reaches which judging endpoint. A judge sees only their own assignments and
scorecards (404 for anyone else's) and never another judge's scores; workers and
anonymous callers reach nothing (403 / 401), except published results."""

import json

import pytest
from rest_framework.test import APIClient

from contests.models import Contest
from judging.models import Scorecard
from tests.factories.accounts import WorkerFactory
from tests.factories.judging import ScorecardFactory

pytestmark = pytest.mark.api


def _endpoints(s, card):
    c, st, e = s.contest.pk, s.stage.pk, s.entries[0].pk
    a = s.assignments()[0].pk
    return {
        "panel": ("post", f"/api/contests/{c}/panel/", {"stage": st, "judges": []}),
        "assign": ("post", f"/api/contests/{c}/assign/", {"stage": st}),
        "reopen": ("post", f"/api/scorecards/{card.pk}/reopen/", {"reason": "x"}),
        "objective": ("put", f"/api/entries/{e}/objective-scores/", {"scores": {}}),
        "import": ("post", f"/api/contests/{c}/objective-scores/import/", {}),
        "progress": ("get", f"/api/contests/{c}/progress/", None),
        "consistency": ("get", f"/api/contests/{c}/consistency/", None),
        "decide": ("post", f"/api/contests/{c}/results/decide/",
                   {"entries": [e], "tier": None, "reason": "x"}),
        "compute": ("post", f"/api/contests/{c}/results/compute/", {}),
        "conflicts": ("post", "/api/judges/conflicts/", {"entry": e, "reason": "x"}),
        "assignments": ("get", "/api/assignments/", None),
        "assignment": ("get", f"/api/assignments/{a}/", None),
        "scorecard-get": ("get", f"/api/assignments/{a}/scorecard/", None),
        "scorecard-put": ("put", f"/api/assignments/{a}/scorecard/", {"scores": {}}),
        "scorecards": ("get", "/api/scorecards/", None),
        "scorecard": ("get", f"/api/scorecards/{card.pk}/", None),
    }


ORGANIZER_ONLY = ("panel", "assign", "reopen", "objective", "import", "progress",
                  "consistency", "decide", "compute")
JUDGE_ONLY = ("conflicts", "scorecard-put")
ALL = ORGANIZER_ONLY + JUDGE_ONLY + (
    "assignments", "assignment", "scorecard-get", "scorecards", "scorecard")


@pytest.fixture
def s(make_scenario):
    return make_scenario(entries=2, judges=3, panel_size=2)


@pytest.fixture
def card(s):
    return ScorecardFactory(assignment=s.assignments()[0], submitted=True,
                            scores={c: "5" for c in s.criteria})


def _call(client, method, url, body):
    return getattr(client, method)(url, body) if body is not None else getattr(client, method)(url)


@pytest.mark.parametrize("name", ALL)
def test_anonymous_callers_get_401(s, card, name):
    method, url, body = _endpoints(s, card)[name]
    assert _call(APIClient(), method, url, body).status_code == 401


@pytest.mark.parametrize("name", ALL)
def test_workers_get_403(s, card, name):
    method, url, body = _endpoints(s, card)[name]
    assert _call(s.client(WorkerFactory()), method, url, body).status_code == 403


@pytest.mark.parametrize("name", ORGANIZER_ONLY)
def test_judges_get_403_on_organizer_endpoints(s, card, name):
    method, url, body = _endpoints(s, card)[name]
    assert _call(s.client(card.assignment.judge), method, url, body).status_code == 403


@pytest.mark.parametrize("name", JUDGE_ONLY)
def test_organizers_get_403_on_judge_endpoints(s, card, name):
    method, url, body = _endpoints(s, card)[name]
    assert _call(s.client(s.organizer), method, url, body).status_code == 403


@pytest.mark.parametrize("name", ["assignment", "scorecard-get", "scorecard-put", "scorecard"])
def test_a_judge_gets_404_for_another_judges_assignment_and_scorecard(s, card, name):
    other = next(j for j in s.judges if j != card.assignment.judge)
    method, url, body = _endpoints(s, card)[name]
    assert _call(s.client(other), method, url, body).status_code == 404


def test_a_judge_cannot_score_an_entry_not_assigned_to_them(s):
    judge = s.judges[0]
    foreign = next(a for a in s.assignments() if a.judge != judge)
    response = s.client(judge).put(f"/api/assignments/{foreign.pk}/scorecard/",
                                   {"scores": {str(s.criteria[0].pk): "5"}})
    assert response.status_code == 404
    assert not Scorecard.objects.filter(assignment=foreign).exists()


def test_a_judge_never_sees_other_judges_scores(make_scenario):
    s = make_scenario(entries=2, judges=2, panel_size=2)
    mine, theirs = s.judges
    for a in s.assignments(theirs):
        ScorecardFactory(assignment=a, submitted=True,
                         scores={c: "7.77" for c in s.criteria}, comment="秘密评语")
    client = s.client(mine)
    bodies = [client.get("/api/assignments/").json(), client.get("/api/scorecards/").json()]
    bodies += [client.get(f"/api/assignments/{a.pk}/").json() for a in s.assignments(mine)]
    text = json.dumps(bodies, ensure_ascii=False)
    assert "7.77" not in text and "秘密评语" not in text
    listed = bodies[0]["results"]
    assert {a["id"] for a in listed} == {a.pk for a in s.assignments(mine)}
    assert all(a["judge"] == mine.pk and a["scorecard"] is None for a in listed)
    assert bodies[1]["results"] == []


def test_results_are_hidden_from_everyone_but_organizers_until_published(make_scenario):
    from judging.services.results import compute_stage_results

    s = make_scenario(entries=2, judges=2, panel_size=2, state=Contest.State.RESULTS_READY)
    s.submit_all()
    compute_stage_results(stage_id=s.stage.pk)
    url = f"/api/contests/{s.contest.pk}/results/"
    assert s.client(s.organizer).get(url).status_code == 200
    for client in (APIClient(), s.client(s.judges[0]), s.client(s.entries[0].worker)):
        assert client.get(url).status_code == 404
    Contest.objects.filter(pk=s.contest.pk).update(state=Contest.State.IN_NOTICE)
    for client in (APIClient(), s.client(s.judges[0]), s.client(s.entries[0].worker)):
        assert client.get(url).status_code == 200


def test_a_withdrawn_entry_disappears_from_the_judges_list_and_cannot_be_scored(s):
    from contests.models import Entry

    a = s.assignments()[0]
    Entry.objects.filter(pk=a.entry_id).update(status=Entry.Status.WITHDRAWN)
    client = s.client(a.judge)
    assert a.pk not in {r["id"] for r in client.get("/api/assignments/").json()["results"]}
    assert client.get(f"/api/assignments/{a.pk}/").status_code == 404
    response = client.put(f"/api/assignments/{a.pk}/scorecard/", {"scores": {}})
    assert response.status_code == 404
