"""Tools for fault tests: a private Redis on a free port that the test stops and starts,
real Celery worker processes on it, and pointing this process' Celery app at it."""

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid

import pytest

from config.celery import app as celery_app

from .conftest import ROOT, _database_url

REDIS_SERVER = shutil.which("redis-server")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class PrivateRedis:
    """A throw-away redis-server (no persistence) on `port`; nothing listens until
    `start()`, and `stop()` closes the port again."""

    def __init__(self, port: int):
        self.port = port
        self.url = f"redis://127.0.0.1:{port}/0"
        self.process = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--maxmemory-policy", "noeviction"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError), socket.create_connection(
                    ("127.0.0.1", self.port), timeout=0.5):
                return
            time.sleep(0.1)
        pytest.fail(f"redis-server did not start on port {self.port}")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=20)
            self.process = None

    def client(self):
        import redis

        return redis.Redis.from_url(self.url)


@pytest.fixture
def private_redis():
    if REDIS_SERVER is None:
        pytest.skip("redis-server is not installed")
    server = PrivateRedis(free_port())
    yield server
    server.stop()


class Worker:
    """`celery worker` as a child process on `queue` of the broker at `broker_url`."""

    def __init__(self, broker_url: str, queue: str, **env):
        self.log = tempfile.NamedTemporaryFile(  # noqa: SIM115
            "w+", prefix="celery-worker-", suffix=".log", delete=False)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo",
             "--loglevel=INFO", "-Q", queue, "-n", f"{queue}-{uuid.uuid4().hex[:6]}@%h",
             "--without-heartbeat", "--without-mingle", "--without-gossip"],
            cwd=ROOT, stdout=self.log, stderr=subprocess.STDOUT,
            env={**os.environ, "DATABASE_URL": _database_url(), "PYTHONUNBUFFERED": "1",
                 "CELERY_BROKER_URL": broker_url, "CELERY_TASK_DEFAULT_QUEUE": queue,
                 **{key: str(value) for key, value in env.items()}},
        )

    @property
    def pid(self) -> int:
        return self.process.pid

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def output(self) -> str:
        self.log.seek(0)
        return self.log.read()


@pytest.fixture
def workers():
    """Start workers with `workers.start(broker_url, queue, **env)`; all stopped at the end
    (their logs printed when the test failed)."""
    started: list[Worker] = []

    class Starter:
        def start(self, broker_url, queue, **env) -> Worker:
            worker = Worker(broker_url, queue, **env)
            started.append(worker)
            return worker

    yield Starter()
    for worker in started:
        worker.stop()
        print(worker.output()[-3000:])
        os.unlink(worker.log.name)


@contextlib.contextmanager
def this_process_sends_to(broker_url: str, queue: str, **transport_options):
    """This test process' Celery app publishes to `broker_url`, on `queue`, for real."""
    conf = celery_app.conf
    saved = (conf.broker_url, conf.broker_transport_options, conf.task_default_queue,
             celery_app._pool, celery_app.amqp._producer_pool)
    saved_env = os.environ.get("CELERY_BROKER_URL")
    os.environ["CELERY_BROKER_URL"] = broker_url  # Celery reads it before its setting
    conf.broker_url = broker_url
    conf.broker_transport_options = {"socket_connect_timeout": 1, **transport_options}
    conf.task_default_queue = queue
    conf.task_always_eager = False
    celery_app._pool = celery_app.amqp._producer_pool = None
    try:
        yield
    finally:
        if celery_app._pool is not None:
            celery_app._pool.force_close_all()
        (conf.broker_url, conf.broker_transport_options, conf.task_default_queue,
         celery_app._pool, celery_app.amqp._producer_pool) = saved
        if saved_env is None:
            os.environ.pop("CELERY_BROKER_URL", None)
        else:
            os.environ["CELERY_BROKER_URL"] = saved_env


def new_queue() -> str:
    return f"fault-{uuid.uuid4().hex[:10]}"
