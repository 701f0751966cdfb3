"""Scorecards through the API: drafts, validation naming the criterion, submission, 409
after submitting, reopening with the old figures kept in the audit log."""

import pytest

from audit.models import AuditEvent
from contests.models import Contest
from judging.models import Score, Scorecard
from tests.factories.judging import ScorecardFactory

pytestmark = pytest.mark.api


def _put(s, assignment, body, judge=None, **headers):
    return s.client(judge or assignment.judge).put(
        f"/api/assignments/{assignment.pk}/scorecard/", body, **headers
    )


def test_a_judge_saves_a_draft_then_submits(scenario):
    s = scenario
    a = s.assignments()[0]
    first, second = s.criteria
    response = _put(s, a, {"scores": {str(first.pk): "8.50"}, "comment": "稳"})
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["state"] == "draft" and body["scores"] == {str(first.pk): "8.50"}
    assert body["version"] == 1 and body["comment"] == "稳"

    response = _put(s, a, {"scores": {str(second.pk): 30}, "submit": True})
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["state"] == "submitted" and body["submitted_at"]
    assert body["scores"] == {str(first.pk): "8.50", str(second.pk): "30.00"}
    assert body["comment"] == "稳"
    assert Score.objects.filter(scorecard__assignment=a).count() == 2
    assert list(AuditEvent.objects.filter(object_type="judging.scorecard")
                .values_list("action", flat=True)) == ["scorecard.saved", "scorecard.submitted"]


@pytest.mark.parametrize(("value", "fragment"), [
    ("-1", "negative"),
    ("10.01", "exceed"),
    ("8.555", "two decimal"),
    ("abc", "number"),
    ("NaN", "number"),
    (True, "number"),
])
def test_each_bad_score_is_a_400_naming_the_criterion(scenario, value, fragment):
    s = scenario
    a = s.assignments()[0]
    criterion = s.criteria[0]
    response = _put(s, a, {"scores": {str(criterion.pk): value}})
    assert response.status_code == 400
    messages = response.json()[f"scores.{criterion.pk}"]
    assert criterion.name in messages[0] and fragment in messages[0]
    assert not Scorecard.objects.exists()


def test_score_errors_name_the_criterion_in_chinese_too(scenario):
    a = scenario.assignments()[0]
    criterion = scenario.criteria[0]
    response = _put(scenario, a, {"scores": {str(criterion.pk): "-1"}},
                    HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.json()[f"scores.{criterion.pk}"] == [f"{criterion.name}：分数不能为负数。"]


def test_an_unknown_criterion_is_named(scenario, make_scenario):
    s = scenario
    foreign = make_scenario(entries=1, judges=0, assign=False).criteria[0]
    response = _put(s, s.assignments()[0], {"scores": {"999999": "1", str(foreign.pk): "1",
                                                        "x": "1"}})
    assert response.status_code == 400
    body = response.json()
    assert set(body) == {"scores.999999", f"scores.{foreign.pk}", "scores.x"}
    assert "999999" in body["scores.999999"][0]


def test_an_objective_criterion_cannot_be_scored_by_a_judge(make_scenario):
    s = make_scenario(objective=True)
    response = _put(s, s.assignments()[0], {"scores": {str(s.objective.pk): "50"}})
    assert response.status_code == 400
    assert s.objective.name in response.json()[f"scores.{s.objective.pk}"][0]


def test_submitting_needs_every_judged_criterion(scenario):
    s = scenario
    first, second = s.criteria
    response = _put(s, s.assignments()[0], {"scores": {str(first.pk): "5"}, "submit": True})
    assert response.status_code == 400
    assert set(response.json()) == {f"scores.{second.pk}"}
    assert second.name in response.json()[f"scores.{second.pk}"][0]
    assert not Scorecard.objects.exists()


def test_a_submitted_scorecard_answers_409(scenario):
    s = scenario
    a = s.assignments()[0]
    full = {str(c.pk): "5" for c in s.criteria}
    assert _put(s, a, {"scores": full, "submit": True}).status_code == 200
    for body in ({"scores": full}, {"scores": full, "submit": True}, {"comment": "x"}):
        response = _put(s, a, body)
        assert response.status_code == 409
        assert response.json()["state"] == "submitted"
    assert AuditEvent.objects.filter(action="scorecard.submitted").count() == 1


def test_scoring_needs_the_contest_in_judging(make_scenario):
    s = make_scenario(state=Contest.State.RESULTS_READY)
    response = _put(s, s.assignments()[0], {"scores": {}})
    assert response.status_code == 409 and response.json()["state"] == "results_ready"


def test_the_same_idempotency_key_replays_a_submission(scenario):
    s = scenario
    a = s.assignments()[0]
    body = {"scores": {str(c.pk): "6" for c in s.criteria}, "submit": True}
    first = _put(s, a, body, HTTP_IDEMPOTENCY_KEY="submit-1")
    again = _put(s, a, body, HTTP_IDEMPOTENCY_KEY="submit-1")
    assert first.status_code == again.status_code == 200
    assert again.json() == first.json() and again["Idempotent-Replayed"] == "true"
    other_body = _put(s, a, {**body, "comment": "改"}, HTTP_IDEMPOTENCY_KEY="submit-1")
    assert other_body.status_code == 409
    assert AuditEvent.objects.filter(action="scorecard.submitted").count() == 1


def test_reopen_keeps_the_old_figures_in_the_audit_log(scenario):
    s = scenario
    a = s.assignments()[0]
    first, second = s.criteria
    _put(s, a, {"scores": {str(first.pk): "9", str(second.pk): "33.5"}, "comment": "好",
                "submit": True})
    card = Scorecard.objects.get(assignment=a)
    organizer = s.client(s.organizer)

    assert organizer.post(f"/api/scorecards/{card.pk}/reopen/", {}).status_code == 400
    response = organizer.post(f"/api/scorecards/{card.pk}/reopen/", {"reason": "录入错误"})
    assert response.status_code == 200, response.json()
    assert response.json()["state"] == "reopened"
    event = AuditEvent.objects.get(action="scorecard.reopened")
    assert event.reason == "录入错误"
    assert event.data["scores"] == {str(first.pk): "9.00", str(second.pk): "33.50"}
    assert event.data["comment"] == "好" and event.data["submitted_at"]

    # The judge corrects and resubmits; the first figures are still in the log.
    response = _put(s, a, {"scores": {str(first.pk): "7"}, "submit": True})
    assert response.status_code == 200 and response.json()["state"] == "submitted"
    assert response.json()["scores"][str(first.pk)] == "7.00"
    assert AuditEvent.objects.get(action="scorecard.reopened").data["scores"][str(first.pk)] \
        == "9.00"
    # A second reopen of a reopened card is a 409; only submitted cards reopen.
    ScorecardFactory(assignment=s.assignments()[1])
    draft = Scorecard.objects.get(assignment=s.assignments()[1])
    assert organizer.post(f"/api/scorecards/{draft.pk}/reopen/",
                          {"reason": "x"}).status_code == 409


def test_a_judge_reads_their_own_scorecard(scenario):
    s = scenario
    a = s.assignments()[0]
    _put(s, a, {"scores": {str(s.criteria[0].pk): "4"}})
    response = s.client(a.judge).get(f"/api/assignments/{a.pk}/scorecard/")
    assert response.status_code == 200 and response.json()["scores"] == {
        str(s.criteria[0].pk): "4.00"}
    listed = s.client(a.judge).get("/api/scorecards/").json()
    assert [c["assignment"] for c in listed["results"]] == [a.pk]


def test_expected_version_refuses_a_save_from_a_stale_card(scenario):
    """The judge pages' optimistic concurrency, through the API: a save naming the version
    its edits start from is refused (409 `changed`, nothing written) once the card has
    moved on; naming the current one saves; leaving it out saves whatever the version."""
    s = scenario
    a = s.assignments()[0]
    first, second = s.criteria
    opened = _put(s, a, {"scores": {str(first.pk): "5"}, "expected_version": 0})
    assert opened.status_code == 200 and opened.json()["version"] == 1
    assert _put(s, a, {"scores": {str(first.pk): "6"}, "expected_version": 1}) \
        .status_code == 200  # another tab saves: version 2

    stale = _put(s, a, {"scores": {str(first.pk): "9", str(second.pk): "9"}, "submit": True,
                        "expected_version": 1})
    assert stale.status_code == 409 and stale.json()["state"] == "changed"
    card = Scorecard.objects.get(assignment=a)
    assert (card.state, card.version) == (Scorecard.State.DRAFT, 2)
    assert {s.criterion_id: s.value for s in card.scores.all()} == {first.pk: 6}
    assert AuditEvent.objects.filter(object_type="judging.scorecard").count() == 2

    current = _put(s, a, {"scores": {str(first.pk): "9", str(second.pk): "9"}, "submit": True,
                          "expected_version": 2})
    assert current.status_code == 200 and current.json()["version"] == 3
    assert _put(s, a, {"scores": {}, "expected_version": 0}).json()["state"] == "submitted"


def test_expected_version_before_the_first_save_is_0(scenario):
    s = scenario
    a = s.assignments()[0]
    response = _put(s, a, {"scores": {}, "expected_version": 1})
    assert response.status_code == 409 and response.json()["state"] == "changed"
    assert not Scorecard.objects.exists()


@pytest.mark.parametrize("value", [-1, "x", 2**31, None])
def test_a_bad_expected_version_is_a_400_naming_it(scenario, value):
    s = scenario
    response = _put(s, s.assignments()[0], {"scores": {}, "expected_version": value})
    assert response.status_code == 400 and "expected_version" in response.json()
    assert not Scorecard.objects.exists()


def test_expected_version_is_in_the_schema(client, db):
    schema = client.get("/api/schema/?format=json").json()
    request = schema["components"]["schemas"]["ScorecardRequestRequest"]
    assert request["properties"]["expected_version"]["minimum"] == 0
    put = schema["paths"]["/api/assignments/{id}/scorecard/"]["put"]
    assert "409" in put["responses"]


def test_scoring_is_audited_in_the_judges_own_stream_of_the_contest(scenario):
    """Every write of a card (save, submit, reopen) is chained in its judge's stream of the
    contest (`contest:<id>:judge:<id>`), so judges never wait on each other's (or another
    contest's, or the global) audit head."""
    from audit.services import judge_stream, verify_chain

    s = scenario
    a = s.assignments()[0]
    full = {str(c.pk): "5" for c in s.criteria}
    _put(s, a, {"scores": full})
    _put(s, a, {"scores": full, "submit": True})
    card = Scorecard.objects.get(assignment=a)
    s.client(s.organizer).post(f"/api/scorecards/{card.pk}/reopen/", {"reason": "复核"})
    events = AuditEvent.objects.filter(object_type="judging.scorecard").order_by("seq")
    assert [(e.action, e.stream) for e in events] == [
        (action, judge_stream(s.contest.pk, a.judge_id))
        for action in ("scorecard.saved", "scorecard.submitted", "scorecard.reopened")]
    assert [e.data["version"] for e in events] == [1, 2, 2]
    assert verify_chain().ok


def test_a_judge_clears_a_score_typed_by_mistake_in_the_same_save(scenario):
    s = scenario
    a = s.assignments()[0]
    first, second = s.criteria
    _put(s, a, {"scores": {str(first.pk): "8.50", str(second.pk): "20"}})

    response = _put(s, a, {"scores": {str(second.pk): "25"}, "clear": [first.pk],
                           "expected_version": 1})

    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["scores"] == {str(second.pk): "25.00"} and body["state"] == "draft"
    assert body["version"] == 3
    event = AuditEvent.objects.get(action="scorecard.scores_cleared")
    assert event.data["cleared"] == [str(first.pk)]


def test_clearing_is_refused_with_a_submit_or_a_score_for_the_same_criterion(scenario):
    s = scenario
    a = s.assignments()[0]
    first, second = s.criteria
    _put(s, a, {"scores": {str(first.pk): "8.50"}})

    with_submit = _put(s, a, {"scores": {str(second.pk): "20"}, "clear": [first.pk],
                              "submit": True})
    both = _put(s, a, {"scores": {str(first.pk): "9"}, "clear": [first.pk]})

    assert with_submit.status_code == 400
    assert with_submit.json() == {
        "clear": ["Clear scores in a save of its own, not when submitting."]}
    assert both.status_code == 400
    assert both.json() == {"clear": [f"Criterion {first.pk} is both scored and cleared."]}
    card = Scorecard.objects.get(assignment=a)
    assert (card.version, card.state) == (1, "draft")
    assert {sc.criterion_id: str(sc.value) for sc in card.scores.all()} == {first.pk: "8.50"}


def test_a_refused_clear_leaves_the_scores_sent_with_it_unwritten(scenario):
    s = scenario
    a = s.assignments()[0]
    first, second = s.criteria
    _put(s, a, {"scores": {str(first.pk): "8.50"}})

    response = _put(s, a, {"scores": {str(second.pk): "20"}, "clear": [999999]})

    assert response.status_code == 400
    assert response.json() == {"scores.999999": ["Unknown criterion 999999."]}
    card = Scorecard.objects.get(assignment=a)
    assert card.version == 1
    assert {sc.criterion_id: str(sc.value) for sc in card.scores.all()} == {first.pk: "8.50"}
