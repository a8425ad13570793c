"""A real `celery worker` process for tests, on the test database and a real Redis."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis
from django.db import connection

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
CELERY = Path(sys.executable).with_name("celery")


def redis_available() -> bool:
    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


def require_redis() -> None:
    if redis_available():
        return
    if os.environ.get("CI"):
        pytest.fail(f"Redis is not reachable at {REDIS_URL}; CI must provide it.")
    pytest.skip(f"Redis is not reachable at {REDIS_URL}")


def database_url() -> str:
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    user = db["USER"] or ""
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{user}{password}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


class WorkerProcess:
    """`broker_url` defaults to the shared test Redis; `flush` empties that database first
    (pass False to start a second worker on a queue that already holds messages)."""

    def __init__(
        self,
        log_path: Path,
        extra_env: dict[str, str],
        *,
        broker_url: str = REDIS_URL,
        flush: bool = True,
        name: str = "",
    ):
        self.log_path = log_path
        env = {
            **os.environ,
            "DEBUG": "0",
            "SECRET_KEY": "worker-test-key",
            "DATABASE_URL": database_url(),
            "CELERY_BROKER_URL": broker_url,
            "REDIS_URL": "",
            "DB_CONN_MAX_AGE": "0",
            **extra_env,
        }
        if flush:
            redis.Redis.from_url(broker_url).flushdb()
        self.log = log_path.open("w")
        self.process = subprocess.Popen(
            [str(CELERY), "-A", "fomo_site", "worker", "--pool=solo", "--loglevel=INFO",
             "--without-gossip", "--without-mingle", "--without-heartbeat",
             f"--hostname={name or log_path.stem}@%h"],
            env=env, stdout=self.log, stderr=subprocess.STDOUT,
        )  # fmt: skip

    def wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if "ready." in self.log_path.read_text():
                return
            if self.process.poll() is not None:
                break
            time.sleep(0.2)
        raise AssertionError(f"celery worker did not start:\n{self.log_path.read_text()}")

    def kill(self) -> None:
        """SIGKILL: the worker dies at once, mid-task, without acknowledging anything."""
        self.process.kill()
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process.poll() is not None:
            self.log.close()
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


def wait_until(predicate, timeout: float = 30, interval: float = 0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(interval)
    return predicate()
