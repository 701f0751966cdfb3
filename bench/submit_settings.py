"""Settings of the bench/submit.py server: the project's, plus the bench's URL (the minimal
INSERT view)."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.submit_app"
