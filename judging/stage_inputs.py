"""The ORM adapter of the results maths (`judging.maths`): a stage's inputs, loaded.

`load_stage_inputs` reads everything a stage's computation needs in a fixed number of
queries and turns it into the maths' plain values; `StageInputs.rank()` calls the pure
function.
Saving the outcome is `judging.services.results.compute_stage_results`.

The large reads (entries, objective scores, cards, scores) clear the models' default
ordering: it cascades through every foreign key (score → scorecard → assignment → entry →
contest, track...), adding joins and a many-column sort of every score row, while the maths
takes its inputs in any order.
"""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from contests.models import Criterion, Stage, TieBreak, Tier

from . import maths
from .models import ObjectiveScore, Score, Scorecard, TierDecision
from .rubrics import rubric_of
from .stages import ordered_stages, stage_population


@dataclass(frozen=True)
class StageInputs:
    stage: Stage
    is_final: bool
    next_stage_id: int | None
    rubric: maths.Rubric
    rules: maths.StageRules
    entries: tuple[maths.StageEntry, ...]
    scorecards: tuple[maths.JudgeCard, ...]
    decisions: maths.TieDecisions

    def rank(self) -> maths.StageOutcome:
        """Score, rank and place the stage's entries (pure: no query)."""
        return maths.rank_stage(
            self.rubric, self.rules, self.entries, self.scorecards, self.decisions
        )


def _quota(count, percent) -> maths.Quota | None:
    if count is not None:
        return maths.Quota(count=count)
    if percent is not None:
        return maths.Quota(percent=Decimal(percent))
    return None


def stage_rules(stage: Stage, *, is_final: bool, tie_breaks, tiers) -> maths.StageRules:
    """The stage's rules. A non-final stage without an advancement quota advances every
    ranked entry; the final stage awards the contest's tiers."""
    advancement = None
    if not is_final:
        advancement = _quota(stage.advance_top, stage.advance_percent) or maths.Quota(
            percent=Decimal(100)
        )
    return maths.StageRules(
        aggregation=maths.Aggregation(stage.aggregation),
        trim=stage.trim,
        normalize=maths.Normalization(stage.normalize),
        required_cards=stage.panel_size,
        tie_breaks=tuple(
            maths.TieBreakRule(t.criterion_id, maths.Order(t.order)) for t in tie_breaks
        ),
        advancement=advancement,
        tiers=tuple(
            maths.TierRule(t.pk, _quota(t.quota, t.quota_percent) or maths.Quota(count=0))
            for t in tiers
        ) if is_final else (),
    )


def submitted_scorecards(stage: Stage) -> tuple[maths.JudgeCard, ...]:
    """The stage's submitted scorecards as plain values (two queries)."""
    submitted = Scorecard.objects.filter(
        assignment__stage=stage, state=Scorecard.State.SUBMITTED
    )
    scores: dict[tuple[int, int], dict[int, Decimal]] = {
        key: {} for key in submitted.order_by().values_list(
            "assignment__entry_id", "assignment__judge_id"
        )
    }
    for entry_id, judge_id, criterion_id, value in Score.objects.filter(
        scorecard__in=submitted, criterion__kind=Criterion.Kind.JUDGED
    ).order_by().values_list(
        "scorecard__assignment__entry_id", "scorecard__assignment__judge_id",
        "criterion_id", "value",
    ):
        scores[(entry_id, judge_id)][criterion_id] = value
    return tuple(
        maths.JudgeCard(entry_id=entry, judge_id=judge, scores=figures)
        for (entry, judge), figures in sorted(scores.items())
    )


def decisions_for(stage: Stage) -> maths.TieDecisions:
    """The recorded tier decisions, applied in the order they were taken (two queries)."""
    assignments: dict[int, int | None] = {}
    widened: set[tuple[int, int]] = set()
    for decision in TierDecision.objects.filter(stage=stage).order_by("decided_at", "id") \
            .prefetch_related("entries"):
        for entry in decision.entries.all():
            if decision.widen and decision.tier_id is not None:
                widened.add((entry.track_id, decision.tier_id))
            else:
                assignments[entry.pk] = decision.tier_id
    return maths.TieDecisions(assignments=assignments, widened=frozenset(widened))


@dataclass(frozen=True)
class StageSetting:
    """A stage's rules and place in the contest: everything but the entries and cards."""

    stage: Stage
    is_final: bool
    next_stage_id: int | None
    rubric: maths.Rubric
    rules: maths.StageRules
    decisions: maths.TieDecisions


def load_stage_setting(stage: Stage) -> StageSetting:
    """The stage's rubric, rules, decisions and neighbours, in a fixed number of queries."""
    stage_ids = list(ordered_stages(stage.contest).values_list("id", flat=True))
    position = stage_ids.index(stage.pk)
    is_final = position == len(stage_ids) - 1
    criteria = list(Criterion.objects.filter(stage=stage))
    rules = stage_rules(
        stage, is_final=is_final,
        tie_breaks=TieBreak.objects.filter(stage=stage).order_by("position", "id"),
        tiers=Tier.objects.filter(contest_id=stage.contest_id).order_by("position", "id")
        if is_final else (),
    )
    return StageSetting(
        stage=stage,
        is_final=is_final,
        next_stage_id=None if is_final else stage_ids[position + 1],
        rubric=rubric_of(criteria),
        rules=rules,
        decisions=decisions_for(stage) if is_final else maths.TieDecisions(),
    )


def load_stage_inputs(stage: Stage, setting: StageSetting | None = None) -> StageInputs:
    """Everything the stage's computation needs, in a fixed number of queries."""
    setting = setting or load_stage_setting(stage)
    population = list(stage_population(stage).order_by("id").values_list("id", "track_id"))
    members = {entry_id for entry_id, _track in population}
    objective: dict[int, dict[int, Decimal]] = defaultdict(dict)
    for entry_id, criterion_id, value in ObjectiveScore.objects.filter(
        criterion__stage=stage, criterion__kind=Criterion.Kind.OBJECTIVE,
        entry_id__in=members,
    ).order_by().values_list("entry_id", "criterion_id", "value"):
        objective[entry_id][criterion_id] = value
    entries = tuple(
        maths.StageEntry(id=entry_id, track_id=track_id, objective_scores=objective[entry_id])
        for entry_id, track_id in population
    )
    return StageInputs(
        stage=stage,
        is_final=setting.is_final,
        next_stage_id=setting.next_stage_id,
        rubric=setting.rubric,
        rules=setting.rules,
        entries=entries,
        # Cards of entries no longer in the stage (withdrawn, rejected) do not count.
        scorecards=tuple(c for c in submitted_scorecards(stage) if c.entry_id in members),
        decisions=setting.decisions,
    )
