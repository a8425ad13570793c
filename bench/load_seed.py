"""Seed a database for bench/load.py (and the PostgreSQL-restart fault test) with bulk writes.

Three workshops of the same size, one per phase the deadline hour mixes: `load-cfp` (call
open: authors edit their papers and submit new ones), `load-bid` (reviewers bid) and
`load-review` (assignments released, reviewers review). Prints one JSON document: the
slugs, topic ids and, for every simulated user, a ready session key and their papers.

    DATABASE_URL=… SECRET_KEY=… python bench/load_seed.py --papers 2000 --reviewers 300
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORDS = (
    "scaling emergent grokking attention sparse mixture experts alignment calibration robust "
    "in-context prompting distillation pruning quantization pretraining corpus tokenizer "
    "contrastive transfer representation watermark unlearning reward preference benchmark"
).split()
SEED_PDF = "seed/paper.pdf"


def text(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words))


def session_for(user) -> str:
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session["_auth_user_id"] = str(user.pk)
    session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
    session["_auth_user_hash"] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def seed(papers: int, reviewers: int, authors: int, per_paper: int, seed_value: int) -> dict:
    from django.contrib.auth.hashers import make_password
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from django.utils import timezone

    from accounts.models import User
    from assignment.models import Assignment, AssignmentRelease
    from pool.models import ReviewerProfile
    from submissions.models import Authorship, Submission
    from topics.services import cfp_data, workshop_load_cfp

    rng = random.Random(seed_value)
    now = timezone.now()
    password = make_password("load-password-2026")
    data = cfp_data()
    workshops = {
        phase: workshop_load_cfp(slug=f"load-{phase}", data=data, phase=phase,
                                 name_suffix=f" (load, {phase})").workshop
        for phase in ("submission", "bidding", "reviewing")
    }  # fmt: skip
    for workshop in workshops.values():
        workshop.max_pdf_mb = 10
        workshop.max_pages = 10
        workshop.save(update_fields=["max_pdf_mb", "max_pages"])
    leaves = {
        phase: list(workshop.topics.exclude(parent=None).values_list("pk", flat=True))
        for phase, workshop in workshops.items()
    }
    # One small PDF on disk, shared by the seeded papers (never replaced during the run).
    sys.path.insert(0, str(ROOT))
    from tests.pdfs import make_sized_pdf

    if not default_storage.exists(SEED_PDF):
        default_storage.save(SEED_PDF, ContentFile(make_sized_pdf(20_000, seed=0)))

    author_users = User.objects.bulk_create(
        User(email=f"author{n}@lab{n % 60}.example.org", full_name=f"Author {n}",
             affiliation=f"Lab {n % 60}", password=password)
        for n in range(authors)
    )  # fmt: skip
    reviewer_users = User.objects.bulk_create(
        User(email=f"reviewer{n}@uni{n % 80}.example.edu", full_name=f"Reviewer {n}",
             affiliation=f"University {n % 80}", password=password)
        for n in range(reviewers)
    )  # fmt: skip
    organizer = User.objects.create(
        email="organizer@load.example.net", full_name="Olga Organizer", password=password
    )
    by_phase: dict[str, list] = {}
    for phase, workshop in workshops.items():
        workshop.organizers.add(organizer)
        status = "submitted"
        rows = Submission.objects.bulk_create(
            Submission(
                workshop=workshop, number=n, title=f"{text(rng, 6).capitalize()} ({n})",
                abstract=text(rng, 120), keywords=", ".join(rng.sample(WORDS, 3)),
                primary_topic_id=rng.choice(leaves[phase]), status=status, submitted_at=now,
                anonymized_confirmed=True, pdf=SEED_PDF, reviewer_pdf=SEED_PDF, pdf_pages=1,
                submitted_by=author_users[n % authors],
            )
            for n in range(1, papers + 1)
        )  # fmt: skip
        Authorship.objects.bulk_create(
            Authorship(submission=paper, user=author_users[(paper.number + k) % authors],
                       name=author_users[(paper.number + k) % authors].full_name,
                       email=author_users[(paper.number + k) % authors].email,
                       affiliation=author_users[(paper.number + k) % authors].affiliation,
                       order=k + 1, is_corresponding=k == 0)
            for paper in rows
            for k in range(2)
        )  # fmt: skip
        by_phase[phase] = rows
        if phase != "submission":
            ReviewerProfile.objects.bulk_create(
                ReviewerProfile(workshop=workshop, user=user, affiliation=user.affiliation,
                                statement=text(rng, 40), completed_at=now)
                for user in reviewer_users
            )  # fmt: skip

    review_ws = workshops["reviewing"]
    release = AssignmentRelease.objects.create(
        workshop=review_ws, number=1, released_by=organizer, released_at=now
    )
    assigned: dict[int, list[int]] = {}
    pairs = []
    for index, paper in enumerate(by_phase["reviewing"]):
        for k in range(per_paper):
            user = reviewer_users[(index * per_paper + k) % reviewers]
            pairs.append(
                Assignment(workshop=review_ws, submission=paper, reviewer=user, origin="manual",
                           release=release)
            )  # fmt: skip
            assigned.setdefault(user.pk, []).append(paper.number)
    Assignment.objects.bulk_create(pairs, batch_size=2000)

    numbers_by_author: dict[int, list[int]] = {}
    for paper in by_phase["submission"]:
        numbers_by_author.setdefault(author_users[paper.number % authors].pk, []).append(
            paper.number
        )
    return {
        "cfp": {"slug": workshops["submission"].slug, "topics": leaves["submission"]},
        "bid": {"slug": workshops["bidding"].slug, "papers": papers},
        "review": {"slug": review_ws.slug},
        "authors": [
            {
                "session": session_for(user),
                "email": user.email,
                "name": user.full_name,
                "affiliation": user.affiliation,
                "papers": numbers_by_author.get(user.pk, []),
            }
            for user in author_users
        ],  # fmt: skip
        "reviewers": [
            {"session": session_for(user), "papers": assigned.get(user.pk, [])}
            for user in reviewer_users
        ],
        "organizer": {"session": session_for(organizer)},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=2000, help="papers per workshop")
    parser.add_argument("--reviewers", type=int, default=300)
    parser.add_argument("--authors", type=int, default=800)
    parser.add_argument("--per-paper", type=int, default=3, help="reviewers per paper")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--migrate", action="store_true", help="migrate the database first")
    parser.add_argument("--out", type=Path, required=True, help="where to write the JSON")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fomo_site.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    if args.migrate:
        call_command("migrate", verbosity=0)
    result = seed(args.papers, args.reviewers, args.authors, args.per_paper, args.seed)
    from django.db import connection

    if connection.vendor == "postgresql":  # planner statistics, as a live database has them
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    args.out.write_text(json.dumps(result))


if __name__ == "__main__":
    main()
