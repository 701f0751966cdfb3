"""Benchmark: load the demo data (`accounts.demo.seed`, what `scripts/run.sh` runs) into a
fresh database, then again (the idempotent second run), against a baseline measured in the
same run: hashing one password with the production hasher (the demo hashes each of its
three passwords once and shares the hash).

    .venv/bin/python bench/demo_data.py

Uses a throw-away SQLite database in a temporary directory, so it never touches ./var.
Prints seconds and ratios (best of 3); no threshold: machines here are noisy."""

import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
WORKDIR = tempfile.mkdtemp(prefix="bench-demo-")
os.environ["VAR_DIR"] = WORKDIR
os.environ["MEDIA_ROOT"] = f"{WORKDIR}/media"
os.environ["CELERY_TASK_ALWAYS_EAGER"] = "true"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("LOG_LEVEL", "WARNING")

import django  # noqa: E402

RUNS = 3


class _Quiet:
    def write(self, text):
        pass


def timed(function):
    started = time.perf_counter()
    function()
    return time.perf_counter() - started


def fresh_database(run: int) -> None:
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connections

    connections.close_all()
    settings.DATABASES["default"]["NAME"] = f"{WORKDIR}/bench-{run}.sqlite3"
    call_command("migrate", verbosity=0)


def main() -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{WORKDIR}/bench-0.sqlite3"
    django.setup()
    from django.contrib.auth.hashers import make_password

    from accounts import demo

    baseline = min(timed(lambda: make_password("demo-Worker-2026")) for _ in range(RUNS))
    first, second = [], []
    for run in range(RUNS):
        fresh_database(run)
        first.append(timed(lambda: demo.seed(stdout=_Quiet())))
        second.append(timed(lambda: demo.seed(stdout=_Quiet())))
    print(f"baseline: hashing one password      {baseline:6.2f} s")
    print(f"demo data, first load               {min(first):6.2f} s  "
          f"({min(first) / baseline:.1f}x)")
    print(f"demo data, second (idempotent) load {min(second):6.2f} s  "
          f"({min(second) / baseline:.1f}x)")


if __name__ == "__main__":
    try:
        main()
    finally:
        shutil.rmtree(WORKDIR, ignore_errors=True)
