"""Authors' writes through the API: the site's form checks and messages, the deadline, the
PDF checks, withdrawing, and the ETag of their submission."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from notifications.models import OutgoingEmail
from submissions.models import Submission
from submissions.pdf import pdf_generate
from tests.api.conftest import token_client
from tests.factories import UserFactory
from tests.pdfs import make_pdf, make_sized_pdf
from topics.models import Workshop
from topics.services import phase_dates

pytestmark = pytest.mark.django_db

BASE = "/api/v1/workshops/fm-ws/"
MINE = BASE + "my/submissions/"


@pytest.fixture
def open_call(workshop):
    Workshop.objects.filter(pk=workshop.pk).update(**phase_dates("submission"))
    workshop.refresh_from_db()
    return workshop


@pytest.fixture
def ada(db):
    return UserFactory(email="ada@lab-a.example.org", full_name="Ada Author")


def body(**overrides) -> dict:
    return {
        "title": "Grokking  as a phase transition",
        "abstract": "We study emergence.",
        "keywords": ["grokking", "scaling"],
        "primary_topic": "scaling-laws",
        "secondary_topics": ["fine-tuning"],
        "authors": [
            {"name": "Ada Author", "email": "ada@lab-a.example.org", "is_corresponding": True},
            {"name": "Cy Coauthor", "email": "cy@lab-c.example.org", "affiliation": "Lab C"},
        ],
        **overrides,
    }


def post_json(api, url, data):
    return api.post(url, data, content_type="application/json")


def patch_json(api, url, data):
    return api.patch(url, data, content_type="application/json")


def upload(api, number: int, data: bytes, name: str = "paper.pdf"):
    return api.post(f"{MINE}{number}/pdf/", {"pdf": SimpleUploadedFile(name, data)})


def test_author_creates_a_draft_uploads_the_pdf_and_submits(client, open_call, ada):
    api = token_client(client, ada)
    created = post_json(api, MINE, body())
    assert created.status_code == 201, created.json()
    paper = created.json()
    assert (paper["number"], paper["status"], paper["title"]) == (
        1,
        "draft",
        "Grokking as a phase transition",
    )
    assert [a["email"] for a in paper["authors"]] == [
        "ada@lab-a.example.org",
        "cy@lab-c.example.org",
    ]
    assert paper["primary_topic"]["slug"] == "scaling-laws"
    assert paper["authors"][0]["confirmed_at"]  # the author who saves confirms their own

    uploaded = upload(api, 1, make_pdf(3))
    assert uploaded.status_code == 200, uploaded.json()
    assert (uploaded.json()["pdf_pages"], uploaded.json()["status"]) == (3, "draft")

    submitted = patch_json(api, f"{MINE}1/", {"submit": True, "anonymized_confirmed": True})
    assert submitted.status_code == 200, submitted.json()
    assert submitted.json()["status"] == "submitted"
    assert submitted.json()["keywords"] == "grokking, scaling"  # untouched by the PATCH
    assert Submission.objects.get().submitted_at is not None
    assert list(OutgoingEmail.objects.values_list("kind", flat=True)) == ["submission_received"]


def test_create_reports_the_forms_messages_by_field(client, open_call, ada):
    api = token_client(client, ada)
    response = post_json(
        api,
        MINE,
        body(
            title="x" * 400,
            primary_topic="pre-training",  # an area, not a subtopic
            authors=[{"name": "Bo", "email": "bo@lab-b.example.org", "is_corresponding": True}],
        ),
    )
    assert response.status_code == 400
    errors = response.json()
    assert errors["title"] == [
        f"The title has 400 characters; the limit is {open_call.max_title_chars}."
    ]
    assert errors["primary_topic"] == [
        "Select a valid choice. That choice is not one of the available choices."
    ]
    assert errors["authors"] == [
        "You must remain an author: keep the row with your address ada@lab-a.example.org."
    ]
    assert not Submission.objects.exists()


def test_create_with_submit_needs_a_pdf(client, open_call, ada):
    response = post_json(token_client(client, ada), MINE, body(submit=True))
    assert response.status_code == 400
    assert response.json()["pdf"] == ["Upload the paper as a PDF to submit it."]
    assert response.json()["anonymized_confirmed"] == [
        "Confirm that the PDF is anonymized to submit it."
    ]


def test_create_refuses_unknown_fields_and_non_objects(client, open_call, ada):
    api = token_client(client, ada)
    assert post_json(api, MINE, body(status="accepted")).json() == {"status": ["Unknown field."]}
    assert post_json(api, MINE, [1, 2]).json() == {"non_field_errors": ["Send a JSON object."]}


def test_create_after_the_deadline_says_so(client, workshop, ada):
    response = post_json(token_client(client, ada), MINE, body())
    assert response.status_code == 403
    assert response.json()["detail"].startswith(
        "The call for papers is closed: the submission deadline was "
    )
    assert response.json()["detail"].endswith("Nothing was saved.")


def test_update_after_the_deadline_says_so_and_keeps_the_paper(client, open_call, ada):
    api = token_client(client, ada)
    post_json(api, MINE, body())
    Workshop.objects.filter(pk=open_call.pk).update(**phase_dates("bidding"))
    response = patch_json(api, f"{MINE}1/", {"title": "Another title"})
    assert response.status_code == 403
    assert response.json()["detail"].startswith("The submission deadline passed (")
    assert response.json()["detail"].endswith(
        "the submission can no longer be edited. Nothing was saved."
    )
    assert upload(api, 1, make_pdf(2)).status_code == 403
    assert Submission.objects.get().title == "Grokking as a phase transition"


def test_pdf_upload_runs_the_sites_checks(client, open_call, ada):
    api = token_client(client, ada)
    post_json(api, MINE, body())
    too_long = upload(api, 1, make_pdf(open_call.max_pages + 1))
    assert too_long.status_code == 400
    assert too_long.json() == {
        "pdf": [f"The PDF has {open_call.max_pages + 1} pages; the limit is {open_call.max_pages}."]
    }
    not_pdf = upload(api, 1, b"hello", name="paper.pdf")
    assert not_pdf.status_code == 400
    assert not_pdf.json()["pdf"][0].startswith("This file is not a PDF")
    missing = api.post(f"{MINE}1/pdf/", {})
    assert missing.json() == {"pdf": ["Send the PDF as the multipart field “pdf”."]}
    assert Submission.objects.get().pdf_pages is None


def test_pdf_naming_its_authors_is_flagged_before_the_author_submits(client, open_call, ada):
    api = token_client(client, ada)
    post_json(api, MINE, body(anonymized_confirmed=True))
    named = pdf_generate(title="Grokking", lines=("Ada Author", "Abstract", "We study."))
    uploaded = upload(api, 1, named)
    assert [flag["kind"] for flag in uploaded.json()["identity_flags"]] == ["name"]
    assert uploaded.json()["status"] == "draft"
    submitted = patch_json(api, f"{MINE}1/", {"submit": True})
    assert submitted.json()["status"] == "submitted"  # as on the site: warned, then allowed


def test_authors_cannot_touch_other_peoples_submissions(client, papers, open_call):
    api = token_client(client, papers["bo"])
    assert api.get(f"{MINE}1/").status_code == 404
    assert patch_json(api, f"{MINE}1/", {"title": "Mine now"}).status_code == 404
    assert upload(api, 1, make_pdf(2)).status_code == 404
    assert api.post(f"{MINE}1/withdraw/").status_code == 404
    assert client.get(f"{MINE}1/", HTTP_AUTHORIZATION="").status_code == 401


def test_withdraw_then_withdraw_again_is_refused(client, papers):
    api = token_client(client, papers["ada"])
    response = api.post(f"{MINE}1/withdraw/")
    assert response.status_code == 200
    assert response.json()["status"] == "withdrawn"
    again = api.post(f"{MINE}1/withdraw/")
    assert again.status_code == 403
    assert again.json() == {"detail": "Submission #1 is already withdrawn."}


def test_submission_detail_has_an_etag_and_answers_304(client, papers):
    api = token_client(client, papers["ada"])
    first = api.get(f"{MINE}1/")
    etag = first.headers["ETag"]
    assert first.json()["edit_deadline"]
    assert api.get(f"{MINE}1/", HTTP_IF_NONE_MATCH=etag).status_code == 304
    Submission.objects.filter(pk=papers[1].pk).update(title="Changed")
    changed = api.get(f"{MINE}1/", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed.headers["ETag"] != etag


def test_submission_list_answers_304_while_nothing_changed(client, papers):
    api = token_client(client, papers["bo"])
    etag = api.get(MINE).headers["ETag"]
    assert api.get(MINE, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert api.get(MINE, HTTP_IF_NONE_MATCH='"other"').status_code == 200


def test_pdf_over_the_upload_cap_is_dropped_with_the_sites_message(
    client, open_call, ada, settings
):
    settings.FILE_UPLOAD_MAX_MB = 1
    api = token_client(client, ada)
    post_json(api, MINE, body())
    response = upload(api, 1, make_sized_pdf(2 * 1024 * 1024))
    assert response.status_code == 400
    assert response.json() == {
        "pdf": [
            "The file is larger than the 1 MB limit; none of it was kept. Choose a smaller file."
        ]
    }
    assert Submission.objects.get().pdf_pages is None
