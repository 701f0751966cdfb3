"""Settings of the bench/public.py server: the project's, plus the bench's URL (the trivial
constant view)."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.public_app"
