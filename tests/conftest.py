"""Shared fixtures. App-specific fixtures live in tests/<app>/conftest.py."""

import os
import shutil

import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from rest_framework.test import APIClient

from tests.factories.accounts import JudgeFactory, OrganizerFactory, WorkerFactory

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
# Playwright's sync API runs an event loop beside live_server's ORM calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# A loaded machine must not fail a property test by its timing, on CI or on a laptop
# running other work: no deadline, and no health check about slow data generation.
hypothesis_settings.register_profile(
    "ci", deadline=None, suppress_health_check=[HealthCheck.too_slow])
hypothesis_settings.load_profile("ci")

# The schemathesis tests: every API operation is fuzzed by one of them.
SCHEMA_FUZZ_FILES = ("tests/test_schema_fuzz.py", "tests/judging/test_schema_fuzz.py")


def pytest_itemcollected(item):
    """schemathesis names each operation's test `test_…[GET /api/…]` but leaves every one
    the node id of the function. pytest-xdist (`--dist loadfile`) runs one item per node
    id, so all but one operation would silently never run: give each its own id."""
    if item.nodeid.split("::")[0] in SCHEMA_FUZZ_FILES and "[" in item.name \
            and "[" not in item.nodeid:
        operation = item.name.split("[", 1)[1].removesuffix("]")
        item._id = item._id.with_params(operation)  # pytest 9's structured node id


def _schema_operations() -> set[str]:
    from drf_spectacular.generators import SchemaGenerator

    paths = SchemaGenerator().get_schema(request=None, public=True)["paths"]
    return {f"{method.upper()} {path}" for path, operations in paths.items()
            for method in operations}


def pytest_sessionfinish(session, exitstatus):
    """Say how many API operations the schemathesis tests fuzzed; when both ran in full
    (no -k), fail the run if that is fewer than the schema's operations."""
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is None or hasattr(session.config, "workerinput"):
        return  # an xdist worker: the controller counts
    fuzzed, files = set(), set()
    for reports in reporter.stats.values():
        for report in reports:
            nodeid = getattr(report, "nodeid", "")
            if getattr(report, "when", None) == "call" and "[" in nodeid \
                    and nodeid.split("::")[0] in SCHEMA_FUZZ_FILES:
                fuzzed.add(nodeid.split("[", 1)[1].rstrip("]"))
                files.add(nodeid.split("::")[0])
    if not fuzzed:
        return
    expected = _schema_operations()
    reporter.write_line(f"schema fuzzing: {len(fuzzed)} of {len(expected)} API operations "
                        "fuzzed")
    if set(SCHEMA_FUZZ_FILES) <= files and not session.config.option.keyword \
            and len(fuzzed) < len(expected):
        missing = sorted(expected - fuzzed)
        reporter.write_line(f"schema fuzzing: not fuzzed: {', '.join(missing)}", red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


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
