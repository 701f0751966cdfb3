"""The judge's pages over the judging services: list, scoring form, autosave endpoint,
confirmation, conflicts of interest."""

import json
from decimal import Decimal

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from judging.models import Assignment, Conflict, Scorecard
from judging.services.scorecards import reopen_scorecard
from tests.factories.accounts import JudgeFactory, OrganizerFactory
from tests.factories.judging import AssignmentFactory, PanelMemberFactory, ScorecardFactory

from .conftest import make_judging

pytestmark = pytest.mark.django_db


def draft(client, assignment, body, key=None, **extra):
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
    return client.post(reverse("judge-draft", args=[assignment.pk]), json.dumps(body),
                       content_type="application/json", **headers, **extra)


def card_of(assignment):
    return Scorecard.objects.get(assignment=assignment)


def scores_of(assignment):
    return {s.criterion_id: s.value for s in card_of(assignment).scores.all()}


# --- Assignment list ------------------------------------------------------------------


def test_the_list_shows_progress_and_filters_by_status(judge_page, judging):
    first, second, third = judging.assignments
    ScorecardFactory(assignment=first, submitted=True)
    ScorecardFactory(assignment=second)

    page = judge_page.get(reverse("judge-assignments"))
    assert page.status_code == 200
    assert "1 of 3 submitted" in page.content.decode()

    drafts = judge_page.get(reverse("judge-assignments"), {"status": "draft"}).content.decode()
    assert second.entry.code in drafts
    assert first.entry.code not in drafts and third.entry.code not in drafts
    pending = judge_page.get(reverse("judge-assignments"), {"status": "pending"}).content.decode()
    assert third.entry.code in pending and second.entry.code not in pending


def test_the_list_filters_by_stage_and_answers_htmx_with_the_rows_only(judge_page, judging):
    other = make_judging(1, judge=judging.judge)
    page = judge_page.get(reverse("judge-assignments"), {"stage": other.stage.pk},
                          HTTP_HX_REQUEST="true")
    body = page.content.decode()
    assert other.assignments[0].entry.code in body
    assert judging.assignments[0].entry.code not in body
    assert "<html" not in body


def test_pages_are_for_judges_only(client, judging):
    assert client.get(reverse("judge-assignments")).status_code == 302
    client.force_login(OrganizerFactory())
    assert client.get(reverse("judge-assignments")).status_code == 403


def test_another_judges_assignment_is_not_found(client, judging):
    client.force_login(JudgeFactory())
    assignment = judging.assignments[0]
    assert client.get(reverse("judge-scoring", args=[assignment.pk])).status_code == 404
    assert draft(client, assignment, {"scores": {}, "base_version": 0}).status_code == 404


# --- The scoring form without JavaScript -------------------------------------------------


def test_the_form_saves_a_draft_and_shows_the_time(judge_page, judging):
    assignment = judging.assignments[0]
    safety, service = judging.criteria
    response = judge_page.post(reverse("judge-scoring", args=[assignment.pk]), {
        f"score-{safety.pk}": "8.5", f"score-{service.pk}": "", "comment": "稳", "version": 0,
        "action": "save"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("judge-scoring", args=[assignment.pk])
    assert scores_of(assignment) == {safety.pk: Decimal("8.50")}
    assert card_of(assignment).comment == "稳"
    assert "Saved at" in response.content.decode()
    assert 'value="8.50"' in response.content.decode()


def test_a_bad_score_is_refused_with_the_criterion_named_and_what_was_typed(judge_page, judging):
    assignment = judging.assignments[0]
    safety, service = judging.criteria
    response = judge_page.post(reverse("judge-scoring", args=[assignment.pk]), {
        f"score-{safety.pk}": "10.5", f"score-{service.pk}": "3.333", "version": 0,
        "action": "save"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "安全意识: a score cannot exceed 10.00." in body
    assert "服务事迹: a score has at most two decimal places." in body
    assert 'value="10.5"' in body and 'value="3.333"' in body
    assert f'aria-describedby="hint-{safety.pk} error-{safety.pk}" aria-invalid="true"' in body
    assert not Scorecard.objects.filter(assignment=assignment).exists()


def test_a_form_posted_from_an_older_version_shows_both_versions(judge_page, judging):
    assignment = judging.assignments[0]
    safety, _service = judging.criteria
    ScorecardFactory(assignment=assignment, version=3, scores={safety: "7"})
    response = judge_page.post(reverse("judge-scoring", args=[assignment.pk]), {
        f"score-{safety.pk}": "9", "version": 2, "action": "save"})
    assert response.status_code == 409
    body = response.content.decode()
    assert "Two versions of this scorecard" in body
    assert "<td>7.00</td><td>9</td>" in body
    assert scores_of(assignment) == {safety.pk: Decimal("7.00")}


# --- Autosave endpoint -------------------------------------------------------------------


def test_a_draft_save_is_one_post_and_a_replay_applies_it_once(judge_page, judging):
    assignment = judging.assignments[0]
    safety, service = judging.criteria
    body = {"scores": {str(safety.pk): "8.5", str(service.pk): 12}, "comment": "好",
            "base_version": 0}
    first = draft(judge_page, assignment, body, key="edit-1")
    assert first.status_code == 200
    assert first.json()["version"] == 1
    assert first.json()["message"].startswith("Saved at ")

    again = draft(judge_page, assignment, body, key="edit-1")
    assert again.status_code == 200
    assert again["Idempotent-Replayed"] == "true"
    assert card_of(assignment).version == 1
    assert AuditEvent.objects.filter(action="scorecard.saved").count() == 1
    assert scores_of(assignment) == {safety.pk: Decimal("8.50"), service.pk: Decimal("12.00")}


def test_edits_from_an_older_version_are_a_409_carrying_the_stored_card(judge_page, judging):
    assignment = judging.assignments[0]
    safety, _service = judging.criteria
    ScorecardFactory(assignment=assignment, version=4, comment="服务好", scores={safety: "6"})
    response = draft(judge_page, assignment,
                     {"scores": {str(safety.pk): "9"}, "base_version": 3}, key="offline-1")
    assert response.status_code == 409
    assert response.json()["state"] == "changed"
    assert response.json()["stored"] == {
        "state": "draft", "state_label": "Draft", "version": 4,
        "scores": {str(safety.pk): "6.00"}, "comment": "服务好", "editable": True}
    assert scores_of(assignment) == {safety.pk: Decimal("6.00")}


def test_edits_for_a_card_submitted_elsewhere_are_a_409_and_change_nothing(judge_page, judging):
    assignment = judging.assignments[0]
    safety, service = judging.criteria
    ScorecardFactory(assignment=assignment, submitted=True, scores={safety: "6", service: "10"})
    response = draft(judge_page, assignment,
                     {"scores": {str(safety.pk): "9"}, "base_version": 1})
    assert response.status_code == 409
    assert response.json()["state"] == "submitted"
    assert response.json()["stored"]["editable"] is False
    assert scores_of(assignment)[safety.pk] == Decimal("6.00")


def test_a_draft_after_judging_closed_is_a_409_saying_why(judge_page, judging):
    from contests.models import Contest

    Contest.objects.filter(pk=judging.contest.pk).update(state=Contest.State.RESULTS_READY)
    assignment = judging.assignments[0]
    response = draft(judge_page, assignment, {"scores": {str(judging.criteria[0].pk): "9"},
                                              "base_version": 0})
    assert response.status_code == 409
    assert response.json() == {"detail": "Scores can only be entered while judging is open.",
                               "state": "results_ready"}
    assert not Scorecard.objects.exists()


def test_a_bad_draft_names_the_criterion(judge_page, judging):
    assignment = judging.assignments[0]
    safety, _service = judging.criteria
    response = draft(judge_page, assignment, {"scores": {str(safety.pk): "-1"},
                                              "base_version": 0})
    assert response.status_code == 400
    assert response.json() == {f"scores.{safety.pk}": ["安全意识: a score cannot be negative."]}
    missing = draft(judge_page, assignment, {"scores": {}})
    assert missing.status_code == 400
    assert list(missing.json()) == ["base_version"]


def test_the_draft_endpoint_checks_csrf(judging):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(judging.judge)
    response = draft(client, judging.assignments[0], {"scores": {}, "base_version": 0})
    assert response.status_code == 403
    assert not Scorecard.objects.exists()


# --- Submit, read-only, reopened ----------------------------------------------------------


def test_submitting_shows_the_scores_and_total_then_the_card_is_read_only(judge_page, judging):
    assignment = judging.assignments[0]
    safety, service = judging.criteria
    ScorecardFactory(assignment=assignment, version=2, scores={safety: "8.5", service: "15"})
    confirm = judge_page.get(reverse("judge-submit", args=[assignment.pk])).content.decode()
    assert "8.50" in confirm and "15.00" in confirm
    assert "8.10" in confirm  # 0.6 × 8.5 + 0.2 × 15
    assert "cannot change these scores" in confirm

    done = judge_page.post(reverse("judge-submit", args=[assignment.pk]), {"version": 2},
                           follow=True)
    assert done.redirect_chain[-1][0] == reverse("judge-assignments")
    assert "is submitted" in done.content.decode()
    assert card_of(assignment).state == Scorecard.State.SUBMITTED

    page = judge_page.get(reverse("judge-scoring", args=[assignment.pk])).content.decode()
    assert 'id="scorecard"' not in page
    assert "Submitted on" in page


def test_submitting_with_a_missing_score_names_it(judge_page, judging):
    assignment = judging.assignments[0]
    safety, _service = judging.criteria
    ScorecardFactory(assignment=assignment, version=1, scores={safety: "8"})
    response = judge_page.post(reverse("judge-submit", args=[assignment.pk]), {"version": 1})
    assert response.status_code == 400
    assert "服务事迹: a score is required to submit." in response.content.decode()
    assert card_of(assignment).state == Scorecard.State.DRAFT


def test_a_reopened_card_says_why(judge_page, judging):
    assignment = judging.assignments[0]
    safety, service = judging.criteria
    card = ScorecardFactory(assignment=assignment, submitted=True,
                            scores={safety: "8", service: "10"})
    reopen_scorecard(scorecard_id=card.pk, actor=OrganizerFactory(), reason="服务事迹分数录入有误")
    page = judge_page.get(reverse("judge-scoring", args=[assignment.pk])).content.decode()
    assert "Reopened by the organizer: 服务事迹分数录入有误" in page
    assert 'id="scorecard"' in page


def test_never_another_judges_score(judge_page, judging):
    assignment = judging.assignments[0]
    safety, _service = judging.criteria
    colleague = JudgeFactory()
    PanelMemberFactory(stage=judging.stage, judge=colleague)
    theirs = AssignmentFactory(stage=judging.stage, entry=assignment.entry, judge=colleague)
    ScorecardFactory(assignment=theirs, submitted=True, scores={safety: "3.77"},
                     comment="另一位评委的意见")
    page = judge_page.get(reverse("judge-scoring", args=[assignment.pk])).content.decode()
    assert "3.77" not in page and "另一位评委的意见" not in page


# --- Conflict of interest ------------------------------------------------------------------


def test_a_conflict_needs_a_reason_and_a_confirmation(judge_page, judging):
    assignment = judging.assignments[0]
    url = reverse("judge-conflict", args=[assignment.pk])
    response = judge_page.post(url, {"reason": "亲属"})
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert not Conflict.objects.exists()


def test_declaring_a_conflict_removes_the_entry_from_the_list(judge_page, judging):
    assignment = judging.assignments[0]
    colleague = JudgeFactory()
    PanelMemberFactory(stage=judging.stage, judge=colleague)
    response = judge_page.post(reverse("judge-conflict", args=[assignment.pk]),
                               {"reason": "是我的表弟", "confirm": "on"}, follow=True)
    body = response.content.decode()
    assert f"entry {assignment.entry.code} has left your list and goes to another judge" in body
    assert "0 of 2 submitted" in body
    assert Assignment.objects.get(entry=assignment.entry).judge == colleague
    assert Conflict.objects.get().reason == "是我的表弟"


def test_a_judge_finds_the_pages_from_the_home_page(judge_page):
    home = judge_page.get("/").content.decode()
    assert f'href="{reverse("judge-assignments")}"' in home


# --- Clearing a saved score -----------------------------------------------------------------


def test_the_page_offers_to_clear_each_saved_score_by_name(judge_page, judging):
    assignment = judging.assignments[0]
    safety, _service = judging.criteria
    ScorecardFactory(assignment=assignment, version=2, scores={safety: "8.5"})
    body = judge_page.get(reverse("judge-scoring", args=[assignment.pk])).content.decode()
    assert (f'form="clear-{safety.pk}" class="clear-score" data-clear="{safety.pk}"\n'
            f'                  aria-label="Clear this score: 安全意识">') in body
    assert 'aria-label="Clear this score: 服务事迹" hidden>' in body
    assert f'<form id="clear-{safety.pk}" method="post"' in body


def test_a_score_is_cleared_without_javascript(judge_page, judging):
    assignment = judging.assignments[0]
    safety, service = judging.criteria
    ScorecardFactory(assignment=assignment, version=2, scores={safety: "8.5", service: "12"})
    response = judge_page.post(reverse("judge-clear-score", args=[assignment.pk]),
                               {"criterion": safety.pk, "version": 2}, follow=True)
    assert response.redirect_chain[-1][0] == (
        reverse("judge-scoring", args=[assignment.pk]) + f"#score-{safety.pk}")
    assert "The score for 安全意识 is cleared." in response.content.decode()
    assert scores_of(assignment) == {service.pk: Decimal("12.00")}
    assert card_of(assignment).version == 3


def test_clearing_from_an_old_page_says_so_and_keeps_the_score(judge_page, judging):
    assignment = judging.assignments[0]
    safety, _service = judging.criteria
    ScorecardFactory(assignment=assignment, version=5, scores={safety: "8.5"})
    response = judge_page.post(reverse("judge-clear-score", args=[assignment.pk]),
                               {"criterion": safety.pk, "version": 4}, follow=True)
    assert "This scorecard was changed elsewhere since you opened it." in (
        response.content.decode())
    assert scores_of(assignment) == {safety.pk: Decimal("8.50")}
    bad = judge_page.post(reverse("judge-clear-score", args=[assignment.pk]),
                          {"criterion": "x", "version": 5}, follow=True)
    assert "reload the page and try again" in bad.content.decode()
    assert judge_page.get(reverse("judge-clear-score", args=[assignment.pk])).status_code == 405


def test_the_draft_endpoint_clears_scores_once_per_key(judge_page, judging):
    assignment = judging.assignments[0]
    safety, service = judging.criteria
    ScorecardFactory(assignment=assignment, version=2, scores={safety: "8.5", service: "12"})
    body = {"clear": [safety.pk], "base_version": 2}
    first = draft(judge_page, assignment, body, key="clear-1")
    assert first.status_code == 200
    assert first.json()["version"] == 3
    again = draft(judge_page, assignment, body, key="clear-1")
    assert again["Idempotent-Replayed"] == "true"
    assert scores_of(assignment) == {service.pk: Decimal("12.00")}
    assert AuditEvent.objects.filter(action="scorecard.scores_cleared").count() == 1


def test_clearing_through_the_draft_endpoint_before_any_save(judge_page, judging):
    assignment = judging.assignments[0]
    response = draft(judge_page, assignment, {"clear": [judging.criteria[0].pk],
                                              "base_version": 0})
    assert response.status_code == 200
    assert response.json()["version"] == 0
    assert response.json()["state"] == "pending"
    assert not Scorecard.objects.exists()


def test_a_clear_from_an_older_version_is_a_409_with_the_stored_card(judge_page, judging):
    assignment = judging.assignments[0]
    safety, _service = judging.criteria
    ScorecardFactory(assignment=assignment, version=3, scores={safety: "6"})
    response = draft(judge_page, assignment, {"clear": [safety.pk], "base_version": 2})
    assert response.status_code == 409
    assert response.json()["stored"]["scores"] == {str(safety.pk): "6.00"}


def test_a_clear_goes_alone(judge_page, judging):
    assignment = judging.assignments[0]
    safety, service = judging.criteria
    response = draft(judge_page, assignment, {"clear": [safety.pk], "base_version": 0,
                                              "scores": {str(service.pk): "3"}})
    assert response.status_code == 400
    assert list(response.json()) == ["clear"]


def test_a_field_emptied_in_the_form_removes_its_saved_score(judge_page, judging):
    assignment = judging.assignments[0]
    safety, service = judging.criteria
    ScorecardFactory(assignment=assignment, version=2, scores={safety: "8.5", service: "12"})
    judge_page.post(reverse("judge-scoring", args=[assignment.pk]), {
        f"score-{safety.pk}": "9", f"score-{service.pk}": "", "comment": "", "version": 2,
        "action": "save"})
    assert scores_of(assignment) == {safety.pk: Decimal("9.00")}
    assert card_of(assignment).version == 4  # the save, then the removal
