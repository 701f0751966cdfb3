"""The hand-written SQL baseline of bench/results_compute.py, and the Celery worker's peak
memory.

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
import tempfile
import time
import warnings
from pathlib import Path

from django.db import connection, transaction

from judging.fast_results import use_statement_settings

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


def ranked_in_sql(
    *, contest_id: int, stage_id: int, tie_break_id: int, tuned: bool = False
) -> list[tuple]:
    """(entry id, track id, stage score, rank) of every ranked entry, in one query; with
    `tuned`, under the settings the fast path gives its own statement (`work_mem`, no JIT,
    no parallel workers: `judging.fast_results.STATEMENT_SETTINGS`), so the baseline is not
    handicapped by the server's defaults."""
    with transaction.atomic(), connection.cursor() as cursor:
        if tuned and connection.vendor == "postgresql":
            use_statement_settings(cursor)
        cursor.execute(
            RANKED_SQL, {"stage": stage_id, "contest": contest_id, "tie_break": tie_break_id}
        )
        return cursor.fetchall()


def ranking_checksum(rows) -> str:
    """SHA-256 of the sorted (entry, track, stage score, rank) rows."""
    canonical = sorted((e, t, str(s), r) for e, t, s, r in rows)
    return hashlib.sha256(json.dumps(canonical).encode()).hexdigest()


def _status_mib(pid: int, field: str) -> float:
    """A field of /proc/<pid>/status (VmHWM: peak resident set; VmRSS: now), in MiB."""
    for row in Path(f"/proc/{pid}/status").read_text().splitlines():
        if row.startswith(f"{field}:"):
            return int(row.split()[1]) / 1024
    raise LookupError(field)


def worker_peak_memory(stage_id: int, *, timeout: float = 900) -> dict[str, float]:
    """Peak resident memory (MiB, VmHWM of /proc/<pid>/status) of a real Celery worker
    (`celery -A config worker --pool=solo`: the task runs in the worker's own process) on
    this process's database and broker, on a queue of its own: `idle` after one no-op
    delivery (a stage that does not exist: Django, the task modules and the connections are
    loaded), `task` after it has run `judging.compute_results` on the stage; and that
    delivery's round trip as seen from here (`seconds`: queueing, the task, its result)."""
    from config.celery import app

    queue = f"bench-results-{os.getpid()}"
    env = dict(os.environ, CELERY_TASK_ALWAYS_EAGER="false", LOG_LEVEL="WARNING")
    with tempfile.TemporaryFile(mode="w+") as log:
        worker = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "--pool=solo",
                "-Q",
                queue,
                "--without-heartbeat",
                "--without-gossip",
                "--without-mingle",
                "--loglevel=WARNING",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            with warnings.catch_warnings():  # "task_always_eager has no effect on send_task"
                warnings.simplefilter("ignore")
                app.send_task("judging.compute_results", args=[0], queue=queue).get(timeout=timeout)
                idle = _status_mib(worker.pid, "VmHWM")
                started = time.perf_counter()
                app.send_task("judging.compute_results", args=[stage_id], queue=queue).get(
                    timeout=timeout
                )
                seconds = time.perf_counter() - started
            return {"idle": idle, "task": _status_mib(worker.pid, "VmHWM"), "seconds": seconds}
        except Exception:
            log.seek(0)
            sys.stderr.write(log.read()[-4000:])
            raise
        finally:
            worker.terminate()
            try:
                worker.wait(timeout=30)
            except subprocess.TimeoutExpired:
                worker.kill()
                worker.wait()
