"""Scoring, ranking, advancement and judge-consistency maths: pure functions over plain
values (Decimals, dicts, frozen dataclasses). No Django here.

The adapter (`judging.stage_inputs`) typically:

1. builds a `Rubric` of `RubricCriterion`s and the stage's `StageRules`;
2. loads the stage's `StageEntry`s (with objective scores) and their `JudgeCard`s;
3. calls `rank_stage(...)`; the service (`judging.services.results.compute_stage_results`)
   stores the `StageOutcome`'s `rows`, `incomplete` and `checksum`;
4. for organizers, calls `judge_consistency(scorecard_totals(rubric, cards))`.

Services validate a judge's or an organizer's input with `validate_scores` /
`validate_score` and map `ScoreError` (which names the criterion) to a 400.

Value types are named apart from the models they mirror (`RubricCriterion`, not
`RubricCriterion`), so a module can import both without aliases.
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
from judging.maths.consistency import (
    ConsistencyReport,
    JudgeStats,
    judge_consistency,
    kendalls_w,
)
from judging.maths.errors import ScoreError, ScoringInputError
from judging.maths.normalisation import CardKey, zscore_normalise
from judging.maths.outcome import (
    IncompleteEntry,
    RankedEntry,
    StageOutcome,
    TrackSummary,
    results_checksum,
)
from judging.maths.primitives import Id, round_half_up
from judging.maths.ranking import Order, TieBreakRule, competition_ranks, ranking_key
from judging.maths.rubric import (
    CriterionKind,
    Rubric,
    RubricCriterion,
    validate_score,
    validate_scores,
    weighted_total,
)
from judging.maths.rules import Normalization, StageRules
from judging.maths.stage import (
    JudgeCard,
    StageEntry,
    rank_stage,
    required_cards,
    scorecard_totals,
)
from judging.maths.tiers_and_advancement import (
    Placement,
    Quota,
    TieDecisions,
    TierRule,
    TrackTiers,
    advancement_seats,
    advancing,
    allocate_tiers,
)

__all__ = [
    "Aggregation",
    "CardKey",
    "ConsistencyReport",
    "CriterionKind",
    "Id",
    "IncompleteEntry",
    "JudgeCard",
    "JudgeStats",
    "Normalization",
    "Order",
    "Placement",
    "Quota",
    "RankedEntry",
    "Rubric",
    "RubricCriterion",
    "ScoreError",
    "ScoringInputError",
    "StageEntry",
    "StageOutcome",
    "StageRules",
    "TieBreakRule",
    "TieDecisions",
    "TierRule",
    "TrackSummary",
    "TrackTiers",
    "advancement_seats",
    "advancing",
    "aggregate",
    "allocate_tiers",
    "competition_ranks",
    "judge_consistency",
    "kendalls_w",
    "mean",
    "median",
    "minimum_cards",
    "population_sd",
    "rank_stage",
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
