"""A stage's exact figures computed by PostgreSQL: the fast path of the results computation.

The reference is the pure maths (`judging.maths.rank_stage`, fed by
`judging.stage_inputs.load_stage_inputs`): it reads every score into Python and validates it.
At 10,000 entries × 7 judges × 5 criteria that is 350,000 Decimals; here one SQL statement
does the heavy part inside the database, exactly, in integers:

* a score has two decimal places and a weight four (the columns' scales), so a score in
  hundredths of a point and a weight in ten-thousandths are integers, and a card's total
  `Σ weight · score` is an integer in millionths (`bigint`; the Python side declines a
  rubric whose weights could overflow it);
* one grouped pass over the stage's submitted cards and their scores gives each card its
  scores, one column per judged criterion (`FILTER`), and its total; one grouped pass over
  those cards gives each entry, for its totals and for each criterion's scores, what its
  aggregation needs: the sum (mean; one count of cards serves every series), with the
  least and greatest (trimmed mean, trim 1), or the sorted values (median, larger trims; an
  entry has a few cards);
* the aggregation keeps the middle values (all for `mean`, the one or two middle ones for
  `median`, all but `trim` at each end for `trimmed_mean`) and divides their exact integer
  sum by their count and the unit, to 40 decimal places, before rounding half-up to two
  (as the reference rounds): the exact quotient is a fraction whose denominator divides
  count × 10⁶, so one not itself on a rounding boundary lies at least 10⁻¹² away from it,
  and 40 places cannot round it across.

The statement runs with `work_mem` raised (its two hash aggregations fit in memory instead
of spilling to disk), without JIT compilation (which costs more than it saves here) and
without parallel workers (each would repeat the whole aggregation: `STATEMENT_SETTINGS`).

Python then does what is cheap and rule-heavy, with the reference's own code: ranking per
track, tie-breaks, advancement or tiers with the organizers' decisions, the checksum
(`judging.maths.track.rank_tracks`). Only the rounded figures cross over, which is all the
reference's ranking looks at, as whole hundredths (`bigint`), each distinct one made a
Decimal once (`_Cents`).

When the fast path cannot vouch for its answer it returns None and the caller runs the
reference instead: another database than PostgreSQL (SQLite has no exact decimals),
z-score normalisation (square roots in a 50-digit Decimal context), or any stored score the
reference would reject (out of range, a missing or foreign criterion; also a card holding
a score for a criterion that is not one of the stage's judged ones, which the reference
would ignore if that criterion is objective) — the reference then raises the precise
error or gives the answer.

`tests/judging/test_fast_results.py` checks with Hypothesis that both paths agree on random
contests (trims, ties, normalisation, objective criteria, tie-breaks, incomplete entries).
"""

from dataclasses import dataclass
from decimal import Context, Decimal, Inexact

from django.db import connection, transaction

from contests.models import Criterion, Stage

from . import maths
from .maths.outcome import RankedEntry
from .maths.primitives import id_sort_key
from .maths.track import EntryScore, rank_tracks
from .models import Score, Scorecard
from .stage_inputs import StageSetting
from .stages import stage_population

# The scale divisions are carried out at before rounding (see module doc).
DIVISION_SCALE = 40
# Scores and weights as integers: their columns' decimal places.
SCORE_UNIT = 10 ** Score._meta.get_field("value").decimal_places
WEIGHT_UNIT = 10 ** Criterion._meta.get_field("weight").decimal_places
# The largest score the column holds, in SCORE_UNITs, and bigint's bound.
SCORE_BOUND = 10 ** Score._meta.get_field("value").max_digits
BIGINT = 2**63 - 1
# For the statement's transaction only (`set_config(…, true)`, i.e. SET LOCAL): the
# aggregations' hash tables stay in memory (`work_mem`); no JIT compilation (it cost more than
# it saved); no parallel workers: with a large entry table the planner drives a parallel plan
# from the scan of the entries and each of its processes then builds the whole per-entry
# aggregation for its own hash join (EXPLAIN ANALYZE: 3 loops of it, 2.0–2.5 s against 1.1 s
# serial on the 2-core machine of bench/README.md).
STATEMENT_SETTINGS = {"work_mem": "64MB", "jit": "off", "max_parallel_workers_per_gather": "0"}


def use_statement_settings(cursor) -> None:
    """Apply `STATEMENT_SETTINGS` until the end of the cursor's current transaction."""
    cursor.execute(
        "SELECT " + ", ".join("set_config(%s, %s, true)" for _ in STATEMENT_SETTINGS),
        [value for setting in STATEMENT_SETTINGS.items() for value in setting],
    )


@dataclass(frozen=True)
class _Rounded(EntryScore):
    """An entry's figures as PostgreSQL rounded them, half-up to two places (`ROUND`, the
    reference's rounding): rounding them again would change nothing, so the ranking reads
    them as they are (the reference's 160,000 `round_half_up` calls at 10,000 entries)."""

    def rounded_aggregates(self) -> dict:
        return self.criterion_aggregates

    def rounded_stage(self) -> Decimal:
        return self.stage

    def as_row(self, rank: int, **outcome) -> RankedEntry:
        return RankedEntry(
            entry_id=self.entry_id,
            track_id=self.track_id,
            rank=rank,
            stage_score=self.stage,
            judged_score=self.judged,
            objective_score=self.objective,
            criterion_aggregates=self.criterion_aggregates,
            scorecards=self.scorecards,
            **outcome,
        )


class _Cents(dict):
    """Figures fetched as whole hundredths (`bigint`: PostgreSQL rounded them to two places)
    → the Decimal of that many hundredths, made once per distinct value and shared (Decimals
    are immutable; 10,000 entries have far fewer distinct figures than their 90,000 figures,
    and an int crosses over much more cheaply than a `numeric`). None stays None."""

    def __missing__(self, cents: int | None) -> Decimal | None:
        value = self[cents] = None if cents is None else Decimal(cents).scaleb(-2, _EXACT)
        return value


_EXACT = Context(prec=40, traps=[Inexact])  # a bigint of hundredths: exact in 40 digits


def available(rules: maths.StageRules) -> bool:
    """Whether the fast path applies to a stage with these rules on this database."""
    return connection.vendor == "postgresql" and rules.normalize == maths.Normalization.NONE


def _units(value: Decimal, unit: int) -> int | None:
    """`value` as a whole number of 1/unit, or None if it is not one."""
    scaled = value * unit
    return int(scaled) if scaled == scaled.to_integral_value() else None


def _exact(aggregation: maths.Aggregation, trim: int, series: str, unit: int) -> str:
    """SQL for the exact (unrounded) aggregation of one series of integers (in 1/unit) over
    an entry's cards, from the columns the `judged` CTE computes for it: `{series}_sum` (Σ),
    `{series}_min` and `{series}_max` (for a trim of one) or `{series}_sorted` (the values in
    ascending order, for a median or a larger trim), and the entry's count of cards
    (`judged.cards`: every card has a value in every series, or it is rejected and the fast
    path declines, so one count serves them all). NULL when the entry has too few cards to
    aggregate (it is then incomplete)."""
    total, count = f"{series}_sum", "judged.cards"
    if aggregation == maths.Aggregation.MEDIAN:
        ordered = f"{series}_sorted"
        return _quotient(
            f"CASE WHEN MOD({count}, 2) = 1 THEN {ordered}[({count} + 1) / 2] "
            f"ELSE {ordered}[{count} / 2] + {ordered}[{count} / 2 + 1] END",
            f"(2 - MOD({count}, 2))",
            unit,
        )
    trim = int(trim) if aggregation == maths.Aggregation.TRIMMED_MEAN else 0
    if trim == 0:
        return _quotient(total, count, unit)
    if trim == 1:
        dropped = f"{series}_min + {series}_max"
    else:
        ordered = f"{series}_sorted"
        dropped = " + ".join(
            [f"{ordered}[{i}]" for i in range(1, trim + 1)]
            + [f"{ordered}[{count} - {i}]" for i in range(trim)]
        )
    return _quotient(f"{total} - ({dropped})", f"GREATEST({count} - {2 * trim}, 0)", unit)


def _series_aggregates(
    aggregation: maths.Aggregation, trim: int, series: str, value: str
) -> list[str]:
    """The per-entry aggregates `_exact` reads for one series of card values."""
    columns = [f"SUM({value}) AS {series}_sum"]
    if aggregation == maths.Aggregation.TRIMMED_MEAN and int(trim) == 1:
        columns += [f"MIN({value}) AS {series}_min", f"MAX({value}) AS {series}_max"]
    elif aggregation == maths.Aggregation.MEDIAN or (
        aggregation == maths.Aggregation.TRIMMED_MEAN and int(trim) > 1
    ):
        columns.append(f"ARRAY_AGG({value} ORDER BY {value}) AS {series}_sorted")
    return columns


def _quotient(total: str, count: str, unit: int) -> str:
    return f"CAST({total} AS numeric(1000, {DIVISION_SCALE})) / (NULLIF({count}, 0) * {int(unit)})"


# The population is joined last, so no CTE is scanned twice and no semi-join estimate
# steers the plan; cards of entries outside it are aggregated and dropped by the join.
# The stage's submitted cards are joined to their entries first (`OFFSET 0` keeps the
# planner from flattening that subquery), so each score row is matched once, to a card
# that already carries its entry, rather than to its card and then to the card's
# assignment: ≈ 10 % of the statement at 350,000 scores (bench/README.md).
FIGURES_SQL = """
WITH card AS (
    SELECT entry_id, scores{criterion_columns},
           {card_total} AS total
    FROM (
        SELECT submitted.entry_id, COUNT(s.id) AS scores{criterion_values}
        FROM (
            SELECT sc.id, a.entry_id
            FROM judging_assignment a
            JOIN judging_scorecard sc ON sc.assignment_id = a.id
            WHERE a.stage_id = %(stage)s AND sc.state = %(submitted)s
            OFFSET 0
        ) submitted
        LEFT JOIN judging_score s ON s.scorecard_id = submitted.id
        GROUP BY submitted.entry_id, submitted.id
    ) scored
),
judged AS (
    SELECT entry_id, COUNT(*)::integer AS cards,
           COUNT(*) FILTER (WHERE {rejected_card}) AS rejected,
           {judged_aggregates}
    FROM card GROUP BY entry_id
),
objective AS (
    SELECT o.entry_id, SUM(c.weight * o.value) AS total,
           ARRAY_AGG(o.criterion_id ORDER BY o.criterion_id) AS ids,
           ARRAY_AGG((o.value * 100)::bigint ORDER BY o.criterion_id) AS figures,
           BOOL_AND(o.value >= 0 AND o.value <= c.max_score) AS in_range
    FROM judging_objectivescore o
    JOIN contests_criterion c
      ON c.id = o.criterion_id AND c.stage_id = %(stage)s AND c.kind = 'objective'
    GROUP BY o.entry_id
)
SELECT pop.id, pop.track_id, COALESCE(judged.cards, 0),
       (ROUND({judged_exact}, 2) * 100)::bigint,
       (ROUND(COALESCE(objective.total, 0), 2) * 100)::bigint,
       (ROUND({judged_exact} + COALESCE(objective.total, 0), 2) * 100)::bigint,
       objective.ids, objective.figures,
       COALESCE(judged.rejected, 0) + CASE WHEN objective.in_range IS FALSE THEN 1 ELSE 0 END
       {criterion_figures}
FROM ({population}) pop
LEFT JOIN judged ON judged.entry_id = pop.id
LEFT JOIN objective ON objective.entry_id = pop.id
"""


def _figures_sql(
    stage: Stage, rules: maths.StageRules, judged: tuple[maths.RubricCriterion, ...]
) -> tuple[str, dict] | None:
    """The statement and its parameters; None if a weight or maximum is not a whole number
    of units or the totals could overflow bigint."""
    weights = [_units(c.weight, WEIGHT_UNIT) for c in judged]
    maxima = [_units(c.max_score, SCORE_UNIT) for c in judged]
    if None in weights or None in maxima or sum(weights) * SCORE_BOUND > BIGINT:
        return None
    population, population_params = (
        stage_population(stage).order_by().values("id", "track_id").query.sql_with_params()
    )
    aggregation, trim = rules.aggregation, rules.trim
    aggregates = _series_aggregates(aggregation, trim, "total", "total")
    values, figures, rejected, terms = [], [], ["scores <> %(judged_count)s"], []
    for i, weight in enumerate(weights):
        values.append(
            f"(MAX(s.value) FILTER (WHERE s.criterion_id = %(c{i})s) * {SCORE_UNIT})::bigint"
            f" AS c{i}"
        )
        aggregates += _series_aggregates(aggregation, trim, f"c{i}", f"c{i}")
        figures.append(
            f"(ROUND({_exact(aggregation, trim, f'judged.c{i}', SCORE_UNIT)}, 2) * 100)::bigint"
        )
        rejected.append(f"c{i} IS NULL OR c{i} > %(max{i})s")
        terms.append(f"{int(weight)} * c{i}")
    sql = FIGURES_SQL.format(
        # The population's own placeholders are positional: turn them into named ones.
        population=population.replace("%s", "%(p{})s").format(*range(population.count("%s"))),
        criterion_values="".join(f",\n               {column}" for column in values),
        criterion_columns="".join(f", c{i}" for i in range(len(weights))),
        card_total=" + ".join(terms) or "0",
        rejected_card=" OR ".join(rejected),
        judged_aggregates=",\n           ".join(aggregates),
        judged_exact=(
            _exact(aggregation, trim, "judged.total", SCORE_UNIT * WEIGHT_UNIT) if judged else "0"
        ),
        criterion_figures="".join(f",\n       {column}" for column in figures),
    )
    params = {f"p{i}": value for i, value in enumerate(population_params)}
    params.update({f"c{i}": criterion.id for i, criterion in enumerate(judged)})
    params.update({f"max{i}": maximum for i, maximum in enumerate(maxima)})
    params.update(stage=stage.pk, submitted=Scorecard.State.SUBMITTED, judged_count=len(judged))
    return sql, params


def rank(stage: Stage, setting: StageSetting) -> maths.StageOutcome | None:
    """The stage's outcome, exactly as the reference computes it, or None when the fast
    path does not apply (see module doc)."""
    rubric, rules = setting.rubric, setting.rules
    if not available(rules):
        return None
    statement = _figures_sql(stage, rules, rubric.judged)
    if statement is None:
        return None
    judged_ids = [c.id for c in rubric.judged]
    # In the caller's transaction if there is one (no savepoint), else in one of its own:
    # the settings (SET LOCAL) end with it.
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        use_statement_settings(cursor)
        cursor.execute(*statement)
        rows = cursor.fetchall()
    if any(row[8] for row in rows):
        return None  # a stored score the reference rejects: let it name the problem
    needed = maths.required_cards(rubric, rules)
    order = [c.id for c in rubric.criteria]
    objective_ids = [c.id for c in rubric.objective]
    # A complete entry, the usual one, has every objective figure, which the statement lists
    # by criterion id: its figures (judged, then objective) are put in the rubric's order by
    # fixed positions, without a lookup per criterion (10,000s of entries).
    every_objective = sorted(objective_ids)
    columns = judged_ids + every_objective
    positions = [columns.index(c) for c in order]
    scored: list[EntryScore] = []
    incomplete: list[maths.IncompleteEntry] = []
    figure = _Cents().__getitem__
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
        if cards >= needed and (objective_ids_ or []) == every_objective:
            values = [*map(figure, judged_figures), *map(figure, objective_figures or ())]
            aggregates = dict(zip(order, [values[i] for i in positions], strict=True))
        else:
            recorded = dict(
                zip(objective_ids_ or (), map(figure, objective_figures or ()), strict=True)
            )
            missing = tuple(c for c in objective_ids if c not in recorded)
            if missing or cards < needed:
                incomplete.append(
                    maths.IncompleteEntry(entry_id, track_id, cards, needed, missing))
                continue
            figures = dict(zip(judged_ids, map(figure, judged_figures), strict=True))
            figures.update(recorded)
            aggregates = {c: figures[c] for c in order}
        scored.append(
            _Rounded(entry_id=entry_id, track_id=track_id, judged=figure(judged),
                     objective=figure(objective), stage=figure(stage_score),
                     criterion_aggregates=aggregates, scorecards=cards)
        )
    incomplete.sort(key=lambda item: id_sort_key(item.entry_id))
    return rank_tracks(rules, scored, incomplete, setting.decisions)
