"""Storing a stage's result rows and moving its entries, each in one statement at any size.

On PostgreSQL the rows go in as one `COPY … FROM STDIN` (psycopg formats the rows in C;
binding 15 arrays of 10,000 values to an `INSERT … SELECT FROM unnest` spent most of its
time quoting array elements in Python), so Django does not build (and the server does not
parse) 10,000 × 15 placeholders. Elsewhere (SQLite in the quickstart and the tests)
`bulk_create` writes the same rows.

Entries are moved with one `UPDATE … FROM` joined to the rows just stored (PostgreSQL and
SQLite ≥ 3.33 both have it), instead of a correlated subquery per entry; the final stage's
UPDATE leaves alone the entries whose tier is already right, so a recomputation that
changes nothing writes no entry (each written entry costs a new row version, an entry in
each of its indexes and a deferred foreign-key check).
"""

import functools
import json

from django.db import connection

from contests.models import Entry

from ..maths.outcome import StageOutcome
from ..models import ResultRow, ResultSet

COLUMNS = (
    ("result_set_id", "bigint"),
    ("entry_id", "bigint"),
    ("rank", "integer"),
    ("stage_score", "numeric"),
    ("judged_score", "numeric"),
    ("objective_score", "numeric"),
    ("criterion_aggregates", "jsonb"),
    ("scorecards", "integer"),
    ("incomplete", "boolean"),
    ("tier_id", "bigint"),
    ("needs_decision", "boolean"),
    ("tier_choices", "jsonb"),
    ("decided", "boolean"),
    ("advanced", "boolean"),
    ("position", "integer"),
)


def _aggregates_json(aggregates) -> str:
    """`{"<criterion id>": "<figure>", …}`: formatted directly for integer ids and Decimal
    figures (nothing to escape; 10,000 `json.dumps` calls were a visible cost), from a
    template made once for the stage's criteria (every row has the same ones)."""
    template = _aggregates_template(tuple(aggregates))
    if template is None:
        return json.dumps({str(k): str(v) for k, v in aggregates.items()})
    return template % tuple(aggregates.values())


@functools.lru_cache(maxsize=64)
def _aggregates_template(keys: tuple) -> str | None:
    """`{"<id>": "%s", …}` for integer criterion ids (`%` writes each figure as `str`
    does), else None (a key to escape: `json.dumps` does it)."""
    if not all(type(key) is int for key in keys):
        return None
    return "{" + ", ".join(f'"{key}": "%s"' for key in keys) + "}"


def _row_values(result_set: ResultSet, outcome: StageOutcome):
    """Each row's column values, in COLUMNS order (JSON columns as JSON text)."""
    for position, row in enumerate(outcome.rows):
        yield (
            result_set.pk,
            row.entry_id,
            row.rank,
            row.stage_score,
            row.judged_score,
            row.objective_score,
            _aggregates_json(row.criterion_aggregates),
            row.scorecards,
            False,
            row.tier_id,
            row.needs_decision,
            json.dumps(list(row.tier_choices)) if row.tier_choices else "[]",
            row.decided,
            bool(row.advanced),
            position,
        )
    start = len(outcome.rows)
    for position, item in enumerate(outcome.incomplete, start=start):
        yield (
            result_set.pk,
            item.entry_id,
            None,
            None,
            None,
            None,
            "{}",
            item.scorecards,
            True,
            None,
            False,
            "[]",
            False,
            False,
            position,
        )


def insert(result_set: ResultSet, outcome: StageOutcome) -> None:
    """Store the outcome's rows (ranked, then incomplete) for a result set without rows."""
    values = list(_row_values(result_set, outcome))
    if not values:
        return
    if connection.vendor != "postgresql":
        ResultRow.objects.bulk_create(
            [
                ResultRow(
                    **{
                        column: json.loads(value) if kind == "jsonb" else value
                        for (column, kind), value in zip(COLUMNS, row, strict=True)
                    }
                )
                for row in values
            ]
        )
        return
    columns = ", ".join(name for name, _type in COLUMNS)
    table = connection.ops.quote_name(ResultRow._meta.db_table)
    with connection.cursor() as cursor, cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
        for row in values:
            copy.write_row(row)


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
                f"WHERE r.result_set_id = %s AND {entries}.id = r.entry_id "
                f"AND {entries}.tier_id IS DISTINCT FROM r.tier_id",
                [result_set.pk],
            )
            return
        cursor.execute(
            f"UPDATE {entries} SET status = CASE WHEN r.advanced THEN %s ELSE %s END, "
            f"stage_id = CASE WHEN r.advanced THEN %s ELSE %s END FROM {rows} r "
            f"WHERE r.result_set_id = %s AND NOT r.incomplete AND {entries}.id = r.entry_id",
            [
                Entry.Status.ADVANCED,
                Entry.Status.ELIMINATED,
                next_stage_id,
                result_set.stage_id,
                result_set.pk,
            ],
        )
