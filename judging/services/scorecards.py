"""Scorecards: a judge saves drafts and submits; an organizer reopens with a reason.

Every write locks the assignment row first (`select_for_update`), so two concurrent
requests for the same card run one after the other in the database: the second sees what
the first committed (a submitted card answers 409, a draft gets updated, never duplicated).
"""

from django.db import transaction
from django.utils.translation import gettext as _

from audit.services import record
from contests.models import Contest, Criterion, Entry
from core.errors import InvalidInput, NotAllowed, NotFound

from ..maths import CriterionKind
from ..models import Assignment, Score, Scorecard
from ..rubrics import missing_scores, rubric_of, validate_scores
from ..scorecard_transitions import transition_scorecards

# The 409 state when a save starts from an older version than the stored one.
CHANGED_ELSEWHERE = "changed"


def _figures(card: Scorecard) -> dict:
    return {str(s.criterion_id): s.value for s in card.scores.order_by("criterion_id")}


def _require_judging(contest: Contest) -> None:
    if contest.state != Contest.State.JUDGING:
        raise NotAllowed(_("Scores can only be entered while judging is open."),
                         state=contest.state)


@transaction.atomic
def save_scorecard(
    *, assignment_id, judge, scores: dict, comment: str | None = None, submit: bool = False,
    expected_version: int | None = None,
) -> Scorecard:
    """Save the judge's scores on their assignment (a draft), and submit when asked.

    Validates each score (400 keyed `scores.<criterion id>`, naming the criterion);
    submitting needs every judged criterion. A submitted card answers 409.
    `expected_version` (the card's version the judge's edits start from, 0 before the
    first save): when the card has moved on since (saved in another tab, reopened by an
    organizer), a 409 with state `changed`, so edits kept offline never overwrite it.
    """
    assignment = _locked_assignment(assignment_id, judge)
    _require_judging(assignment.stage.contest)
    card = Scorecard.objects.filter(assignment=assignment).first()
    if card is not None and not card.is_editable:
        raise NotAllowed(_("This scorecard has been submitted."), state=card.state)
    current_version = card.version if card else 0
    if expected_version is not None and expected_version != current_version:
        raise NotAllowed(_("This scorecard was changed elsewhere since you opened it."),
                         state=CHANGED_ELSEWHERE)

    rubric = rubric_of(Criterion.objects.filter(stage_id=assignment.stage_id))
    valid, errors = validate_scores(rubric, scores or {}, CriterionKind.JUDGED)
    existing = {s.criterion_id: s for s in card.scores.all()} if card else {}
    if submit and not errors:
        errors = missing_scores(rubric, set(existing) | set(valid))
    if errors:
        raise InvalidInput(errors=errors)

    if card is None:
        card = Scorecard.objects.create(assignment=assignment)
    card.assignment = assignment
    changed = []
    for criterion_id, value in valid.items():
        score = existing.get(criterion_id)
        if score is None:
            existing[criterion_id] = Score(scorecard=card, criterion_id=criterion_id, value=value)
        elif score.value != value:
            score.value = value
            changed.append(score)
    Score.objects.bulk_create([s for s in existing.values() if s.pk is None])
    Score.objects.bulk_update(changed, ["value"])
    if comment is not None:
        card.comment = comment

    def figures(card, version):
        return {
            "assignment": assignment.pk, "stage": assignment.stage_id,
            "entry": assignment.entry.code, "version": version,
            "scores": {str(k): s.value for k, s in sorted(existing.items())},
            "comment": card.comment,
        }

    if submit:
        card.save(update_fields=["comment", "updated_at"])
        transition_scorecards(cards=[card], action="submit", actor=judge,
                              audit_data=lambda card: figures(card, card.version + 1))
        return card
    card.version += 1
    card.save(update_fields=["comment", "version", "updated_at"])
    record(actor=judge, action="scorecard.saved", target=card,
           data=figures(card, card.version))
    return card


@transaction.atomic
def reopen_scorecard(*, scorecard_id, actor, reason: str) -> Scorecard:
    """An organizer reopens a submitted card so its judge can correct it. The submitted
    figures stay in the audit log (event data of `scorecard.reopened`)."""
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(_("Give a reason."), field="reason")
    try:
        card = (
            Scorecard.objects.select_for_update(of=("self",))
            .select_related("assignment__stage__contest", "assignment__entry")
            .get(pk=scorecard_id)
        )
    except (Scorecard.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None
    _require_judging(card.assignment.stage.contest)
    transition_scorecards(
        cards=[card], action="reopen", actor=actor, reason=reason,
        audit_data=lambda card: {
            "assignment": card.assignment_id, "stage": card.assignment.stage_id,
            "entry": card.assignment.entry.code, "judge": card.assignment.judge_id,
            "version": card.version, "submitted_at": card.submitted_at,
            "scores": _figures(card), "comment": card.comment,
        },
    )
    return card


def _locked_assignment(assignment_id, judge) -> Assignment:
    """The judge's own assignment, locked for the write (else 404)."""
    try:
        return (
            Assignment.objects.select_for_update(of=("self",))
            .select_related("stage__contest", "entry")
            .exclude(entry__status__in=Entry.Status.OUT_OF_CONTEST)
            .get(pk=assignment_id, judge=judge)
        )
    except (Assignment.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


@transaction.atomic
def clear_scores(*, assignment_id, judge, criterion_ids, expected_version: int | None = None
                 ) -> Scorecard | None:
    """Remove the judge's draft scores for these criteria (a score typed by mistake).

    The same checks as a draft save: the judge's own assignment (else 404), judging open,
    the card editable (a submitted card answers 409) and `expected_version` as the edits'
    starting point (409 `changed`). Each id must be a judged criterion of the stage (400
    keyed `scores.<id>`). A criterion without a stored score is already clear: nothing
    changes for it, and when nothing is removed the version stays. Returns the card (None
    before the first save)."""
    assignment = _locked_assignment(assignment_id, judge)
    _require_judging(assignment.stage.contest)
    # Which criteria a judge scores is the rubric's rule: a valid score's criteria.
    rubric = rubric_of(Criterion.objects.filter(stage_id=assignment.stage_id))
    _valid, errors = validate_scores(rubric, dict.fromkeys(map(str, criterion_ids), "0"),
                                     CriterionKind.JUDGED)
    if errors:
        raise InvalidInput(errors=errors)
    card = Scorecard.objects.filter(assignment=assignment).first()
    if card is not None and not card.is_editable:
        raise NotAllowed(_("This scorecard has been submitted."), state=card.state)
    if expected_version is not None and expected_version != (card.version if card else 0):
        raise NotAllowed(_("This scorecard was changed elsewhere since you opened it."),
                         state=CHANGED_ELSEWHERE)
    removed = card.scores.filter(criterion_id__in=[int(i) for i in criterion_ids]) \
        if card else Score.objects.none()
    cleared = sorted(removed.values_list("criterion_id", flat=True))
    if not cleared:
        return card
    removed.delete()
    card.version += 1
    card.save(update_fields=["version", "updated_at"])
    record(actor=judge, action="scorecard.scores_cleared", target=card, data={
        "assignment": assignment.pk, "stage": assignment.stage_id,
        "entry": assignment.entry.code, "version": card.version,
        "cleared": [str(pk) for pk in cleared], "scores": _figures(card),
    })
    return card
