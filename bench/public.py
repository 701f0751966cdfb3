"""Benchmark: anonymous public reads under wrk, cached and uncached, in the same run.

    .venv/bin/python bench/public.py [--seconds 15] [--connections 50] [--workers 4]
        [--threads 1] [--port 8116 (and the next one)] [--redis redis://127.0.0.1:6379/15]
        [--database-url postgres://postgres@127.0.0.1:5432/gigawards_public]

Creates the PostgreSQL database (refusing an existing one), publishes a contest of 100
entries (30 awarded) through the real services, and drops the database at the end. The
same gunicorn (DEBUG off; sync workers, or gthread with `--threads N` > 1; the app and its
URLconf preloaded, bench/public_wsgi.py) serves each page twice: with the cache framework
on Redis (`CACHE_URL`, as in production) and with Django's dummy cache (nothing cached).
Pages: `/api/notices/`, `/api/contests/{id}/results/`, the results page
`/contests/{id}/results/` and the home page `/`. Baseline, on each server:
`/bench/constant/`, a trivial Django view answering a constant (bench/public_app.py).
"""

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=1,
                        help="gunicorn threads per worker (> 1: the gthread worker)")
    parser.add_argument("--port", type=int, default=8116)
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/15")
    parser.add_argument("--database-url",
                        default="postgres://postgres@127.0.0.1:5432/gigawards_public")
    return parser.parse_args()


ARGS = parse_args()
WORKDIR = tempfile.mkdtemp(prefix="bench-public-")
os.environ.update({
    "VAR_DIR": WORKDIR, "MEDIA_ROOT": f"{WORKDIR}/media", "DATABASE_URL": ARGS.database_url,
    "DJANGO_SETTINGS_MODULE": "bench.public_settings", "LOG_LEVEL": "WARNING",
    "CELERY_TASK_ALWAYS_EAGER": "true", "PLAIN_STATIC": "true",
})


def _server(url):
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/postgres")), parts.path.lstrip("/")


def database(action: str):
    import psycopg
    from psycopg import sql

    server, name = _server(ARGS.database_url)
    with psycopg.connect(server, autocommit=True) as conn:
        if action == "create":
            if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s",
                            (name,)).fetchone():
                sys.exit(f"database {name!r} already exists: this benchmark creates its own")
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        else:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                sql.Identifier(name)))


database("create")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connections  # noqa: E402

LUA = """
function done(summary, latency, requests)
  io.write(string.format("RESULT %d %.3f %.3f %.3f %d %d\\n", summary.requests,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, summary.duration / 1e6,
    summary.errors.status, summary.errors.connect + summary.errors.read
    + summary.errors.write + summary.errors.timeout))
end
"""


def build() -> int:
    from tests.factories.publicity import contest_with_results, publish

    built = contest_with_results(winners=30, losers=70, judges=3)
    publish(built.contest, built.organizer)
    return built.contest.pk


def start_server(cache_url: str, port: int) -> subprocess.Popen:
    env = dict(os.environ, DJANGO_DEBUG="false", SECURE_SSL_REDIRECT="false",
               CACHE_URL=cache_url, PYTHONPATH=str(ROOT))
    threads = ["--threads", str(ARGS.threads)] if ARGS.threads > 1 else []
    server = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "bench.public_wsgi", "--preload", "--timeout", "120",
         "--workers", str(ARGS.workers), *threads, "--bind", f"127.0.0.1:{port}",
         "--no-control-socket", "--log-level", "warning"],
        cwd=ROOT, env=env, start_new_session=True)
    for _ in range(100):
        if server.poll() is not None:
            raise SystemExit(f"the server did not start on port {port}")
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/bench/constant/", timeout=2)
            return server
        except OSError:
            time.sleep(0.3)
    stop(server)
    raise SystemExit("the server did not start")


def stop(server):
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=40)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGQUIT)
        server.wait()


def run_wrk(path: str, lua: Path, port: int) -> dict:
    output = subprocess.run(
        ["wrk", "-t", "2", "-c", str(ARGS.connections), "-d", f"{ARGS.seconds}s",
         "--timeout", "10s", "-H", "Accept-Language: zh-hans", "-s", str(lua),
         f"http://127.0.0.1:{port}{path}"],
        capture_output=True, text=True, check=True).stdout
    fields = next(line for line in output.splitlines() if line.startswith("RESULT")).split()
    requests = int(fields[1])
    p50, p99, seconds = map(float, fields[2:5])
    return {"rate": requests / seconds, "p50": p50, "p99": p99, "bad": int(fields[5]),
            "errors": int(fields[6])}


def main():
    call_command("migrate", verbosity=0)
    contest_id = build()
    connections.close_all()
    lua = Path(WORKDIR) / "public.lua"
    lua.write_text(LUA)
    pages = {"constant view": "/bench/constant/", "notices list": "/api/notices/",
             "contest results": f"/api/contests/{contest_id}/results/",
             "results page": f"/contests/{contest_id}/results/", "home page": "/"}
    figures = {}
    # Each mode on its own port: the previous server may still be finishing its requests.
    for port, (mode, cache_url) in enumerate(
            (("uncached", "dummycache://"), ("cached", ARGS.redis)), start=ARGS.port):
        server = start_server(cache_url, port)
        try:
            for label, path in pages.items():
                figures[(label, mode)] = run_wrk(path, lua, port)
        finally:
            stop(server)
    load = os.getloadavg()
    kind = f"gthread workers x {ARGS.threads} threads" if ARGS.threads > 1 else "sync workers"
    print(f"{ARGS.connections} connections, {ARGS.seconds} s each, gunicorn {ARGS.workers} "
          f"{kind}, PostgreSQL, cache on {ARGS.redis}; load average "
          f"{load[0]:.1f} {load[1]:.1f} {load[2]:.1f} on {os.cpu_count()} cores")
    print("(constant view = the baseline: a trivial Django view through the same stack; "
          "'of constant' = cached rate / the constant view's rate on the cached server)")
    floor = figures[("constant view", "cached")]["rate"]
    for label in pages:
        line = [f"{label:<16}"]
        for mode in ("uncached", "cached"):
            r = figures[(label, mode)]
            line.append(f"{mode} {r['rate']:7.1f} req/s p99 {r['p99']:6.1f} ms"
                        + (f" ({r['bad']} non-2xx, {r['errors']} errors)"
                           if r["bad"] or r["errors"] else ""))
        speedup = (figures[(label, "cached")]["rate"]
                   / max(figures[(label, "uncached")]["rate"], 0.01))
        print("  ".join(line) + f"  = {speedup:.1f}x, "
              f"{figures[(label, 'cached')]['rate'] / floor:.2f} of constant")


if __name__ == "__main__":
    try:
        main()
    finally:
        connections.close_all()
        database("drop")
        shutil.rmtree(WORKDIR, ignore_errors=True)
