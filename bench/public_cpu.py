"""CPU per request of cached public reads, in-process (no gunicorn, no wrk): on a loaded
machine the CPU a request costs is steadier than requests per second.

    DATABASE_URL=postgres://…/wtN CACHE_URL=redis://127.0.0.1:6379/N \\
        .venv/bin/python bench/public_cpu.py [--requests 300]

Runs Django's WSGI handler directly on the given (migrated) database and cache, DEBUG off,
and prints the process CPU per request for the constant view (bench/public_app.py) and for
cached anonymous reads of `/api/notices/` and `/` (the first request of each fills the
cache and is not counted).
"""

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.update({"DJANGO_SETTINGS_MODULE": "bench.public_settings", "DJANGO_DEBUG": "false",
                   "SECURE_SSL_REDIRECT": "false", "PLAIN_STATIC": "true",
                   "LOG_LEVEL": "WARNING"})

import django  # noqa: E402

django.setup()

from django.core.handlers.wsgi import WSGIHandler  # noqa: E402
from django.test.client import RequestFactory  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=300)
    count = parser.parse_args().requests
    handler = WSGIHandler()
    print(f"load average {os.getloadavg()[0]:.1f}, cache {os.environ.get('CACHE_URL')}")
    floor = None
    for path in ("/bench/constant/", "/api/notices/", "/"):
        def call(path=path):
            environ = RequestFactory().get(path, HTTP_ACCEPT_LANGUAGE="zh-hans").environ
            environ.update(SERVER_NAME="127.0.0.1", HTTP_HOST="127.0.0.1")
            status = []
            b"".join(handler(environ, lambda s, _headers, status=status: status.append(s)))
            return status[0]

        assert call().startswith("200"), path
        started = time.process_time()
        for _ in range(count):
            call()
        cpu = (time.process_time() - started) / count * 1000
        floor = floor or cpu
        print(f"{path:<18} {cpu:5.2f} ms CPU/request = {cpu / floor:.2f} of the constant view")


if __name__ == "__main__":
    main()
