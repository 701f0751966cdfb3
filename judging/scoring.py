"""The public interface of the scoring maths (implemented in `judging.maths`).

Pure functions over plain values (Decimals, dicts, frozen dataclasses); nothing here knows
about the ORM. The adapter typically:

1. builds a `Rubric` of `Criterion`s and the stage's `StageRules`;
2. loads the stage's `Entry`s (with objective scores) and their `Scorecard`s;
3. calls `compute_stage_results(...)` and stores `rows`, `incomplete`, `checksum`;
4. for organizers, calls `judge_consistency(scorecard_totals(rubric, scorecards))`.

Services validate a judge's or an organizer's input with `validate_scores` /
`validate_score` and map `ScoreError` (which names the criterion) to a 400.
"""

from judging.maths.aggregation import (
    Aggregation,
    aggregate,
    mean,
    median,
    minimum_cards,
    population_sd,
    trimmed_mean,
)
from judging.maths.allocation import (
    Placement,
    Quota,
    Tier,
    TierDecisions,
    TrackTiers,
    advancement_seats,
    advancing,
    allocate_tiers,
)
from judging.maths.consistency import (
    ConsistencyReport,
    JudgeStats,
    judge_consistency,
    kendalls_w,
)
from judging.maths.errors import ScoreError, ScoringInputError
from judging.maths.normalisation import CardKey, zscore_normalise
from judging.maths.primitives import Id, round_half_up
from judging.maths.ranking import Order, TieBreak, competition_ranks, ranking_key
from judging.maths.results import (
    IncompleteEntry,
    ResultRow,
    StageResults,
    TrackSummary,
    results_checksum,
)
from judging.maths.rubric import (
    Criterion,
    CriterionKind,
    Rubric,
    validate_score,
    validate_scores,
    weighted_total,
)
from judging.maths.rules import Normalization, StageRules
from judging.maths.stage import (
    Entry,
    Scorecard,
    compute_stage_results,
    required_cards,
    scorecard_totals,
)

__all__ = [
    "Aggregation",
    "CardKey",
    "ConsistencyReport",
    "Criterion",
    "CriterionKind",
    "Entry",
    "Id",
    "IncompleteEntry",
    "JudgeStats",
    "Normalization",
    "Order",
    "Placement",
    "Quota",
    "ResultRow",
    "Rubric",
    "ScoreError",
    "Scorecard",
    "ScoringInputError",
    "StageResults",
    "StageRules",
    "TieBreak",
    "Tier",
    "TierDecisions",
    "TrackSummary",
    "TrackTiers",
    "advancement_seats",
    "advancing",
    "aggregate",
    "allocate_tiers",
    "competition_ranks",
    "compute_stage_results",
    "judge_consistency",
    "kendalls_w",
    "mean",
    "median",
    "minimum_cards",
    "population_sd",
    "ranking_key",
    "required_cards",
    "results_checksum",
    "round_half_up",
    "scorecard_totals",
    "trimmed_mean",
    "validate_score",
    "validate_scores",
    "weighted_total",
    "zscore_normalise",
]
