"""Ranking within a track: stage score descending, then the stage's tie-break list.

Rule: compare the ROUNDED stage score (two places, as published), so that entries people
see as equal are treated as equal and the tie-breaks decide; then each tie-break in order,
on the criterion's aggregate rounded to two places, higher first (`desc`) or lower first
(`asc`, e.g. time used). Rows still equal share a rank, competition style: 1, 2, 2, 4
(rank = 1 + the number of rows strictly better).
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from .primitives import Id, id_sort_key

RankingKey = tuple[Decimal, ...]
"""Smaller is better: (−stage score, then each tie-break value signed so smaller wins)."""


class Order(StrEnum):
    ASC = "asc"  # lower aggregate ranks first (shorter time used)
    DESC = "desc"  # higher aggregate ranks first


@dataclass(frozen=True)
class TieBreakRule:
    criterion_id: Id
    order: Order = Order.DESC


def ranking_key(
    stage_score: Decimal,
    criterion_aggregates: Mapping[Id, Decimal],
    tie_breaks: Sequence[TieBreakRule],
) -> RankingKey:
    """The key rows are sorted by (pass the rounded figures, see module doc)."""
    parts = [-stage_score]
    for tie_break in tie_breaks:
        value = criterion_aggregates[tie_break.criterion_id]
        parts.append(value if tie_break.order == Order.ASC else -value)
    return tuple(parts)


def competition_ranks(keys: Mapping[Id, RankingKey]) -> dict[Id, int]:
    """Rank items by key (smaller is better): equal keys share a rank, and the next rank
    skips as many places as were shared (1, 2, 2, 4). The dict lists the items best first,
    in `ranked_order`."""
    ranks: dict[Id, int] = {}
    previous_key: RankingKey | None = None
    for position, item in enumerate(ranked_order(keys), start=1):
        key = keys[item]
        if key != previous_key:
            rank = position
            previous_key = key
        ranks[item] = rank
    return ranks


def ranked_order(keys: Mapping[Id, RankingKey]) -> list[Id]:
    """Items best first; items with equal keys in id order (for a stable display only).

    Sorted by id, then (stably) by key: the same order as by (key, id) in one sort, without
    a Python key function building a pair per item (ints, the usual ids, sort as they are)."""
    if all(type(item) is int for item in keys):
        by_id = sorted(keys)
    else:
        by_id = sorted(keys, key=id_sort_key)
    by_id.sort(key=keys.__getitem__)
    return by_id
