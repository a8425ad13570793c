import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from fomo_site.errors import Refusal
from notifications.models import OutgoingEmail
from reviews.models import Review, ReviewFormField, ReviewRevision
from reviews.services import review_save_draft
from tests.reviews.review_builders import (
    assign,
    move_to_deciding,
    paper,
    reviewer,
    reviewing_workshop,
    submit,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():
    workshop = reviewing_workshop(slug="rv")
    submission = paper(workshop, authors=[("Ada Author", "ada@lab.example.org")], number=7)
    rita = reviewer(workshop, "rita@uni.example.org", "Rita Reviewer")
    assign(submission, rita)
    return workshop, submission, rita


def paper_url(submission):
    return reverse(
        "review:paper", kwargs={"workshop": submission.workshop.slug, "number": submission.number}
    )


def form_post(**overrides):
    data = {
        "score": "7",
        "confidence": "4",
        "summary": "The paper studies $a_1$ scaling.",
        "strengths": "Clear.",
        "weaknesses": "Small.",
        "comments_to_authors": "Add error bars.",
        "confidential_comments": "Possibly a resubmission.",
        "no_conflict_confirmed": "on",
        "action": "submit",
    }
    data.update(overrides)
    return data


def test_review_page_shows_labelled_scales_for_assigned_reviewer(client, setup):
    workshop, submission, rita = setup
    client.force_login(rita)
    response = client.get(paper_url(submission))
    assert response.status_code == 200
    html = response.content.decode()
    assert "10 (Top paper)" in html
    assert "1 (Strong reject)" in html
    assert "1 (Educated guess)" in html
    assert "I have no conflict of interest with this paper." in html
    assert 'data-autosave-url="/rv/review/papers/7/draft/"' in html
    assert "Ada Author" not in html
    assert "ada@lab.example.org" not in html


def test_review_submit_stores_fields_revision_and_receipt(
    client, setup, django_capture_on_commit_callbacks
):
    workshop, submission, rita = setup
    client.force_login(rita)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(paper_url(submission), form_post())
    assert response.status_code == 302
    review = Review.objects.get(submission=submission, reviewer=rita)
    assert (review.status, review.score, review.confidence) == ("submitted", 7, 4)
    assert review.confidential_comments == "Possibly a resubmission."
    assert list(review.revisions.values_list("number", flat=True)) == [1]
    receipt = OutgoingEmail.objects.get(kind="review_submitted")
    assert receipt.to == ["rita@uni.example.org"]
    assert receipt.subject == f"[{workshop.short_name}] Review of paper #7 received"
    assert len(mail.outbox) == 1


def test_review_submit_without_confirmation_is_refused(client, setup):
    _, submission, rita = setup
    client.force_login(rita)
    data = form_post()
    del data["no_conflict_confirmed"]
    response = client.post(paper_url(submission), data)
    assert response.status_code == 400
    assert not Review.objects.filter(status="submitted").exists()


def test_review_draft_button_keeps_text_unsubmitted(client, setup):
    _, submission, rita = setup
    client.force_login(rita)
    response = client.post(paper_url(submission), {"summary": "Half done", "action": "draft"})
    assert response.status_code == 302
    review = Review.objects.get(submission=submission, reviewer=rita)
    assert review.status == "draft"
    assert review.draft["summary"] == "Half done"
    assert review.summary == ""
    assert "Half done" in client.get(paper_url(submission)).content.decode()


def test_review_autosave_endpoint_returns_json(client, setup):
    workshop, submission, rita = setup
    client.force_login(rita)
    url = reverse("review:draft", kwargs={"workshop": workshop.slug, "number": 7})
    response = client.post(url, {"summary": "Typing…", "score": "3"})
    assert response.status_code == 200
    assert response.json()["ok"] is True
    review = Review.objects.get(submission=submission, reviewer=rita)
    assert (review.draft["summary"], review.draft["score"]) == ("Typing…", "3")


def test_review_edit_after_submission_keeps_history(setup):
    _, submission, rita = setup
    submit(submission, rita, score=4, summary="First take.")
    submit(submission, rita, score=8, summary="Second take.")
    review = Review.objects.get(submission=submission, reviewer=rita)
    assert review.score == 8
    revisions = list(ReviewRevision.objects.filter(review=review).order_by("number"))
    assert [(r.number, r.data["score"], r.data["summary"]) for r in revisions] == [
        (1, 4, "First take."),
        (2, 8, "Second take."),
    ]


def test_review_history_visible_to_organizer(client, setup):
    workshop, submission, rita = setup
    olga = reviewer(workshop, "olga@org.example.net", "Olga Organizer")
    workshop.organizers.add(olga)
    submit(submission, rita, score=4, summary="First take.")
    submit(submission, rita, score=8, summary="Second take.")
    client.force_login(olga)
    html = client.get(
        reverse("decisions:paper", kwargs={"workshop": workshop.slug, "number": 7})
    ).content.decode()
    assert "History (2 versions)" in html
    assert "First take." in html
    assert "Rita Reviewer" in html


def test_review_edit_after_deadline_is_refused(setup):
    workshop, submission, rita = setup
    submit(submission, rita, score=4)
    move_to_deciding(workshop)
    submission.refresh_from_db()
    with pytest.raises(Refusal, match="review deadline has passed"):
        submit(submission, rita, score=9)
    assert Review.objects.get(submission=submission, reviewer=rita).score == 4


def test_review_late_first_submission_is_accepted(setup):
    workshop, submission, rita = setup
    move_to_deciding(workshop)
    submission.refresh_from_db()
    review = submit(submission, rita, score=5)
    assert review.status == "submitted"


def test_review_draft_after_release_is_refused(setup):
    workshop, submission, rita = setup
    workshop.decisions_released_at = timezone.now()
    workshop.save()
    submission.refresh_from_db()
    with pytest.raises(Refusal):
        review_save_draft(submission=submission, reviewer=rita, data={"summary": "x"})


def test_review_custom_fields_required_and_stored(client, setup):
    workshop, submission, rita = setup
    novelty = ReviewFormField.objects.create(
        workshop=workshop, kind="score", label="Novelty", required=True, score_min=1, score_max=3
    )
    client.force_login(rita)
    assert client.post(paper_url(submission), form_post()).status_code == 400
    response = client.post(paper_url(submission), form_post(**{novelty.key: "2"}))
    assert response.status_code == 302
    assert Review.objects.get(reviewer=rita).custom_answers == {str(novelty.pk): 2}


def test_review_markdown_is_rendered_safely(client, setup):
    workshop, submission, rita = setup
    other = reviewer(workshop, "omar@uni.example.org")
    assign(submission, other)
    submit(submission, other, summary="<script>alert(1)</script> **bold** $x_1 * y_2$")
    submit(submission, rita)
    client.force_login(rita)
    html = client.get(paper_url(submission)).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<strong>bold</strong>" in html
    assert '<span class="math">$x_1 * y_2$</span>' in html


def test_assigned_reviewer_downloads_anonymized_pdf(client, setup):
    from django.core.files.base import ContentFile

    workshop, submission, rita = setup
    submission.reviewer_pdf.save("paper.pdf", ContentFile(b"%PDF-1.4 anonymized"), save=True)
    url = reverse("submissions:reviewer_pdf", kwargs={"workshop": "rv", "number": 7})
    client.force_login(rita)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 anonymized"
    client.force_login(reviewer(workshop, "stranger@uni.example.org"))
    assert client.get(url).status_code == 404
