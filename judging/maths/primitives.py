"""Building blocks shared by the scoring maths: identifiers, the Decimal context, rounding.

Every computation runs inside `precise()`, a local Decimal context of 50 significant digits,
so sums of scores are exact and divisions and square roots are far more precise than the
two places shown. Rounding (half-up) happens only where a rule says so, at the end.
"""

from collections.abc import Iterable
from decimal import (
    ROUND_HALF_EVEN,
    ROUND_HALF_UP,
    Context,
    Decimal,
    DivisionByZero,
    InvalidOperation,
    Overflow,
    localcontext,
)
from functools import cache

Id = int | str
"""A database primary key or any other stable identifier (entry, judge, criterion, ...)."""

PRECISION = 50
CENT = Decimal("0.01")
ZERO = Decimal(0)
_CONTEXT = Context(
    prec=PRECISION,
    rounding=ROUND_HALF_EVEN,
    traps=[InvalidOperation, DivisionByZero, Overflow],
)


def precise():
    """A local Decimal context with 50 significant digits: `with precise(): ...`."""
    return localcontext(_CONTEXT)


def round_half_up(value: Decimal, places: int = 2) -> Decimal:
    """Round to `places` decimals, halves away from zero (80.005 → 80.01); never "-0.00".

    Called once per published figure (10,000s of times): the context is passed to
    `quantize` rather than entered with `precise()`, the same arithmetic without a context
    switch per call."""
    rounded = value.quantize(_unit(places), rounding=ROUND_HALF_UP, context=_CONTEXT)
    return rounded.copy_abs() if rounded == 0 else rounded


@cache
def _unit(places: int) -> Decimal:
    """10^-places (0.01 for two places)."""
    return Decimal(1).scaleb(-places)


def id_sort_key(identifier: Id | None) -> tuple[int, int | str]:
    """Orders ids deterministically: None first, then ints by value, then strings."""
    if type(identifier) is int:  # the usual case first: called per row when sorting
        return (1, identifier)
    if identifier is None:
        return (0, 0)
    if isinstance(identifier, int):
        return (1, identifier)
    return (2, identifier)


def exact_sum(values: Iterable[Decimal]) -> Decimal:
    """Sum in ascending order, so the result never depends on the order values arrive in."""
    with precise():
        return sum(sorted(values), ZERO)
