"""Issue 13: a reviewer downloads all their papers as one zip from "My assignments"; an
organizer downloads the proceedings bundle from the exports page."""

import zipfile

import pytest
from django.core.files.base import ContentFile

from decisions.services import decision_set
from tests.e2e.helpers import log_in_as, make_organizer, make_user, screenshot
from tests.factories import ReviewerProfileFactory
from tests.reviews.review_builders import assign, paper, reviewing_workshop

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (1280, 390)


def with_pdfs(submission, *, camera_ready: bytes = b""):
    submission.pdf.save("paper.pdf", ContentFile(b"%PDF-original"), save=False)
    submission.reviewer_pdf.save("paper.pdf", ContentFile(b"%PDF-anonymized"), save=False)
    if camera_ready:
        submission.camera_ready_pdf.save("paper.pdf", ContentFile(camera_ready), save=False)
    submission.save()
    return submission


def download(page, link_name: str, tmp_path, name: str) -> zipfile.ZipFile:
    with page.expect_download() as info:
        page.get_by_role("link", name=link_name).click()
    path = tmp_path / name
    info.value.save_as(path)
    return zipfile.ZipFile(path)


def shots(page, tmp_path, name: str) -> None:
    """The page at both widths; back to the wide one (the phone menu hides "Log out")."""
    for width in (*WIDTHS, WIDTHS[0]):
        page.set_viewport_size({"width": width, "height": 900})
        screenshot(page, tmp_path, f"{name}-{width}")


def test_reviewer_and_organizer_download_zips(page, tmp_path):
    workshop = reviewing_workshop(slug="dl", name="Workshop on Foundation Models")
    olga = make_organizer(workshop)
    rita = make_user("rita@uni.example.org", "Rita Reviewer", "Uni")
    ReviewerProfileFactory(workshop=workshop, user=rita)
    scaling = with_pdfs(
        paper(workshop, number=7, title="Scaling laws for tiny models"), camera_ready=b"%PDF-cr"
    )
    other = with_pdfs(paper(workshop, number=8, title="Not Rita's paper"))
    assign(scaling, rita)
    decision_set(submission=scaling, outcome="oral", by=olga)
    decision_set(submission=other, outcome="poster", by=olga)

    log_in_as(page, rita.email)
    page.goto("/dl/review/assignments/")
    shots(page, tmp_path, "reviewer-assignments")
    archive = download(page, "Download all PDFs (zip)", tmp_path, "mine.zip")
    assert archive.namelist() == ["007-Scaling-laws-for-tiny-models.pdf"]
    assert archive.read("007-Scaling-laws-for-tiny-models.pdf") == b"%PDF-anonymized"

    log_in_as(page, olga.email)
    page.goto("/dl/manage/export/")
    shots(page, tmp_path, "organizer-exports")
    archive = download(page, "Download the proceedings (zip)", tmp_path, "proceedings.zip")
    assert archive.namelist() == [
        "papers.csv",
        "papers.json",
        "proceedings.bib",
        "007-Scaling-laws-for-tiny-models.pdf",
        "008-Not-Rita-s-paper.pdf",
    ]
    assert archive.read("007-Scaling-laws-for-tiny-models.pdf") == b"%PDF-cr"
    assert archive.read("008-Not-Rita-s-paper.pdf") == b"%PDF-original"
