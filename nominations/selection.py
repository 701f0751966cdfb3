"""Who goes on notice for one post (pure; no ORM).

Committee-approved nominations are ranked by composite score, descending; ties are broken
by the better (lower) best rank, a nomination without a rank coming last; still equal,
they share their place. The first `quota` places go on notice, the rest are `reserve`.

Two things need an organizer's recorded decision before the notice may open:
* a tie that straddles the quota (some of the tied would be in, some out);
* a list that breaks `min_non_party_share` (too few who are not party members).

`check_decision` says whether a decided list resolves what `plan` found.
"""

from dataclasses import dataclass, field
from decimal import Decimal
from itertools import groupby


@dataclass(frozen=True)
class Candidate:
    id: int
    composite: Decimal
    best_rank: int | None
    party_member: bool


@dataclass(frozen=True)
class Plan:
    selected: list[int]
    reserve: list[int]
    tied: list[int] = field(default_factory=list)  # a tie across the quota boundary
    shortfall: bool = False  # the selection breaks min_non_party_share

    @property
    def needs_decision(self) -> bool:
        return bool(self.tied) or self.shortfall


def _key(candidate: Candidate):
    rank = candidate.best_rank if candidate.best_rank is not None else float("inf")
    return (-candidate.composite, rank)


def ranked(candidates: list[Candidate]) -> list[list[Candidate]]:
    """Candidates in order, grouped by equal standing."""
    ordered = sorted(candidates, key=lambda c: (_key(c), c.id))
    return [list(group) for _key_value, group in groupby(ordered, key=_key)]


def non_party_share_ok(chosen: list[Candidate], share: Decimal | None) -> bool:
    if share is None or not chosen:
        return True
    non_party = sum(1 for c in chosen if not c.party_member)
    return Decimal(non_party) >= share * len(chosen)


def plan(candidates: list[Candidate], quota: int, share: Decimal | None = None) -> Plan:
    selected, reserve, tied = [], [], []
    for group in ranked(candidates):
        room = quota - len(selected) - len(tied)
        if room <= 0:
            reserve.extend(c.id for c in group)
        elif len(group) <= room:
            selected.extend(c.id for c in group)
        else:
            tied.extend(c.id for c in group)
    by_id = {c.id: c for c in candidates}
    shortfall = not tied and not non_party_share_ok([by_id[i] for i in selected], share)
    return Plan(selected=selected, reserve=reserve, tied=tied, shortfall=shortfall)


def check_decision(candidates: list[Candidate], quota: int, share: Decimal | None,
                   chosen_ids: list[int]) -> str | None:
    """None when `chosen_ids` is a valid decided list for this post, else the problem
    as a code: "unknown", "too_many", "tie_not_resolved", "share"."""
    by_id = {c.id: c for c in candidates}
    if len(set(chosen_ids)) != len(chosen_ids) or any(i not in by_id for i in chosen_ids):
        return "unknown"
    if len(chosen_ids) > quota:
        return "too_many"
    chosen = [by_id[i] for i in chosen_ids]
    if not non_party_share_ok(chosen, share):
        return "share"
    current = plan(candidates, quota, share)
    if current.tied and share is None:
        # A tie alone: keep everyone clearly inside, fill the remaining places from the tie.
        # (With a composition rule, any list that meets it is a valid decision: meeting it
        # may take someone ranked inside off the list.)
        clear, tie = set(current.selected), set(current.tied)
        rest = set(chosen_ids) - clear
        if not clear <= set(chosen_ids) or not rest <= tie or len(chosen_ids) != min(
                quota, len(candidates)):
            return "tie_not_resolved"
    return None
