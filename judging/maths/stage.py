"""Computing a stage's results from plain values: the one entry point the adapter calls.

Rule (DESIGN.md, "Scoring rules (exact)"):

* only SUBMITTED scorecards count (drafts and reopened cards are ignored);
* a card's total is `Σ weight · score` over the judged criteria; with
  `normalize = zscore` totals are first normalised per judge (see `normalisation`);
* judged score = the stage's aggregation over the entry's card totals; objective score =
  `Σ weight · score` over the objective criteria; stage score = judged + objective;
* an entry is incomplete when it has fewer submitted cards than `required_cards` (the panel
  size) or than the aggregation needs (`2·trim + 1` for a trimmed mean), or lacks a
  recorded objective score. A rubric without judged criteria needs no cards (judged = 0).
  Incomplete entries are listed, not ranked, and make the results unpublishable;
* a criterion's aggregate = the aggregation over that criterion's raw scores on the
  entry's cards (never normalised); for an objective criterion, its recorded value;
* figures are exact until the end, then rounded half-up to two places; ranking, advancement
  and tiers work per track on the rounded figures (see `ranking`, `allocation`).

Entries passed in are the stage's entries (qualified, not withdrawn); every scorecard must
belong to one of them.
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from .aggregation import aggregate, minimum_cards
from .errors import ScoringInputError
from .normalisation import CardKey, zscore_normalise
from .outcome import IncompleteEntry, StageOutcome
from .primitives import ZERO, Id, id_sort_key, precise
from .rubric import CriterionKind, Rubric, validate_scores, weighted_total
from .rules import Normalization, StageRules
from .tiers_and_advancement import TieDecisions
from .track import EntryScore, rank_tracks


@dataclass(frozen=True)
class JudgeCard:
    """One judge's scores for one entry: judged criterion id → score."""

    entry_id: Id
    judge_id: Id
    scores: Mapping[Id, Decimal]
    submitted: bool = True


@dataclass(frozen=True)
class StageEntry:
    """An entry of the stage, with its objective scores (criterion id → recorded score)."""

    id: Id
    track_id: Id
    objective_scores: Mapping[Id, Decimal] = field(default_factory=dict)


def rank_stage(
    rubric: Rubric,
    rules: StageRules,
    entries: Iterable[StageEntry],
    scorecards: Iterable[JudgeCard],
    decisions: TieDecisions | None = None,
) -> StageOutcome:
    """Score, rank and place every entry of a stage (see module doc). Pure: the same inputs
    in any order give the same `StageOutcome`, checksum included.

    Raises `ScoreError` for an invalid score in a submitted card or an entry's objective
    scores, and `ScoringInputError` for inconsistent inputs (unknown entry or tie-break
    criterion, two submitted cards from one judge for one entry, duplicate entry ids).
    """
    check_rules(rubric, rules)
    entries_by_id = _index_entries(entries)
    cards = submitted_cards(rubric, scorecards, entries_by_id)
    totals = {key: weighted_total(rubric.judged, scores) for key, scores in cards.items()}
    if rules.normalize == Normalization.ZSCORE:
        totals = zscore_normalise(totals)
    keys_by_entry: dict[Id, list[CardKey]] = defaultdict(list)
    for key in cards:
        keys_by_entry[key.entry_id].append(key)

    scored: list[EntryScore] = []
    incomplete: list[IncompleteEntry] = []
    for entry in entries_by_id.values():
        keys = keys_by_entry[entry.id]
        outcome = score_entry(
            rubric, rules, entry, [cards[key] for key in keys], [totals[key] for key in keys]
        )
        (scored if isinstance(outcome, EntryScore) else incomplete).append(outcome)
    incomplete.sort(key=lambda item: id_sort_key(item.entry_id))
    return rank_tracks(rules, scored, incomplete, decisions or TieDecisions())


def check_rules(rubric: Rubric, rules: StageRules) -> None:
    """Every tie-break names a criterion of the rubric."""
    for tie_break in rules.tie_breaks:
        if rubric.get(tie_break.criterion_id) is None:
            raise ScoringInputError(
                f"tie-break criterion {tie_break.criterion_id!r} is not in the rubric",
                code="bad_rules",
            )


def required_cards(rubric: Rubric, rules: StageRules) -> int:
    """Submitted cards an entry needs: the panel size, and at least what the aggregation
    needs; none when the rubric has no judged criteria."""
    if not rubric.judged:
        return 0
    return max(rules.required_cards, minimum_cards(rules.aggregation, rules.trim))


def submitted_cards(
    rubric: Rubric,
    scorecards: Iterable[JudgeCard],
    entries_by_id: Mapping[Id, StageEntry] | None = None,
) -> dict[CardKey, dict[Id, Decimal]]:
    """Validated scores of the submitted cards, by (entry, judge); with `entries_by_id`,
    every card must belong to one of those entries."""
    cards: dict[CardKey, dict[Id, Decimal]] = {}
    for card in scorecards:
        if not card.submitted:
            continue
        if entries_by_id is not None and card.entry_id not in entries_by_id:
            raise ScoringInputError(f"scorecard for unknown entry {card.entry_id!r}",
                                    code="unknown_entry")
        key = CardKey(card.entry_id, card.judge_id)
        if key in cards:
            raise ScoringInputError(
                f"judge {card.judge_id!r} has two submitted scorecards for entry "
                f"{card.entry_id!r}",
                code="duplicate_scorecard",
            )
        cards[key] = validate_scores(rubric, card.scores, CriterionKind.JUDGED)
    return cards


def scorecard_totals(rubric: Rubric, scorecards: Iterable[JudgeCard]) -> dict[CardKey, Decimal]:
    """Raw totals `Σ weight · score` (judged criteria) of the submitted cards, by (entry,
    judge): the input of `judge_consistency`."""
    return {
        key: weighted_total(rubric.judged, scores)
        for key, scores in submitted_cards(rubric, scorecards).items()
    }


def score_entry(
    rubric: Rubric,
    rules: StageRules,
    entry: StageEntry,
    card_scores: Sequence[Mapping[Id, Decimal]],
    card_totals: Sequence[Decimal],
) -> EntryScore | IncompleteEntry:
    """One entry's exact figures from its submitted cards (scores and, possibly
    normalised, totals, in the same order), or why it is incomplete."""
    objective = validate_scores(rubric, entry.objective_scores, CriterionKind.OBJECTIVE,
                                complete=False)
    missing = tuple(c.id for c in rubric.objective if c.id not in objective)
    needed = required_cards(rubric, rules)
    if missing or len(card_totals) < needed:
        return IncompleteEntry(entry.id, entry.track_id, len(card_totals), needed, missing)
    judged = aggregate(card_totals, rules.aggregation, rules.trim) if rubric.judged else ZERO
    objective_score = weighted_total(rubric.objective, objective)
    criterion_aggregates = {
        c.id: objective[c.id] if c.kind == CriterionKind.OBJECTIVE
        else aggregate([scores[c.id] for scores in card_scores], rules.aggregation, rules.trim)
        for c in rubric.criteria
    }
    with precise():
        stage = judged + objective_score
    return EntryScore(
        entry_id=entry.id,
        track_id=entry.track_id,
        judged=judged,
        objective=objective_score,
        stage=stage,
        criterion_aggregates=criterion_aggregates,
        scorecards=len(card_totals),
    )


def _index_entries(entries: Iterable[StageEntry]) -> dict[Id, StageEntry]:
    by_id: dict[Id, StageEntry] = {}
    for entry in sorted(entries, key=lambda e: id_sort_key(e.id)):
        if entry.id in by_id:
            raise ScoringInputError(f"entry {entry.id!r} is listed twice", code="duplicate_entry")
        by_id[entry.id] = entry
    return by_id

