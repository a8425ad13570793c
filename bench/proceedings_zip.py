"""The proceedings bundle at workshop scale: 300 accepted papers with ~1 MB camera-ready
PDFs, streamed through the organizers' view.

Runs on a throwaway SQLite database and file store of its own:

    .venv/bin/python bench/proceedings_zip.py [--papers 300] [--pdf-kb 1000]

Seeds the workshop, then requests /<workshop>/manage/export/proceedings.zip with the test
Client and consumes the streaming response chunk by chunk into a file on disk (never
in memory). Prints the archive's size, the time, the number of queries, and the memory
used while streaming: the tracemalloc peak (Python allocations) and the growth of the
process's peak resident size (ru_maxrss). Both should stay a few MB, far below the
archive's size.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sys
import tempfile
import time
import tracemalloc
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup_django() -> str:
    tmp = tempfile.mkdtemp(prefix="fomo-bench-proceedings-")
    os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
    os.environ["FOMO_VAR_DIR"] = tmp
    os.environ["DEBUG"] = "1"
    os.environ["ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"
    os.environ.pop("CELERY_BROKER_URL", None)
    os.environ.pop("REDIS_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fomo_site.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return tmp


def build(n_papers: int, pdf_bytes: int):
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from django.utils import timezone

    from accounts.models import User
    from decisions.models import Decision
    from submissions.models import Authorship, Submission
    from tests.pdfs import make_sized_pdf
    from topics.models import Topic, Workshop
    from topics.services import phase_dates

    now = timezone.now()
    workshop = Workshop.objects.create(
        name="Workshop on Foundation Models & Scale", short_name="BENCH", slug="bench",
        **phase_dates("reviewing"),
    )  # fmt: skip
    organizer = User.objects.create(email="organizer@bench.example.org", full_name="Olga")
    workshop.organizers.add(organizer)
    area = Topic.objects.create(workshop=workshop, name="Area", slug="area", order=0)
    leaf = Topic.objects.create(workshop=workshop, parent=area, name="Scaling", slug="s", order=0)
    papers = []
    for number in range(1, n_papers + 1):
        stored = default_storage.save(
            f"submissions/{workshop.pk}/camera-ready/{number}.pdf",
            ContentFile(make_sized_pdf(pdf_bytes, seed=number)),
        )
        papers.append(
            Submission(
                workshop=workshop, number=number,
                title=f"Scaling laws for emergent skill {number}: a study of $x_{number}$",
                abstract="We study scaling. " * 40, keywords="scaling, emergence",
                primary_topic=leaf, status="accepted", anonymized_confirmed=True,
                submitted_at=now, camera_ready_pdf=stored, camera_ready_at=now,
            )
        )  # fmt: skip
    Submission.objects.bulk_create(papers)
    pks = list(Submission.objects.filter(workshop=workshop).values_list("pk", flat=True))
    Authorship.objects.bulk_create(
        Authorship(submission_id=pk, name=f"Author {pk}-{k}", email=f"a{pk}-{k}@lab.example.org",
                   affiliation=f"Lab {k}", order=k)
        for pk in pks
        for k in range(4)
    )  # fmt: skip
    Decision.objects.bulk_create(
        Decision(submission_id=pk, outcome=("oral", "poster")[pk % 2], decided_by=organizer)
        for pk in pks
    )
    workshop.decisions_released_at = now
    workshop.save(update_fields=["decisions_released_at"])
    return workshop, organizer


def max_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=300)
    parser.add_argument("--pdf-kb", type=int, default=1000)
    args = parser.parse_args()
    tmp = setup_django()
    try:
        from django.db import connection
        from django.test import Client
        from django.test.utils import CaptureQueriesContext

        start = time.perf_counter()
        workshop, organizer = build(args.papers, args.pdf_kb * 1000)
        elapsed = time.perf_counter() - start
        print(f"seeded {args.papers} papers of ~{args.pdf_kb} KB in {elapsed:.1f} s")
        client = Client()
        client.force_login(organizer)
        # The first request imports every app's views (numpy, OR-Tools …): not measured.
        if client.get(f"/{workshop.slug}/manage/export/").status_code != 200:
            raise SystemExit("the exports page did not open")
        out_path = Path(tmp) / "proceedings.zip"
        rss_before = max_rss_mb()
        tracemalloc.start()
        start = time.perf_counter()
        size = chunks = largest = 0
        with CaptureQueriesContext(connection) as captured, out_path.open("wb") as out:
            response = client.get(f"/{workshop.slug}/manage/export/proceedings.zip")
            if response.status_code != 200 or not response.streaming:
                raise SystemExit(f"HTTP {response.status_code}, streaming={response.streaming}")
            for chunk in response.streaming_content:
                out.write(chunk)
                size += len(chunk)
                chunks += 1
                largest = max(largest, len(chunk))
        elapsed = time.perf_counter() - start
        _, traced_peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        rss_growth = max_rss_mb() - rss_before
        with zipfile.ZipFile(out_path) as archive:
            names = archive.namelist()
            bad = archive.testzip()
        pdfs = sum(name.endswith(".pdf") for name in names)
        print(
            f"proceedings.zip: {size / 1e6:.1f} MB, {len(names)} files ({pdfs} PDFs), "
            f"CRC check {'failed at ' + bad if bad else 'ok'}"
        )
        print(
            f"streamed in {elapsed:.2f} s ({size / 1e6 / elapsed:.0f} MB/s), "
            f"{chunks} chunks (largest {largest / 1024:.0f} KiB), "
            f"{len(captured.captured_queries)} queries"
        )
        print(
            f"memory while streaming: tracemalloc peak {traced_peak / 1e6:.2f} MB, "
            f"ru_maxrss growth {rss_growth:.1f} MB (process peak {max_rss_mb():.0f} MB) "
            f"-- archive {size / 1e6:.0f} MB, ratio {traced_peak / size:.4f}"
        )
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
