"""Files over the site-wide cap are dropped while the body is received; the form says so on
the field and keeps everything else typed."""

import re
from pathlib import Path

import pytest
from django.core import checks
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from submissions.models import Submission
from tests.pdfs import make_pdf
from tests.submissions.test_views import (
    accepted_and_released,
    assert_kept,
    form_data,
    pdf_file,
    url,
)
from tests.submissions.upload_probe import HANDLERS_WITH_PROBE, passed_bytes

MB = 1024 * 1024
REQUIRED = "This field is required."


def too_large(limit_mb: int) -> str:
    return (
        f"The file is larger than the {limit_mb} MB limit; none of it was kept. "
        "Choose a smaller file."
    )


def padded_pdf(size: int) -> bytes:
    pdf = make_pdf(1)
    return pdf + b"%" + b"x" * (size - len(pdf) - 1)


def stored_files() -> list[Path]:
    return [path for path in Path(default_storage.location).rglob("*") if path.is_file()]


@pytest.fixture
def author_client(client, author):
    client.force_login(author)
    return client


@pytest.fixture
def cap_2_mb(settings):
    settings.FILE_UPLOAD_MAX_MB = 2
    settings.FILE_UPLOAD_HANDLERS = HANDLERS_WITH_PROBE


@pytest.mark.django_db
def test_pdf_over_the_cap_is_dropped_with_the_workshop_limit_and_fields_kept(
    author_client, workshop, cap_2_mb
):
    workshop.max_pdf_mb = 1
    workshop.save()
    response = author_client.post(
        url(workshop, "new/"), {**form_data(workshop), "pdf": pdf_file(padded_pdf(3 * MB))}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert passed_bytes(response.wsgi_request) <= 2 * MB
    assert response.context["form"].errors["pdf"] == [too_large(1)]
    assert too_large(1) in html
    assert REQUIRED not in html
    assert_kept(html)
    assert Submission.objects.count() == 0
    assert stored_files() == []


@pytest.mark.django_db
def test_supplementary_over_the_cap_is_dropped_and_the_pdf_sent_with_it_kept(
    author_client, workshop, cap_2_mb
):
    workshop.max_supplementary_mb = 1
    workshop.save()
    big_zip = SimpleUploadedFile("extra.zip", b"PK\x03\x04" + b"\0" * (3 * MB), "application/zip")
    data = {**form_data(workshop), "pdf": pdf_file(), "supplementary": big_zip}
    response = author_client.post(url(workshop, "new/"), data)
    html = response.content.decode()
    assert response.context["form"].errors["supplementary"] == [too_large(1)]
    assert "Your PDF (2 pages) passed the checks and is kept" in html
    assert_kept(html)
    assert Submission.objects.count() == 0


@pytest.mark.django_db
def test_pdf_over_the_cap_replacing_a_kept_pdf_leaves_the_kept_one(
    author_client, workshop, cap_2_mb
):
    first = author_client.post(
        url(workshop, "new/"), {**form_data(workshop, title=""), "pdf": pdf_file()}
    )
    token = re.search(r'name="pdf_token" value="([^"]+)"', first.content.decode()).group(1)
    data = {**form_data(workshop), "pdf_token": token, "pdf": pdf_file(padded_pdf(3 * MB))}
    second = author_client.post(url(workshop, "new/"), data)
    assert second.context["form"].errors["pdf"] == [too_large(2)]
    assert "Your PDF (2 pages) passed the checks and is kept" in second.content.decode()
    third = author_client.post(url(workshop, "new/"), {**form_data(workshop), "pdf_token": token})
    assert third.status_code == 302
    assert Submission.objects.get().pdf_pages == 2


@pytest.mark.django_db
def test_cap_below_the_workshop_limit_is_the_limit_authors_are_told(
    author_client, workshop, cap_2_mb
):
    assert workshop.max_pdf_mb == 10
    page = author_client.get(url(workshop, "new/")).content.decode()
    assert "At most 4 pages and 2 MB." in page
    response = author_client.post(
        url(workshop, "new/"), {**form_data(workshop), "pdf": pdf_file(padded_pdf(3 * MB))}
    )
    assert response.context["form"].errors["pdf"] == [too_large(2)]
    assert Submission.objects.count() == 0


@pytest.mark.django_db
def test_pdf_under_the_cap_is_received_whole(author_client, workshop, cap_2_mb):
    response = author_client.post(
        url(workshop, "new/"), {**form_data(workshop), "pdf": pdf_file(padded_pdf(MB))}
    )
    assert response.status_code == 302
    assert Submission.objects.get().pdf.size == MB


@pytest.mark.django_db
def test_camera_ready_over_the_cap_says_too_large_not_required(
    author_client, workshop, author, cap_2_mb
):
    accepted_and_released(workshop, author)
    workshop.max_pdf_mb = 1
    workshop.save()
    response = author_client.post(
        url(workshop, "1/camera-ready/"), {"pdf": pdf_file(padded_pdf(3 * MB))}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["form"].errors["pdf"] == [too_large(1)]
    assert REQUIRED not in html
    assert Submission.objects.get().camera_ready_pdf.name in ("", None)


@pytest.mark.django_db
def test_camera_ready_without_a_file_is_still_required(author_client, workshop, author):
    accepted_and_released(workshop, author)
    response = author_client.post(url(workshop, "1/camera-ready/"), {})
    assert response.status_code == 200
    assert response.context["form"].errors["pdf"] == [REQUIRED]


def test_default_cap_covers_every_limit_a_workshop_may_set():
    assert [m.id for m in checks.run_checks() if m.id.startswith("submissions.")] == []


def test_cap_below_a_workshop_limit_is_a_system_check_warning(settings):
    settings.FILE_UPLOAD_MAX_MB = 50
    (warning,) = [m for m in checks.run_checks() if m.id == "submissions.W001"]
    assert warning.level == checks.WARNING
    assert warning.msg == (
        "FILE_UPLOAD_MAX_MB is 50, below the 200 MB a workshop may allow for an upload."
    )
