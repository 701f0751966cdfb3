"""The hand-written SQL baseline of bench/results_compute.py, and peak-memory probes.

`ranked_in_sql(stage)` is one query computing what the results computation computes for the
bench's contest (trimmed mean with trim 1 over the card totals, one objective criterion,
stage score rounded to two places, tie-breaks on the objective criterion and on one judged
criterion's trimmed mean, both descending) and ranking each track with `RANK() OVER`. It
neither validates, nor places entries in tiers, nor writes anything: it is the floor the
fast path is measured against.
"""

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

from django.db import connection

ROOT = Path(__file__).resolve().parents[1]

RANKED_SQL = """
WITH card AS (
    SELECT a.entry_id, e.track_id, SUM(c.weight * s.value) AS total,
           SUM(s.value) FILTER (WHERE s.criterion_id = %(tie_break)s) AS tie_break
    FROM judging_scorecard sc
    JOIN judging_assignment a ON a.id = sc.assignment_id
    JOIN contests_entry e ON e.id = a.entry_id
    JOIN judging_score s ON s.scorecard_id = sc.id
    JOIN contests_criterion c ON c.id = s.criterion_id AND c.kind = 'judged'
    WHERE a.stage_id = %(stage)s AND sc.state = 'submitted' AND e.contest_id = %(contest)s
    GROUP BY a.entry_id, e.track_id, sc.id
),
numbered AS (
    SELECT entry_id, track_id, total, tie_break,
           ROW_NUMBER() OVER (PARTITION BY entry_id ORDER BY total) AS by_total,
           ROW_NUMBER() OVER (PARTITION BY entry_id ORDER BY tie_break) AS by_tie_break,
           COUNT(*) OVER (PARTITION BY entry_id) AS cnt
    FROM card
),
trimmed AS (
    SELECT entry_id, track_id,
           SUM(total) FILTER (WHERE by_total > 1 AND by_total < cnt)
           / COUNT(*) FILTER (WHERE by_total > 1 AND by_total < cnt) AS judged,
           ROUND(SUM(tie_break) FILTER (WHERE by_tie_break > 1 AND by_tie_break < cnt)
                 / COUNT(*) FILTER (WHERE by_tie_break > 1 AND by_tie_break < cnt), 2)
           AS tie_break
    FROM numbered
    GROUP BY entry_id, track_id
),
scored AS (
    SELECT t.entry_id, t.track_id, ROUND(t.judged + c.weight * o.value, 2) AS stage_score,
           o.value AS objective_value, t.tie_break
    FROM trimmed t
    JOIN judging_objectivescore o ON o.entry_id = t.entry_id
    JOIN contests_criterion c
      ON c.id = o.criterion_id AND c.stage_id = %(stage)s AND c.kind = 'objective'
)
SELECT entry_id, track_id, stage_score,
       RANK() OVER (PARTITION BY track_id
                    ORDER BY stage_score DESC, objective_value DESC, tie_break DESC)
FROM scored
"""


def ranked_in_sql(*, contest_id: int, stage_id: int, tie_break_id: int) -> list[tuple]:
    """(entry id, track id, stage score, rank) of every ranked entry, in one query."""
    with connection.cursor() as cursor:
        cursor.execute(RANKED_SQL, {"stage": stage_id, "contest": contest_id,
                                    "tie_break": tie_break_id})
        return cursor.fetchall()


def ranking_checksum(rows) -> str:
    """SHA-256 of the sorted (entry, track, stage score, rank) rows."""
    canonical = sorted((e, t, str(s), r) for e, t, s, r in rows)
    return hashlib.sha256(json.dumps(canonical).encode()).hexdigest()


PROBE = """
import resource, sys
import django
django.setup()
from judging.stage_inputs import load_stage_inputs
from judging.tasks import compute_results
from contests.models import Stage
what, stage_id = sys.argv[1], int(sys.argv[2])
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
if what == "task":
    compute_results(stage_id)
elif what == "reference":
    load_stage_inputs(Stage.objects.select_related("contest").get(pk=stage_id)).rank()
print(before, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def peak_memory_mib(what: str, stage_id: int) -> tuple[float, float]:
    """Peak resident memory (MiB) of a fresh process, as a Celery worker's: after Django's
    setup, and after running `what` ("task": the Celery task's body; "reference": loading
    and ranking with the pure maths; "idle": nothing) on the stage."""
    output = subprocess.run(
        [sys.executable, "-c", PROBE, what, str(stage_id)], cwd=ROOT, env=dict(os.environ),
        check=True, capture_output=True, text=True,
    ).stdout.split()
    before, after = (int(value) / 1024 for value in output[-2:])
    return before, after
