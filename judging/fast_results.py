"""A stage's exact figures computed by PostgreSQL: the fast path of the results computation.

The reference is the pure maths (`judging.maths.rank_stage`, fed by
`judging.stage_inputs.load_stage_inputs`): it reads every score into Python and validates it.
At 10,000 entries × 7 judges × 5 criteria that is 350,000 Decimals; here one SQL statement
does the heavy part inside the database, over exact `numeric`:

* card totals `Σ weight · score` per submitted card (sum and product of `numeric` are exact);
* each entry's aggregation over its card totals, and each criterion's over its raw scores:
  window functions number the values of an entry in ascending order, and the aggregation
  keeps the middle ones (all for `mean`, the one or two middle ones for `median`, all but
  `trim` at each end for `trimmed_mean`), then divides their exact sum by their count;
* the division is carried out to 40 decimal places before rounding half-up to two (as the
  reference rounds): a sum of scores has at most a few decimals, so an exact quotient that
  is not itself on a rounding boundary lies at least 10⁻¹² away from one, and 40 places
  cannot round it across.

Python then does what is cheap and rule-heavy, with the reference's own code: ranking per
track, tie-breaks, advancement or tiers with the organizers' decisions, the checksum
(`judging.maths.track.rank_tracks`). Only the rounded figures cross over, which is all the
reference's ranking looks at.

When the fast path cannot vouch for its answer it returns None and the caller runs the
reference instead: another database than PostgreSQL (SQLite has no exact decimals),
z-score normalisation (square roots in a 50-digit Decimal context), or any stored score the
reference would reject (out of range, a missing or foreign criterion) — the reference then
raises the precise error.

`tests/judging/test_fast_results.py` checks with Hypothesis that both paths agree on random
contests (trims, ties, normalisation, objective criteria, tie-breaks, incomplete entries).
"""

from django.db import connection

from contests.models import Stage

from . import maths
from .maths.primitives import id_sort_key
from .maths.track import EntryScore, rank_tracks
from .models import Scorecard
from .stage_inputs import StageSetting
from .stages import stage_population

# The scale divisions are carried out at before rounding (see module doc).
DIVISION_SCALE = 40


def available(rules: maths.StageRules) -> bool:
    """Whether the fast path applies to a stage with these rules on this database."""
    return connection.vendor == "postgresql" and rules.normalize == maths.Normalization.NONE


def _exact(aggregation: maths.Aggregation, trim: int, series: str) -> str:
    """SQL for the exact (unrounded) aggregation of one series over an entry's cards, from
    the columns the `judged` CTE computes for it: `{series}_sum` and `{series}_n` (Σ and
    count), `{series}_min` and `{series}_max` (for a trim of one) or `{series}_sorted`
    (the values in ascending order, for a median or a larger trim). NULL when the entry has
    too few cards to aggregate (it is then incomplete)."""
    total, count = f"{series}_sum", f"{series}_n"
    if aggregation == maths.Aggregation.MEDIAN:
        ordered = f"{series}_sorted"
        return _quotient(
            f"CASE WHEN MOD({count}, 2) = 1 THEN {ordered}[({count} + 1) / 2] "
            f"ELSE {ordered}[{count} / 2] + {ordered}[{count} / 2 + 1] END",
            f"(2 - MOD({count}, 2))",
        )
    trim = int(trim) if aggregation == maths.Aggregation.TRIMMED_MEAN else 0
    if trim == 0:
        return _quotient(total, count)
    if trim == 1:
        dropped = f"{series}_min + {series}_max"
    else:
        ordered = f"{series}_sorted"
        dropped = " + ".join(
            [f"{ordered}[{i}]" for i in range(1, trim + 1)]
            + [f"{ordered}[{count} - {i}]" for i in range(trim)]
        )
    return _quotient(f"{total} - ({dropped})", f"GREATEST({count} - {2 * trim}, 0)")


def _series_aggregates(
    aggregation: maths.Aggregation, trim: int, series: str, value: str
) -> list[str]:
    """The per-entry aggregates `_exact` reads for one series of card values."""
    columns = [f"SUM({value}) AS {series}_sum", f"COUNT({value})::integer AS {series}_n"]
    if aggregation == maths.Aggregation.TRIMMED_MEAN and int(trim) == 1:
        columns += [f"MIN({value}) AS {series}_min", f"MAX({value}) AS {series}_max"]
    elif aggregation == maths.Aggregation.MEDIAN or (
        aggregation == maths.Aggregation.TRIMMED_MEAN and int(trim) > 1
    ):
        columns.append(f"ARRAY_AGG({value} ORDER BY {value}) AS {series}_sorted")
    return columns


def _quotient(total: str, count: str) -> str:
    return f"CAST({total} AS numeric(1000, {DIVISION_SCALE})) / NULLIF({count}, 0)"


# One pass over the stage's submitted cards and their scores, grouped by card: the card's
# total, its checks, and one column per judged criterion (FILTER); then one grouped pass
# over those cards per entry. The population is joined last, so no CTE is scanned twice
# and no semi-join estimate steers the plan. Nothing is sorted but each entry's few values
# (for a median or a trim above one).
FIGURES_SQL = """
WITH card AS (
    SELECT a.entry_id,
           COALESCE(SUM(k.weight * s.value) FILTER (WHERE k.stage_id = %(stage)s), 0) AS total,
           COUNT(s.id) AS scores,
           COUNT(k.id) FILTER (WHERE k.stage_id = %(stage)s) AS known,
           BOOL_AND(s.value <= k.max_score) FILTER (WHERE k.stage_id = %(stage)s) IS NOT FALSE
             AS in_range{criterion_values}
    FROM judging_scorecard sc
    JOIN judging_assignment a ON a.id = sc.assignment_id
    LEFT JOIN (judging_score s
               JOIN contests_criterion k ON k.id = s.criterion_id AND k.kind = 'judged')
      ON s.scorecard_id = sc.id
    WHERE a.stage_id = %(stage)s AND sc.state = %(submitted)s
    GROUP BY a.entry_id, sc.id
),
judged AS (
    SELECT entry_id, COUNT(*) AS cards,
           COUNT(*) FILTER (WHERE scores <> %(judged_count)s OR known <> %(judged_count)s
                            OR NOT in_range) AS rejected,
           {judged_aggregates}
    FROM card GROUP BY entry_id
),
objective AS (
    SELECT o.entry_id, SUM(c.weight * o.value) AS total,
           ARRAY_AGG(o.criterion_id ORDER BY o.criterion_id) AS ids,
           ARRAY_AGG(o.value ORDER BY o.criterion_id) AS figures,
           BOOL_AND(o.value >= 0 AND o.value <= c.max_score) AS in_range
    FROM judging_objectivescore o
    JOIN contests_criterion c
      ON c.id = o.criterion_id AND c.stage_id = %(stage)s AND c.kind = 'objective'
    GROUP BY o.entry_id
)
SELECT pop.id, pop.track_id, COALESCE(judged.cards, 0),
       ROUND({judged_exact}, 2),
       ROUND(COALESCE(objective.total, 0), 2),
       ROUND({judged_exact} + COALESCE(objective.total, 0), 2),
       objective.ids, objective.figures,
       COALESCE(judged.rejected, 0) + CASE WHEN objective.in_range IS FALSE THEN 1 ELSE 0 END
       {criterion_figures}
FROM ({population}) pop
LEFT JOIN judged ON judged.entry_id = pop.id
LEFT JOIN objective ON objective.entry_id = pop.id
"""


def _figures_sql(stage: Stage, rules: maths.StageRules, judged_ids: list[int]) -> tuple[str, dict]:
    population, population_params = (
        stage_population(stage).order_by().values("id", "track_id").query.sql_with_params()
    )
    aggregation, trim = rules.aggregation, rules.trim
    aggregates = _series_aggregates(aggregation, trim, "total", "total")
    criterion_values, criterion_figures = [], []
    for index, _criterion in enumerate(judged_ids):
        criterion_values.append(
            f"SUM(s.value) FILTER (WHERE s.criterion_id = %(c{index})s) AS c{index}"
        )
        aggregates += _series_aggregates(aggregation, trim, f"c{index}", f"c{index}")
        criterion_figures.append(f"ROUND({_exact(aggregation, trim, f'judged.c{index}')}, 2)")
    sql = FIGURES_SQL.format(
        # The population's own placeholders are positional: turn them into named ones.
        population=population.replace("%s", "%(p{})s").format(*range(population.count("%s"))),
        criterion_values="".join(f",\n           {column}" for column in criterion_values),
        judged_aggregates=",\n           ".join(aggregates),
        judged_exact=_exact(aggregation, trim, "judged.total") if judged_ids else "0",
        criterion_figures="".join(f",\n       {column}" for column in criterion_figures),
    )
    params = {f"p{i}": value for i, value in enumerate(population_params)}
    params.update({f"c{i}": criterion for i, criterion in enumerate(judged_ids)})
    params.update(stage=stage.pk, submitted=Scorecard.State.SUBMITTED, judged_count=len(judged_ids))
    return sql, params


def rank(stage: Stage, setting: StageSetting) -> maths.StageOutcome | None:
    """The stage's outcome, exactly as the reference computes it, or None when the fast
    path does not apply (see module doc)."""
    rubric, rules = setting.rubric, setting.rules
    if not available(rules):
        return None
    judged_ids = [c.id for c in rubric.judged]
    sql, params = _figures_sql(stage, rules, judged_ids)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    if any(row[8] for row in rows):
        return None  # a stored score the reference rejects: let it name the problem
    needed = maths.required_cards(rubric, rules)
    order = [c.id for c in rubric.criteria]
    objective_ids = [c.id for c in rubric.objective]
    scored: list[EntryScore] = []
    incomplete: list[maths.IncompleteEntry] = []
    for (
        entry_id,
        track_id,
        cards,
        judged,
        objective,
        stage_score,
        objective_ids_,
        objective_figures,
        _rejected,
        *judged_figures,
    ) in rows:
        recorded = dict(zip(objective_ids_ or (), objective_figures or (), strict=True))
        missing = tuple(c for c in objective_ids if c not in recorded)
        if missing or cards < needed:
            incomplete.append(maths.IncompleteEntry(entry_id, track_id, cards, needed, missing))
            continue
        figures = dict(zip(judged_ids, judged_figures, strict=True))
        figures.update(recorded)
        scored.append(
            EntryScore(
                entry_id=entry_id,
                track_id=track_id,
                judged=judged,
                objective=objective,
                stage=stage_score,
                criterion_aggregates={c: figures[c] for c in order},
                scorecards=cards,
            )
        )
    incomplete.sort(key=lambda item: id_sort_key(item.entry_id))
    return rank_tracks(rules, scored, incomplete, setting.decisions)
