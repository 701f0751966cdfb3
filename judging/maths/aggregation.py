"""Aggregating several judges' figures into one: mean, median, trimmed mean.

All three sort their input first, so the result never depends on the order the scorecards
arrive in, and return an exact (unrounded) Decimal.
"""

from collections.abc import Sequence
from decimal import Decimal
from enum import StrEnum

from .errors import ScoringInputError
from .primitives import exact_sum, precise


class Aggregation(StrEnum):
    MEAN = "mean"
    MEDIAN = "median"
    TRIMMED_MEAN = "trimmed_mean"


def minimum_cards(method: Aggregation, trim: int) -> int:
    """The fewest figures `method` can aggregate: `2·trim + 1` for a trimmed mean, else 1."""
    if method == Aggregation.TRIMMED_MEAN:
        return 2 * trim + 1
    return 1


def mean(values: Sequence[Decimal]) -> Decimal:
    """Arithmetic mean."""
    if not values:
        raise ScoringInputError("the mean of no values is undefined", code="empty")
    with precise():
        return exact_sum(values) / len(values)


def population_sd(values: Sequence[Decimal]) -> Decimal:
    """Population standard deviation, `sqrt(Σ (x − mean)² / n)`; 0 for a single value."""
    centre = mean(values)
    with precise():
        return (exact_sum((x - centre) ** 2 for x in values) / len(values)).sqrt()


def median(values: Sequence[Decimal]) -> Decimal:
    """The middle value; with an even count, the mean of the two middle values."""
    if not values:
        raise ScoringInputError("the median of no values is undefined", code="empty")
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return mean(ordered[middle - 1 : middle + 1])


def trimmed_mean(values: Sequence[Decimal], trim: int = 1) -> Decimal:
    """Mean after dropping the `trim` highest and the `trim` lowest values.

    Values are dropped by position in the sorted list, so when several judges gave the same
    highest value only one of them is dropped per unit of `trim` (去掉一个最高分和一个最低分).
    Needs at least `2·trim + 1` values.
    """
    if trim < 0:
        raise ScoringInputError("trim must not be negative", code="bad_rules")
    if len(values) < 2 * trim + 1:
        raise ScoringInputError(
            f"a trimmed mean with trim={trim} needs at least {2 * trim + 1} values",
            code="too_few_values",
        )
    ordered = sorted(values)
    return mean(ordered[trim : len(ordered) - trim])


def aggregate(values: Sequence[Decimal], method: Aggregation, trim: int = 1) -> Decimal:
    """Apply the stage's aggregation `method` to `values` (`trim` is used by trimmed_mean)."""
    if method == Aggregation.MEAN:
        return mean(values)
    if method == Aggregation.MEDIAN:
        return median(values)
    return trimmed_mean(values, trim)
