"""Benchmark: import a 7,000-row worker roster (.xlsx), against baselines measured in the
same run on the same machine (best of 3 runs each).

    .venv/bin/python bench/import_roster.py [rows]

Uses a throw-away SQLite database (and media folder) in a temporary directory, so it never
touches ./var. Prints seconds and ratios:

- baseline 1: a plain openpyxl read-only pass over the same file (the floor for parsing);
- baseline 2: bulk_create of as many bare users (the floor for writing);
- parse + validate: accounts.roster.read_roster + check_roster;
- full import: accounts.services.import_roster as the API calls it (a large file, so a
  job and the Celery task, run eagerly): peek at the first rows in the request, then in
  the task read, validate, write users + profiles (two tables, so more than baseline 2's
  one), audit.
"""

import io
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
WORKDIR = tempfile.mkdtemp(prefix="bench-roster-")
# Before Django reads its settings: a temporary database, media and queue folder.
os.environ["VAR_DIR"] = WORKDIR
os.environ["MEDIA_ROOT"] = f"{WORKDIR}/media"
os.environ["DATABASE_URL"] = f"sqlite:///{WORKDIR}/bench.sqlite3"
os.environ["CELERY_TASK_ALWAYS_EAGER"] = "true"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("LOG_LEVEL", "WARNING")

import django  # noqa: E402

django.setup()

from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402
from openpyxl import Workbook, load_workbook  # noqa: E402

from accounts import services, synthetic  # noqa: E402
from accounts.models import Enterprise, ImportJob, Industry, Role, User, WorkerProfile  # noqa: E402
from accounts.roster import check_roster, read_roster  # noqa: E402

HEADERS = ["姓名", "手机号", "身份证号", "行业", "企业", "是否工会会员", "政治面貌", "从业年限"]
INDUSTRY_WORDS = ["网约送餐", "快递", "网约车", "交通运输"]
RUNS = 3
POLITICAL_WORDS = ["群众", "群众", "群众", "共青团员", "中共党员", "中共预备党员"]


def timed(function):
    started = time.perf_counter()
    result = function()
    return time.perf_counter() - started, result


def best_of(runs, function):
    """The fastest of several runs: the least disturbed by other load on the machine."""
    return min(timed(function)[0] for _run in range(runs))


def make_enterprises(rng) -> list[Enterprise]:
    return Enterprise.objects.bulk_create([
        Enterprise(name=f"沭阳县测试{i}配送服务有限公司", credit_code=synthetic.credit_code(rng),
                   industry=Industry.values[i % 4])
        for i in range(40)
    ])


def roster_bytes(rng, rows: int, enterprises, phones: set, ids: set) -> bytes:
    """A valid roster of people not in `phones`/`ids` (which it extends)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(HEADERS)
    target = len(phones) + rows
    while len(phones) < target:
        phone, number = synthetic.phone(rng), synthetic.id_number(rng)
        if phone in phones or number in ids:
            continue
        phones.add(phone)
        ids.add(number)
        enterprise = rng.choice(enterprises)
        sheet.append([
            synthetic.person_name(rng), phone, number, rng.choice(INDUSTRY_WORDS),
            rng.choice([enterprise.name, enterprise.credit_code, ""]),
            rng.choice(["是", "否"]), rng.choice(POLITICAL_WORDS), rng.randrange(0, 120) / 10,
        ])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def plain_openpyxl_read(content: bytes) -> int:
    workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    count = sum(1 for _row in workbook.worksheets[0].iter_rows(values_only=True))
    workbook.close()
    return count


def bare_bulk_create(rows: int) -> None:
    with transaction.atomic():
        User.objects.bulk_create(
            [User(username=f"bare{i}", password="!", role=Role.WORKER) for i in range(rows)],
            batch_size=1000,
        )
        transaction.set_rollback(True)  # measured, then undone


def parse_and_validate(content: bytes):
    rows = read_roster(io.BytesIO(content))
    return check_roster(rows)


def full_import(content: bytes, organizer):
    upload = SimpleUploadedFile("roster.xlsx", content)
    return services.import_roster(actor=organizer, file=upload)


def import_fresh_roster(content: bytes, organizer, rows: int) -> float:
    seconds, outcome = timed(lambda: full_import(content, organizer))
    job = ImportJob.objects.get(pk=outcome.job.pk)
    assert job.status == ImportJob.Status.SUCCEEDED and job.created == rows, job.errors[:3]
    return seconds


def main(rows: int) -> None:
    call_command("migrate", verbosity=0)
    rng = random.Random(7000)
    organizer = User.objects.create(username="bench-organizer", role=Role.ORGANIZER)
    enterprises = make_enterprises(rng)
    phones, ids = set(), set()
    # Each full import needs people not yet registered: one roster per run.
    rosters = [roster_bytes(rng, rows, enterprises, phones, ids) for _run in range(RUNS)]
    content = rosters[0]
    print(f"roster: {rows} rows, {len(content) / 1024:.0f} KiB; best of {RUNS} runs; "
          f"database {WORKDIR}")

    assert plain_openpyxl_read(content) == rows + 1
    assert not parse_and_validate(content).errors
    read_s = best_of(RUNS, lambda: plain_openpyxl_read(content))
    bare_s = best_of(RUNS, lambda: bare_bulk_create(rows))
    check_s = best_of(RUNS, lambda: parse_and_validate(content))
    import_s = min(import_fresh_roster(roster, organizer, rows) for roster in rosters)
    assert WorkerProfile.objects.count() == RUNS * rows

    print(f"baseline 1, plain openpyxl read-only pass: {read_s:6.2f} s")
    print(f"baseline 2, bulk_create {rows} bare users:  {bare_s:6.2f} s")
    print(f"parse + validate:                         {check_s:6.2f} s  "
          f"= {check_s / read_s:.1f} x baseline 1")
    print(f"full import (job + task, {rows} workers):  {import_s:6.2f} s  "
          f"= {import_s / read_s:.1f} x baseline 1, "
          f"{import_s / (read_s + bare_s):.1f} x (baseline 1 + baseline 2)")


if __name__ == "__main__":
    try:
        main(int(sys.argv[1]) if len(sys.argv) > 1 else 7000)
    finally:
        shutil.rmtree(WORKDIR, ignore_errors=True)
