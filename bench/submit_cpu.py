"""Benchmark: the CPU one scorecard submit costs, in process, free of the machine's load.

    .venv/bin/python bench/submit_cpu.py [--submits 1500] [--profile FILE]
        [--database-url postgres://postgres@127.0.0.1:5432/gigawards_submit_cpu]

Builds bench/submit.py's contest in its own database (created, dropped at the end), then
sends submits one after another through Django's whole request handling (test Client:
middleware, DRF, the service), in 5 blocks, and prints the best block's wall time, Python
CPU (process_time) and the PostgreSQL backend's CPU (/proc/<pid>/stat) per submit. CPU
time counts only this process and its backend, so it compares two trees even on a busy
machine, where wrk's requests/s swing with the other load. With --profile, a cProfile
(CPU time) of 1,000 more submits is written to FILE (read with `python -m pstats FILE`).
"""

import argparse
import cProfile
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
parser.add_argument("--submits", type=int, default=1500)
parser.add_argument("--profile", default="")
parser.add_argument("--database-url",
                    default="postgres://postgres@127.0.0.1:5432/gigawards_submit_cpu")
ARGS = parser.parse_args()
# bench/submit.py creates the database and sets Django up on import, from its own arguments.
sys.argv = [sys.argv[0], "--database-url", ARGS.database_url]
import bench.submit as contest  # noqa: E402, I001 (sets Django up first)

from django.core.management import call_command  # noqa: E402
from django.db import connection, connections  # noqa: E402
from django.test import Client  # noqa: E402

BLOCKS = 5


def _backend_cpu(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main():
    call_command("migrate", verbosity=0)
    work = contest.build()
    if len(work) < 50 + ARGS.submits + (1000 if ARGS.profile else 0):
        sys.exit("not enough assignments for that many submits")
    client = Client(HTTP_HOST="127.0.0.1")

    def submit(item):
        token, assignment, body = item
        response = client.put(f"/api/assignments/{assignment}/scorecard/", body,
                              content_type="application/json",
                              HTTP_AUTHORIZATION=f"Token {token}")
        assert response.status_code == 200, response.content

    for item in work[:50]:  # warm-up: imports, the connection, prepared statements
        submit(item)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend = cursor.fetchone()[0]
    blocks, size = [], ARGS.submits // BLOCKS
    for b in range(BLOCKS):
        chunk = work[50 + b * size:50 + (b + 1) * size]
        wall, cpu, pg = time.perf_counter(), time.process_time(), _backend_cpu(backend)
        for item in chunk:
            submit(item)
        blocks.append(((time.perf_counter() - wall) / size, (time.process_time() - cpu) / size,
                       (_backend_cpu(backend) - pg) / size))
    wall, cpu, pg = (1000 * min(block[i] for block in blocks) for i in range(3))
    print(f"{ARGS.submits} submits, best of {BLOCKS} blocks: wall {wall:.2f} ms, "
          f"Python CPU {cpu:.2f} ms, PostgreSQL backend CPU {pg:.2f} ms per submit; "
          f"load average {os.getloadavg()[0]:.1f}")
    if ARGS.profile:
        profile = cProfile.Profile(time.process_time)
        profile.enable()
        for item in work[50 + ARGS.submits:50 + ARGS.submits + 1000]:
            submit(item)
        profile.disable()
        profile.dump_stats(ARGS.profile)
        print(f"CPU profile of 1000 submits: {ARGS.profile}")


if __name__ == "__main__":
    try:
        main()
    finally:
        connections.close_all()
        contest.drop_database(ARGS.database_url)
