"""From contest criteria rows to the maths' rubric, and score validation with translated,
criterion-named messages."""

from collections.abc import Iterable, Mapping
from decimal import Decimal

from django.utils.translation import gettext as _

from contests.models import Criterion

from .maths import CriterionKind, Rubric, RubricCriterion, ScoreError, validate_score

CENT = Decimal("0.01")


def rubric_of(criteria: Iterable[Criterion]) -> Rubric:
    return Rubric(tuple(
        RubricCriterion(id=c.pk, name=c.name, max_score=c.max_score, weight=c.weight,
                  kind=CriterionKind(c.kind))
        for c in criteria
    ))


def _message(criterion: RubricCriterion | None, code: str) -> str:
    name = criterion.name if criterion else ""
    if code == "negative":
        return _("%(name)s: a score cannot be negative.") % {"name": name}
    if code == "above_maximum":
        return _("%(name)s: a score cannot exceed %(max)s.") % {
            "name": name, "max": criterion.max_score}
    if code == "too_many_decimals":
        return _("%(name)s: a score has at most two decimal places.") % {"name": name}
    if code == "missing":
        return _("%(name)s: a score is required to submit.") % {"name": name}
    if code == "wrong_kind" and criterion.kind == CriterionKind.OBJECTIVE:
        return _("%(name)s is recorded by the organizers, not scored by judges.") % {
            "name": name}
    if code == "wrong_kind":
        return _("%(name)s is scored by the judges, not recorded per entry.") % {
            "name": name}
    return _("%(name)s: a score must be a decimal number.") % {"name": name}


def validate_scores(
    rubric: Rubric, scores: Mapping, kind: CriterionKind, *, prefix: str = "scores"
) -> tuple[dict[int, Decimal], dict[str, list[str]]]:
    """Check every given score; return (valid scores by criterion id, errors).

    Errors are keyed `"<prefix>.<criterion id as sent>"`, each message naming the
    criterion. JSON numbers are read by their decimal text (8.5 → Decimal("8.50")); valid
    scores are returned with exactly two places, as stored.
    """
    valid: dict[int, Decimal] = {}
    errors: dict[str, list[str]] = {}
    for key, raw in scores.items():
        field = f"{prefix}.{key}"
        try:
            criterion = rubric.get(int(key))
        except (TypeError, ValueError):
            criterion = None
        if criterion is None:
            errors[field] = [_("Unknown criterion %(id)s.") % {"id": key}]
            continue
        if criterion.kind != kind:
            errors[field] = [_message(criterion, "wrong_kind")]
            continue
        value = str(raw) if isinstance(raw, float) else raw
        try:
            valid[criterion.id] = validate_score(criterion, value).quantize(CENT)
        except ScoreError as error:
            errors[field] = [_message(criterion, error.code)]
    return valid, errors


def missing_scores(rubric: Rubric, present: Iterable[int], *, prefix: str = "scores"):
    """Errors for the judged criteria without a score (submitting needs them all)."""
    have = set(present)
    return {
        f"{prefix}.{c.id}": [_message(c, "missing")]
        for c in rubric.judged if c.id not in have
    }
