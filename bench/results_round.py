"""One round of the results benchmark on a database kept by `results_compute.py
--keep-database`, with the code of the current directory: the hand-written SQL baseline
(the better of the server's defaults and the fast path's settings), then the Celery task's
body computing the stage from scratch and again. Prints one JSON line.

Run from two trees in turn (e.g. main's and a branch's, each on its own kept database) to
compare them round by round in the same minutes, which a loaded machine needs:

    for i in 1 2 3 4 5 6 7 8; do
      (cd ../main && DATABASE_URL=…/db_main .venv/bin/python bench/results_round.py)
      DATABASE_URL=…/db_branch .venv/bin/python bench/results_round.py
    done
"""

import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path.cwd()))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ["CELERY_TASK_ALWAYS_EAGER"] = "true"
os.environ.setdefault("LOG_LEVEL", "WARNING")

import django

django.setup()

from bench.sql_baseline import ranked_in_sql  # noqa: E402
from contests.models import Criterion, Entry, Stage  # noqa: E402
from judging.models import ResultSet  # noqa: E402
from judging.tasks import compute_results  # noqa: E402


def timed(function):
    started = time.perf_counter()
    result = function()
    return time.perf_counter() - started, result


def main() -> None:
    # The bench's main contest: the stage with the most entries.
    stage = max(Stage.objects.all(), key=lambda s: Entry.objects.filter(stage=s).count())
    tie_break = Criterion.objects.filter(stage=stage, kind="judged").order_by("position")[1]
    sql = min(
        timed(lambda tuned=tuned: ranked_in_sql(contest_id=stage.contest_id, stage_id=stage.pk,
                                                tie_break_id=tie_break.pk, tuned=tuned))[0]
        for tuned in (False, True)
    )
    ResultSet.objects.filter(stage=stage).delete()
    Entry.objects.filter(contest_id=stage.contest_id).update(tier=None)
    first, computed = timed(lambda: compute_results(stage.pk))
    again, recomputed = timed(lambda: compute_results(stage.pk))
    if computed["checksum"] != recomputed["checksum"]:
        sys.exit("the recomputation gave another checksum")
    print(json.dumps({"sql": round(sql, 3), "first": round(first, 3), "again": round(again, 3),
                      "first_ratio": round(first / sql, 2), "again_ratio": round(again / sql, 2),
                      "checksum": computed["checksum"][:16], "load": os.getloadavg()[0]}))


if __name__ == "__main__":
    main()
