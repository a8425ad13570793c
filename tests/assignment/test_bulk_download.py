"""A reviewer's "Download all PDFs (zip)": the anonymized copies of the papers they may
read, named by number and title, streamed."""

import io
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.http import StreamingHttpResponse
from django.urls import reverse

from pool.models import Conflict
from submissions.pdf import pdf_check
from tests.pdfs import make_pdf
from tests.reviews.review_builders import assign, paper, reviewer, reviewing_workshop

pytestmark = pytest.mark.django_db

IDENTIFYING = {"/Author": "Jane Doe", "/Title": "Jane Doe at Secret Lab"}


def with_pdfs(submission, original: bytes, reviewer_copy: bytes):
    submission.pdf.save("paper.pdf", ContentFile(original), save=False)
    submission.reviewer_pdf.save("paper.pdf", ContentFile(reviewer_copy), save=False)
    submission.save()
    return submission


def uploaded(submission):
    """A paper whose PDF went through the real check: the original names its author."""
    original = make_pdf(1, metadata=IDENTIFYING)
    checked = pdf_check(original, max_pages=10, max_bytes=10**7)
    return with_pdfs(submission, original, checked.reviewer_copy)


def zip_of(response) -> zipfile.ZipFile:
    assert isinstance(response, StreamingHttpResponse)
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def url(workshop):
    return reverse("my_assignments:zip", kwargs={"workshop": workshop.slug})


@pytest.fixture
def world():
    workshop = reviewing_workshop(slug="dl")
    rita = reviewer(workshop, "rita@uni.example.org", "Rita Reviewer")
    mine = uploaded(paper(workshop, number=12, title="Scaling laws for tiny models: où & why?"))
    conflicted = with_pdfs(
        paper(workshop, number=3, title="Conflicted paper"), b"%PDF-orig3", b"%PDF-rev3"
    )
    withdrawn = with_pdfs(
        paper(workshop, number=4, title="Withdrawn paper", status="withdrawn"),
        b"%PDF-orig4",
        b"%PDF-rev4",
    )
    with_pdfs(paper(workshop, number=5, title="Not assigned"), b"%PDF-orig5", b"%PDF-rev5")
    for submission in (mine, conflicted, withdrawn):
        assign(submission, rita)
    Conflict.objects.create(
        workshop=workshop, submission=conflicted, reviewer=rita, source="organizer"
    )
    return workshop, rita, mine


def test_reviewer_zip_holds_only_their_readable_papers_anonymized(client, world):
    workshop, rita, mine = world
    client.force_login(rita)
    response = client.get(url(workshop))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == ('attachment; filename="fomo-dl-assigned-papers.zip"')
    assert response["Cache-Control"] == "private, no-store"
    archive = zip_of(response)
    assert archive.namelist() == ["012-Scaling-laws-for-tiny-models-ou-why.pdf"]
    (info,) = archive.infolist()
    assert info.compress_type == zipfile.ZIP_STORED
    inside = archive.read(info)
    mine.reviewer_pdf.open("rb")
    assert inside == mine.reviewer_pdf.read()
    mine.pdf.open("rb")
    original = mine.pdf.read()
    assert b"Jane Doe" in original
    assert b"Jane Doe" not in inside
    assert inside != original


def test_reviewer_zip_is_the_same_set_as_single_downloads(client, world):
    workshop, rita, _ = world
    client.force_login(rita)
    names = zip_of(client.get(url(workshop))).namelist()
    single = {
        number: client.get(
            reverse("submissions:reviewer_pdf", kwargs={"workshop": "dl", "number": number})
        ).status_code
        for number in (12, 3, 4, 5)
    }
    assert single == {12: 200, 3: 404, 4: 404, 5: 404}
    assert [name[:3] for name in names] == ["012"]


def test_reviewer_zip_is_empty_for_a_reviewer_without_papers(client, world):
    workshop, _, _ = world
    nina = reviewer(workshop, "nina@uni.example.org")
    client.force_login(nina)
    assert zip_of(client.get(url(workshop))).namelist() == []


def test_reviewer_zip_refuses_someone_outside_the_pool(client, world):
    from tests.factories import UserFactory

    workshop, _, _ = world
    client.force_login(UserFactory(email="eve@else.example.org"))
    assert client.get(url(workshop)).status_code == 403


def test_reviewer_zip_queries_do_not_grow_with_papers(client, world, django_assert_num_queries):
    workshop, rita, _ = world
    client.force_login(rita)

    def count_queries(expected_files):
        response = client.get(url(workshop))
        assert len(zip_of(response).namelist()) == expected_files

    with django_assert_num_queries(5):
        count_queries(1)
    for number in range(20, 26):
        assign(with_pdfs(paper(workshop, number=number), b"%PDF-a", b"%PDF-b"), rita)
    with django_assert_num_queries(5):
        count_queries(7)


def test_assignments_page_links_to_the_zip(client, world):
    workshop, rita, _ = world
    client.force_login(rita)
    page = client.get(reverse("my_assignments:list", kwargs={"workshop": workshop.slug}))
    assert f'href="{url(workshop)}"' in page.content.decode()
    assert "Download all PDFs (zip)" in page.content.decode()
