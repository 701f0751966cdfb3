"""What a stage computation returns, and its checksum.

Figures in rows are rounded half-up to two places (the published figures). The checksum is
a SHA-256 over a canonical JSON of the rows and the incomplete entries, sorted, so
computing twice from the same inputs, in any order, gives the same checksum.
"""

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from .primitives import Id, id_sort_key

CHECKSUM_VERSION = 1  # bump when the rules or the row layout change


@dataclass(frozen=True)
class RankedEntry:
    """One ranked entry of a stage. Non-final stages set `advanced`; final stages set the
    tier fields (`tier_id` None: no tier, or undecided when `needs_decision`)."""

    entry_id: Id
    track_id: Id
    rank: int  # competition rank within the track (1, 2, 2, 4)
    stage_score: Decimal  # judged + objective, rounded once at the end
    judged_score: Decimal
    objective_score: Decimal
    criterion_aggregates: Mapping[Id, Decimal]  # every criterion, rounded
    scorecards: int  # submitted scorecards counted
    advanced: bool | None = None
    tier_id: Id | None = None
    needs_decision: bool = False
    tier_choices: tuple[Id | None, ...] = ()  # tiers an undecided tie spans (None: no tier)
    decided: bool = False  # tier set by an organizer's decision


@dataclass(frozen=True)
class IncompleteEntry:
    """An entry that cannot be scored yet: too few submitted scorecards (`scorecards` <
    `required`) and/or objective criteria not recorded."""

    entry_id: Id
    track_id: Id
    scorecards: int
    required: int
    missing_objective: tuple[Id, ...] = ()


@dataclass(frozen=True)
class TrackSummary:
    track_id: Id
    ranked: int  # complete entries ranked in the track (the base for percentage quotas)
    advancement_seats: int | None = None  # non-final stage
    tier_seats: Mapping[Id, int] | None = None  # final stage: tier id → quota in places


@dataclass(frozen=True)
class StageOutcome:
    rows: tuple[RankedEntry, ...]  # by track, rank, entry id
    incomplete: tuple[IncompleteEntry, ...]
    tracks: tuple[TrackSummary, ...]
    ignored_assignments: tuple[Id, ...]  # decisions (entry ids) that matched no open tie
    ignored_widenings: tuple[tuple[Id, Id], ...]  # (track id, tier id) likewise
    checksum: str

    @property
    def needs_decision(self) -> bool:
        return any(row.needs_decision for row in self.rows)

    @property
    def publishable(self) -> bool:
        """Results may be published: every entry is complete and no tie awaits a decision."""
        return not self.incomplete and not self.needs_decision


def results_checksum(rows: tuple[RankedEntry, ...], incomplete: tuple[IncompleteEntry, ...]) -> str:
    """SHA-256 (hex) of the canonical JSON of `rows` and `incomplete`."""
    payload = {
        "version": CHECKSUM_VERSION,
        "rows": [_row_json(row) for row in sorted(rows, key=_row_order)],
        "incomplete": [
            {
                "entry": item.entry_id,
                "track": item.track_id,
                "scorecards": item.scorecards,
                "required": item.required,
                "missing_objective": sorted(item.missing_objective, key=id_sort_key),
            }
            for item in sorted(incomplete, key=lambda item: id_sort_key(item.entry_id))
        ],
    }
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _row_order(row: RankedEntry) -> tuple:
    return (id_sort_key(row.track_id), row.rank, id_sort_key(row.entry_id))


def _row_json(row: RankedEntry) -> dict:
    return {
        "entry": row.entry_id,
        "track": row.track_id,
        "rank": row.rank,
        "stage_score": str(row.stage_score),
        "judged_score": str(row.judged_score),
        "objective_score": str(row.objective_score),
        "criteria": {str(key): str(value) for key, value in row.criterion_aggregates.items()},
        "scorecards": row.scorecards,
        "advanced": row.advanced,
        "tier": row.tier_id,
        "needs_decision": row.needs_decision,
        "tier_choices": list(row.tier_choices),
        "decided": row.decided,
    }
