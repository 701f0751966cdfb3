"""Storing a stage's result rows and moving its entries, each in one statement at any size.

On PostgreSQL the rows go in as one `INSERT … SELECT FROM unnest(arrays)`: one array per
column, so the statement's text does not grow with the rows and Django does not build (and
the server does not parse) 10,000 × 15 placeholders. Elsewhere (SQLite in the quickstart
and the tests) `bulk_create` writes the same rows.

Entries are moved with one `UPDATE … FROM` joined to the rows just stored (PostgreSQL and
SQLite ≥ 3.33 both have it), instead of a correlated subquery per entry.
"""

import json

from django.db import connection

from contests.models import Entry

from ..maths.outcome import StageOutcome
from ..models import ResultRow, ResultSet

COLUMNS = (
    ("result_set_id", "bigint"), ("entry_id", "bigint"), ("rank", "integer"),
    ("stage_score", "numeric"), ("judged_score", "numeric"), ("objective_score", "numeric"),
    ("criterion_aggregates", "jsonb"), ("scorecards", "integer"), ("incomplete", "boolean"),
    ("tier_id", "bigint"), ("needs_decision", "boolean"), ("tier_choices", "jsonb"),
    ("decided", "boolean"), ("advanced", "boolean"), ("position", "integer"),
)


def _row_values(result_set: ResultSet, outcome: StageOutcome):
    """Each row's column values, in COLUMNS order (JSON columns as JSON text)."""
    for position, row in enumerate(outcome.rows):
        yield (
            result_set.pk, row.entry_id, row.rank, row.stage_score, row.judged_score,
            row.objective_score,
            json.dumps({str(k): str(v) for k, v in row.criterion_aggregates.items()}),
            row.scorecards, False, row.tier_id, row.needs_decision,
            json.dumps(list(row.tier_choices)), row.decided, bool(row.advanced), position,
        )
    start = len(outcome.rows)
    for position, item in enumerate(outcome.incomplete, start=start):
        yield (result_set.pk, item.entry_id, None, None, None, None, "{}", item.scorecards,
               True, None, False, "[]", False, False, position)


def insert(result_set: ResultSet, outcome: StageOutcome) -> None:
    """Store the outcome's rows (ranked, then incomplete) for a result set without rows."""
    values = list(_row_values(result_set, outcome))
    if not values:
        return
    if connection.vendor != "postgresql":
        ResultRow.objects.bulk_create([
            ResultRow(**{
                column: json.loads(value) if kind == "jsonb" else value
                for (column, kind), value in zip(COLUMNS, row, strict=True)
            }) for row in values
        ])
        return
    columns = ", ".join(name for name, _type in COLUMNS)
    arrays = ", ".join(
        f"%s::{'text' if kind == 'jsonb' else kind}[]" for _name, kind in COLUMNS
    )
    selected = ", ".join(
        f"{name}::jsonb" if kind == "jsonb" else name for name, kind in COLUMNS
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {connection.ops.quote_name(ResultRow._meta.db_table)} ({columns}) "
            f"SELECT {selected} FROM unnest({arrays}) AS r({columns})",
            [list(column) for column in zip(*values, strict=True)],
        )


def move_entries(result_set: ResultSet, *, is_final: bool, next_stage_id: int | None) -> None:
    """Move the stage's entries as its stored rows say: the final stage gives each entry
    its row's tier (none for an incomplete entry, which holds no tier meanwhile); a
    non-final stage marks each ranked entry advanced (into the next stage) or eliminated
    (staying in this one)."""
    quote = connection.ops.quote_name
    entries, rows = quote(Entry._meta.db_table), quote(ResultRow._meta.db_table)
    with connection.cursor() as cursor:
        if is_final:
            cursor.execute(
                f"UPDATE {entries} SET tier_id = r.tier_id FROM {rows} r "
                f"WHERE r.result_set_id = %s AND {entries}.id = r.entry_id",
                [result_set.pk],
            )
            return
        cursor.execute(
            f"UPDATE {entries} SET status = CASE WHEN r.advanced THEN %s ELSE %s END, "
            f"stage_id = CASE WHEN r.advanced THEN %s ELSE %s END FROM {rows} r "
            f"WHERE r.result_set_id = %s AND NOT r.incomplete AND {entries}.id = r.entry_id",
            [Entry.Status.ADVANCED, Entry.Status.ELIMINATED, next_stage_id,
             result_set.stage_id, result_set.pk],
        )
