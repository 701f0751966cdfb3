"""Benchmark: judges submitting scorecards under load (wrk), against a minimal INSERT view
measured in the same run, under the same server and client.

    .venv/bin/python bench/submit.py [--seconds 30] [--slices 1] [--connections 50]
        [--workers 4] [--port 8115] [--profile var/submit.svg]
        [--database-url postgres://postgres@127.0.0.1:5432/gigawards_submit]

It creates the PostgreSQL database (refusing an existing one) and drops it at the end. The
contest: 4,000 entries, 50 judges (one API token each), panels of 5, so 20,000 assignments,
a rubric of 4 judged criteria. gunicorn (sync workers, DEBUG off) serves the project plus
`POST /bench/insert/` (bench/submit_app.py). wrk runs 50 connections; each request is
`PUT /api/assignments/{id}/scorecard/` with `{"scores": {...}, "submit": true}` for the next
assignment not yet sent, with its judge's token, so no card is submitted twice.

On a server running with autovacuum off (this machine's), it runs VACUUM (ANALYZE) after
each submit run, as autovacuum would. Afterwards every answer is checked against the
database: each 200 is one submitted card with exactly the 4 scores sent, nothing else
is submitted, and `verify_audit` passes.
With `--profile FILE`, py-spy samples one gunicorn worker during the submit run.
Prints requests/s, p50/p99 latency and the ratio to the INSERT baseline. `--slices N`
alternates N baseline and N submit runs of seconds/N each (the submits go on where the last
run stopped): on a shared machine whose load moves from one quarter-minute to the next,
both are then measured under the same minutes.
"""

import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

ENTRIES, JUDGES, PANEL, CRITERIA = 4000, 50, 5, 4


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=30,
                        help="of each kind of request, split into --slices")
    parser.add_argument("--slices", type=int, default=1,
                        help="alternate baseline and submit runs of seconds/slices each, so "
                             "both are measured under the same minutes of a shared machine")
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers")
    parser.add_argument("--port", type=int, default=8115)
    parser.add_argument("--profile", default="",
                        help="py-spy profile of one worker: a flame graph (.svg), or collapsed "
                             "stacks (.txt), summarised after the run")
    parser.add_argument("--profile-cpu", action="store_true",
                        help="profile CPU time only (py-spy without --idle)")
    parser.add_argument("--database-url",
                        default="postgres://postgres@127.0.0.1:5432/gigawards_submit")
    return parser.parse_args()


ARGS = parse_args()
WORKDIR = tempfile.mkdtemp(prefix="bench-submit-")
os.environ.update({
    "VAR_DIR": WORKDIR, "MEDIA_ROOT": f"{WORKDIR}/media", "DATABASE_URL": ARGS.database_url,
    "DJANGO_SETTINGS_MODULE": "config.settings", "LOG_LEVEL": "WARNING",
    "CELERY_TASK_ALWAYS_EAGER": "true",
})


def _server(url):
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/postgres")), parts.path.lstrip("/")


def create_database(url):
    import psycopg
    from psycopg import sql

    server, name = _server(url)
    with psycopg.connect(server, autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            sys.exit(f"database {name!r} already exists: this benchmark creates and drops its own")
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def drop_database(url):
    import psycopg
    from psycopg import sql

    server, name = _server(url)
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
            sql.Identifier(name)))


create_database(ARGS.database_url)

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, connections  # noqa: E402
from django.utils import timezone  # noqa: E402
from rest_framework.authtoken.models import Token  # noqa: E402

from accounts.models import Role, User  # noqa: E402
from audit.services import verify_chain  # noqa: E402
from bench.submit_app import TABLE  # noqa: E402
from contests.models import Contest, Criterion, Entry, Stage, Track  # noqa: E402
from judging.models import Assignment, PanelMember, Score, Scorecard  # noqa: E402


def build() -> list[tuple[str, int, str]]:
    """The contest; returns (token, assignment id, body) per assignment, shuffled."""
    rng = random.Random(20261201)
    now = timezone.now()
    organizer = User.objects.create(username="organizer", password="!", role=Role.ORGANIZER)
    contest = Contest.objects.create(
        title="2026年骑手技能大赛（压测）", kind=Contest.Kind.SKILLS, year=2026,
        registration_opens=now - timedelta(days=30), registration_closes=now - timedelta(days=10),
        judging_closes=now + timedelta(days=10), state=Contest.State.JUDGING,
        created_by=organizer,
    )
    track = Track.objects.create(contest=contest, name="网约送餐", position=0)
    stage = Stage.objects.create(contest=contest, name="决赛", position=0, panel_size=PANEL)
    criteria = [Criterion.objects.create(stage=stage, name=f"评分项{i}", max_score=Decimal(25),
                                         weight=Decimal(1), position=i)
                for i in range(CRITERIA)]
    judges = User.objects.bulk_create([
        User(username=f"judge{i}", password="!", role=Role.JUDGE) for i in range(JUDGES)])
    tokens = {t.user_id: t.key for t in Token.objects.bulk_create(
        [Token(user=j, key=Token.generate_key()) for j in judges])}
    PanelMember.objects.bulk_create([PanelMember(stage=stage, judge=j) for j in judges])
    workers = User.objects.bulk_create([
        User(username=f"worker{i}", password="!", role=Role.WORKER) for i in range(ENTRIES)
    ], batch_size=1000)
    entries = Entry.objects.bulk_create([
        Entry(contest=contest, track=track, worker=w, stage=stage,
              status=Entry.Status.QUALIFIED, submitted_at=now)
        for w in workers], batch_size=1000)
    assignments = Assignment.objects.bulk_create([
        Assignment(stage=stage, entry=e, judge=judges[(i + k) % JUDGES])
        for i, e in enumerate(entries) for k in range(PANEL)], batch_size=2000)
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE {TABLE} (id bigserial PRIMARY KEY, body text)")
        cursor.execute("ANALYZE")
    work = [
        (tokens[a.judge_id], a.pk, json.dumps({
            "scores": {str(c.pk): f"{rng.randrange(0, 2501) / 100:.2f}" for c in criteria},
            "submit": True}))
        for a in assignments
    ]
    rng.shuffle(work)
    return work


# wrk gives each thread its own Lua state: thread k takes every THREADS-th line from k.
THREADS = 2
LUA = """
threads = {}
local counter = 0
function setup(thread)
  thread:set("thread_id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

local items = {}
next_item = 1  -- global: done() reads it through thread:get
ok, other = 0, 0
local kind

function init(args)
  kind = args[1]
  local n = 0
  for line in io.lines(args[2]) do
    if n % THREADS == thread_id then
      local token, id, body = line:match("([^\t]*)\t([^\t]*)\t(.*)")
      table.insert(items, {token, id, body})
    end
    n = n + 1
  end
  -- args[3]: the items each thread took in the previous runs ("a,b"): continue after them,
  -- so no assignment is sent twice.
  local k = 0
  for taken in string.gmatch(args[3] or "", "%d+") do
    if k == thread_id then next_item = tonumber(taken) + 1 end
    k = k + 1
  end
end

function request()
  local item = items[next_item]
  next_item = next_item + 1
  if item == nil then
    return wrk.format("GET", "/api/notices/")
  end
  if kind == "insert" then
    return wrk.format("POST", "/bench/insert/", {["Content-Type"] = "application/json"},
                      item[3])
  end
  return wrk.format("PUT", "/api/assignments/" .. item[2] .. "/scorecard/",
                    {["Content-Type"] = "application/json",
                     ["Authorization"] = "Token " .. item[1]}, item[3])
end

function response(status, headers, body)
  if status == 200 then ok = ok + 1 else other = other + 1 end
end

function done(summary, latency, requests)
  local total_ok, total_other, taken = 0, 0, {}
  for _, t in ipairs(threads) do
    total_ok = total_ok + t:get("ok")
    total_other = total_other + t:get("other")
    table.insert(taken, tostring(t:get("next_item") - 1))
  end
  io.write("TAKEN " .. table.concat(taken, ",") .. "\\n")
  io.write(string.format("RESULT %d %d %d %.3f %.3f %.3f %d\\n", summary.requests,
    total_ok, total_other, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.duration / 1e6, summary.errors.connect + summary.errors.read
    + summary.errors.write + summary.errors.timeout))
end
""".replace("THREADS", str(THREADS))


def write_lua(path: Path):
    path.write_text(LUA)


def start_server(port: int) -> subprocess.Popen:
    env = dict(os.environ, DJANGO_DEBUG="false", SECURE_SSL_REDIRECT="false",
               DJANGO_SETTINGS_MODULE="bench.submit_settings", PYTHONPATH=str(ROOT),
               PLAIN_STATIC="true")
    server = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "config.wsgi", "--workers", str(ARGS.workers),
         "--bind", f"127.0.0.1:{port}", "--no-control-socket", "--log-level", "warning",
         # A loaded machine can take more than the default 30 s to import the project on
         # the first request.
         "--timeout", "120"],
        cwd=ROOT, env=env, start_new_session=True,
    )
    import urllib.request

    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/notices/", timeout=2)
            return server
        except OSError:
            time.sleep(0.3)
    os.killpg(server.pid, signal.SIGQUIT)
    server.wait()
    raise SystemExit("the server did not start")


def run_wrk(kind: str, lines: Path, lua: Path, port: int, seconds: int,
            taken: str = "") -> dict:
    output = subprocess.run(
        ["wrk", "-t", str(THREADS), "-c", str(ARGS.connections), "-d", f"{seconds}s",
         "--timeout", "10s", "-s", str(lua), f"http://127.0.0.1:{port}", "--", kind,
         str(lines), taken],
        capture_output=True, text=True, check=True,
    ).stdout
    fields = next(line for line in output.splitlines() if line.startswith("RESULT")).split()
    requests, ok, other = map(int, fields[1:4])
    p50, p99, seconds = map(float, fields[4:7])
    taken = next(line for line in output.splitlines() if line.startswith("TAKEN")).split()[1]
    return {"requests": requests, "ok": ok, "other": other, "p50": p50, "p99": p99,
            "seconds": seconds, "rate": requests / seconds, "errors": int(fields[7]),
            "taken": taken, "runs": 1}


def combined(runs: list[dict]) -> dict:
    """Runs of one kind added up: the rate over their total time, the median run's p50 and
    the worst run's p99 (percentiles of separate runs do not add up)."""
    total = {key: sum(r[key] for r in runs)
             for key in ("requests", "ok", "other", "seconds", "errors", "runs")}
    total["rate"] = total["requests"] / total["seconds"]
    total["p50"] = sorted(r["p50"] for r in runs)[len(runs) // 2]
    total["p99"] = max(r["p99"] for r in runs)
    return total


def check(work, sent_ok: int) -> tuple[int, list[str]]:
    """Every acknowledged submission stored exactly once (one card per assignment, holding
    the scores sent); beyond them, only requests cut off when wrk stopped (at most one per
    connection) may have been stored."""
    problems = []
    submitted = Scorecard.objects.filter(state=Scorecard.State.SUBMITTED).count()
    if not sent_ok <= submitted <= sent_ok + ARGS.connections * ARGS.slices:
        problems.append(f"{sent_ok} answered 200 but {submitted} cards are submitted")
    cards = Scorecard.objects.count()
    if cards != submitted:
        problems.append(f"{cards - submitted} cards exist without being submitted")
    expected = {a: json.loads(body)["scores"] for _t, a, body in work}
    stored = {}
    for assignment_id, criterion_id, value in Score.objects.order_by().values_list(
            "scorecard__assignment_id", "criterion_id", "value"):
        stored.setdefault(assignment_id, {})[str(criterion_id)] = f"{value:.2f}"
    wrong = [a for a, scores in stored.items() if scores != expected[a]]
    if wrong:
        problems.append(f"{len(wrong)} cards hold other scores than sent")
    report = verify_chain()
    if not report.ok:
        problems.append(f"audit chain broken: {report.problem}")
    return submitted, problems


# Where a submit's time goes: the share of the worker's samples (idle included: a sync
# worker waiting on PostgreSQL is part of the request) under each of these frames.
PROFILE_PARTS = (
    ("request handled (gunicorn handle_request)", "handle_request ("),
    # The rest of a request: WSGI, URL resolving, middleware.
    ("  the DRF view", "dispatch (rest_framework/views.py"),
    ("    authentication and permissions", "initial (rest_framework/views.py"),
    ("  idempotency layer", "wrapper (core/idempotency.py"),
    ("  request parsing and validation", "parse (core/input.py"),
    ("  save_scorecard (the service)", "save_scorecard ("),
    ("    audit record", "record_many (audit/services.py"),
    ("    state machine", "transition_scorecards ("),
    ("  response serializer", "data (rest_framework/serializers.py"),
    ("  response rendering", "rendered_content ("),
    ("SQL: building statements (compiler)", "as_sql (django/db/models/sql/compiler.py"),
    ("SQL: executing (driver + waiting on PostgreSQL)", "execute (psycopg/cursor.py"),
    ("transaction commit", "commit (psycopg/connection.py"),
    ("waiting for a request (accept/select)", "wait (gunicorn/workers/sync.py"),
)


def summarise_profile(path: Path) -> None:
    """Print the share of samples under each of PROFILE_PARTS, and the 15 functions with
    the most samples of their own."""
    total, parts, own = 0, dict.fromkeys((label for label, _f in PROFILE_PARTS), 0), {}
    for line in path.read_text().splitlines():
        stack, _sep, count = line.rpartition(" ")
        if not count.isdigit():
            continue
        n = int(count)
        total += n
        for label, frame in PROFILE_PARTS:
            if frame in stack:
                parts[label] += n
        leaf = stack.rsplit(";", 1)[-1].rsplit(":", 1)[0]
        own[leaf] = own.get(leaf, 0) + n
    if not total:
        print("(no samples)")
        return
    print(f"{total} samples of one worker:")
    for label, n in parts.items():
        print(f"  {100 * n / total:5.1f}%  {label}")
    print("most samples of their own:")
    for leaf, n in sorted(own.items(), key=lambda kv: -kv[1])[:15]:
        print(f"  {100 * n / total:5.1f}%  {leaf}")


def _autovacuum_off() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SHOW autovacuum")
        return cursor.fetchone()[0] == "off"


def vacuum_analyze() -> None:
    """What autovacuum does on a server with the default settings, between two runs: the
    dead row versions cleaned and the statistics refreshed. Without it (a server running
    with autovacuum off, like this machine's), the planner keeps the statistics taken while
    the cards were empty: the submit's statements then scan the growing tables, and a
    submit's PostgreSQL CPU grew from 1.6 to 7.7 ms over 16,000 submits
    (bench/README.md)."""
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)")
    connections.close_all()


def main():
    call_command("migrate", verbosity=0)
    autovacuum_off = _autovacuum_off()
    if autovacuum_off:
        print("this server runs with autovacuum off: VACUUM (ANALYZE) after each submit run, "
              "as autovacuum would")
    work = build()
    connections.close_all()
    lines = Path(WORKDIR) / "work.tsv"
    lines.write_text("".join(f"{t}\t{a}\t{b}\n" for t, a, b in work))
    lua = Path(WORKDIR) / "submit.lua"
    write_lua(lua)
    server = start_server(ARGS.port)
    slice_seconds = max(1, ARGS.seconds // ARGS.slices)
    baselines, submits, profiles = [], [], []
    try:
        for k in range(ARGS.slices):
            baselines.append(run_wrk("insert", lines, lua, ARGS.port, slice_seconds,
                                     baselines[-1]["taken"] if baselines else ""))
            profiler = None
            if ARGS.profile and (k == 0 or ARGS.profile.endswith(".txt")):
                # One worker, sampled during each submit run (raw stacks add up; a flame
                # graph: the first run only).
                profiles.append(Path(f"{ARGS.profile}.{k}"))
                worker = subprocess.run(["pgrep", "-P", str(server.pid)], capture_output=True,
                                        text=True).stdout.split()[0]
                profiler = subprocess.Popen(
                    [str(ROOT / ".venv/bin/py-spy"), "record", "-o", str(profiles[-1]),
                     "--pid", worker, "--duration", str(slice_seconds), "--nonblocking",
                     *([] if ARGS.profile_cpu else ["--idle"]), "--format",
                     "raw" if ARGS.profile.endswith(".txt") else "flamegraph"],
                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            submits.append(run_wrk("submit", lines, lua, ARGS.port, slice_seconds,
                                   submits[-1]["taken"] if submits else ""))
            if profiler:
                profiler.wait()
            if autovacuum_off:
                vacuum_analyze()
        baseline, submit = combined(baselines), combined(submits)
        if profiles:
            with open(ARGS.profile, "wb") as out:
                for part in profiles if ARGS.profile.endswith(".txt") else profiles[:1]:
                    if part.exists():
                        out.write(part.read_bytes())
                        part.unlink()
    finally:
        os.killpg(server.pid, signal.SIGTERM)  # graceful: in-flight requests finish
        try:
            server.wait(timeout=40)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGQUIT)
            server.wait()
    stored, problems = check(work, submit["ok"])
    load = os.getloadavg()
    print(f"{ARGS.connections} connections, {ARGS.seconds} s each in {ARGS.slices} "
          f"alternating run(s), gunicorn {ARGS.workers} "
          f"sync workers, PostgreSQL; load average before the check "
          f"{load[0]:.1f} {load[1]:.1f} {load[2]:.1f} on {os.cpu_count()} cores")
    for label, r in (("minimal INSERT view (baseline)", baseline), ("scorecard submit", submit)):
        print(f"{label:<32} {r['rate']:8.1f} req/s  p50 {r['p50']:7.1f} ms  "
              f"p99 {r['p99']:7.1f} ms  ({r['ok']} x 200, {r['other']} other, "
              f"{r['errors']} socket errors)")
    print(f"ratio submit / baseline: {submit['rate'] / baseline['rate']:.2f}" + (
        " (each pair of runs: " + " ".join(f"{s['rate'] / b['rate']:.2f}" for b, s in zip(
            baselines, submits, strict=True)) + ")" if ARGS.slices > 1 else ""))
    if ARGS.slices > 1:
        print("each pair, req/s (baseline/submit): " + " ".join(
            f"{b['rate']:.0f}/{s['rate']:.0f}" for b, s in zip(baselines, submits, strict=True)))
    print("stored exactly once: " + ("yes — " + f"{submit['ok']} acknowledged, {stored} "
          f"stored ({stored - submit['ok']} cut off by wrk's end), each card holds the "
          "scores sent, audit chains verified" if not problems
          else "NO — " + "; ".join(problems)))
    if ARGS.profile:
        print(f"profile of one worker: {ARGS.profile}")
        if ARGS.profile.endswith(".txt"):
            summarise_profile(Path(ARGS.profile))
    if problems:
        sys.exit(1)


if __name__ == "__main__":
    try:
        main()
    finally:
        connections.close_all()
        drop_database(ARGS.database_url)
        shutil.rmtree(WORKDIR, ignore_errors=True)
