"""Benchmark: a judge's draft save from the scoring page, against baselines measured in the
same run on the same machine (best of K runs each).

    .venv/bin/python bench/judge_draft_save.py [--saves 200] [--repeat 3]
        [--database-url postgres://postgres@127.0.0.1:5432/judge_bench]

A contest being judged: one stage, 4 judged criteria, one judge with 50 assignments. Each
save changes one score of one card (the autosave's common case), as the page's script
sends it: one POST of JSON to /judge/assignments/{id}/draft/ with a new Idempotency-Key,
through the whole stack (session, CSRF middleware, the service with its row lock, the
audit event). Django's test client drives the WSGI handler in-process, so the network is
left out and the ratios compare server work only.

Measured:
- requests per save: the page's script sends one request per save (one POST); counted
  here as the requests the bench had to send per saved version;
- SQL queries per save (must be the same for the 1st and the Nth card, and for 1 or 4
  changed scores);
- seconds per save, and the ratio against
  - baseline 1: the API's `PUT /api/assignments/{id}/scorecard/` with the same body and
    key (the same service behind DRF's token/session stack);
  - baseline 2: the service `judging.services.scorecards.save_scorecard` called directly
    (no HTTP, no idempotency record).

By default a throw-away SQLite database in a temporary directory. With `--database-url`
it creates that PostgreSQL database, refuses if it already exists, and drops it at the end.
Exits with status 1 if a save is not exactly one request or the query count varies.
"""

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--saves", type=int, default=200, help="saves per run (default 200)")
    parser.add_argument("--repeat", type=int, default=3, help="best of K runs (default 3)")
    parser.add_argument("--database-url", default="",
                        help="a PostgreSQL database to create, use and drop")
    args = parser.parse_args()
    if args.saves < 10 or args.repeat < 1:
        parser.error("--saves must be at least 10 and --repeat at least 1")
    return args


ARGS = parse_args()
WORKDIR = tempfile.mkdtemp(prefix="bench-draft-")
os.environ["VAR_DIR"] = WORKDIR
os.environ["MEDIA_ROOT"] = f"{WORKDIR}/media"
os.environ["CELERY_TASK_ALWAYS_EAGER"] = "true"
os.environ["DATABASE_URL"] = ARGS.database_url or f"sqlite:///{WORKDIR}/bench.sqlite3"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("LOG_LEVEL", "WARNING")


def _postgres(url: str, statement: str) -> None:
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if not name or name == "postgres":
        sys.exit("--database-url must name a database to create, e.g. .../judge_bench")
    server = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(server, autocommit=True) as conn:
        if statement == "CREATE" and conn.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            sys.exit(f"database {name!r} already exists: drop it or name another")
        conn.execute(sql.SQL(statement + " DATABASE {}").format(sql.Identifier(name)))


if ARGS.database_url:
    _postgres(ARGS.database_url, "CREATE")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, connections  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from contests.models import Contest  # noqa: E402
from judging.models import Scorecard  # noqa: E402
from judging.services.scorecards import save_scorecard  # noqa: E402
from tests.factories.accounts import JudgeFactory  # noqa: E402
from tests.factories.contests import (  # noqa: E402
    ContestFactory,
    CriterionFactory,
    EntryFactory,
    StageFactory,
    TrackFactory,
)
from tests.factories.judging import AssignmentFactory, PanelMemberFactory  # noqa: E402

ASSIGNMENTS = 50
CRITERIA = 4


def build():
    contest = ContestFactory(state=Contest.State.JUDGING)
    track = TrackFactory(contest=contest)
    stage = StageFactory(contest=contest)
    criteria = [CriterionFactory(stage=stage, position=n) for n in range(CRITERIA)]
    judge = JudgeFactory()
    PanelMemberFactory(stage=stage, judge=judge)
    assignments = [AssignmentFactory(stage=stage, judge=judge,
                                     entry=EntryFactory(contest=contest, track=track))
                   for _ in range(ASSIGNMENTS)]
    return judge, criteria, assignments


class Run:
    """One way of saving: `save(i)` saves version i of card i % 50, changing one score."""

    def __init__(self, name, judge, criteria, assignments):
        self.name, self.judge, self.criteria, self.assignments = name, judge, criteria, assignments
        self.client = Client()
        self.client.force_login(judge)
        self.requests = 0
        self.counter = 0

    def body(self, assignment):
        card = Scorecard.objects.filter(assignment=assignment).first()
        version = card.version if card else 0
        self.counter += 1
        value = f"{(self.counter % 1000) / 100:.2f}"
        scores = {str(c.pk): "5" for c in self.criteria}
        scores[str(self.criteria[self.counter % CRITERIA].pk)] = value
        return {"scores": scores, "comment": "", "base_version": version}


class PageRun(Run):
    def save(self, assignment, body):
        self.requests += 1
        response = self.client.post(f"/judge/assignments/{assignment.pk}/draft/",
                                    json.dumps(body), content_type="application/json",
                                    HTTP_IDEMPOTENCY_KEY=f"page-{self.counter}")
        assert response.status_code == 200, response.content[:300]


class ApiRun(Run):
    def save(self, assignment, body):
        self.requests += 1
        api_body = {"scores": body["scores"], "comment": body["comment"]}
        response = self.client.put(f"/api/assignments/{assignment.pk}/scorecard/",
                                   json.dumps(api_body), content_type="application/json",
                                   HTTP_IDEMPOTENCY_KEY=f"api-{self.counter}")
        assert response.status_code == 200, response.content[:300]


class ServiceRun(Run):
    def save(self, assignment, body):
        save_scorecard(assignment_id=assignment.pk, judge=self.judge, scores=body["scores"],
                       comment=body["comment"], expected_version=body["base_version"])


def measure(run, saves):
    """Seconds for `saves` saves (bodies prepared outside the timing) and queries per save."""
    bodies = []
    for i in range(saves):
        assignment = run.assignments[i % ASSIGNMENTS]
        bodies.append((assignment, None))
    elapsed, queries = 0.0, set()
    for assignment, _ in bodies:
        body = run.body(assignment)
        connection.queries_log.clear()  # a bounded deque: keep the counts exact
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            run.save(assignment, body)
            elapsed += time.perf_counter() - start
        queries.add(len(captured))
    return elapsed, queries


def main():
    call_command("migrate", verbosity=0)
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    judge, criteria, assignments = build()
    results = {}
    for cls, name in ((PageRun, "page draft save"), (ApiRun, "baseline 1: API PUT"),
                      (ServiceRun, "baseline 2: service only")):
        run = cls(name, judge, criteria, assignments)
        measure(run, ASSIGNMENTS)  # warm-up: every card exists afterwards (steady state)
        run.requests = 0
        best, counts = None, set()
        for _ in range(ARGS.repeat):
            seconds, queries = measure(run, ARGS.saves)
            counts |= queries
            best = seconds if best is None else min(best, seconds)
        results[name] = (best / ARGS.saves, counts, run.requests / (ARGS.saves * ARGS.repeat))
        # (the service baseline sends no request: 0)

    print(f"database: {connection.vendor}; {ARGS.saves} saves per run, best of {ARGS.repeat}; "
          f"{ASSIGNMENTS} cards of {CRITERIA} criteria")
    page = results["page draft save"][0]
    failed = False
    for name, (seconds, counts, requests) in results.items():
        query_text = "/".join(str(n) for n in sorted(counts))
        request_text = f"{requests:.0f} request(s)/save, " if requests else ""
        print(f"  {name:26} {seconds * 1000:7.2f} ms/save  {request_text}"
              f"{query_text} queries/save  page/this = {page / seconds:.2f}")
        if len(counts) != 1:
            print(f"  !! {name}: the query count varies: {sorted(counts)}")
            failed = True
    if results["page draft save"][2] != 1:
        failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    try:
        status = main()
    finally:
        connections.close_all()
        if ARGS.database_url:
            _postgres(ARGS.database_url, "DROP")
        shutil.rmtree(WORKDIR, ignore_errors=True)
    sys.exit(status)
