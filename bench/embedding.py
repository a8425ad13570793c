"""Embedding a workshop imported in bulk, then runs that find every vector stored.

300 real papers (titles and abstracts of the public gold standard's submissions) and 150
reviewers with 5 of their real papers each are imported with import_submissions and
import_reviewers into a throwaway SQLite database; then the embedding task's service
embeds every new text, a first assignment run finds them stored, a second run too.
Run: .venv/bin/python bench/embedding.py [--data ../shared/goldstandard]
"""

import argparse
import csv
import json
import os
import random
import resource
import shutil
import sys
import tempfile
import time
import uuid
from io import StringIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
N_PAPERS, N_REVIEWERS, PAPERS_EACH = 300, 150, 5


def gold_texts(data: Path) -> tuple[list[dict], list[tuple[str, str]]]:
    """Submissions and archive papers of the gold standard, each once, in a fixed order."""
    folder = data / "evaluation_datasets" / "d_20_1"
    submissions = list(json.loads((folder / "submissions.json").read_text()).values())
    archive = []
    for path in sorted((data / "evaluation_datasets").glob("d_20_*/archives/*.jsonl")):
        for line in path.read_text().splitlines():
            content = json.loads(line).get("content", {})
            title, abstract = content.get("title"), content.get("abstract")
            if isinstance(title, str) and isinstance(abstract, str) and title and abstract:
                archive.append((title.strip(), abstract.strip()))
    return submissions, list(dict.fromkeys(archive))


def write_inputs(workdir: Path, data: Path, slugs: list[str], rng: random.Random):
    submissions, archive = gold_texts(data)
    papers = workdir / "papers.jsonl"
    with papers.open("w", encoding="utf-8") as out:
        for index, record in enumerate(submissions[:N_PAPERS]):
            content = record["content"]
            line = {
                "title": content["title"],
                "abstract": content["abstract"],
                "authors": [{"name": f"Author {index}", "email": f"a{index}@lab.example.org"}],
                "primary_topic": rng.choice(slugs),
            }
            out.write(json.dumps(line) + "\n")
    reviewers = workdir / "reviewers.csv"
    with reviewers.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["name", "email", "affiliation", "expertise", "profile"])
        for index in range(N_REVIEWERS):
            own = archive[index * PAPERS_EACH : (index + 1) * PAPERS_EACH]
            writer.writerow(
                [
                    f"Reviewer {index}",
                    f"r{index}@uni{index}.example.edu",
                    f"Uni {index}",
                    ";".join(f"{slug}:expert" for slug in rng.sample(slugs, 2)),
                    "\n\n".join(f"{title}\n{abstract}" for title, abstract in own),
                ]
            )
    return papers, reviewers


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "goldstandard")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="fomo-bench-"))
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{workdir / 'bench.sqlite3'}")
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fomo_site.settings")
    os.environ["FOMO_TEXT_MODEL"] = "embeddings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    from assignment.embeddings import load_encoder
    from assignment.engine import RunParameters
    from assignment.models import TextEmbedding
    from assignment.services import (
        assignment_run_create,
        assignment_run_execute,
        workshop_texts_embed,
    )
    from topics.models import Workshop

    call_command("migrate", verbosity=0)
    slug = f"bench-{uuid.uuid4().hex[:8]}"
    call_command("load_cfp", slug=slug, stdout=StringIO())
    workshop = Workshop.objects.get(slug=slug)
    slugs = list(workshop.topics.exclude(parent=None).values_list("slug", flat=True))
    papers, reviewers = write_inputs(workdir, args.data, slugs, random.Random(2026))
    call_command("import_submissions", str(papers), workshop=slug, stdout=StringIO())
    call_command(
        "import_reviewers", str(reviewers), "--workshop", slug, "--accept", stdout=StringIO()
    )

    started = time.perf_counter()
    load_encoder()
    print(f"model loaded in {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    encoded = workshop_texts_embed(workshop_id=workshop.pk)
    seconds = time.perf_counter() - started
    print(
        f"{N_PAPERS} papers x {N_REVIEWERS} reviewers imported: {encoded} new texts embedded "
        f"in {seconds:.0f} s ({encoded / seconds:.2f} texts/s)"
    )
    parameters = RunParameters(k=3, max_load=8)
    for name in ("first run", "second run"):
        started = time.perf_counter()
        run = assignment_run_create(workshop=workshop, parameters=parameters, start=False)
        run = assignment_run_execute(run_id=run.pk)
        print(
            f"{name}: {run.status} in {time.perf_counter() - started:.2f} s, "
            f"{run.quality['text_model']['texts_embedded']} texts embedded "
            f"({run.quality['text_model']['name']})"
        )
    print(f"vectors stored: {TextEmbedding.objects.count()}")
    started = time.perf_counter()
    load_encoder().encode(["A new paper\nIts abstract, one paragraph long."] * 1)
    print(f"one new text: {time.perf_counter() - started:.2f} s")
    print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
