"""Time `manage.py import_submissions` on 5,000 generated papers.

Uses a throwaway SQLite database unless DATABASE_URL is set (then a fresh workshop with a
random slug is created there). Run: .venv/bin/python bench/import_submissions.py [N]
"""

import json
import os
import random
import shutil
import sys
import tempfile
import time
import uuid
from io import StringIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORDS = (
    "scaling emergent grokking attention sparse mixture experts alignment calibration robust "
    "in-context prompting distillation pruning quantization pretraining corpus tokenizer "
    "contrastive transfer representation watermark unlearning reward preference benchmark"
).split()


def generate(path: Path, count: int, slugs: list[str], rng: random.Random) -> None:
    with path.open("w", encoding="utf-8") as out:
        for index in range(count):
            title = " ".join(rng.choice(WORDS) for _ in range(6)).capitalize() + f" ({index})"
            authors = [
                {
                    "name": f"Author {rng.randrange(3000)}",
                    "email": f"author{rng.randrange(3000)}@lab{rng.randrange(50)}.example.org",
                    "affiliation": f"Lab {rng.randrange(50)}",
                }
                for _ in range(rng.randint(1, 4))
            ]
            authors = list({author["email"]: author for author in authors}.values())
            primary = rng.choice(slugs)
            secondary = rng.sample([slug for slug in slugs if slug != primary], rng.randint(0, 2))
            record = {
                "title": title,
                "abstract": " ".join(rng.choice(WORDS) for _ in range(150)),
                "keywords": rng.sample(WORDS, 4),
                "authors": authors,
                "primary_topic": primary,
                "secondary_topics": secondary,
            }
            out.write(json.dumps(record) + "\n")


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    workdir = Path(tempfile.mkdtemp(prefix="fomo-bench-"))
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{workdir / 'bench.sqlite3'}")
    os.environ.setdefault("FOMO_VAR_DIR", str(workdir))
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fomo_site.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from accounts.models import User
    from topics.models import Workshop

    call_command("migrate", verbosity=0)
    slug = f"bench-{uuid.uuid4().hex[:8]}"
    call_command("load_cfp", slug=slug, stdout=StringIO())
    workshop = Workshop.objects.get(slug=slug)
    slugs = list(workshop.topics.exclude(parent=None).values_list("slug", flat=True))
    User.objects.bulk_create(
        [
            User(email=f"author{n}@lab{n % 50}.example.org", full_name=f"Author {n}")
            for n in range(0, 3000, 7)
        ],
        ignore_conflicts=True,
    )
    path = workdir / "papers.jsonl"
    generate(path, count, slugs, random.Random(2026))

    started = time.perf_counter()
    out = StringIO()
    call_command("import_submissions", str(path), workshop=slug, stdout=out)
    elapsed = time.perf_counter() - started
    summary = out.getvalue().splitlines()[-1]
    print(f"{summary}")
    print(
        f"import_submissions: {count} lines in {elapsed:.2f} s "
        f"({count / elapsed:.0f} papers/s) on {connection.vendor}"
    )

    started = time.perf_counter()
    call_command("import_submissions", str(path), workshop=slug, stdout=StringIO())
    print(f"second run (all skipped): {time.perf_counter() - started:.2f} s")
    shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
