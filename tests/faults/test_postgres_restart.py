"""PostgreSQL goes down and comes back while gunicorn serves authors submitting papers.

The web app runs with production settings on a private PostgreSQL cluster. Requests made
while the database is down get the plain 500 page (no traceback, no hanging connection);
once it is back, every request succeeds again without restarting gunicorn; and every
submission row in the database is whole (its authors, both PDF files, its receipt email),
with no file left behind by a request that failed.
"""

import json
import os
import secrets
import subprocess
import sys
import threading
import time
import uuid

import psycopg
import pytest
import requests

from bench.services import ROOT, Gunicorn, wait_for
from tests.faults.conftest import FULL
from tests.pdfs import make_sized_pdf

pytestmark = pytest.mark.faults

CSRF = secrets.token_hex(16)
DOWN_SECONDS = 3.0
THREADS = 6


@pytest.fixture
def web(private_postgres, tmp_path):
    private_postgres.create_database("fomo")
    env = {
        "DATABASE_URL": private_postgres.url("fomo"),
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "CELERY_BROKER_URL": "",
        "REDIS_URL": "",
        "FOMO_VAR_DIR": str(tmp_path),
        "PRIVATE_FILES_ROOT": str(tmp_path / "private"),
        "STATIC_ROOT": str(tmp_path / "static"),
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(tmp_path / "mail"),
        "LOG_LEVEL": "ERROR",
    }
    full_env = {**os.environ, **env}
    seed = tmp_path / "seed.json"
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
                   cwd=ROOT, env=full_env, check=True)  # fmt: skip
    subprocess.run([sys.executable, "bench/load_seed.py", "--migrate", "--out", str(seed),
                    "--papers", "10", "--reviewers", "5", "--authors", "12"],
                   cwd=ROOT, env=full_env, check=True)  # fmt: skip
    server = Gunicorn(env, tmp_path / "gunicorn.log", workers=2).start()
    server.seed = json.loads(seed.read_text())
    server.files = tmp_path / "private"
    yield server
    server.stop()


def submit(web, author: dict, pdf: bytes) -> tuple[str, object]:
    """POST a new submission; returns (title, response or the exception raised)."""
    title = f"Restart {uuid.uuid4().hex}"
    fields = {
        "csrfmiddlewaretoken": CSRF, "title": title, "abstract": "We study restarts.",
        "keywords": "databases", "primary_topic": str(web.seed["cfp"]["topics"][0]),
        "anonymized_confirmed": "on", "action": "submit",
        "authors-TOTAL_FORMS": "1", "authors-INITIAL_FORMS": "1",
        "authors-MIN_NUM_FORMS": "1", "authors-MAX_NUM_FORMS": "30",
        "authors-0-name": author["name"], "authors-0-email": author["email"],
        "authors-0-affiliation": author["affiliation"], "authors-0-ORDER": "1",
        "authors-0-is_corresponding": "on",
    }  # fmt: skip
    try:
        response = requests.post(
            f"{web.base_url}/{web.seed['cfp']['slug']}/submissions/new/",
            data=fields,
            files={"pdf": ("paper.pdf", pdf, "application/pdf")},
            headers={"Cookie": f"sessionid={author['session']}; csrftoken={CSRF}"},
            allow_redirects=False,
            timeout=30,
        )
    except requests.RequestException as error:
        return title, error
    return title, response


def dashboard(web, author: dict):
    try:
        return requests.get(
            f"{web.base_url}/accounts/dashboard/",
            headers={"Cookie": f"sessionid={author['session']}"},
            allow_redirects=False,
            timeout=30,
        )
    except requests.RequestException as error:
        return error


def test_postgres_restart_under_load_fails_cleanly_and_recovers(web, private_postgres):
    pdf = make_sized_pdf(200_000)
    authors = web.seed["authors"]
    posts: list[tuple[str, object]] = []
    gets: list[object] = []
    stop = threading.Event()

    def author_loop(n: int) -> None:
        author = authors[n % len(authors)]
        while not stop.is_set():
            posts.append(submit(web, author, pdf))
            gets.append(dashboard(web, author))

    threads = [threading.Thread(target=author_loop, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()

    def answered(status: int) -> int:
        return sum(1 for r in gets if getattr(r, "status_code", None) == status)

    rounds = 3 if FULL else 1
    try:
        for _ in range(rounds):
            # Under load first (warm workers, open connections), then down until requests
            # have met the outage.
            ok_before = answered(200)
            wait_for(lambda n=ok_before: answered(200) >= n + 2 * THREADS, 90, "warm load")
            failed_before = answered(500)
            private_postgres.stop("fast")  # every connection of gunicorn's workers is cut
            time.sleep(DOWN_SECONDS)
            wait_for(lambda n=failed_before: answered(500) > n, 30, "a request to meet it")
            private_postgres.start()
        time.sleep(2)
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=60)

    responses = [r for _, r in posts] + gets
    errors = [r for r in responses if isinstance(r, Exception)]
    assert errors == [], "a request got no HTTP answer"
    statuses = {r.status_code for r in responses}
    assert statuses <= {200, 302, 500}, statuses
    failed = [r for r in responses if r.status_code == 500]
    assert failed, "no request met the outage"
    for response in failed:
        assert "Something went wrong on our side" in response.text
        assert "Traceback" not in response.text
    assert len(failed) < len(responses)

    # After the restart, everything works again without restarting gunicorn.
    for n in range(8):
        title, response = submit(web, authors[n], pdf)
        assert response.status_code == 302, title
        posts.append((title, response))
        assert dashboard(web, authors[n]).status_code == 200

    accepted = {title for title, r in posts if r.status_code == 302}
    refused = {title for title, r in posts if r.status_code == 500}
    with psycopg.connect(private_postgres.url("fomo")) as conn:
        rows = conn.execute(
            """SELECT s.id, s.title, s.pdf, s.reviewer_pdf,
                      (SELECT count(*) FROM submissions_authorship a WHERE a.submission_id = s.id),
                      (SELECT count(*) FROM notifications_outgoingemail e
                        WHERE e.about_id = s.id AND e.kind = 'submission_received')
               FROM submissions_submission s WHERE s.title LIKE 'Restart %%'"""
        ).fetchall()
    titles = {row[1] for row in rows}
    assert accepted <= titles, "a submission the author was told about is missing"
    assert titles <= accepted | refused
    for _, title, pdf_name, reviewer_pdf_name, n_authors, n_receipts in rows:
        assert (n_authors, n_receipts) == (1, 1), title
        assert (web.files / pdf_name).is_file() and (web.files / reviewer_pdf_name).is_file()
    stored = [
        path
        for path in web.files.rglob("*")
        if path.is_file() and path.parts[len(web.files.parts)] not in ("seed", "pending")
    ]
    assert len(stored) == 2 * len(rows), "a failed request left a file behind"
