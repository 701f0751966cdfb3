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
from functools import cache, lru_cache

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
    """SHA-256 (hex) of the canonical JSON of `rows` and `incomplete`: the payload
    `{"version": …, "rows": [row, …], "incomplete": [item, …]}` (rows by track, rank and
    entry id; incomplete entries by id) as `json.dumps(payload, sort_keys=True,
    separators=(",", ":"), ensure_ascii=False)` writes it, figures as strings.

    The rows (10,000s of them) are written out directly, each in one f-string with its
    keys in sorted order, rather than as dicts for `json.dumps` to sort and encode: the same
    text (`tests/judging/test_scoring_outcomes.py` compares both), a fraction of the time."""
    items = [
        {
            "entry": item.entry_id,
            "track": item.track_id,
            "scorecards": item.scorecards,
            "required": item.required,
            "missing_objective": sorted(item.missing_objective, key=id_sort_key),
        }
        for item in sorted(incomplete, key=lambda item: id_sort_key(item.entry_id))
    ]
    canonical = (
        f'{{"incomplete":{_json(items)},'
        f'"rows":[{",".join(_row_json(row) for row in sorted(rows, key=_row_order))}],'
        f'"version":{CHECKSUM_VERSION}}}'
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


def _row_order(row: RankedEntry) -> tuple:
    return (id_sort_key(row.track_id), row.rank, id_sort_key(row.entry_id))


def _json(value) -> str:
    """`value` as canonical JSON (as `results_checksum` documents)."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _id_json(identifier: Id | None) -> str:
    if type(identifier) is int:
        return str(identifier)
    return "null" if identifier is None else _json(identifier)


def _flag_json(flag: bool | None) -> str:
    return (
        "null"
        if flag is None
        else "true"
        if flag is True
        else "false"
        if flag is False
        else _json(flag)
    )


def _row_json(row: RankedEntry) -> str:
    """One row's canonical JSON object, keys in sorted order. Figures are Decimals, whose
    `str` has nothing JSON escapes."""
    aggregates = row.criterion_aggregates
    layout = _criteria_layout(tuple(aggregates))
    if layout is None:
        criteria = ",".join(
            f'{_key_json(key)}:"{value}"'
            for key, value in sorted((str(key), value) for key, value in aggregates.items())
        )
    else:
        order, template = layout
        values = tuple(aggregates.values())
        criteria = template.format(*[values[i] for i in order])
    choices = ",".join(_id_json(choice) for choice in row.tier_choices)
    return (
        f'{{"advanced":{_flag_json(row.advanced)},"criteria":{{{criteria}}},'
        f'"decided":{_flag_json(row.decided)},"entry":{_id_json(row.entry_id)},'
        f'"judged_score":"{row.judged_score}","needs_decision":{_flag_json(row.needs_decision)},'
        f'"objective_score":"{row.objective_score}","rank":{row.rank},'
        f'"scorecards":{row.scorecards},"stage_score":"{row.stage_score}",'
        f'"tier":{_id_json(row.tier_id)},"tier_choices":[{choices}],'
        f'"track":{_id_json(row.track_id)}}}'
    )


@lru_cache(maxsize=256)
def _criteria_layout(keys: tuple) -> tuple[tuple[int, ...], str] | None:
    """For rows whose criteria are `keys` (every row of a stage has the same ones): the
    positions of their values in key order and a template for `"key":"value",…` to format
    them into (`str.format`, so each value is written as in an f-string). None if two keys
    have the same text (then the values decide their order, as `_row_json` sorts them)."""
    texts = [str(key) for key in keys]
    if len(set(texts)) != len(texts):
        return None
    order = tuple(sorted(range(len(keys)), key=texts.__getitem__))
    template = ",".join(
        _key_json(texts[i]).replace("{", "{{").replace("}", "}}") + ':"{}"' for i in order
    )
    return order, template


@cache
def _key_json(key: str) -> str:
    """A criterion key (the same few in every row) as a JSON string."""
    return _json(key)
