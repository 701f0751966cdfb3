"""From scored entries to result rows: round, rank per track, advance or place in tiers."""

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from .outcome import IncompleteEntry, RankedEntry, StageOutcome, TrackSummary, results_checksum
from .primitives import Id, id_sort_key, round_half_up
from .ranking import competition_ranks, ranking_key
from .rules import StageRules
from .tiers_and_advancement import TieDecisions, advancement_seats, advancing, allocate_tiers


@dataclass(frozen=True)
class EntryScore:
    """An entry's exact (unrounded) figures."""

    entry_id: Id
    track_id: Id
    judged: Decimal
    objective: Decimal
    stage: Decimal
    criterion_aggregates: Mapping[Id, Decimal]
    scorecards: int

    def as_row(self, rank: int, **outcome) -> RankedEntry:
        """The published row: every figure rounded half-up to two places."""
        return RankedEntry(
            entry_id=self.entry_id,
            track_id=self.track_id,
            rank=rank,
            stage_score=round_half_up(self.stage),
            judged_score=round_half_up(self.judged),
            objective_score=round_half_up(self.objective),
            criterion_aggregates=self.rounded_aggregates(),
            scorecards=self.scorecards,
            **outcome,
        )

    def rounded_aggregates(self) -> dict[Id, Decimal]:
        return {key: round_half_up(value) for key, value in self.criterion_aggregates.items()}

    def rounded_stage(self) -> Decimal:
        """The stage score as published and ranked (rounded half-up to two places)."""
        return round_half_up(self.stage)


def rank_tracks(
    rules: StageRules,
    scored: Sequence[EntryScore],
    incomplete: Sequence[IncompleteEntry],
    decisions: TieDecisions,
) -> StageOutcome:
    """Rank each track's scored entries and apply the stage's advancement or tiers."""
    by_track: dict[Id, list[EntryScore]] = defaultdict(list)
    for score in scored:
        by_track[score.track_id].append(score)
    track_ids = sorted({*by_track, *(item.track_id for item in incomplete)}, key=id_sort_key)
    rows: list[RankedEntry] = []
    summaries: list[TrackSummary] = []
    applied_assignments: set[Id] = set()
    applied_widenings: set[tuple[Id, Id]] = set()
    for track_id in track_ids:
        scores = {score.entry_id: score for score in by_track[track_id]}
        keys = {
            entry_id: ranking_key(
                score.rounded_stage(), score.rounded_aggregates(), rules.tie_breaks
            )
            for entry_id, score in scores.items()
        }
        ranks = competition_ranks(keys)  # best first: sorted once, not again for the rows
        row_fields, outcome = _track_outcomes(rules, track_id, ranks, decisions)
        none: dict = {}
        rows.extend(scores[entry].as_row(rank, **row_fields.get(entry, none))
                    for entry, rank in ranks.items())
        summaries.append(outcome.summary)
        applied_assignments |= outcome.applied_assignments
        applied_widenings |= {(track_id, tier) for tier in outcome.applied_widenings}
    return StageOutcome(
        rows=tuple(rows),
        incomplete=tuple(incomplete),
        tracks=tuple(summaries),
        ignored_assignments=tuple(sorted(set(decisions.assignments) - applied_assignments,
                                         key=id_sort_key)),
        ignored_widenings=tuple(sorted(set(decisions.widened) - applied_widenings,
                                       key=lambda pair: tuple(map(id_sort_key, pair)))),
        checksum=results_checksum(tuple(rows), tuple(incomplete)),
    )


@dataclass(frozen=True)
class _TrackOutcome:
    summary: TrackSummary
    applied_assignments: frozenset[Id] = frozenset()
    applied_widenings: frozenset[Id] = frozenset()


def _track_outcomes(
    rules: StageRules, track_id: Id, ranks: Mapping[Id, int], decisions: TieDecisions
) -> tuple[dict[Id, dict], _TrackOutcome]:
    """Per-entry RankedEntry fields (`advanced` or the tier fields) and the track's outcome."""
    if rules.advancement is not None:
        advanced = advancing(ranks, rules.advancement)
        summary = TrackSummary(track_id, len(ranks),
                               advancement_seats=advancement_seats(rules.advancement, len(ranks)))
        fields = {True: {"advanced": True}, False: {"advanced": False}}  # shared, not copied
        return {entry: fields[entry in advanced] for entry in ranks}, _TrackOutcome(summary)
    if not rules.tiers:
        return {}, _TrackOutcome(TrackSummary(track_id, len(ranks)))
    placed = allocate_tiers(
        ranks,
        list(rules.tiers),
        assignments=decisions.assignments,
        widened={tier for track, tier in decisions.widened if track == track_id},
    )
    # Entries placed alike share one Placement (every lone entry of a tier does): one dict of
    # fields for each, not one per entry (`as_row` only reads them).
    fields: dict[int, dict] = {}
    outcomes = {}
    for entry, placement in placed.placements.items():
        outcome = fields.get(id(placement))
        if outcome is None:
            outcome = fields[id(placement)] = {
                "tier_id": placement.tier_id,
                "needs_decision": placement.needs_decision,
                "tier_choices": placement.choices,
                "decided": placement.decided,
            }
        outcomes[entry] = outcome
    summary = TrackSummary(track_id, len(ranks), tier_seats=placed.seats)
    return outcomes, _TrackOutcome(summary, placed.applied_assignments, placed.applied_widenings)
