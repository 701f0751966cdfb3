"""Rubrics, score validation and weighted totals.

Rule: scores are decimals with `0 ≤ s ≤ max_score` and at most two decimal places. A
scorecard's total is `Σ weight_c · s_c` over the judged criteria; an entry's objective
component is the same sum over the objective criteria (recorded once per entry).
"""

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from .errors import ScoreError, ScoringInputError
from .primitives import CENT, ZERO, Id, exact_sum, precise


class CriterionKind(StrEnum):
    JUDGED = "judged"  # every judge scores it on their scorecard
    OBJECTIVE = "objective"  # recorded once per entry by an organizer (exam, time used)


@dataclass(frozen=True)
class RubricCriterion:
    """One line of a rubric. A weight of 0 records the score for tie-breaks only."""

    id: Id
    name: str
    max_score: Decimal
    weight: Decimal
    kind: CriterionKind = CriterionKind.JUDGED

    def __post_init__(self) -> None:
        if not self.max_score > 0:
            raise ScoringInputError(f"criterion {self.id!r}: max_score must be positive",
                                    code="bad_rubric")
        if self.weight < 0:
            raise ScoringInputError(f"criterion {self.id!r}: weight must not be negative",
                                    code="bad_rubric")


@dataclass(frozen=True)
class Rubric:
    """The ordered criteria of a stage; ids are unique."""

    criteria: tuple[RubricCriterion, ...]

    def __post_init__(self) -> None:
        ids = [criterion.id for criterion in self.criteria]
        if len(ids) != len(set(ids)):
            raise ScoringInputError("criterion ids must be unique", code="bad_rubric")

    def get(self, criterion_id: Id) -> RubricCriterion | None:
        return next((c for c in self.criteria if c.id == criterion_id), None)

    def of_kind(self, kind: CriterionKind) -> tuple[RubricCriterion, ...]:
        return tuple(c for c in self.criteria if c.kind == kind)

    @property
    def judged(self) -> tuple[RubricCriterion, ...]:
        return self.of_kind(CriterionKind.JUDGED)

    @property
    def objective(self) -> tuple[RubricCriterion, ...]:
        return self.of_kind(CriterionKind.OBJECTIVE)


def validate_score(criterion: RubricCriterion, value: object) -> Decimal:
    """Return `value` as a Decimal if it is a valid score for `criterion`, else raise.

    Accepts a Decimal, an int or a decimal string ("8.50"); rejects floats (binary
    fractions are not exact), booleans, NaN and infinities. Valid: finite, `0 ≤ s ≤
    max_score`, at most two decimal places (8.50 and 8.500 are fine, 8.505 is not).
    Raises `ScoreError` with the criterion's id and a code.
    """
    number = _as_decimal(criterion, value)
    if number < 0:
        raise ScoreError(criterion.id, "negative", "a score cannot be negative")
    if number > criterion.max_score:
        raise ScoreError(criterion.id, "above_maximum",
                         f"a score cannot exceed {criterion.max_score}")
    with precise():
        if number.quantize(CENT) != number:
            raise ScoreError(criterion.id, "too_many_decimals",
                             "a score has at most two decimal places")
    return number


def _as_decimal(criterion: RubricCriterion, value: object) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, Decimal | int | str):
        raise ScoreError(criterion.id, "not_a_number", "a score must be a decimal number")
    try:
        number = Decimal(value.strip() if isinstance(value, str) else value)
    except InvalidOperation:
        raise ScoreError(criterion.id, "not_a_number",
                         "a score must be a decimal number") from None
    if not number.is_finite():
        raise ScoreError(criterion.id, "not_a_number", "a score must be a finite number")
    return number


def validate_scores(
    rubric: Rubric,
    scores: Mapping[Id, object],
    kind: CriterionKind,
    *,
    complete: bool = True,
) -> dict[Id, Decimal]:
    """Validate a set of scores of one `kind` (a scorecard: judged; an entry: objective).

    Every key must be a criterion of that kind; with `complete=True` (submitting) every
    criterion of that kind must be present, with `complete=False` (saving a draft) missing
    ones are allowed. Raises `ScoreError` for the first problem, in rubric order.
    """
    for criterion_id in scores:
        criterion = rubric.get(criterion_id)
        if criterion is None:
            raise ScoreError(criterion_id, "unknown_criterion", "not a criterion of this rubric")
        if criterion.kind != kind:
            raise ScoreError(criterion_id, "wrong_kind", f"not a {kind} criterion")
    validated: dict[Id, Decimal] = {}
    for criterion in rubric.of_kind(kind):
        if criterion.id in scores:
            validated[criterion.id] = validate_score(criterion, scores[criterion.id])
        elif complete:
            raise ScoreError(criterion.id, "missing", "a score is required")
    return validated


def weighted_total(criteria: tuple[RubricCriterion, ...], scores: Mapping[Id, Decimal]) -> Decimal:
    """`Σ weight_c · s_c` over `criteria`, exact (no rounding). Missing scores count as 0;
    callers validate completeness first."""
    with precise():
        return exact_sum(c.weight * scores.get(c.id, ZERO) for c in criteria)
