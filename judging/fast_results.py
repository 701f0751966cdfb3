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
    return (connection.vendor == "postgresql"
            and rules.normalize == maths.Normalization.NONE)


def _kept(aggregation: maths.Aggregation, trim: int) -> str:
    """SQL condition on `pos` (1-based, ascending) and `cnt` for a value the aggregation
    keeps."""
    if aggregation == maths.Aggregation.MEAN:
        return "TRUE"
    if aggregation == maths.Aggregation.MEDIAN:
        return "pos IN ((cnt + 1) / 2, (cnt + 2) / 2)"
    return f"pos > {int(trim)} AND pos <= cnt - {int(trim)}"


def _quotient(total: str, count: str) -> str:
    return f"CAST({total} AS numeric(1000, {DIVISION_SCALE})) / NULLIF({count}, 0)"


FIGURES_SQL = """
WITH pop AS ({population}),
crit AS (
    SELECT id, weight, max_score FROM contests_criterion
    WHERE stage_id = %(stage)s AND kind = 'judged'
),
card AS (
    SELECT a.entry_id, sc.id AS card_id
    FROM judging_scorecard sc
    JOIN judging_assignment a ON a.id = sc.assignment_id
    WHERE a.stage_id = %(stage)s AND sc.state = %(submitted)s
      AND a.entry_id IN (SELECT id FROM pop)
),
score AS (
    SELECT card.entry_id, card.card_id, s.criterion_id, s.value,
           crit.id AS known, crit.weight, crit.max_score
    FROM card
    JOIN judging_score s ON s.scorecard_id = card.card_id
    JOIN contests_criterion k ON k.id = s.criterion_id AND k.kind = 'judged'
    LEFT JOIN crit ON crit.id = s.criterion_id
),
score_total AS (
    SELECT card_id, SUM(weight * value) AS total, COUNT(criterion_id) AS scores,
           COUNT(known) AS known, COALESCE(BOOL_AND(value <= max_score), TRUE) AS in_range
    FROM score GROUP BY card_id
),
card_total AS (
    SELECT card.entry_id, card.card_id, COALESCE(t.total, 0) AS total,
           COALESCE(t.scores, 0) AS scores, COALESCE(t.known, 0) AS known,
           COALESCE(t.in_range, TRUE) AS in_range
    FROM card LEFT JOIN score_total t ON t.card_id = card.card_id
),
judged AS (
    SELECT entry_id, MAX(cnt) AS cards,
           SUM(total) FILTER (WHERE {kept}) AS kept_sum,
           COUNT(*) FILTER (WHERE {kept}) AS kept
    FROM (
        SELECT entry_id, total,
               ROW_NUMBER() OVER (PARTITION BY entry_id ORDER BY total) AS pos,
               COUNT(*) OVER (PARTITION BY entry_id) AS cnt
        FROM card_total
    ) numbered
    GROUP BY entry_id
),
criterion AS (
    SELECT entry_id, criterion_id,
           ROUND({criterion_quotient}, 2) AS figure
    FROM (
        SELECT entry_id, criterion_id, value,
               ROW_NUMBER() OVER (PARTITION BY entry_id, criterion_id ORDER BY value) AS pos,
               COUNT(*) OVER (PARTITION BY entry_id, criterion_id) AS cnt
        FROM score
    ) numbered
    GROUP BY entry_id, criterion_id
),
objective AS (
    SELECT o.entry_id, SUM(c.weight * o.value) AS total,
           ARRAY_AGG(o.criterion_id ORDER BY o.criterion_id) AS ids,
           ARRAY_AGG(o.value ORDER BY o.criterion_id) AS figures,
           BOOL_AND(o.value >= 0 AND o.value <= c.max_score) AS in_range
    FROM judging_objectivescore o
    JOIN contests_criterion c
      ON c.id = o.criterion_id AND c.stage_id = %(stage)s AND c.kind = 'objective'
    WHERE o.entry_id IN (SELECT id FROM pop)
    GROUP BY o.entry_id
),
aggregates AS (
    SELECT entry_id, ARRAY_AGG(criterion_id ORDER BY criterion_id) AS ids,
           ARRAY_AGG(figure ORDER BY criterion_id) AS figures
    FROM criterion GROUP BY entry_id
)
SELECT pop.id, pop.track_id, COALESCE(judged.cards, 0),
       ROUND({judged_exact}, 2),
       ROUND(COALESCE(objective.total, 0), 2),
       ROUND({judged_exact} + COALESCE(objective.total, 0), 2),
       aggregates.ids, aggregates.figures, objective.ids, objective.figures,
       (SELECT COUNT(*) FROM card_total
        WHERE scores <> %(judged_count)s OR known <> %(judged_count)s OR NOT in_range)
       + (SELECT COUNT(*) FROM objective WHERE NOT in_range) AS rejected
FROM pop
LEFT JOIN judged ON judged.entry_id = pop.id
LEFT JOIN objective ON objective.entry_id = pop.id
LEFT JOIN aggregates ON aggregates.entry_id = pop.id
"""


def _figures_sql(stage: Stage, rules: maths.StageRules, has_judged: bool) -> tuple[str, dict]:
    population, population_params = (
        stage_population(stage).order_by().values("id", "track_id").query.sql_with_params()
    )
    kept = _kept(rules.aggregation, rules.trim)
    judged_exact = (_quotient("judged.kept_sum", "judged.kept") if has_judged else "0")
    sql = FIGURES_SQL.format(
        # The population's own placeholders are positional: turn them into named ones.
        population=population.replace("%s", "%(p{})s").format(*range(population.count("%s"))),
        kept=kept,
        criterion_quotient=_quotient(f"SUM(value) FILTER (WHERE {kept})",
                                     f"COUNT(*) FILTER (WHERE {kept})"),
        judged_exact=judged_exact,
    )
    params = {f"p{i}": value for i, value in enumerate(population_params)}
    params.update(stage=stage.pk, submitted=Scorecard.State.SUBMITTED)
    return sql, params


def rank(stage: Stage, setting: StageSetting) -> maths.StageOutcome | None:
    """The stage's outcome, exactly as the reference computes it, or None when the fast
    path does not apply (see module doc)."""
    rubric, rules = setting.rubric, setting.rules
    if not available(rules):
        return None
    judged_ids = {c.id for c in rubric.judged}
    sql, params = _figures_sql(stage, rules, bool(judged_ids))
    params["judged_count"] = len(judged_ids)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    if rows and rows[0][-1]:
        return None  # a stored score the reference rejects: let it name the problem
    needed = maths.required_cards(rubric, rules)
    order = [c.id for c in rubric.criteria]
    objective_ids = [c.id for c in rubric.objective]
    scored: list[EntryScore] = []
    incomplete: list[maths.IncompleteEntry] = []
    for (entry_id, track_id, cards, judged, objective, stage_score, judged_ids_, judged_figures,
         objective_ids_, objective_figures, _rejected) in rows:
        recorded = dict(zip(objective_ids_ or (), objective_figures or (), strict=True))
        missing = tuple(c for c in objective_ids if c not in recorded)
        if missing or cards < needed:
            incomplete.append(maths.IncompleteEntry(entry_id, track_id, cards, needed, missing))
            continue
        figures = dict(zip(judged_ids_ or (), judged_figures or (), strict=True))
        figures.update(recorded)
        scored.append(EntryScore(
            entry_id=entry_id, track_id=track_id,
            judged=judged, objective=objective, stage=stage_score,
            criterion_aggregates={c: figures[c] for c in order},
            scorecards=cards,
        ))
    incomplete.sort(key=lambda item: id_sort_key(item.entry_id))
    return rank_tracks(rules, scored, incomplete, setting.decisions)
