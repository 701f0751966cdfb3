"""Runs bench/province.py against a shared database without writing to it.

Every PostgreSQL transaction is read-only (a write errors instead of happening), sessions
are signed cookies and `user_logged_in` has no receivers (force_login would otherwise
write a session, `last_login` and an axes access log). The counts it prints are therefore
one below the pins (no session query). Arguments are province.py's; BENCH_ROOT picks the
tree whose code is measured (default: this one), e.g. a `git archive` copy of main.

    BENCH_ROOT=/tmp/base PLAIN_STATIC=true .venv/bin/python bench/province_readonly.py \\
        --database-url postgres://postgres@127.0.0.1:5432/wt4_province --reuse --keep \\
        --repeat 3 --explain-dir /tmp/explain --only "page /judge/"
"""

import os
import runpy
import sys
from pathlib import Path

os.environ["PGOPTIONS"] = "-c default_transaction_read_only=on"
root = os.environ.get("BENCH_ROOT", str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, root)
os.chdir(root)

import django  # noqa: E402

_setup = django.setup


def setup(*args, **kwargs):
    _setup(*args, **kwargs)
    from django.conf import settings
    from django.contrib.auth import user_logged_in

    settings.SESSION_ENGINE = "django.contrib.sessions.backends.signed_cookies"
    user_logged_in.receivers = []  # last_login, axes' access log: writes
    user_logged_in.sender_receivers_cache.clear()


django.setup = setup
sys.argv = [os.path.join(root, "bench/province.py"), *sys.argv[1:]]
runpy.run_path(sys.argv[0], run_name="__main__")
