"""Fixtures of the fault suite: private services we may stop, kill and restart.

The machine's shared PostgreSQL and Redis are never touched: every fault is done to a
redis-server, PostgreSQL cluster, SMTP server or worker that the test started itself.
"""

import os
import re
import shutil
from collections import Counter
from pathlib import Path

import pytest

from bench.services import PostgresCluster, RedisServer, postgres_bin_dir
from tests.worker import WorkerProcess

FULL = os.environ.get("FOMO_FULL_FAULTS") == "1"


def require_binary(name: str) -> None:
    if shutil.which(name) is None:
        if os.environ.get("CI"):
            pytest.fail(f"{name} is missing; CI must provide it")
        pytest.skip(f"{name} is not installed")


@pytest.fixture
def private_redis(tmp_path):
    """A redis-server of our own (no persistence): stopping it loses what it held."""
    require_binary("redis-server")
    server = RedisServer(log_dir=tmp_path).start()
    yield server
    server.stop()


@pytest.fixture
def private_postgres():
    if postgres_bin_dir() is None:
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL server binaries are missing; CI must provide them")
        pytest.skip("no PostgreSQL server binaries under /usr/lib/postgresql")
    cluster = PostgresCluster().init()
    cluster.start()
    yield cluster
    cluster.destroy()


@pytest.fixture
def mail_dir(tmp_path) -> Path:
    path = tmp_path / "mail"
    path.mkdir()
    return path


@pytest.fixture
def start_worker(tmp_path, mail_dir):
    """start_worker(broker_url, **env) -> a running WorkerProcess writing mail to mail_dir;
    every worker started is stopped at the end."""
    started: list[WorkerProcess] = []

    def start(broker_url: str, *, flush: bool = False, **env: str) -> WorkerProcess:
        process = WorkerProcess(
            tmp_path / f"worker{len(started)}.log",
            {
                "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
                "EMAIL_FILE_PATH": str(mail_dir),
                **env,
            },
            broker_url=broker_url,
            flush=flush,
        )
        started.append(process)
        process.wait_ready()
        return process

    yield start
    for process in started:
        process.stop()


EMAIL_ID = re.compile(r"^X-Fomo-Email-Id: (\d+)$", re.MULTILINE)


def delivered(mail_dir: Path) -> Counter:
    """How many times each outbox row id reached the mail dir (one file per connection)."""
    counts: Counter = Counter()
    for path in mail_dir.iterdir():
        counts.update(int(n) for n in EMAIL_ID.findall(path.read_text()))
    return counts
