"""Conflict-of-interest computation at workshop scale (default 5,000 papers x 2,000 reviewers).

Runs on a throwaway SQLite database of its own (or on DATABASE_URL with --use-env-db):

    .venv/bin/python bench/conflicts.py [--submissions 5000] [--reviewers 2000]

Prints the time of the first computation (every conflict inserted), of a second run
(nothing changes) and of a single submission's recompute, with their query counts.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup_django(use_env_db: bool) -> str | None:
    tmp = None
    if not use_env_db:
        tmp = tempfile.mkdtemp(prefix="fomo-bench-conflicts-")
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
        os.environ["FOMO_VAR_DIR"] = tmp
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fomo_site.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return tmp


def build(n_submissions: int, n_reviewers: int, seed: int):
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from accounts.models import User
    from pool.models import ReviewerProfile
    from submissions.models import Authorship, Submission
    from topics.models import Topic, Workshop
    from topics.services import phase_dates

    rng = random.Random(seed)
    workshop = Workshop.objects.create(
        name="Bench workshop", short_name="BENCH", slug="bench-conflicts", **phase_dates("bidding")
    )
    topic = Topic.objects.create(workshop=workshop, name="Everything", slug="everything")
    n_institutions = max(10, n_reviewers // 3)
    institutions = [
        (f"inst{i}.edu" if i % 4 else f"cs.inst{i}.ac.uk", f"University of Place {i}")
        for i in range(n_institutions)
    ]
    public = ["gmail.com", "outlook.com", "qq.com", "163.com"]

    # People: reviewers first; authors are a larger population that includes 10% of reviewers.
    password = make_password(None)
    reviewers = []
    for r in range(n_reviewers):
        domain, affiliation = rng.choice(institutions)
        email_domain = rng.choice(public) if rng.random() < 0.15 else domain
        reviewers.append(
            User(
                email=f"reviewer{r}@{email_domain}",
                full_name=f"Reviewer {r}",
                affiliation=affiliation,
                password=password,
            )
        )
    User.objects.bulk_create(reviewers, batch_size=1000)
    reviewers = list(User.objects.filter(email__startswith="reviewer").order_by("pk"))
    ReviewerProfile.objects.bulk_create(
        [
            ReviewerProfile(
                workshop=workshop,
                user=user,
                affiliation=user.affiliation,
                email_domains=[user.email.rsplit("@", 1)[1]],
            )
            for user in reviewers
        ],
        batch_size=1000,
    )
    now = timezone.now()
    Submission.objects.bulk_create(
        [
            Submission(
                workshop=workshop,
                number=n + 1,
                title=f"Paper {n + 1}",
                abstract="Abstract.",
                primary_topic=topic,
                status="submitted",
                submitted_at=now,
            )
            for n in range(n_submissions)
        ],
        batch_size=1000,
    )
    submission_ids = list(workshop.submissions.order_by("pk").values_list("pk", flat=True))
    n_people = n_submissions * 2
    authorships = []
    for submission_id in submission_ids:
        for order in range(rng.choice([1, 2, 3, 3, 4])):
            if rng.random() < 0.05:
                user = rng.choice(reviewers)
                email, affiliation, user_id = user.email, user.affiliation, user.pk
            else:
                person = rng.randrange(n_people)
                domain, affiliation = institutions[person % n_institutions]
                if person % 7 == 0:
                    domain = rng.choice(public)
                email, user_id = f"author{person}@{domain}", None
            authorships.append(
                Authorship(
                    submission_id=submission_id,
                    user_id=user_id,
                    name=email.split("@")[0],
                    email=email,
                    affiliation=affiliation,
                    order=order,
                )
            )
    Authorship.objects.bulk_create(authorships, batch_size=2000, ignore_conflicts=True)
    return workshop


def timed(label: str, function, **kwargs):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        result = function(**kwargs)
        elapsed = time.perf_counter() - start
    inserts = sum(1 for q in queries if q["sql"].startswith("INSERT"))
    print(
        f"{label:44} {elapsed:7.2f} s  {len(queries):4} queries"
        f" ({inserts} INSERT batches)  created/deleted={result}"
    )
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submissions", type=int, default=5000)
    parser.add_argument("--reviewers", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--use-env-db", action="store_true", help="use DATABASE_URL as it is")
    args = parser.parse_args()
    tmp = setup_django(args.use_env_db)
    try:
        from django.db import connection

        from pool.models import Conflict
        from pool.services import (
            conflicts_recompute_for_submission,
            conflicts_recompute_for_workshop,
        )
        from submissions.models import Authorship

        start = time.perf_counter()
        workshop = build(args.submissions, args.reviewers, args.seed)
        print(
            f"data: {args.submissions} submissions, {Authorship.objects.count()} authorships, "
            f"{args.reviewers} reviewers on {connection.vendor} "
            f"(built in {time.perf_counter() - start:.1f} s)"
        )
        timed("conflicts_recompute_for_workshop (first)", conflicts_recompute_for_workshop,
              workshop=workshop)  # fmt: skip
        by_source = {}
        for source in Conflict.objects.values_list("source", flat=True):
            by_source[source] = by_source.get(source, 0) + 1
        print(f"conflicts: {sum(by_source.values())} rows {dict(sorted(by_source.items()))}")
        timed("conflicts_recompute_for_workshop (again)", conflicts_recompute_for_workshop,
              workshop=workshop)  # fmt: skip
        submission = workshop.submissions.order_by("number").first()
        timed("conflicts_recompute_for_submission (one)", conflicts_recompute_for_submission,
              submission=submission)  # fmt: skip
    finally:
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
