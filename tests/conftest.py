"""Shared fixtures. App-specific fixtures live in tests/<app>/conftest.py."""

import os
import shutil

import pytest
from rest_framework.test import APIClient

from tests.factories.accounts import JudgeFactory, OrganizerFactory, WorkerFactory

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
# Playwright's sync API runs an event loop beside live_server's ORM calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _english_messages(settings):
    """Assertions read English messages; tests/core/test_language.py checks that the
    product's default really is Simplified Chinese."""
    from django.utils import translation

    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _local_cache(settings):
    """Each test starts with an empty in-process cache (throttle counters live there)."""
    from django.core.cache import cache

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    cache.clear()


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    """PBKDF2's deliberate slowness buys nothing in tests; factories hash many passwords."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Each test writes uploads and PDFs to its own folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _eager_celery(settings):
    """Unit and API tests run tasks in-process (the real task code, synchronously).
    Integration tests use the `celery_worker_process` fixture instead."""
    from config.celery import app

    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = False


@pytest.fixture
def api_client():
    return APIClient()


@pytest.fixture
def organizer(db):
    return OrganizerFactory()


@pytest.fixture
def judge(db):
    return JudgeFactory()


@pytest.fixture
def worker(db):
    return WorkerFactory()


def _client_for(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def organizer_client(organizer):
    return _client_for(organizer)


@pytest.fixture
def judge_client(judge):
    return _client_for(judge)


@pytest.fixture
def worker_client(worker):
    return _client_for(worker)


# --- Browser tests (pytest-playwright with the system Chromium) ------------------------


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        pytest.skip(f"Chromium not found at {CHROMIUM} (scripts/test.sh installs it)")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "zh-CN", "timezone_id": "Asia/Shanghai"}


# --- Schema fuzzing (tests/schema_fuzz.py) ----------------------------------------------


@pytest.fixture
def wsgi_db(db):
    """The test database for requests sent through the WSGI application (schemathesis): as
    Django's test client does, requests must not close the test's connection."""
    from tests.schema_fuzz import keep_test_connection

    with keep_test_connection():
        yield
