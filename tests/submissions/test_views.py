import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from decisions.services import decision_set, decisions_release
from notifications.models import OutgoingEmail
from submissions.enums import SubmissionStatus
from submissions.models import Submission
from submissions.pdf import pdf_generate
from submissions.selectors import author_dashboard
from submissions.services import submission_create
from tests.factories import UserFactory
from tests.pdfs import make_pdf
from tests.reviews.review_builders import (
    assign,
    move_to_deciding,
    paper,
    reviewer,
    reviewing_workshop,
    submit,
)
from tests.submissions.conftest import content, make_workshop, topic

TITLE = "Grokking as a phase transition"


def url(workshop, suffix: str = "") -> str:
    return f"/{workshop.slug}/submissions/{suffix}"


def pdf_file(data: bytes | None = None, name: str = "paper.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, make_pdf(2) if data is None else data, "application/pdf")


def form_data(workshop, *, authors=None, **overrides) -> dict:
    authors = authors or [
        ("Ada Lovelace", "ada@analytical.example.org", "Analytical Lab", True),
        ("Charles Babbage", "charles@engine.example.org", "", False),
    ]
    data = {
        "title": TITLE,
        "abstract": "We study **grokking**.",
        "keywords": "grokking, scaling",
        "primary_topic": topic(workshop, "scaling-laws").pk,
        "secondary_topics": [topic(workshop, "instruction").pk],
        "anonymized_confirmed": "on",
        "action": "submit",
        "authors-TOTAL_FORMS": str(len(authors)),
        "authors-INITIAL_FORMS": "1",
        "authors-MIN_NUM_FORMS": "1",
        "authors-MAX_NUM_FORMS": "30",
    }
    for index, (name, email, affiliation, corresponding) in enumerate(authors):
        data[f"authors-{index}-name"] = name
        data[f"authors-{index}-email"] = email
        data[f"authors-{index}-affiliation"] = affiliation
        data[f"authors-{index}-ORDER"] = str(index + 1)
        if corresponding:
            data[f"authors-{index}-is_corresponding"] = "on"
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def author_client(client, author):
    client.force_login(author)
    return client


def existing(workshop, author, **overrides) -> Submission:
    return submission_create(
        workshop=workshop, submitter=author, content=content(workshop, **overrides), submit=True
    )


def assert_kept(html: str) -> None:
    assert f'value="{TITLE}"' in html
    assert "We study **grokking**." in html
    assert 'value="charles@engine.example.org"' in html


# Creating ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_create_page_prefills_submitter_and_groups_subtopics_by_area(author_client, workshop):
    response = author_client.get(url(workshop, "new/"))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="ada@analytical.example.org"' in html
    area, subtopic = topic(workshop, "emergent"), topic(workshop, "scaling-laws")
    assert '<optgroup label="Emergent phenomena">' in html
    assert f'<option value="{area.pk}"' not in html
    assert f'<option value="{subtopic.pk}">Scaling laws</option>' in html
    assert " style=" not in html
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)


def label(html: str, field_id: str) -> str:
    return re.search(rf'<label\s+for="{field_id}"[^>]*>.*?</label>', html, re.S).group(0)


@pytest.mark.django_db
def test_create_page_spare_author_rows_show_no_required_marker(author_client, workshop):
    html = author_client.get(url(workshop, "new/")).content.decode()
    for field in ("name", "email"):
        assert 'class="asteriskField">*</span>' in label(html, f"id_authors-0-{field}")
        for spare in (1, 2):
            assert "asteriskField" not in label(html, f"id_authors-{spare}-{field}")
            assert "requiredField" not in label(html, f"id_authors-{spare}-{field}")


@pytest.mark.django_db
def test_create_filled_spare_author_row_is_still_validated_and_marked(author_client, workshop):
    authors = [
        ("Ada Lovelace", "ada@analytical.example.org", "Analytical Lab", True),
        ("Charles Babbage", "", "", False),
        ("", "", "", False),
    ]
    data = {**form_data(workshop, authors=authors), "authors-2-ORDER": "", "pdf": pdf_file()}
    response = author_client.post(url(workshop, "new/"), data)
    html = response.content.decode()
    assert response.context["formset"].errors == [{}, {"email": ["This field is required."]}, {}]
    assert 'class="asteriskField">*</span>' in label(html, "id_authors-1-email")
    assert "asteriskField" not in label(html, "id_authors-2-email")
    assert 'value="Charles Babbage"' in html
    assert Submission.objects.count() == 0


@pytest.mark.django_db
def test_create_valid_post_submits_and_redirects(author_client, workshop, author):
    response = author_client.post(url(workshop, "new/"), {**form_data(workshop), "pdf": pdf_file()})
    submission = Submission.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/{workshop.slug}/submissions/1/"
    assert (submission.title, submission.status, submission.pdf_pages) == (
        TITLE,
        SubmissionStatus.SUBMITTED,
        2,
    )
    assert list(submission.authorships.values_list("email", "user_id")) == [
        ("ada@analytical.example.org", author.pk),
        ("charles@engine.example.org", None),
    ]
    assert OutgoingEmail.objects.filter(kind="submission_received").count() == 1


@pytest.mark.django_db
def test_create_save_draft_without_pdf(author_client, workshop):
    response = author_client.post(url(workshop, "new/"), form_data(workshop, action="draft"))
    assert response.status_code == 302
    assert Submission.objects.get().status == SubmissionStatus.DRAFT


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (b"<!DOCTYPE html><html><body>hi</body></html>", "it looks like an HTML page"),
        (b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "it looks like a PNG image"),
        (make_pdf(1, password="pw"), "The PDF is encrypted or password-protected"),
        (make_pdf(5), "The PDF has 5 pages; the limit is 4."),
    ],
)
@pytest.mark.django_db
def test_create_bad_pdf_says_which_rule_and_keeps_fields(author_client, workshop, upload, message):
    response = author_client.post(
        url(workshop, "new/"), {**form_data(workshop), "pdf": pdf_file(upload)}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert_kept(html)
    assert Submission.objects.count() == 0


@pytest.mark.django_db
def test_create_empty_pdf_is_refused(author_client, workshop):
    response = author_client.post(
        url(workshop, "new/"), {**form_data(workshop), "pdf": pdf_file(b"")}
    )
    html = response.content.decode()
    assert "The submitted file is empty." in html
    assert_kept(html)
    assert Submission.objects.count() == 0


@pytest.mark.django_db
def test_create_pdf_over_size_limit_is_refused(author_client, workshop):
    workshop.max_pdf_mb = 1
    workshop.save()
    big = make_pdf(1) + b"%" + b"x" * (1024 * 1024)
    response = author_client.post(
        url(workshop, "new/"), {**form_data(workshop), "pdf": pdf_file(big)}
    )
    html = response.content.decode()
    assert "the limit is 1 MB." in html
    assert_kept(html)
    assert Submission.objects.count() == 0


@pytest.mark.django_db
def test_create_pdf_with_author_metadata_is_stripped_for_reviewers(author_client, workshop):
    data = make_pdf(1, metadata={"/Author": "Ada Lovelace", "/Creator": "Ada's laptop"})
    author_client.post(url(workshop, "new/"), {**form_data(workshop), "pdf": pdf_file(data)})
    submission = Submission.objects.get()
    assert b"Ada Lovelace" in submission.pdf.read()
    reviewer = author_client.get(url(workshop, "1/pdf/anonymized/"))
    body = b"".join(reviewer.streaming_content)
    assert body.startswith(b"%PDF-")
    assert b"Ada" not in body


@pytest.mark.parametrize(
    "name",
    ["../../etc/passwd.pdf", "paper\x00.html.pdf", "a" * 296 + ".pdf"],
)
@pytest.mark.django_db
def test_create_hostile_filename_is_not_used_for_storage(author_client, workshop, name):
    response = author_client.post(
        url(workshop, "new/"), {**form_data(workshop), "pdf": pdf_file(name=name)}
    )
    assert response.status_code == 302
    stored = Submission.objects.get().pdf.name
    assert re.fullmatch(rf"submissions/{workshop.pk}/original/[0-9a-f]{{32}}\.pdf", stored)
    download = author_client.get(url(workshop, "1/pdf/"))
    assert download["Content-Disposition"] == f'attachment; filename="fomo-{workshop.slug}-1.pdf"'


@pytest.mark.django_db
def test_create_valid_pdf_is_kept_when_another_field_fails(author_client, workshop):
    first = author_client.post(
        url(workshop, "new/"), {**form_data(workshop, title=""), "pdf": pdf_file()}
    )
    html = first.content.decode()
    assert "This field is required." in html
    assert "Your PDF (2 pages) passed the checks and is kept" in html
    token = re.search(r'name="pdf_token" value="([^"]+)"', html).group(1)
    second = author_client.post(url(workshop, "new/"), {**form_data(workshop), "pdf_token": token})
    assert second.status_code == 302
    assert Submission.objects.get().pdf_pages == 2


@pytest.mark.django_db
def test_create_pdf_token_of_another_user_is_ignored(client, workshop, author):
    client.force_login(author)
    html = client.post(
        url(workshop, "new/"), {**form_data(workshop, title=""), "pdf": pdf_file()}
    ).content.decode()
    token = re.search(r'name="pdf_token" value="([^"]+)"', html).group(1)
    other = UserFactory(email="mallory@example.org")
    client.force_login(other)
    data = form_data(
        workshop,
        authors=[("Mallory", "mallory@example.org", "", True)],
        pdf_token=token,
    )
    response = client.post(url(workshop, "new/"), data)
    assert "Upload the paper as a PDF to submit it." in response.content.decode()
    assert Submission.objects.count() == 0


@pytest.mark.django_db
def test_create_too_many_file_parts_is_a_clear_400(author_client, workshop):
    files = {f"file{index}": pdf_file(b"%PDF-1", name=f"{index}.pdf") for index in range(1000)}
    response = author_client.post(url(workshop, "new/"), {**form_data(workshop), **files})
    assert response.status_code == 400
    assert "too many files or fields" in response.content.decode()
    assert Submission.objects.count() == 0


@pytest.mark.django_db
def test_create_duplicate_coauthor_email_is_a_form_error(author_client, workshop):
    data = form_data(
        workshop,
        authors=[
            ("Ada Lovelace", "ada@analytical.example.org", "", True),
            ("Charles Babbage", "charles@engine.example.org", "", False),
            ("Charles Again", "Charles@Engine.example.org", "", False),
        ],
    )
    html = author_client.post(url(workshop, "new/"), {**data, "pdf": pdf_file()}).content.decode()
    assert (
        "charles@engine.example.org is listed twice: each author needs their own email address."
        in html
    )
    assert Submission.objects.count() == 0


@pytest.mark.django_db
def test_create_secondary_topic_of_another_workshop_is_a_form_error(author_client, workshop):
    foreign = topic(make_workshop(), "scale")
    data = form_data(workshop, secondary_topics=[foreign.pk])
    html = author_client.post(url(workshop, "new/"), {**data, "pdf": pdf_file()}).content.decode()
    assert f"Select a valid choice. {foreign.pk} is not one of the available choices." in html
    assert Submission.objects.count() == 0


@pytest.mark.django_db
def test_create_area_as_primary_topic_is_a_form_error(author_client, workshop):
    data = form_data(workshop, primary_topic=topic(workshop, "emergent").pk)
    html = author_client.post(url(workshop, "new/"), {**data, "pdf": pdf_file()}).content.decode()
    assert "Select a valid choice. That choice is not one of the available choices." in html


@pytest.mark.django_db
def test_create_too_many_secondary_topics_is_a_form_error(author_client, workshop):
    workshop.max_secondary_topics = 1
    workshop.save()
    data = form_data(
        workshop, secondary_topics=[topic(workshop, "instruction").pk, topic(workshop, "scale").pk]
    )
    html = author_client.post(url(workshop, "new/"), {**data, "pdf": pdf_file()}).content.decode()
    assert "Choose at most 1 secondary topics (you chose 2)." in html


@pytest.mark.django_db
def test_create_title_over_workshop_limit_is_a_form_error(author_client, workshop):
    workshop.max_title_chars = 10
    workshop.save()
    html = author_client.post(url(workshop, "new/"), form_data(workshop)).content.decode()
    assert "The title has 30 characters; the limit is 10." in html


@pytest.mark.django_db
def test_create_submitter_cannot_remove_themselves(author_client, workshop):
    data = form_data(workshop, authors=[("Charles", "charles@engine.example.org", "", True)])
    html = author_client.post(url(workshop, "new/"), {**data, "pdf": pdf_file()}).content.decode()
    assert "You must remain an author" in html


@pytest.mark.django_db
def test_create_after_deadline_is_refused_with_message(author_client):
    closed = make_workshop(phase="bidding")
    response = author_client.post(url(closed, "new/"), {**form_data(closed), "pdf": pdf_file()})
    html = response.content.decode()
    assert response.status_code == 403
    assert "The submission deadline passed" in html
    assert "Nothing was saved." in html
    assert_kept(html)
    assert Submission.objects.count() == 0


@pytest.mark.django_db
def test_create_page_after_deadline_redirects_to_call(author_client):
    closed = make_workshop(phase="bidding")
    response = author_client.get(url(closed, "new/"))
    assert response.status_code == 302
    assert response["Location"] == f"/{closed.slug}/"


@pytest.mark.django_db
def test_create_requires_login(client, workshop):
    response = client.get(url(workshop, "new/"))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


# Editing -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_edit_form_opened_before_and_posted_after_deadline_is_refused(
    author_client, workshop, author
):
    existing(workshop, author)
    assert author_client.get(url(workshop, "1/edit/")).status_code == 200
    workshop.submission_opens_at = timezone.now() - timedelta(days=30)
    workshop.submission_deadline = timezone.now() - timedelta(seconds=1)
    workshop.save()
    response = author_client.post(url(workshop, "1/edit/"), form_data(workshop, title="Changed"))
    html = response.content.decode()
    assert response.status_code == 403
    assert "the submission can no longer be edited" not in html  # form refusal, not service
    assert "The submission deadline passed" in html
    assert 'value="Changed"' in html
    assert Submission.objects.get().title == TITLE


@pytest.mark.django_db
def test_edit_changes_title_and_authors(author_client, workshop, author):
    existing(workshop, author)
    data = form_data(
        workshop,
        title="A better title",
        action="save",
        authors=[
            ("Grace Hopper", "grace@navy.example.org", "Navy", True),
            ("Ada Lovelace", "ada@analytical.example.org", "Analytical Lab", False),
        ],
    )
    response = author_client.post(url(workshop, "1/edit/"), data)
    assert response.status_code == 302
    submission = Submission.objects.get()
    assert submission.title == "A better title"
    assert list(submission.authorships.values_list("email", flat=True)) == [
        "grace@navy.example.org",
        "ada@analytical.example.org",
    ]


@pytest.mark.django_db
def test_edit_reorders_authors_by_position(author_client, workshop, author):
    existing(workshop, author)
    data = form_data(workshop, action="save")
    data["authors-0-ORDER"], data["authors-1-ORDER"] = "2", "1"
    author_client.post(url(workshop, "1/edit/"), data)
    assert list(Submission.objects.get().authorships.values_list("email", flat=True)) == [
        "charles@engine.example.org",
        "ada@analytical.example.org",
    ]


@pytest.mark.django_db
def test_coauthor_who_signs_up_later_can_see_and_edit(client, workshop, author):
    existing(workshop, author)
    charles = UserFactory(email="charles@engine.example.org")
    client.force_login(charles)
    assert client.get(url(workshop, "1/")).status_code == 404
    from submissions.services import authorships_link_user

    authorships_link_user(user=charles)
    assert client.get(url(workshop, "1/")).status_code == 200
    assert client.get(url(workshop, "1/edit/")).status_code == 200
    dashboard = client.get("/accounts/dashboard/").content.decode()
    assert TITLE in dashboard


@pytest.mark.parametrize(
    "suffix", ["1/", "1/edit/", "1/withdraw/", "1/pdf/", "1/pdf/anonymized/", "1/camera-ready/"]
)
@pytest.mark.django_db
def test_other_users_submission_is_404(client, workshop, author, suffix):
    existing(workshop, author)
    client.force_login(UserFactory(email="mallory@example.org"))
    assert client.get(url(workshop, suffix)).status_code == 404
    assert client.post(url(workshop, suffix), form_data(workshop)).status_code == 404
    assert Submission.objects.get().status == SubmissionStatus.SUBMITTED


@pytest.mark.django_db
def test_unknown_submission_number_is_404(author_client, workshop):
    assert author_client.get(url(workshop, "99/")).status_code == 404


# Detail, withdraw, camera-ready ------------------------------------------------------------


def panes(html: str) -> tuple[str, str]:
    reviewers = html.split('id="as-reviewers"', 1)[1].split('id="as-organizers"', 1)[0]
    organizers = html.split('id="as-organizers"', 1)[1]
    return reviewers, organizers


@pytest.mark.django_db
def test_detail_reviewer_pane_has_no_author_information(author_client, workshop, author):
    existing(workshop, author)
    html = author_client.get(url(workshop, "1/")).content.decode()
    reviewers, organizers = panes(html)
    assert TITLE in reviewers
    for private in ["Ada Lovelace", "ada@analytical.example.org", "Analytical Lab", "Babbage"]:
        assert private not in reviewers
        assert private in organizers
    assert " style=" not in html


@pytest.mark.django_db
def test_detail_abstract_script_is_escaped_and_math_kept(author_client, workshop, author):
    existing(workshop, author, abstract="Bound $a_1 * b_2$ <script>alert(1)</script>")
    html = author_client.get(url(workshop, "1/")).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert '<span class="math">$a_1 * b_2$</span>' in html


@pytest.mark.django_db
def test_detail_has_withdraw_form_with_confirmation(author_client, workshop, author):
    existing(workshop, author)
    html = author_client.get(url(workshop, "1/")).content.decode()
    assert (
        f'action="/{workshop.slug}/submissions/1/withdraw/" data-confirm="Withdraw submission #1?'
        in html
    )


@pytest.mark.django_db
def test_withdraw_post_withdraws(author_client, workshop, author):
    existing(workshop, author)
    assert author_client.get(url(workshop, "1/withdraw/")).status_code == 200
    response = author_client.post(url(workshop, "1/withdraw/"))
    assert response.status_code == 302
    assert Submission.objects.get().status == SubmissionStatus.WITHDRAWN


@pytest.mark.django_db
def test_opening_edit_of_a_withdrawn_paper_says_why_without_claiming_a_save(
    author_client, workshop, author
):
    existing(workshop, author)
    author_client.post(url(workshop, "1/withdraw/"))
    response = author_client.get(url(workshop, "1/edit/"), follow=True)
    html = response.content.decode()
    assert "Submission #1 is withdrawn and can no longer be edited." in html
    assert "Nothing was saved" not in html


@pytest.mark.django_db
def test_withdraw_after_release_is_refused(author_client, workshop, author):
    existing(workshop, author)
    workshop.decisions_released_at = timezone.now()
    workshop.save()
    response = author_client.post(url(workshop, "1/withdraw/"), follow=True)
    assert "can no longer be withdrawn" in response.content.decode()
    assert Submission.objects.get().status == SubmissionStatus.SUBMITTED


@pytest.mark.django_db
def test_decision_shown_only_after_release(author_client, workshop, author):
    submission = existing(workshop, author)
    Submission.objects.filter(pk=submission.pk).update(status=SubmissionStatus.ACCEPTED)
    assert 'id="decision"' not in author_client.get(url(workshop, "1/")).content.decode()
    workshop.decisions_released_at = timezone.now() - timedelta(minutes=1)
    workshop.save()
    html = author_client.get(url(workshop, "1/")).content.decode()
    assert "Decision: Accepted." in html
    assert "Upload camera-ready" in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    "outcome, decision, camera_ready",
    [("poster", "Accept (poster)", True), ("reject", "Reject", False)],
)
def test_released_decision_shown_once_above_meta_review_and_reviews(
    client, outcome, decision, camera_ready
):
    workshop = reviewing_workshop(slug="once")
    organizer = UserFactory(email="olga@org.example.net")
    workshop.organizers.add(organizer)
    ada = UserFactory(email="ada@lab.example.org")
    submission = paper(workshop, number=1, authors=[ada])
    rita = reviewer(workshop, "rita@uni.example.org")
    assign(submission, rita)
    submit(submission, rita, comments_to_authors="Please add error bars.")
    move_to_deciding(workshop)
    submission.refresh_from_db()
    decision_set(
        submission=submission, outcome=outcome, meta_review="A **clear** study.", by=organizer
    )
    decisions_release(workshop=workshop, by=organizer)
    client.force_login(ada)
    html = client.get(submission.get_absolute_url()).content.decode()
    assert html.count("Decision:") == 1
    assert f"<strong>Decision: {decision}.</strong>" in html
    assert len(re.findall(re.escape(decision) + "(?![a-z])", html)) == 1  # "Rejected": the status
    assert "Outcome" not in html
    assert ("Upload the camera-ready version" in html) is camera_ready
    order = [html.index(text) for text in ('id="decision"', "Meta-review", "Reviewer 1")]
    assert order == sorted(order)
    assert "<strong>clear</strong>" in html
    assert "Please add error bars." in html


def accepted_and_released(workshop, author) -> Submission:
    submission = existing(workshop, author)
    Submission.objects.filter(pk=submission.pk).update(status=SubmissionStatus.ACCEPTED)
    workshop.decisions_released_at = timezone.now() - timedelta(minutes=1)
    workshop.save()
    return submission


@pytest.mark.django_db
def test_camera_ready_upload_page_accepts_a_good_pdf(author_client, workshop, author):
    accepted_and_released(workshop, author)
    response = author_client.post(url(workshop, "1/camera-ready/"), {"pdf": pdf_file(make_pdf(5))})
    assert response.status_code == 302
    assert Submission.objects.get().camera_ready_pages == 5
    download = author_client.get(url(workshop, "1/camera-ready/pdf/"))
    assert download["Content-Disposition"] == (
        f'attachment; filename="fomo-{workshop.slug}-1-final.pdf"'
    )


@pytest.mark.django_db
def test_camera_ready_over_its_page_limit_is_refused(author_client, workshop, author):
    accepted_and_released(workshop, author)
    response = author_client.post(url(workshop, "1/camera-ready/"), {"pdf": pdf_file(make_pdf(6))})
    assert "The PDF has 6 pages; the limit is 5." in response.content.decode()
    assert Submission.objects.get().camera_ready_pdf.name in ("", None)


@pytest.mark.django_db
def test_camera_ready_for_submitted_paper_redirects_with_message(author_client, workshop, author):
    existing(workshop, author)
    response = author_client.get(url(workshop, "1/camera-ready/"), follow=True)
    assert "Camera-ready versions are accepted only for accepted papers" in (
        response.content.decode()
    )


@pytest.mark.django_db
def test_pdf_download_headers(author_client, workshop, author):
    existing(workshop, author)
    response = author_client.get(url(workshop, "1/pdf/"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="fomo-{workshop.slug}-1.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"


# Call for papers and dashboard -------------------------------------------------------------


@pytest.mark.django_db
def test_cfp_shows_submit_button_only_while_open(client, workshop):
    assert 'id="submit-paper"' in client.get(f"/{workshop.slug}/").content.decode()
    closed = make_workshop(phase="bidding")
    assert 'id="submit-paper"' not in client.get(f"/{closed.slug}/").content.decode()


@pytest.mark.django_db
def test_dashboard_lists_submissions_with_next_step(author_client, workshop, author):
    existing(workshop, author)
    html = author_client.get("/accounts/dashboard/").content.decode()
    assert "My submissions" in html
    assert f"#1 · {TITLE}" in html
    assert "Submitted; you may edit until the deadline" in html


def make_many(workshop, author, count: int) -> None:
    from tests.factories import AuthorshipFactory, SubmissionFactory

    primary = topic(workshop, "scaling-laws")
    for _ in range(count):
        submission = SubmissionFactory(workshop=workshop, primary_topic=primary)
        submission.secondary_topics.add(topic(workshop, "scale"))
        AuthorshipFactory(submission=submission, user=author, email=author.email, order=1)
        AuthorshipFactory(submission=submission, order=2)


def queries_for(client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured.captured_queries)


@pytest.mark.django_db
def test_dashboard_query_count_is_fixed(author_client, workshop, author, django_assert_num_queries):
    make_many(workshop, author, 1)
    author_client.get("/accounts/dashboard/")
    with_one = queries_for(author_client, "/accounts/dashboard/")
    make_many(workshop, author, 49)
    with django_assert_num_queries(with_one):
        html = author_client.get("/accounts/dashboard/").content.decode()
    assert html.count("Submitted; you may edit until the deadline") == 50


def decided_workshop(author, outcomes: list[str], slug: str = "decided"):
    """A workshop past its review deadline with one paper by ``author`` per outcome, each
    decided (not released); returns (workshop, organizer)."""
    workshop = reviewing_workshop(slug=slug)
    organizer = UserFactory(email=f"olga@{slug}.example.net")
    workshop.organizers.add(organizer)
    papers = [paper(workshop, number=n, authors=[author]) for n in range(1, len(outcomes) + 1)]
    move_to_deciding(workshop)
    for submission, outcome in zip(papers, outcomes, strict=True):
        decision_set(submission=submission, outcome=outcome, by=organizer)
    return workshop, organizer


def release_after_camera_ready(workshop, organizer) -> None:
    """Decisions released, and the camera-ready deadline passed (no upload step left)."""
    decisions_release(workshop=workshop, by=organizer)
    workshop.decision_notification_at = timezone.now() - timedelta(minutes=2)
    workshop.camera_ready_deadline = timezone.now() - timedelta(minutes=1)
    workshop.save()


@pytest.mark.django_db
def test_dashboard_decision_uses_the_outcome_label_once_released(author_client, author):
    workshop, organizer = decided_workshop(author, ["poster", "reject", "oral"])
    before = author_client.get("/accounts/dashboard/").content.decode()
    assert before.count("Under review; wait for the decision") == 3
    assert "Decision:" not in before and "Accept (" not in before
    release_after_camera_ready(workshop, organizer)
    steps = [row.next_step for row in author_dashboard(user=author, now=timezone.now())]
    assert steps == ["Decision: Accept (poster)", "Decision: Reject", "Decision: Accept (oral)"]
    html = author_client.get("/accounts/dashboard/").content.decode()
    assert "Decision: Accept (poster)" in html
    assert "Decision: accepted" not in html and "Decision: rejected" not in html


@pytest.mark.django_db
def test_dashboard_decision_without_a_decision_row_says_the_status(author_client, workshop, author):
    submission = existing(workshop, author)
    Submission.objects.filter(pk=submission.pk).update(status=SubmissionStatus.REJECTED)
    workshop.decisions_released_at = timezone.now() - timedelta(minutes=1)
    workshop.save()
    assert "Decision: Rejected" in author_client.get("/accounts/dashboard/").content.decode()


@pytest.mark.django_db
def test_dashboard_query_count_is_fixed_with_released_decisions(
    author_client, author, django_assert_num_queries
):
    workshop, organizer = decided_workshop(author, ["poster"])
    release_after_camera_ready(workshop, organizer)
    with_one = queries_for(author_client, "/accounts/dashboard/")
    more, other_organizer = decided_workshop(author, ["reject", "spotlight"] * 10, slug="more")
    release_after_camera_ready(more, other_organizer)
    with django_assert_num_queries(with_one):
        html = author_client.get("/accounts/dashboard/").content.decode()
    assert html.count("Decision: Reject") == 10
    assert html.count("Decision: Accept (") == 11


@pytest.mark.django_db
def test_create_with_zip_supplementary_is_served_as_zip(author_client, workshop):
    zip_file = SimpleUploadedFile("extra.zip", b"PK\x03\x04" + b"\0" * 60, "application/zip")
    data = {**form_data(workshop), "pdf": pdf_file(), "supplementary": zip_file}
    assert author_client.post(url(workshop, "new/"), data).status_code == 302
    response = author_client.get(url(workshop, "1/supplementary/"))
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == (
        f'attachment; filename="fomo-{workshop.slug}-1-supplementary.zip"'
    )


@pytest.mark.django_db
def test_create_html_supplementary_is_refused_and_fields_kept(author_client, workshop):
    html_file = SimpleUploadedFile("extra.zip", b"<html><body>x</body></html>", "application/zip")
    data = {**form_data(workshop), "pdf": pdf_file(), "supplementary": html_file}
    html = author_client.post(url(workshop, "new/"), data).content.decode()
    assert "The supplementary file must be a PDF or a ZIP archive: it looks like an HTML page." in (
        html
    )
    assert "Your PDF (2 pages) passed the checks and is kept" in html
    assert_kept(html)
    assert Submission.objects.count() == 0


@pytest.mark.django_db
def test_admin_lists_searches_and_filters_submissions(client, workshop, author):
    existing(workshop, author)
    client.force_login(UserFactory(email="root@example.org", is_staff=True, is_superuser=True))
    listing = client.get("/admin/submissions/submission/", {"q": "babbage", "status": "submitted"})
    assert listing.status_code == 200
    assert TITLE in listing.content.decode()
    change = client.get(f"/admin/submissions/submission/{Submission.objects.get().pk}/change/")
    assert change.status_code == 200
    assert "charles@engine.example.org" in change.content.decode()
    assert 'name="deadline_extension_0"' in change.content.decode()


@pytest.mark.django_db
def test_submitting_a_pdf_that_names_its_author_is_held_back_once_as_a_draft(
    author_client, client, workshop
):
    naming = pdf_generate(title=TITLE, lines=("Ada Lovelace", "Abstract"))
    response = author_client.post(
        url(workshop, "new/"), {**form_data(workshop), "pdf": pdf_file(naming)}
    )
    submission = Submission.objects.get()
    assert response["Location"] == f"/{workshop.slug}/submissions/1/edit/"
    assert submission.status == SubmissionStatus.DRAFT
    assert [flag["kind"] for flag in submission.identity_flags] == ["name"]
    page = author_client.get(response["Location"]).content.decode()
    assert "saved but not submitted: the PDF may tell reviewers who you are" in page
    assert "The text names an author: Ada Lovelace." in page

    again = author_client.post(url(workshop, "1/edit/"), form_data(workshop))
    assert again["Location"] == f"/{workshop.slug}/submissions/1/"
    assert Submission.objects.get().status == SubmissionStatus.SUBMITTED

    organizer = UserFactory(email="olivia@fomo.example.org")
    workshop.organizers.add(organizer)
    client.force_login(organizer)
    listing = client.get(f"/{workshop.slug}/manage/submissions/").content.decode()
    assert 'title="The text names an author: Ada Lovelace. ">1 flag</span>' in listing


@pytest.mark.django_db
def test_an_anonymous_pdf_is_submitted_at_once_without_a_warning(author_client, workshop):
    anonymous = pdf_generate(title=TITLE, lines=("Anonymous Authors", "Abstract"))
    response = author_client.post(
        url(workshop, "new/"), {**form_data(workshop), "pdf": pdf_file(anonymous)}
    )
    submission = Submission.objects.get()
    assert response["Location"] == f"/{workshop.slug}/submissions/1/"
    assert (submission.status, submission.identity_flags) == (SubmissionStatus.SUBMITTED, [])


@pytest.mark.django_db
def test_add_author_row_without_javascript_keeps_everything_and_saves_nothing(
    author_client, workshop
):
    data = form_data(workshop, action="add_author", **{"authors-INITIAL_FORMS": "0"})
    response = author_client.post(url(workshop, "new/"), data)
    assert response.status_code == 200
    assert Submission.objects.count() == 0
    html = response.content.decode()
    assert_kept(html)
    assert 'name="authors-TOTAL_FORMS" value="3"' in html
    assert 'name="authors-2-name"' in html
    assert "Please correct" not in html
    assert 'name="action" value="add_author"' in html
