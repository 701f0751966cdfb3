"""The composite score of a nomination (pure functions on Decimals; no ORM).

    normalised score = stage score ÷ the stage's maximum possible score × 100
    maximum possible = Σ weight_c × max_score_c over the stage's criteria
    composite        = Σ weight_s × normalised_s over the provenance

Arithmetic in Decimal at full precision; rounded half-up to 2 places only at the end.
A nomination without provenance has composite 0.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext

HUNDRED = Decimal(100)
CENT = Decimal("0.01")
# Plenty for 2-place scores, 4-place weights and a quotient carried to the end.
PRECISION = 40


@dataclass(frozen=True)
class SourceScore:
    stage_score: Decimal
    max_score: Decimal
    weight: Decimal
    rank: int | None = None


def stage_maximum(criteria: Iterable[tuple[Decimal, Decimal]]) -> Decimal:
    """Σ weight × max_score over (weight, max_score) pairs; weight 0 adds nothing."""
    with localcontext() as ctx:
        ctx.prec = PRECISION
        return sum((Decimal(w) * Decimal(m) for w, m in criteria), Decimal(0))


def composite(sources: Iterable[SourceScore]) -> Decimal:
    total = Decimal(0)
    with localcontext() as ctx:
        ctx.prec = PRECISION
        for source in sources:
            if source.max_score <= 0:
                raise ValueError("a stage's maximum possible score must be positive")
            total += source.weight * (source.stage_score / source.max_score * HUNDRED)
        return total.quantize(CENT, rounding=ROUND_HALF_UP)


def best_rank(sources: Iterable[SourceScore]) -> int | None:
    ranks = [source.rank for source in sources if source.rank is not None]
    return min(ranks) if ranks else None
