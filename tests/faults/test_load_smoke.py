"""The short mode of bench/load.py: the whole stack under a few users for a few seconds,
with Redis killed for a few seconds in a second phase. No timing is asserted; the books are:
no request failed, every accepted upload is one submission row with its files, and the
outbox drained with each email delivered once."""

import json
import subprocess
import sys

import pytest
from django.db import connection

from bench.services import ROOT
from tests.faults.conftest import require_binary

pytestmark = [pytest.mark.faults, pytest.mark.django_db]


def postgres_server_url() -> str | None:
    """The test database's server (its `postgres` database), where the bench makes its own."""
    if connection.vendor != "postgresql":
        return None
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT'] or 5432}/postgres"


def test_load_smoke_has_no_errors_and_balanced_books(tmp_path):
    require_binary("redis-server")
    out = tmp_path / "load.json"
    server = postgres_server_url()
    command = [sys.executable, "bench/load.py", "--duration", "10", "--users", "5",
               "--papers", "200", "--reviewers", "40", "--redis-outage", "4",
               "--json", str(out)]  # fmt: skip
    command += ["--server", server] if server else ["--private-postgres"]
    run = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=240)
    assert run.returncode == 0, run.stdout[-5000:] + run.stderr[-5000:]
    results = json.loads(out.read_text())
    for phase in ("steady", "redis_outage"):
        assert results[phase]["requests"] > 0
        assert results[phase]["errors"] == 0, results[phase]["failures"]
    books = results["books"]
    assert books["uploads_ok"] > 0
    assert books["uploads_ok"] == books["upload_rows"] == books["stored_files_complete_rows"]
    assert books["uploads_without_row"] == books["rows_without_upload"] == 0
    assert set(books["emails"]) == {"sent"}
    assert books["emails_delivered"] == books["emails"]["sent"]
    assert books["emails_delivered_twice"] == 0
