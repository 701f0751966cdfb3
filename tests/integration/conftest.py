"""A real Celery worker process on the configured broker (Redis in CI, the filesystem
transport elsewhere), sharing the test database."""

import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings

from config.celery import app as celery_app

ROOT = Path(__file__).resolve().parents[2]


def _database_url() -> str:
    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    auth = db.get("USER") or ""
    if db.get("PASSWORD"):
        auth += f":{db['PASSWORD']}"
    host = db.get("HOST") or "127.0.0.1"
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgres://{auth}@{host}{port}/{db['NAME']}"


def _reset_broker_connections():
    """Drop pooled broker connections so new transport options take effect."""
    if celery_app._pool is not None:
        celery_app.pool.force_close_all()
        celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def celery_worker_process(transactional_db):
    """Start `celery worker` as a subprocess on a queue of its own; yield the queue name."""
    queue = f"test-{uuid.uuid4().hex[:12]}"
    # The worker's own default queue is the test queue too, so tasks it queues itself
    # (a task that starts another) reach it.
    env = {**os.environ, "DATABASE_URL": _database_url(), "PYTHONUNBUFFERED": "1",
           "CELERY_TASK_DEFAULT_QUEUE": queue}
    fs_root = None
    if celery_app.conf.broker_url.startswith("filesystem"):
        fs_root = tempfile.mkdtemp(prefix="celery-fs-")
        env["CELERY_FS_ROOT"] = fs_root
        options = {
            "data_folder_in": f"{fs_root}/queue", "data_folder_out": f"{fs_root}/queue",
            "processed_folder": f"{fs_root}/processed", "control_folder": f"{fs_root}/control",
            "store_processed": False,
        }
        for sub in ("queue", "processed", "control"):
            os.makedirs(f"{fs_root}/{sub}", exist_ok=True)
        saved_options = celery_app.conf.broker_transport_options
        celery_app.conf.broker_transport_options = options
        _reset_broker_connections()
    saved_queue = celery_app.conf.task_default_queue
    celery_app.conf.task_default_queue = queue
    celery_app.conf.task_always_eager = False
    log = open(tempfile.mktemp(prefix="celery-worker-", suffix=".log"), "w+")  # noqa: SIM115
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo",
         "--loglevel=INFO", "-Q", queue, "-n", f"{queue}@%h",
         "--without-heartbeat", "--without-mingle", "--without-gossip"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    try:
        yield queue
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        celery_app.conf.task_default_queue = saved_queue
        if fs_root:
            celery_app.conf.broker_transport_options = saved_options
            _reset_broker_connections()
        log.seek(0)
        output = log.read()
        log.close()
        if process.returncode not in (0, -15, None):
            print(output[-4000:])


def wait_for(predicate, timeout=60, interval=0.2):
    """Poll until predicate() is truthy; return its value or fail after `timeout` s."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    pytest.fail(f"condition not met within {timeout} s")
