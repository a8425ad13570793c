"""Decision table and decision emails at workshop scale (5,000 papers, 15,000 reviews).

Runs on a throwaway SQLite database of its own:

    .venv/bin/python bench/decisions.py [--papers 5000] [--reviews-per-paper 3]

Prints the time to render the organizers' decision page (test Client, whole response;
statistics and sorting over every paper, the first 200 rows shown) with its query
count, and the time to queue (and, Celery being eager without a broker,
send with the console backend) one decision email per paper. Target: under 30 s.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup_django() -> str:
    tmp = tempfile.mkdtemp(prefix="fomo-bench-decisions-")
    os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
    os.environ["FOMO_VAR_DIR"] = tmp
    os.environ["DEBUG"] = "1"
    os.environ["ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"
    os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.console.EmailBackend"
    os.environ.pop("CELERY_BROKER_URL", None)
    os.environ.pop("REDIS_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fomo_site.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return tmp


def build(n_papers: int, per_paper: int, seed: int):
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from accounts.models import User
    from decisions.models import Decision
    from reviews.models import Review
    from submissions.models import Authorship, Submission
    from topics.models import Topic, Workshop
    from topics.services import phase_dates

    rng = random.Random(seed)
    now = timezone.now()
    dates = phase_dates("reviewing")
    workshop = Workshop.objects.create(
        name="Bench workshop", short_name="BENCH", slug="bench", **dates
    )
    password = make_password("bench-password")
    organizer = User.objects.create(
        email="organizer@bench.example.org", full_name="Olga Organizer", password=password
    )
    workshop.organizers.add(organizer)
    areas = [Topic.objects.create(workshop=workshop, name=f"Area {i}", slug=f"area-{i}", order=i)
             for i in range(4)]  # fmt: skip
    leaves = [
        Topic.objects.create(
            workshop=workshop, parent=areas[i % 4], name=f"Topic {i}", slug=f"topic-{i}", order=i
        )
        for i in range(12)
    ]
    n_reviewers = max(per_paper, n_papers * per_paper // 6)
    User.objects.bulk_create(
        User(email=f"r{i}@rev{i % 50}.example.org", full_name=f"Reviewer {i}", password=password)
        for i in range(n_reviewers)
    )
    reviewer_ids = list(User.objects.filter(email__startswith="r").values_list("pk", flat=True))
    Submission.objects.bulk_create(
        Submission(
            workshop=workshop,
            number=number,
            title=f"Paper {number} on emergent abilities",
            abstract="We study $x_1$ and scaling. " * 20,
            keywords="scaling, emergence",
            primary_topic=leaves[number % len(leaves)],
            status="submitted",
            anonymized_confirmed=True,
            submitted_at=now,
        )
        for number in range(1, n_papers + 1)
    )
    papers = list(Submission.objects.filter(workshop=workshop).values_list("pk", flat=True))
    Authorship.objects.bulk_create(
        Authorship(submission_id=pk, name=f"Author {pk}-{k}", email=f"a{pk}-{k}@lab.example.org",
                   order=k)
        for pk in papers
        for k in range(2)
    )  # fmt: skip
    reviews = []
    for pk in papers:
        for reviewer_id in rng.sample(reviewer_ids, per_paper):
            reviews.append(
                Review(
                    workshop=workshop,
                    submission_id=pk,
                    reviewer_id=reviewer_id,
                    status="submitted",
                    score=rng.randint(1, 10),
                    confidence=rng.randint(1, 5),
                    summary="A fine paper. " * 10,
                    strengths="Clear.",
                    weaknesses="Small scale.",
                    comments_to_authors="Add error bars.",
                    confidential_comments="none",
                    no_conflict_confirmed=True,
                    submitted_at=now,
                    last_submitted_at=now,
                )
            )
    Review.objects.bulk_create(reviews, batch_size=2000)
    outcomes = ["oral", "spotlight", "poster", "reject", "reject"]
    Decision.objects.bulk_create(
        Decision(submission_id=pk, outcome=rng.choice(outcomes), decided_by=organizer)
        for pk in papers
    )
    return workshop, organizer, len(reviews)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=5000)
    parser.add_argument("--reviews-per-paper", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    tmp = setup_django()
    try:
        from django.db import connection, transaction
        from django.test import Client
        from django.test.utils import CaptureQueriesContext

        from decisions.services import decision_notify_start, decisions_release
        from notifications.models import OutgoingEmail

        start = time.perf_counter()
        workshop, organizer, n_reviews = build(args.papers, args.reviews_per_paper, args.seed)
        print(
            f"seeded {args.papers} papers, {n_reviews} reviews "
            f"in {time.perf_counter() - start:.1f} s"
        )

        client = Client()
        client.force_login(organizer)
        for label, query in (("decision page", "?sort=-mean"), ("decision page, one topic", "")):
            url = f"/{workshop.slug}/manage/decisions/{query}"
            if not query:
                url += f"?topic={workshop.topics.filter(parent__isnull=False).first().pk}"
            start = time.perf_counter()
            with CaptureQueriesContext(connection) as captured:
                response = client.get(url)
            elapsed = time.perf_counter() - start
            if response.status_code != 200:
                raise SystemExit(f"{label}: HTTP {response.status_code}")
            print(
                f"{label}: {elapsed:.2f} s, {len(captured.captured_queries)} queries, "
                f"{len(response.content) / 1e6:.1f} MB"
            )

        workshop.review_deadline = workshop.bidding_deadline
        workshop.save(update_fields=["review_deadline"])
        decisions_release(workshop=workshop, by=organizer)
        start = time.perf_counter()
        with contextlib.redirect_stdout(io.StringIO()), transaction.atomic():
            decision_notify_start(workshop=workshop, only_pending=True, by=organizer)
        elapsed = time.perf_counter() - start
        rows = OutgoingEmail.objects.filter(kind__startswith="decision_")
        sent = rows.filter(status="sent").count()
        print(
            f"decision emails: {rows.count()} queued, {sent} sent (console backend, eager) "
            f"in {elapsed:.1f} s (target < 30 s)"
        )
        start = time.perf_counter()
        with contextlib.redirect_stdout(io.StringIO()), transaction.atomic():
            decision_notify_start(workshop=workshop, only_pending=False, by=organizer)
        print(
            f"second run (all already notified): {time.perf_counter() - start:.1f} s, "
            f"{rows.count()} emails in total"
        )
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
