"""Private service processes for the load benchmark and the fault tests.

Each one is ours alone, on a free loopback port, so it can be stopped, killed or restarted
without touching the machine's shared PostgreSQL and Redis: a redis-server, a throwaway
PostgreSQL cluster (initdb into a temporary folder), gunicorn serving fomo, a celery worker.
Nothing here imports Django.
"""

from __future__ import annotations

import glob
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def port_open(port: int, host: str = "127.0.0.1") -> bool:
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


def wait_for(predicate, timeout: float, what: str, interval: float = 0.1) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(interval)
    raise RuntimeError(f"timed out after {timeout:.0f} s waiting for {what}")


def _stop_process(process: subprocess.Popen | None, timeout: float = 15) -> None:
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


class RedisServer:
    """`redis-server` without persistence on its own port; stop() and start() at will."""

    def __init__(self, port: int | None = None, log_dir: Path | None = None):
        self.port = port or free_port()
        self.log_dir = log_dir or Path(tempfile.mkdtemp(prefix="fomo-redis-"))
        self.process: subprocess.Popen | None = None

    def url(self, db: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def start(self) -> RedisServer:
        binary = shutil.which("redis-server")
        if binary is None:
            raise RuntimeError("redis-server is not installed")
        log = (self.log_dir / f"redis-{self.port}.log").open("a")
        self.process = subprocess.Popen(
            [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--daemonize", "no"],
            stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        wait_for(lambda: port_open(self.port), 15, f"redis-server on port {self.port}")
        return self

    def stop(self) -> None:
        """Kill it: everything it held in memory (queued messages included) is gone."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)
        wait_for(lambda: not port_open(self.port), 10, "redis-server to stop")

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None


def postgres_bin_dir() -> Path | None:
    """The newest /usr/lib/postgresql/<version>/bin that has initdb and pg_ctl."""
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda path: int(Path(path).parent.parent.name),
    )
    return Path(found[-1]).parent if found else None


class PostgresCluster:
    """A throwaway PostgreSQL cluster (trust authentication, user postgres) in a temp folder.

    initdb refuses to run as root, so as root the cluster belongs to the `postgres` user and
    its commands run through runuser."""

    def __init__(self, port: int | None = None):
        self.bin_dir = postgres_bin_dir()
        if self.bin_dir is None:
            raise RuntimeError("no PostgreSQL server binaries under /usr/lib/postgresql")
        self.port = port or free_port()
        self.base = Path(tempfile.mkdtemp(prefix="fomo-pg-"))
        self.data = self.base / "data"
        self.socket_dir = self.base / "socket"
        self.log = self.base / "server.log"
        self.as_root = os.geteuid() == 0
        self.socket_dir.mkdir()
        if self.as_root:
            self.base.chmod(0o755)
            shutil.chown(self.base, "postgres", "postgres")
            shutil.chown(self.socket_dir, "postgres", "postgres")

    def _run(self, *args: str, timeout: float = 60) -> subprocess.CompletedProcess:
        command = [str(self.bin_dir / args[0]), *args[1:]]
        if self.as_root:
            command = ["runuser", "-u", "postgres", "--", *command]
        return subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=True)

    def url(self, name: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def init(self) -> PostgresCluster:
        self._run("initdb", "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync",
                  "-D", str(self.data))  # fmt: skip
        return self

    def start(self) -> None:
        options = (
            f"-p {self.port} -k {self.socket_dir} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
            "-c max_connections=60"
        )
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", options,
                  "-w", "-t", "60", "start")  # fmt: skip

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "-t", "60", "stop")

    def restart(self, mode: str = "fast") -> None:
        self.stop(mode)
        self.start()

    def create_database(self, name: str) -> None:
        self._run("psql", "-h", str(self.socket_dir), "-p", str(self.port), "-U", "postgres",
                  "-c", f'CREATE DATABASE "{name}"')  # fmt: skip

    def destroy(self) -> None:
        if (self.data / "postmaster.pid").exists():
            try:
                self.stop("immediate")
            except subprocess.SubprocessError:
                pass
        shutil.rmtree(self.base, ignore_errors=True)


class Gunicorn:
    """gunicorn serving fomo_site.wsgi on a free loopback port with the given environment."""

    def __init__(self, env: dict[str, str], log_path: Path, workers: int = 2,
                 threads: int = 1, timeout: int = 30):  # fmt: skip
        self.port = free_port()
        self.log_path = log_path
        self.env = {**os.environ, **env}
        self.workers, self.threads, self.timeout = workers, threads, timeout
        self.process: subprocess.Popen | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, wait: float = 60) -> Gunicorn:
        self.log = self.log_path.open("a")
        self.process = subprocess.Popen(
            [str(BIN / "gunicorn"), "fomo_site.wsgi:application",
             "--bind", f"127.0.0.1:{self.port}", "--workers", str(self.workers),
             "--threads", str(self.threads), "--timeout", str(self.timeout),
             "--graceful-timeout", "5", "--access-logfile", "-"],
            cwd=ROOT, env=self.env, stdout=self.log, stderr=subprocess.STDOUT,
        )  # fmt: skip

        def up() -> bool:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited:\n{self.log_path.read_text()[-4000:]}")
            return port_open(self.port)

        wait_for(up, wait, "gunicorn")
        return self

    def stop(self) -> None:
        _stop_process(self.process)
        if self.process is not None:
            self.log.close()


class CeleryWorker:
    """`celery worker` (solo pool) with the given environment; kill() is a SIGKILL."""

    def __init__(self, env: dict[str, str], log_path: Path, name: str = "bench"):
        self.log_path = log_path
        self.env = {**os.environ, **env}
        self.name = name
        self.process: subprocess.Popen | None = None

    def start(self, wait: float = 60) -> CeleryWorker:
        self.log = self.log_path.open("a")
        offset = self.log_path.stat().st_size
        self.process = subprocess.Popen(
            [str(BIN / "celery"), "-A", "fomo_site", "worker", "--pool=solo", "--loglevel=INFO",
             "--without-gossip", "--without-mingle", "--without-heartbeat",
             f"--hostname={self.name}@%h"],
            cwd=ROOT, env=self.env, stdout=self.log, stderr=subprocess.STDOUT,
        )  # fmt: skip

        def ready() -> bool:
            if self.process.poll() is not None:
                raise RuntimeError(f"celery worker exited:\n{self.log_path.read_text()[-4000:]}")
            with self.log_path.open() as log:
                log.seek(offset)
                return "ready." in log.read()

        wait_for(ready, wait, "the celery worker")
        return self

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        _stop_process(self.process, timeout=30)
        if self.process is not None:
            self.log.close()
