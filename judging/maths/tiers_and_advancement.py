"""Who advances from a non-final stage, and which tier (prize) each entry of a final stage
gets. Both work on one track's competition ranks.

Quotas. A quota is a count, or a percentage of the track's RANKED entries (incomplete
entries are not ranked; while any exist the result cannot be published anyway), rounded
down: 10% of 15 entries is 1 place.

Advancement. The top N (or P%) advance. A percentage quota gives at least one place when the
track has entries and P > 0, so a small track is never emptied by rounding down. Entries
tied at the cut ALL advance (rank ≤ N): tied entries are indistinguishable after every
tie-break, and a later stage can still separate them, so excluding one arbitrarily would be
unfair and blocking the stage on a decision would be out of proportion.

Tiers. Tiers are filled in order by rank, each with up to its quota from the entries not yet
placed; an entry never gets a better tier than a better-ranked entry. When a group of tied
entries does not fit in the seats left in a tier (the tie straddles a quota boundary,
including the boundary between the last tier and no tier), its members get no tier and
`needs_decision=True`, with the tiers the tie spans as `choices`; entries after it are
placed as if the tie had taken its seats in rank order (provisionally). An organizer
resolves it with a recorded decision:

* `assignments`: entry id → tier id (or None: no tier) for members of that tie; each must
  be one of the tie's `choices`. A placed entry takes a seat of its tier; members left
  undecided are placed in the seats that remain (and may still need a decision).
* `widened`: (track id, tier id): the tie that straddles the end of that tier all gets
  that tier. The tier exceeds its quota; later tiers keep their full quotas.

Decisions that match no straddling tie (stale after a score was reopened, or naming a tier
outside the tie's choices) are not applied and are reported as ignored.
"""

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_FLOOR, Decimal

from .errors import ScoringInputError
from .primitives import Id, id_sort_key, precise


@dataclass(frozen=True)
class Quota:
    """A number of places: exactly one of `count` or `percent` (of the track's entries)."""

    count: int | None = None
    percent: Decimal | None = None

    def __post_init__(self) -> None:
        if (self.count is None) == (self.percent is None):
            raise ScoringInputError("a quota is either a count or a percent", code="bad_quota")
        if (self.count or 0) < 0 or (self.percent or 0) < 0:
            raise ScoringInputError("a quota cannot be negative", code="bad_quota")

    def seats(self, track_size: int) -> int:
        """Places for a track of `track_size` ranked entries; a percentage rounds down."""
        if self.count is not None:
            return self.count
        with precise():
            share = Decimal(self.percent) * track_size / 100
            return int(share.to_integral_value(ROUND_FLOOR))


@dataclass(frozen=True)
class TierRule:
    """A prize level of the final stage (一等奖 ...), in order, best first."""

    id: Id
    quota: Quota


@dataclass(frozen=True)
class TieDecisions:
    """An organizer's recorded resolution of ties at quota boundaries (see module doc)."""

    assignments: Mapping[Id, Id | None] = field(default_factory=dict)
    widened: frozenset[tuple[Id, Id]] = frozenset()


@dataclass(frozen=True)
class Placement:
    """Where one entry of a final stage ends up."""

    tier_id: Id | None
    needs_decision: bool = False
    choices: tuple[Id | None, ...] = ()  # the tiers an undecided tie spans (None: no tier)
    decided: bool = False  # placed by an organizer's assignment or widening


@dataclass(frozen=True)
class TrackTiers:
    placements: dict[Id, Placement]
    seats: dict[Id, int]  # each tier's quota in this track
    applied_assignments: frozenset[Id]  # entry ids whose assignment was used
    applied_widenings: frozenset[Id]  # tier ids widened here


def advancement_seats(quota: Quota, track_size: int) -> int:
    """Places to advance: the quota's seats, at least 1 for a positive percentage."""
    seats = quota.seats(track_size)
    if quota.percent is not None and quota.percent > 0 and track_size > 0:
        return max(seats, 1)
    return seats


def advancing(ranks: Mapping[Id, int], quota: Quota) -> frozenset[Id]:
    """Entries that advance: rank ≤ seats, so every entry tied at the cut advances."""
    seats = advancement_seats(quota, len(ranks))
    return frozenset(entry for entry, rank in ranks.items() if rank <= seats)


def tie_groups(ranks: Mapping[Id, int]) -> list[list[Id]]:
    """Entries grouped by shared rank, best rank first, ids ordered within a group."""
    groups: dict[int, list[Id]] = {}
    for entry in sorted(ranks, key=id_sort_key):
        groups.setdefault(ranks[entry], []).append(entry)
    return [groups[rank] for rank in sorted(groups)]


class _SeatBoard:
    """Seats left in each tier of one track; index `len(tiers)` means "no tier"."""

    def __init__(self, seats: list[int]) -> None:
        self.left = list(seats)
        self.no_tier = len(seats)

    def span(self, count: int) -> list[int]:
        """The tiers `count` entries would occupy if placed in rank order."""
        spanned, still_to_place = [], count
        for index, left in enumerate(self.left):
            if still_to_place == 0:
                break
            taken = min(max(left, 0), still_to_place)
            if taken:
                spanned.append(index)
                still_to_place -= taken
        if still_to_place:
            spanned.append(self.no_tier)
        return spanned

    def take(self, index: int, count: int = 1) -> None:
        if index != self.no_tier:
            self.left[index] -= count

    def take_in_rank_order(self, count: int) -> None:
        for index in self.span(count):
            taken = count if index == self.no_tier else min(max(self.left[index], 0), count)
            self.take(index, taken)
            count -= taken

    def close_before(self, index: int) -> None:
        """No worse-ranked entry may get a tier better than `index`."""
        for earlier in range(min(index, self.no_tier)):
            self.left[earlier] = min(self.left[earlier], 0)


def allocate_tiers(
    ranks: Mapping[Id, int],
    tiers: list[TierRule],
    *,
    assignments: Mapping[Id, Id | None] | None = None,
    widened: Collection[Id] = (),
) -> TrackTiers:
    """Place one track's ranked entries into `tiers` (see module doc for the rule).

    `ranks`: competition ranks of the track's entries; `assignments` (entry id → tier id)
    and `widened` (tier ids) are the organizer's decisions that concern this track.
    """
    seats = {tier.id: tier.quota.seats(len(ranks)) for tier in tiers}
    allocator = _TrackAllocator([seats[tier.id] for tier in tiers], [tier.id for tier in tiers],
                                assignments or {}, frozenset(widened))
    for group in tie_groups(ranks):
        allocator.place(group)
    return TrackTiers(
        placements=allocator.placements,
        seats=seats,
        applied_assignments=frozenset(allocator.applied_assignments),
        applied_widenings=frozenset(allocator.applied_widenings),
    )


class _TrackAllocator:
    """Places tie groups one after another, best rank first."""

    def __init__(self, seats: list[int], tier_ids: list[Id],
                 assignments: Mapping[Id, Id | None], widened: frozenset[Id]) -> None:
        self.board = _SeatBoard(seats)
        self.tier_ids: list[Id | None] = [*tier_ids, None]
        self.index_of = {tier_id: index for index, tier_id in enumerate(self.tier_ids)}
        self.assignments = assignments
        self.widened = widened
        self.placements: dict[Id, Placement] = {}
        self.applied_assignments: set[Id] = set()
        self.applied_widenings: set[Id] = set()
        # A lone entry's placement in each tier (or none): the same value for all of them.
        self._alone = [Placement(tier_id) for tier_id in self.tier_ids]

    def place(self, group: list[Id]) -> None:
        if len(group) == 1:
            self._place_alone(group[0])
        else:
            self._place_group(group)

    def _place_group(self, group: list[Id]) -> None:
        spanned = self.board.span(len(group))
        undecided = self._apply_assignments(group, spanned) if len(spanned) > 1 else group
        used = [self.index_of[self.placements[entry].tier_id]
                for entry in group if entry not in undecided]
        if undecided:
            used.append(self._place_undecided(undecided))
        self.board.close_before(max(used))

    def _place_alone(self, entry: Id) -> None:
        """An entry tied with no other (most of them): the first tier with a seat left, else
        none. What `_place_group` does for a one-entry group, without its machinery: the
        span is a single tier, so no assignment applies and no decision is needed, and every
        tier before it has no seat left already (`close_before` would change nothing)."""
        left = self.board.left
        for index, seats in enumerate(left):
            if seats > 0:
                left[index] = seats - 1
                break
        else:
            index = self.board.no_tier
        self.placements[entry] = self._alone[index]

    def _apply_assignments(self, group: list[Id], spanned: list[int]) -> list[Id]:
        """Place the members the organizer assigned to one of the spanned tiers; return the
        others."""
        allowed = {self.tier_ids[index] for index in spanned}
        undecided = []
        for entry in group:
            if entry in self.assignments and self.assignments[entry] in allowed:
                tier_id = self.assignments[entry]
                self.placements[entry] = Placement(tier_id, decided=True)
                self.board.take(self.index_of[tier_id])
                self.applied_assignments.add(entry)
            else:
                undecided.append(entry)
        return undecided

    def _place_undecided(self, entries: list[Id]) -> int:
        """Place tied entries together if they fit or their tier was widened, else mark them
        as needing a decision. Returns the worst tier index they occupy."""
        spanned = self.board.span(len(entries))
        first = spanned[0]
        if len(spanned) == 1 or self.tier_ids[first] in self.widened:
            decided = len(spanned) > 1
            if decided:
                self.applied_widenings.add(self.tier_ids[first])
            self._place_all(entries, Placement(self.tier_ids[first], decided=decided))
            self.board.take(first, len(entries))
            return first
        choices = tuple(self.tier_ids[index] for index in spanned)
        self._place_all(entries, Placement(None, needs_decision=True, choices=choices))
        self.board.take_in_rank_order(len(entries))
        return spanned[-1]

    def _place_all(self, entries: list[Id], placement: Placement) -> None:
        for entry in entries:
            self.placements[entry] = placement
