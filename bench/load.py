"""Deadline-hour load on a real stack, then the books are checked: nothing lost.

Starts its own stack on loopback: a new PostgreSQL database on the shared server (created,
then dropped; or a private cluster with --private-postgres), a private redis-server, gunicorn
with production settings (DEBUG=0, whitenoise, collectstatic into a temp folder) and a celery
worker writing mail to a temp folder. Seeds three 2,000-paper workshops (bench/load_seed.py),
then runs locust users for --duration seconds: authors reading their dashboard and papers,
editing a paper's form and submitting new papers with 1-5 MB PDFs; reviewers bidding and
writing reviews. Prints requests/s, p50/p95/p99 and the error rate per endpoint. With
--redis-outage N a second phase follows, as long as the first plus N, with Redis killed for
N seconds in its middle. Then it checks: successful uploads = new submission rows = stored
files, and the outbox drains (every queued email sent, each exactly once in the mail dir).

    .venv/bin/python bench/load.py                       # 60 s, 20 users
    .venv/bin/python bench/load.py --redis-outage 60     # and the Redis outage phase
    .venv/bin/python bench/load.py --duration 10 --users 5 --papers 200   # CI smoke

Targets on a 2-core machine: p95 under 300 ms for pages, under 2 s for uploads, errors
under 0.1%. Exit status 1 when a check (not a target) fails.
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import json
import os
import random
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import gevent

# locust patches the standard library for gevent: it must come before everything else.
from locust import FastHttpUser, between, events, task  # noqa: I001
from locust.env import Environment

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.services import CeleryWorker, Gunicorn, PostgresCluster, RedisServer  # noqa: E402
from tests.pdfs import make_sized_pdf  # noqa: E402

PAGE_TARGET_MS, UPLOAD_TARGET_MS, ERROR_TARGET = 300, 2000, 0.001
CSRF = secrets.token_hex(16)  # 32 characters: Django accepts the unmasked secret
UPLOAD_PREFIX = "Load upload"
PDFS: list[bytes] = []
SEED: dict = {}
OPTIONS: dict = {}
UPLOADS: list[str] = []  # titles of the submissions the server accepted (302)
_identities = {"author": itertools.count(), "reviewer": itertools.count()}


# ---------------------------------------------------------------------------------------
# The users


def multipart(fields: list[tuple[str, str]], files: list[tuple[str, str, bytes]]):
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields:
        head = f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
        parts.append(f"{head}{value}\r\n".encode())
    for name, filename, data in files:
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: application/pdf\r\n\r\n'.encode()
            + data
            + b"\r\n"
        )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


class FomoUser(FastHttpUser):
    abstract = True
    wait_time = between(0.5, 2.0)
    role = ""

    def on_start(self) -> None:
        people = SEED["authors" if self.role == "author" else "reviewers"]
        self.me = people[next(_identities[self.role]) % len(people)]
        self.cookie = f"sessionid={self.me['session']}; csrftoken={CSRF}"
        self.rng = random.Random()

    def page(self, path: str, name: str) -> None:
        with self.client.get(
            path,
            name=name,
            headers={"Cookie": self.cookie},
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 200:
                response.failure(f"status {response.status_code}")

    def post(
        self, path: str, name: str, fields: list[tuple[str, str]], files=None, expect: int = 302
    ):
        fields = [("csrfmiddlewaretoken", CSRF), *fields]
        if files:
            body, content_type = multipart(fields, files)
        else:
            body, content_type = urlencode(fields).encode(), "application/x-www-form-urlencoded"
        headers = {"Cookie": self.cookie, "Content-Type": content_type}
        with self.client.post(
            path, name=name, data=body, headers=headers, allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != expect:
                text = response.text or ""
                error = re.search(r'class="invalid-feedback[^"]*"[^>]*>(.*?)<', text, re.S)
                response.failure(
                    f"status {response.status_code}"
                    + (f": {error.group(1).strip()[:120]}" if error else "")
                )
                return None
            return response


def submission_fields(user: dict, title: str, topic: int, action: str) -> list[tuple[str, str]]:
    return [
        ("title", title),
        ("abstract", "We measure **scaling** under load; $a_1$ grows. " * 8),
        ("keywords", "scaling, load, benchmarks"),
        ("primary_topic", str(topic)),
        ("anonymized_confirmed", "on"),
        ("action", action),
        ("authors-TOTAL_FORMS", "1"),
        ("authors-INITIAL_FORMS", "1"),
        ("authors-MIN_NUM_FORMS", "1"),
        ("authors-MAX_NUM_FORMS", "30"),
        ("authors-0-name", user["name"]),
        ("authors-0-email", user["email"]),
        ("authors-0-affiliation", user["affiliation"]),
        ("authors-0-ORDER", "1"),
        ("authors-0-is_corresponding", "on"),
    ]


class Author(FomoUser):
    weight = 3
    role = "author"

    def on_start(self) -> None:
        super().on_start()
        self.upload()  # deadline hour: authors arrive with their paper

    @task(6)
    def dashboard(self) -> None:
        self.page("/accounts/dashboard/", "GET dashboard")

    @task(3)
    def my_paper(self) -> None:
        if self.me["papers"]:
            number = self.rng.choice(self.me["papers"])
            self.page(f"/{SEED['cfp']['slug']}/submissions/{number}/", "GET submission")

    @task(2)
    def call_for_papers(self) -> None:
        self.page(f"/{SEED['cfp']['slug']}/", "GET call for papers")

    @task(3)
    def edit(self) -> None:
        if not self.me["papers"]:
            return
        number = self.rng.choice(self.me["papers"])
        path = f"/{SEED['cfp']['slug']}/submissions/{number}/edit/"
        self.page(path, "GET edit form")
        # The seeded papers have two authors: this user first, a co-author second.
        fields = submission_fields(
            self.me,
            f"Edited under load {uuid.uuid4().hex[:8]}",
            self.rng.choice(SEED["cfp"]["topics"]),
            "save",
        )
        self.post(path, "POST edit form", fields)

    @task(1)
    def upload(self) -> None:
        title = f"{UPLOAD_PREFIX} {uuid.uuid4().hex}"
        fields = submission_fields(self.me, title, self.rng.choice(SEED["cfp"]["topics"]), "submit")
        pdf = self.rng.choice(PDFS)
        response = self.post(
            f"/{SEED['cfp']['slug']}/submissions/new/",
            "POST new submission + PDF",
            fields,
            files=[("pdf", "paper.pdf", pdf)],
        )
        if response is not None:
            UPLOADS.append(title)


class Reviewer(FomoUser):
    weight = 2
    role = "reviewer"

    @task(3)
    def dashboard(self) -> None:
        self.page("/accounts/dashboard/", "GET dashboard")

    @task(2)
    def my_reviews(self) -> None:
        self.page(f"/{SEED['review']['slug']}/review/papers/", "GET my reviews")

    @task(3)
    def review(self) -> None:
        if not self.me["papers"]:
            return
        number = self.rng.choice(self.me["papers"])
        path = f"/{SEED['review']['slug']}/review/papers/{number}/"
        self.page(path, "GET review form")
        fields = [
            ("score", str(self.rng.randint(1, 10))),
            ("confidence", str(self.rng.randint(1, 5))),
            ("summary", "Under load, the paper studies scaling."),
            ("strengths", "Clear."),
            ("weaknesses", "Small."),
            ("comments_to_authors", "Add error bars."),
            ("confidential_comments", ""),
            ("no_conflict_confirmed", "on"),
            ("action", "submit"),
        ]
        self.post(path, "POST review", fields)

    @task(1)
    def bids_page(self) -> None:
        if OPTIONS.get("without_bids_page"):
            return
        self.page(f"/{SEED['bid']['slug']}/review/bids/", "GET bidding page")

    @task(3)
    def bid(self) -> None:
        number = self.rng.randint(1, SEED["bid"]["papers"])
        value = self.rng.choice(["eager", "willing", "in_a_pinch", "not_willing"])
        self.post(f"/{SEED['bid']['slug']}/review/bids/{number}/", "POST bid", [("value", value)])


# ---------------------------------------------------------------------------------------
# Running a phase and reporting it


def start_users(host: str, users: int) -> Environment:
    # stop_timeout: at the end, users finish the request they are in (so no upload is
    # accepted by the server without the bench knowing).
    env = Environment(user_classes=[Author, Reviewer], host=host, events=events, stop_timeout=60)
    env.create_local_runner().start(users, spawn_rate=max(users, 1))
    return env


def measure(env: Environment, duration: float, during=None) -> dict:
    """Statistics of the next `duration` seconds of the users already running (so a phase
    does not include the burst of every user starting at once)."""
    env.stats.reset_all()
    started = time.monotonic()
    if during is not None:
        gevent.spawn(during)
    gevent.sleep(duration)
    elapsed = time.monotonic() - started
    rows = []
    for entry in sorted(env.stats.entries.values(), key=lambda e: e.name):
        rows.append(
            {
                "endpoint": entry.name,
                "requests": entry.num_requests,
                "rps": entry.num_requests / elapsed,
                "p50": entry.get_response_time_percentile(0.5),
                "p95": entry.get_response_time_percentile(0.95),
                "p99": entry.get_response_time_percentile(0.99),
                "errors": entry.num_failures,
            }
        )
    failures = [
        {"endpoint": f.name, "error": str(f.error)[:200], "count": f.occurrences}
        for f in env.stats.errors.values()
    ]
    total = env.stats.total
    return {
        "seconds": round(elapsed, 1),
        "endpoints": rows,
        "failures": failures,
        "requests": total.num_requests,
        "errors": total.num_failures,
    }


def print_phase(title: str, phase: dict) -> None:
    print(
        f"\n== {title}: {phase['seconds']} s, {phase['requests']} requests, "
        f"{phase['errors']} errors"
    )
    print(
        f"{'endpoint':34} {'req':>6} {'req/s':>7} {'p50':>6} {'p95':>6} {'p99':>6} "
        f"{'errors':>7} {'target':>8}"
    )
    for row in phase["endpoints"]:
        target = UPLOAD_TARGET_MS if "PDF" in row["endpoint"] else PAGE_TARGET_MS
        error_rate = row["errors"] / row["requests"] if row["requests"] else 0
        ok = row["p95"] <= target and error_rate <= ERROR_TARGET
        print(
            f"{row['endpoint']:34} {row['requests']:6d} {row['rps']:7.2f} {row['p50']:6.0f} "
            f"{row['p95']:6.0f} {row['p99']:6.0f} {error_rate:7.2%} "
            f"{('ok' if ok else 'MISSED') + f' {target}':>8}"
        )
    total = phase["requests"]
    print(
        f"{'all':34} {total:6d} {total / phase['seconds']:7.2f} {'':6} {'':6} {'':6} "
        f"{(phase['errors'] / total if total else 0):7.2%}"
    )
    for failure in phase["failures"][:15]:
        print(f"   ! {failure['count']} x {failure['endpoint']}: {failure['error']}")


# ---------------------------------------------------------------------------------------
# The stack


class Stack:
    def __init__(self, args, work: Path):
        self.args, self.work = args, work
        self.redis = RedisServer(log_dir=work)
        self.cluster: PostgresCluster | None = None
        self.db_name = f"fomo_load_{os.getpid()}"
        self.admin_url = ""
        self.processes: list = []
        self.mail_dir = work / "mail"
        self.files = work / "private"

    def database_url(self) -> str:
        if self.args.private_postgres:
            self.cluster = PostgresCluster().init()
            self.cluster.start()
            self.cluster.create_database(self.db_name)
            return self.cluster.url(self.db_name)
        import psycopg

        self.admin_url = self.args.server
        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{self.db_name}"')
        parts = urlsplit(self.admin_url)
        return parts._replace(path=f"/{self.db_name}").geturl()

    def start(self) -> None:
        self.redis.start()
        self.mail_dir.mkdir()
        env = {
            "DATABASE_URL": self.database_url(),
            "SECRET_KEY": secrets.token_urlsafe(50),
            "DEBUG": "0",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "0",
            "REDIS_URL": self.redis.url(1),
            "CELERY_BROKER_URL": self.redis.url(0),
            "FOMO_VAR_DIR": str(self.work),
            "PRIVATE_FILES_ROOT": str(self.files),
            "STATIC_ROOT": str(self.work / "static"),
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": str(self.mail_dir),
            "LOG_LEVEL": "WARNING",
            "DJANGO_SETTINGS_MODULE": "fomo_site.settings",
        }
        os.environ.update(env)
        python = sys.executable
        subprocess.run(
            [python, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, check=True
        )
        seed_file = self.work / "seed.json"
        started = time.monotonic()
        subprocess.run(
            [
                python,
                "bench/load_seed.py",
                "--migrate",
                "--out",
                str(seed_file),
                "--papers",
                str(self.args.papers),
                "--reviewers",
                str(self.args.reviewers),
            ],
            cwd=ROOT,
            check=True,
        )
        print(
            f"seeded 3 workshops x {self.args.papers} papers, {self.args.reviewers} reviewers "
            f"in {time.monotonic() - started:.1f} s"
        )
        SEED.update(json.loads(seed_file.read_text()))
        self.web = Gunicorn(
            {}, self.work / "gunicorn.log", workers=self.args.workers, threads=self.args.threads
        ).start()
        self.worker = CeleryWorker({}, self.work / "worker.log", name="load").start()
        self.processes = [self.web, self.worker]

    def stop(self) -> None:
        for process in self.processes:
            with contextlib.suppress(Exception):
                process.stop()
        with contextlib.suppress(Exception):
            self.redis.stop()
        with contextlib.suppress(Exception):
            from django.db import connections

            connections.close_all()
        if self.cluster is not None:
            self.cluster.destroy()
        elif self.admin_url:
            import psycopg

            with psycopg.connect(self.admin_url, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{self.db_name}" WITH (FORCE)')


# ---------------------------------------------------------------------------------------
# The books


def check_books(stack: Stack, drain_timeout: float) -> dict:
    import django

    django.setup()
    from django.db.models import Count

    from notifications.enums import EmailStatus
    from notifications.models import OutgoingEmail
    from notifications.services import email_requeue_stale
    from submissions.models import Submission

    rows = Submission.objects.filter(
        workshop__slug=SEED["cfp"]["slug"], title__startswith=UPLOAD_PREFIX
    )
    titles = set(rows.values_list("title", flat=True))
    stored = 0
    for submission in rows:
        names = (submission.pdf.name, submission.reviewer_pdf.name)
        stored += all((stack.files / name).is_file() for name in names)
    pending = (
        list((stack.files / "pending").glob("*")) if (stack.files / "pending").exists() else []
    )

    # Drain the outbox: what beat does every minute, here every 5 s.
    deadline = time.monotonic() + drain_timeout
    requeued = 0
    while OutgoingEmail.objects.filter(status=EmailStatus.QUEUED).exists():
        if time.monotonic() > deadline:
            break
        requeued += email_requeue_stale(older_than_seconds=5)
        time.sleep(1)
    counts = dict(OutgoingEmail.objects.values_list("status").annotate(n=Count("pk")))
    delivered: dict[int, int] = {}
    for path in stack.mail_dir.iterdir():
        for email_id in re.findall(r"^X-Fomo-Email-Id: (\d+)$", path.read_text(), re.M):
            delivered[int(email_id)] = delivered.get(int(email_id), 0) + 1
    sent = set(OutgoingEmail.objects.filter(status=EmailStatus.SENT).values_list("pk", flat=True))
    return {
        "uploads_ok": len(UPLOADS),
        "upload_rows": len(titles),
        "uploads_without_row": len(set(UPLOADS) - titles),
        "rows_without_upload": len(titles - set(UPLOADS)),
        "stored_files_complete_rows": stored,
        "stray_pending_files": len(pending),
        "emails": counts,
        "requeued_by_drain": requeued,
        "emails_delivered": sum(delivered.values()),
        "emails_delivered_twice": sum(1 for n in delivered.values() if n > 1),
        "sent_not_delivered": len(sent - set(delivered)),
        "delivered_not_sent": len(set(delivered) - sent),
    }


def books_balanced(books: dict) -> bool:
    return (
        books["uploads_ok"] == books["upload_rows"] == books["stored_files_complete_rows"]
        and books["uploads_without_row"] == books["rows_without_upload"] == 0
        and set(books["emails"]) <= {"sent"}
        and books["emails_delivered_twice"] == books["sent_not_delivered"] == 0
        and books["delivered_not_sent"] == 0
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=60, help="seconds of load per phase")
    parser.add_argument("--users", type=int, default=20, help="concurrent simulated users")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers")
    parser.add_argument("--threads", type=int, default=2, help="threads per gunicorn worker")
    parser.add_argument("--papers", type=int, default=2000, help="papers per workshop")
    parser.add_argument("--reviewers", type=int, default=300)
    parser.add_argument(
        "--redis-outage",
        type=float,
        default=0,
        metavar="SECONDS",
        help="add a phase with Redis killed for this long in its middle",
    )
    parser.add_argument(
        "--server",
        default=os.environ.get("LOAD_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres"),
        help="PostgreSQL server (admin URL) where the fomo_load_<pid> database is made",
    )
    parser.add_argument(
        "--private-postgres",
        action="store_true",
        help="use a throwaway PostgreSQL cluster instead of --server",
    )
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument(
        "--without-bids-page",
        action="store_true",
        help="leave the full bidding list page out of the mix",
    )
    args = parser.parse_args()
    OPTIONS["without_bids_page"] = args.without_bids_page

    PDFS.extend(make_sized_pdf(mb * 1024 * 1024, seed=mb) for mb in (1, 2, 3, 4, 5))
    work = Path(tempfile.mkdtemp(prefix="fomo-load-"))
    stack = Stack(args, work)
    results: dict = {"args": vars(args) | {"json": str(args.json)}, "cpus": os.cpu_count()}
    try:
        stack.start()
        host = stack.web.base_url
        env = start_users(host, args.users)
        # Users start together and the gunicorn workers warm up (templates, connections):
        # the first seconds are not measured.
        gevent.sleep(min(10.0, args.duration / 2))
        results["steady"] = measure(env, args.duration)
        print_phase(
            f"deadline hour, {args.users} users, gunicorn {args.workers} workers x "
            f"{args.threads} threads",
            results["steady"],
        )
        if args.redis_outage:

            def outage():
                gevent.sleep(args.duration / 2)
                print(f"   (Redis killed for {args.redis_outage:.0f} s)", flush=True)
                stack.redis.stop()
                gevent.sleep(args.redis_outage)
                stack.redis.start()
                print("   (Redis back, empty)", flush=True)

            results["redis_outage"] = measure(env, args.duration + args.redis_outage, outage)
            print_phase(
                f"same, Redis down for {args.redis_outage:.0f} s in the middle",
                results["redis_outage"],
            )
        env.runner.quit()
        books = check_books(stack, drain_timeout=max(60, args.duration))
        results["books"] = books
        print("\n== books")
        for key, value in books.items():
            print(f"{key:28} {value}")
        balanced = books_balanced(books)
        print(
            "books balanced: uploads = rows = files, outbox drained, each email once"
            if balanced
            else "BOOKS DO NOT BALANCE"
        )
    finally:
        stack.stop()
        shutil.rmtree(work, ignore_errors=True)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    return 0 if balanced else 1


if __name__ == "__main__":
    sys.exit(main())
