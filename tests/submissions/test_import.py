import json

import pytest
from django.core.management import call_command

from demo.submissions import demo_papers, demo_submissions_create
from notifications.models import OutgoingEmail
from submissions.enums import SubmissionStatus
from submissions.models import Authorship, Submission
from submissions.pdf import pdf_check
from tests.factories import UserFactory
from tests.pdfs import make_pdf


def paper(title="Scaling grokking", **overrides) -> dict:
    record = {
        "title": title,
        "abstract": "An abstract.",
        "keywords": ["grokking", "scaling"],
        "authors": [
            {"name": "Ada Lovelace", "email": "Ada@Analytical.example.org", "affiliation": "Lab"},
            {"name": "Charles Babbage", "email": "charles@engine.example.org"},
        ],
        "primary_topic": "scaling-laws",
        "secondary_topics": ["Instruction tuning"],
    }
    record.update(overrides)
    return record


def run(workshop, tmp_path, lines: list) -> list[str]:
    path = tmp_path / "papers.jsonl"
    path.write_text(
        "\n".join(line if isinstance(line, str) else json.dumps(line) for line in lines) + "\n"
    )
    from io import StringIO

    out = StringIO()
    call_command("import_submissions", str(path), workshop=workshop.slug, stdout=out)
    return out.getvalue().splitlines()


@pytest.mark.django_db
def test_import_reports_each_line_and_bad_lines_do_not_stop_others(workshop, tmp_path):
    output = run(
        workshop,
        tmp_path,
        [
            paper("First"),
            "{not json",
            paper("No topic", primary_topic="astrology"),
            paper("Area as primary", primary_topic="emergent"),
            paper("Twice the same author", authors=[{"name": "A", "email": "a@x.org"}] * 2),
            paper("Bad email", authors=[{"name": "A", "email": "not-an-email"}]),
            paper(""),
            paper("Second"),
        ],
    )
    assert output == [
        "line 1: imported: #1 First",
        "line 2: refused: not valid JSON (Expecting property name enclosed in double quotes)",
        "line 3: refused: primary_topic 'astrology' is not a topic of this workshop",
        "line 4: refused: primary_topic 'emergent' is an area; name one of its subtopics",
        "line 5: refused: a@x.org is listed twice",
        "line 6: refused: author 1 has an invalid email 'not-an-email'",
        "line 7: refused: title is missing",
        "line 8: imported: #2 Second",
        "Imported 2, skipped 0 (already there), refused 6.",
    ]


@pytest.mark.django_db
def test_import_creates_submitted_papers_with_authors_topics_and_no_email(workshop, tmp_path):
    ada = UserFactory(email="ada@analytical.example.org")
    run(workshop, tmp_path, [paper()])
    submission = Submission.objects.get()
    assert submission.status == SubmissionStatus.SUBMITTED
    assert submission.keyword_list == ["grokking", "scaling"]
    assert submission.primary_topic.slug == "scaling-laws"
    assert list(submission.secondary_topics.values_list("slug", flat=True)) == ["instruction"]
    assert list(submission.authorships.values_list("email", "user_id", "order")) == [
        ("ada@analytical.example.org", ada.pk, 1),
        ("charles@engine.example.org", None, 2),
    ]
    assert OutgoingEmail.objects.count() == 0


@pytest.mark.django_db
def test_import_same_file_twice_creates_nothing_twice(workshop, tmp_path):
    lines = [paper("One"), paper("Two"), paper("  one  ")]
    first = run(workshop, tmp_path, lines)
    assert first[2] == "line 3: skipped: same paper as line 1"
    second = run(workshop, tmp_path, lines)
    assert second == [
        "line 1: skipped: already imported as #1",
        "line 2: skipped: already imported as #2",
        "line 3: skipped: already imported as #1",
        "Imported 0, skipped 3 (already there), refused 0.",
    ]
    assert Submission.objects.count() == 2
    assert Authorship.objects.count() == 4


@pytest.mark.django_db
def test_import_reads_and_checks_pdf_paths(workshop, tmp_path):
    (tmp_path / "good.pdf").write_bytes(make_pdf(2, metadata={"/Author": "Ada"}))
    (tmp_path / "long.pdf").write_bytes(make_pdf(9))
    output = run(
        workshop,
        tmp_path,
        [
            paper("With PDF", pdf="good.pdf"),
            paper("Long", pdf="long.pdf"),
            paper("X", pdf="no.pdf"),
        ],
    )
    assert output[1:3] == [
        "line 2: refused: pdf 'long.pdf': The PDF has 9 pages; the limit is 4.",
        "line 3: refused: pdf 'no.pdf' not found",
    ]
    submission = Submission.objects.get()
    assert submission.pdf_pages == 2
    assert b"Ada" not in submission.reviewer_pdf.read()


@pytest.mark.django_db
def test_import_unknown_workshop_is_an_error(tmp_path):
    from django.core.management.base import CommandError

    (tmp_path / "x.jsonl").write_text("")
    with pytest.raises(CommandError) as error:
        call_command("import_submissions", str(tmp_path / "x.jsonl"), workshop="nope")
    assert str(error.value) == "No workshop with slug 'nope'."


@pytest.mark.django_db
def test_demo_papers_use_real_topics_and_keywords():
    call_command("load_cfp")
    from topics.models import Workshop

    slugs = set(Workshop.objects.get(slug="me-fomo").topics.values_list("slug", flat=True))
    papers = demo_papers()
    assert len(papers) == 65
    for record in papers:
        assert record["primary_topic"] in slugs
        assert set(record["secondary_topics"]) <= slugs
        assert 0 <= len(record["secondary_topics"]) <= 2
        assert 3 <= len(record["keywords"]) <= 6
        assert len(record["abstract"]) > 300


@pytest.mark.django_db
def test_demo_submissions_create_is_idempotent_with_valid_pdfs():
    call_command("load_cfp")
    from topics.models import Workshop

    workshop = Workshop.objects.get(slug="me-fomo")
    authors = [
        UserFactory(email="author1@stanford.example.edu", full_name="Amara Author"),
        UserFactory(email="author2@toronto.example.ca", full_name="Arjun Author"),
    ]
    assert demo_submissions_create(workshop=workshop, authors=authors) == 65
    assert demo_submissions_create(workshop=workshop, authors=authors) == 0
    first = Submission.objects.get(workshop=workshop, number=1)
    assert first.title == "Questioning the Survey Responses of Large Language Models"
    assert first.authorships.first().user == authors[0]
    assert 2 <= first.authorships.count() <= 3
    data = first.pdf.read()
    assert pdf_check(data, max_pages=4, max_bytes=10**7).pages == first.pdf_pages
    assert Submission.objects.filter(authorships__user=authors[1]).count() == 32
    assert OutgoingEmail.objects.count() == 0
