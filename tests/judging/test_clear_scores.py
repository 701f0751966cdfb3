"""Clearing a draft score ("clear this score"): the judging service's one rule."""

from decimal import Decimal

import pytest

from audit.models import AuditEvent
from contests.models import Contest
from core.errors import InvalidInput, NotAllowed, NotFound
from judging.models import Scorecard
from judging.services.scorecards import CHANGED_ELSEWHERE, clear_scores, save_and_clear_scores
from tests.factories.accounts import JudgeFactory
from tests.factories.judging import ScorecardFactory
from tests.frontend.judge.conftest import make_judging

pytestmark = pytest.mark.django_db


@pytest.fixture
def judging():
    return make_judging(1)


def _scores(card):
    return {s.criterion_id: s.value for s in card.scores.all()}


def test_a_cleared_score_is_removed_with_a_new_version_and_an_audit_event(judging):
    safety, service = judging.criteria
    assignment = judging.assignments[0]
    ScorecardFactory(assignment=assignment, version=2, scores={safety: "8.5", service: "12"})

    card = clear_scores(assignment_id=assignment.pk, judge=judging.judge,
                        criterion_ids=[safety.pk], expected_version=2)

    assert card.version == 3
    assert _scores(Scorecard.objects.get(pk=card.pk)) == {service.pk: Decimal("12.00")}
    event = AuditEvent.objects.get(action="scorecard.scores_cleared")
    assert event.data["cleared"] == [str(safety.pk)]
    assert event.data["scores"] == {str(service.pk): "12.00"}
    assert event.data["version"] == 3


def test_clearing_a_score_that_is_not_there_changes_nothing(judging):
    safety, service = judging.criteria
    assignment = judging.assignments[0]
    assert clear_scores(assignment_id=assignment.pk, judge=judging.judge,
                        criterion_ids=[safety.pk], expected_version=0) is None
    ScorecardFactory(assignment=assignment, version=1, scores={service: "12"})
    card = clear_scores(assignment_id=assignment.pk, judge=judging.judge,
                        criterion_ids=[safety.pk], expected_version=1)
    assert card.version == 1
    assert not AuditEvent.objects.filter(action="scorecard.scores_cleared").exists()


def test_clearing_from_an_older_version_is_a_409_and_keeps_the_score(judging):
    safety, _service = judging.criteria
    assignment = judging.assignments[0]
    ScorecardFactory(assignment=assignment, version=4, scores={safety: "8"})
    with pytest.raises(NotAllowed) as refused:
        clear_scores(assignment_id=assignment.pk, judge=judging.judge,
                     criterion_ids=[safety.pk], expected_version=3)
    assert refused.value.state == CHANGED_ELSEWHERE
    assert _scores(Scorecard.objects.get(assignment=assignment)) == {safety.pk: Decimal("8.00")}


def test_a_submitted_card_keeps_its_scores(judging):
    safety, service = judging.criteria
    assignment = judging.assignments[0]
    ScorecardFactory(assignment=assignment, submitted=True, scores={safety: "8", service: "9"})
    with pytest.raises(NotAllowed) as refused:
        clear_scores(assignment_id=assignment.pk, judge=judging.judge,
                     criterion_ids=[safety.pk], expected_version=1)
    assert refused.value.state == Scorecard.State.SUBMITTED


def test_only_judged_criteria_of_the_stage_are_named(judging):
    assignment = judging.assignments[0]
    objective = assignment.stage.criteria.get(kind="objective")
    with pytest.raises(InvalidInput) as refused:
        clear_scores(assignment_id=assignment.pk, judge=judging.judge,
                     criterion_ids=[objective.pk, 999999])
    assert refused.value.as_data() == {
        f"scores.{objective.pk}": ["理论考试 is recorded by the organizers, not scored by judges."],
        "scores.999999": ["Unknown criterion 999999."],
    }


def test_another_judge_or_a_closed_contest_cannot_clear(judging):
    safety, _service = judging.criteria
    assignment = judging.assignments[0]
    ScorecardFactory(assignment=assignment, version=1, scores={safety: "8"})
    with pytest.raises(NotFound):
        clear_scores(assignment_id=assignment.pk, judge=JudgeFactory(),
                     criterion_ids=[safety.pk])
    Contest.objects.filter(pk=judging.contest.pk).update(state=Contest.State.RESULTS_READY)
    with pytest.raises(NotAllowed) as refused:
        clear_scores(assignment_id=assignment.pk, judge=judging.judge,
                     criterion_ids=[safety.pk])
    assert refused.value.state == Contest.State.RESULTS_READY
    assert Scorecard.objects.get(assignment=assignment).scores.count() == 1


def test_a_save_and_clear_commits_both_together(judging):
    safety, service = judging.criteria
    assignment = judging.assignments[0]
    ScorecardFactory(assignment=assignment, version=1, scores={safety: "8", service: "9"})

    card = save_and_clear_scores(assignment_id=assignment.pk, judge=judging.judge,
                                 scores={str(service.pk): "15"}, clear=[safety.pk],
                                 comment="改了", expected_version=1)

    stored = Scorecard.objects.get(pk=card.pk)
    assert (stored.version, stored.comment) == (3, "改了")
    assert _scores(stored) == {service.pk: Decimal("15.00")}


def test_a_refused_clear_leaves_nothing_of_the_save_written(judging):
    safety, service = judging.criteria
    assignment = judging.assignments[0]
    ScorecardFactory(assignment=assignment, version=1, scores={safety: "8", service: "9"})
    objective = assignment.stage.criteria.get(kind="objective")

    with pytest.raises(InvalidInput):
        save_and_clear_scores(assignment_id=assignment.pk, judge=judging.judge,
                              scores={str(service.pk): "15"}, clear=[objective.pk],
                              comment="改了", expected_version=1)

    stored = Scorecard.objects.get(assignment=assignment)
    assert (stored.version, stored.comment) == (1, "")
    assert _scores(stored) == {safety.pk: Decimal("8.00"), service.pk: Decimal("9.00")}
    assert not AuditEvent.objects.filter(action="scorecard.saved").exists()
