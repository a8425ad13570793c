"""Demo submissions from real paper titles and abstracts (demo/data/demo_papers.json)."""

import json
import random
from pathlib import Path

from accounts.models import User
from submissions.importing import PaperRow, TopicIndex, import_key, submissions_bulk_create
from submissions.models import Submission
from submissions.pdf import CheckedPdf, pdf_generate
from submissions.services import AuthorData, PdfUpload
from topics.models import Workshop

DEMO_PAPERS = Path(__file__).resolve().parent / "data" / "demo_papers.json"

FIRST_NAMES = [
    "Lena", "Tomás", "Priya", "Kwame", "Mei", "Jonas", "Aisha", "Mateo", "Yuki", "Olga",
    "Samir", "Ingrid", "Chen", "Fatima", "Lukas", "Nadia", "Kofi", "Elif", "Diego", "Hana",
]  # fmt: skip
LAST_NAMES = [
    "Novak", "Okafor", "Lindqvist", "Haddad", "Tanaka", "Moreau", "Sharma", "Kowalski",
    "Mensah", "Rossi", "Zhang", "Petrov", "Silva", "Nakamura", "Weber", "Costa",
]  # fmt: skip
INSTITUTIONS = [
    ("University of Amsterdam", "uva.example.org"),
    ("KAIST", "kaist.example.org"),
    ("Max Planck Institute for Intelligent Systems", "mpi-is.example.org"),
    ("University of Cape Town", "uct.example.org"),
    ("Universidad de Chile", "uchile.example.org"),
    ("National University of Singapore", "nus.example.org"),
    ("Sorbonne Université", "sorbonne.example.org"),
    ("University of Edinburgh", "ed.example.org"),
]


def demo_papers() -> list[dict]:
    return json.loads(DEMO_PAPERS.read_text(encoding="utf-8"))


def _co_authors(rng: random.Random, count: int) -> list[AuthorData]:
    authors = []
    for _ in range(count):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        institution, domain = rng.choice(INSTITUTIONS)
        email = f"{first[0]}.{last}@{domain}".lower().replace("á", "a").replace("é", "e")
        authors.append(AuthorData(name=f"{first} {last}", email=email, affiliation=institution))
    return authors


def _demo_pdf(title: str, pages: int) -> PdfUpload:
    # Generated here, with no metadata: the reviewer copy is the file itself.
    data = pdf_generate(
        title=title, pages=pages, lines=("Anonymous authors", "Paper under double-blind review")
    )
    return PdfUpload(original=data, checked=CheckedPdf(pages=pages, reviewer_copy=data))


def demo_submissions_create(
    *, workshop: Workshop, authors: list[User], limit: int | None = None
) -> int:
    """Create the demo papers (the first `limit` of them) as submitted submissions;
    running it again creates nothing."""
    topics = TopicIndex(workshop)
    known = set(Submission.objects.filter(workshop=workshop).values_list("import_key", flat=True))
    rows = []
    for index, paper in enumerate(demo_papers()[:limit]):
        rng = random.Random(f"{workshop.slug}:{index}")  # noqa: S311 - demo names, not secrets
        submitter = authors[index % len(authors)]
        team = [
            AuthorData(
                name=submitter.full_name,
                email=submitter.email.lower(),
                affiliation=submitter.affiliation,
                is_corresponding=True,
            ),
            *_co_authors(rng, rng.randint(1, 2)),
        ]
        team = list({author.email: author for author in team}.values())
        key = import_key(workshop=workshop, title=paper["title"], first_author_email=team[0].email)
        if key in known:
            continue
        rows.append(
            PaperRow(
                title=paper["title"][: workshop.max_title_chars],
                abstract=paper["abstract"][: workshop.max_abstract_chars],
                keywords=paper["keywords"],
                authors=team,
                primary_topic=topics.resolve(paper["primary_topic"], role="primary topic"),
                secondary_topics=[
                    topics.resolve(slug, role="secondary topic")
                    for slug in paper["secondary_topics"]
                ],
                key=key,
                pdf=_demo_pdf(paper["title"], pages=rng.randint(1, 4)),
                submitted_by=submitter,
            )
        )
    return len(submissions_bulk_create(workshop=workshop, rows=rows))
