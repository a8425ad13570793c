"""Bulk import of papers (JSON Lines) and the bulk writes the demo data shares with it.

No email is sent from here: an import is the organizers' own data.
"""

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from submissions.enums import SubmissionStatus
from submissions.models import Authorship, Submission, SubmissionText
from submissions.pdf import PdfRefused, pdf_check
from submissions.services import (
    AuthorData,
    PdfUpload,
    identity_flags_of,
    keywords_join,
    submission_next_number,
    workshop_lock,
)
from submissions.signals import submissions_imported
from topics.models import Topic, Workshop

MB = 1024 * 1024
BATCH_SIZE = 500


class ImportRefused(ValueError):
    pass


@dataclass
class PaperRow:
    title: str
    abstract: str
    keywords: list[str]
    authors: list[AuthorData]
    primary_topic: Topic
    secondary_topics: list[Topic]
    key: str
    pdf: PdfUpload | None = None
    submitted_by: User | None = None


@dataclass
class ImportReport:
    lines: list[tuple[int, str, str]] = field(default_factory=list)  # (line, outcome, message)

    def count(self, outcome: str) -> int:
        return sum(1 for _, seen, _ in self.lines if seen == outcome)


def import_key(*, workshop: Workshop, title: str, first_author_email: str) -> str:
    normalised = " ".join(title.lower().split())
    text = f"{workshop.pk}\n{normalised}\n{first_author_email.strip().lower()}"
    return hashlib.sha256(text.encode()).hexdigest()


class TopicIndex:
    """The workshop's topics by slug and by name, loaded once."""

    def __init__(self, workshop: Workshop) -> None:
        self.by_key: dict[str, Topic] = {}
        for topic in workshop.topics.all():
            self.by_key[topic.slug.lower()] = topic
            self.by_key.setdefault(topic.name.strip().lower(), topic)

    def resolve(self, value, *, role: str) -> Topic:
        if not isinstance(value, str) or not value.strip():
            raise ImportRefused(f"{role} must be a topic slug or name")
        topic = self.by_key.get(value.strip().lower())
        if topic is None:
            raise ImportRefused(f"{role} {value!r} is not a topic of this workshop")
        if topic.is_area:
            raise ImportRefused(f"{role} {value!r} is an area; name one of its subtopics")
        return topic


def _text(record: dict, name: str, limit: int) -> str:
    value = record.get(name)
    if not isinstance(value, str) or not value.strip():
        raise ImportRefused(f"{name} is missing")
    value = value.strip()
    if len(value) > limit:
        raise ImportRefused(f"{name} has {len(value)} characters; the limit is {limit}")
    return value


def _keywords(record: dict) -> list[str]:
    value = record.get("keywords", [])
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, list) or not all(isinstance(word, str) for word in value):
        raise ImportRefused("keywords must be a list of strings")
    return [" ".join(word.split()) for word in value if word.strip()]


def _authors(record: dict) -> list[AuthorData]:
    value = record.get("authors")
    if not isinstance(value, list) or not value:
        raise ImportRefused("authors must be a non-empty list")
    authors, seen = [], set()
    for position, author in enumerate(value, start=1):
        if not isinstance(author, dict) or not str(author.get("name", "")).strip():
            raise ImportRefused(f"author {position} has no name")
        email = str(author.get("email", "")).strip().lower()
        try:
            validate_email(email)
        except ValidationError as invalid:
            raise ImportRefused(f"author {position} has an invalid email {email!r}") from invalid
        if email in seen:
            raise ImportRefused(f"{email} is listed twice")
        seen.add(email)
        authors.append(
            AuthorData(
                name=str(author["name"]).strip(),
                email=email,
                affiliation=str(author.get("affiliation") or "").strip(),
                is_corresponding=position == 1,
            )
        )
    return authors


def _pdf(record: dict, *, workshop: Workshop, base_dir: Path) -> PdfUpload | None:
    path = record.get("pdf")
    if not path:
        return None
    file_path = (base_dir / str(path)).resolve()
    if not file_path.is_file():
        raise ImportRefused(f"pdf {path!r} not found")
    data = file_path.read_bytes()
    try:
        checked = pdf_check(data, max_pages=workshop.max_pages, max_bytes=workshop.max_pdf_mb * MB)
    except PdfRefused as refused:
        raise ImportRefused(f"pdf {path!r}: {refused}") from refused
    return PdfUpload(original=data, checked=checked)


def paper_parse(record, *, workshop: Workshop, topics: TopicIndex, base_dir: Path) -> PaperRow:
    if not isinstance(record, dict):
        raise ImportRefused("each line must be a JSON object")
    title = " ".join(_text(record, "title", workshop.max_title_chars).split())
    abstract = _text(record, "abstract", workshop.max_abstract_chars)
    authors = _authors(record)
    primary = topics.resolve(record.get("primary_topic"), role="primary_topic")
    secondary_values = record.get("secondary_topics") or []
    if not isinstance(secondary_values, list):
        raise ImportRefused("secondary_topics must be a list")
    secondary = [topics.resolve(value, role="secondary topic") for value in secondary_values]
    secondary = list(dict.fromkeys(secondary))
    if len(secondary) > workshop.max_secondary_topics:
        raise ImportRefused(
            f"{len(secondary)} secondary topics; the limit is {workshop.max_secondary_topics}"
        )
    if primary in secondary:
        raise ImportRefused("the primary topic is also listed as secondary")
    return PaperRow(
        title=title,
        abstract=abstract,
        keywords=_keywords(record),
        authors=authors,
        primary_topic=primary,
        secondary_topics=secondary,
        key=import_key(workshop=workshop, title=title, first_author_email=authors[0].email),
        pdf=_pdf(record, workshop=workshop, base_dir=base_dir),
    )


def _build(row: PaperRow, workshop: Workshop, number: int, now: datetime) -> Submission:
    submission = Submission(
        workshop=workshop,
        number=number,
        title=row.title,
        abstract=row.abstract,
        keywords=keywords_join(row.keywords),
        primary_topic=row.primary_topic,
        status=SubmissionStatus.SUBMITTED,
        anonymized_confirmed=row.pdf is not None,
        submitted_by=row.submitted_by,
        import_key=row.key,
        submitted_at=now,
    )
    if row.pdf is not None:
        submission.pdf.save("paper.pdf", ContentFile(row.pdf.original), save=False)
        submission.reviewer_pdf.save(
            "paper.pdf", ContentFile(row.pdf.checked.reviewer_copy), save=False
        )
        submission.pdf_pages = row.pdf.checked.pages
        submission.identity_flags = identity_flags_of(
            text=row.pdf.checked.text, authors=row.authors
        )
    return submission


def _is_submitter(user: User | None, row: PaperRow) -> bool:
    return user is not None and row.submitted_by is not None and user.pk == row.submitted_by.pk


@transaction.atomic
def submissions_bulk_create(
    *, workshop: Workshop, rows: list[PaperRow], now: datetime | None = None
) -> list[Submission]:
    """Create submitted papers in a few queries: numbers allocated under the workshop lock,
    accounts linked by email from one query."""
    now = now or timezone.now()
    workshop_lock(workshop)
    first_number = submission_next_number(workshop=workshop)
    submissions = [_build(row, workshop, first_number + i, now) for i, row in enumerate(rows)]
    Submission.objects.bulk_create(submissions, batch_size=BATCH_SIZE)
    emails = {author.email for row in rows for author in row.authors}
    users = {user.email.lower(): user for user in User.objects.filter(email__in=emails)}
    authorships, topic_links = [], []
    through = Submission.secondary_topics.through
    for submission, row in zip(submissions, rows, strict=True):
        authorships += [
            Authorship(
                submission=submission,
                user=users.get(author.email),
                name=author.name,
                email=author.email,
                affiliation=author.affiliation,
                order=order,
                is_corresponding=author.is_corresponding,
                confirmed_at=now if _is_submitter(users.get(author.email), row) else None,
            )
            for order, author in enumerate(row.authors, start=1)
        ]
        topic_links += [
            through(submission_id=submission.pk, topic_id=topic.pk)
            for topic in row.secondary_topics
        ]
    Authorship.objects.bulk_create(authorships, batch_size=BATCH_SIZE)
    through.objects.bulk_create(topic_links, batch_size=BATCH_SIZE)
    SubmissionText.objects.bulk_create(
        (
            SubmissionText(submission=submission, text=row.pdf.checked.text)
            for submission, row in zip(submissions, rows, strict=True)
            if row.pdf is not None
        ),
        batch_size=BATCH_SIZE,
    )
    submissions_imported.send(sender=Submission, workshop=workshop)
    return submissions


def submissions_import(*, workshop: Workshop, lines: Iterable[str], base_dir: Path) -> ImportReport:
    """Import JSON Lines: a bad line is reported and skipped, a known paper is not duplicated."""
    report = ImportReport()
    topics = TopicIndex(workshop)
    known = dict(
        Submission.objects.filter(workshop=workshop, import_key__isnull=False).values_list(
            "import_key", "number"
        )
    )
    pending: list[tuple[int, PaperRow]] = []
    in_file: dict[str, int] = {}
    for line_number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            row = paper_parse(json.loads(line), workshop=workshop, topics=topics, base_dir=base_dir)
        except json.JSONDecodeError as error:
            report.lines.append((line_number, "refused", f"not valid JSON ({error.msg})"))
            continue
        except ImportRefused as refused:
            report.lines.append((line_number, "refused", str(refused)))
            continue
        if row.key in known:
            message = f"already imported as #{known[row.key]}"
            report.lines.append((line_number, "skipped", message))
        elif row.key in in_file:
            message = f"same paper as line {in_file[row.key]}"
            report.lines.append((line_number, "skipped", message))
        else:
            in_file[row.key] = line_number
            pending.append((line_number, row))
    created = submissions_bulk_create(workshop=workshop, rows=[row for _, row in pending])
    for (line_number, row), submission in zip(pending, created, strict=True):
        report.lines.append((line_number, "imported", f"#{submission.number} {row.title[:80]}"))
    report.lines.sort()
    return report
