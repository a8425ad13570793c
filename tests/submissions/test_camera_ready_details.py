"""Camera-ready time: the paper page says what was received, and authors of an accepted
paper correct its title, abstract and authors until the deadline, with every change logged."""

from datetime import timedelta

import pytest
from django.utils import timezone

from submissions.models import Submission, SubmissionChange
from tests.pdfs import make_pdf
from tests.submissions.test_views import accepted_and_released, existing, form_data, pdf_file, url
from topics.models import Workshop
from topics.services import phase_dates

pytestmark = pytest.mark.django_db


def details_data(workshop, **overrides) -> dict:
    data = form_data(
        workshop,
        authors=[
            ("Ada Lovelace", "ada@analytical.example.org", "Analytical Lab", True),
            ("Charles Babbage", "charles@engine.example.org", "", False),
            ("Mary Somerville", "mary@oxford.example.org", "Oxford", False),
        ],
        **{"authors-INITIAL_FORMS": "2"},
    )
    keep = {"title", "abstract"} | {key for key in data if key.startswith("authors-")}
    return {key: value for key, value in data.items() if key in keep} | overrides


def test_paper_page_after_the_camera_ready_upload_says_it_was_received(client, workshop, author):
    accepted_and_released(workshop, author)
    client.force_login(author)
    before = client.get(url(workshop, "1/")).content.decode()
    assert "Upload camera-ready" in before
    assert "Upload the camera-ready version" in before
    client.post(url(workshop, "1/camera-ready/"), {"pdf": pdf_file(make_pdf(1))})
    html = client.get(url(workshop, "1/")).content.decode()
    assert "Upload camera-ready" not in html
    assert "Upload the camera-ready version" not in html
    assert "Camera-ready received" in html
    assert "Replace camera-ready" in html
    assert "(1 page," in html
    assert "1 pages" not in html
    assert "1 pages" not in client.get(url(workshop, "1/camera-ready/")).content.decode()


def test_accepted_paper_corrects_title_abstract_and_authors_logged(client, workshop, author):
    accepted_and_released(workshop, author)
    client.force_login(author)
    assert client.get(url(workshop, "1/camera-ready/details/")).status_code == 200
    response = client.post(
        url(workshop, "1/camera-ready/details/"),
        details_data(workshop, title="Grokking is a phase transition", abstract="Final words."),
    )
    assert response.status_code == 302
    paper = Submission.objects.get()
    assert (paper.title, paper.abstract) == ("Grokking is a phase transition", "Final words.")
    assert [a.name for a in paper.authorships.order_by("order")] == [
        "Ada Lovelace", "Charles Babbage", "Mary Somerville"
    ]  # fmt: skip
    change = SubmissionChange.objects.get()
    assert change.changed_by == author
    assert sorted(change.changes) == ["abstract", "authors", "title"]
    assert change.changes["title"] == [
        "Grokking as a phase transition",
        "Grokking is a phase transition",
    ]
    html = client.get(url(workshop, "1/")).content.decode()
    assert "Changes at camera-ready time" in html
    assert "Ada Lovelace" in html.split("Changes at camera-ready time")[1]


def test_details_unchanged_are_not_logged(client, workshop, author):
    accepted_and_released(workshop, author)
    client.force_login(author)
    data = details_data(workshop, abstract="We study $a_1$ and emergence.")
    data = {k: v for k, v in data.items() if not k.startswith("authors-2-")}
    data["authors-TOTAL_FORMS"] = "2"
    client.post(url(workshop, "1/camera-ready/details/"), data)
    assert SubmissionChange.objects.count() == 0


def test_details_refused_for_a_paper_not_accepted_and_after_the_deadline(client, workshop, author):
    existing(workshop, author)
    client.force_login(author)
    response = client.post(url(workshop, "1/camera-ready/details/"), details_data(workshop))
    assert response.status_code == 302
    assert Submission.objects.get().authorships.count() == 2
    Submission.objects.update(status="accepted")
    Workshop.objects.filter(pk=workshop.pk).update(
        decisions_released_at=timezone.now() - timedelta(days=30),
        **phase_dates("camera_ready", now=timezone.now() - timedelta(days=20)),
    )
    client.post(url(workshop, "1/camera-ready/details/"), details_data(workshop, title="Late"))
    assert Submission.objects.get().title == "Grokking as a phase transition"
    assert SubmissionChange.objects.count() == 0


def test_reviewers_never_see_the_corrected_author_list(client, workshop, author):
    from tests.reviews.review_builders import assign, reviewer

    paper = accepted_and_released(workshop, author)
    rita = reviewer(workshop, "rita@mit.example.edu")
    assign(paper, rita)
    client.force_login(author)
    client.post(url(workshop, "1/camera-ready/details/"), details_data(workshop))
    assert SubmissionChange.objects.count() == 1
    client.force_login(rita)
    review_page = client.get(f"/{workshop.slug}/review/papers/1/")
    assert review_page.status_code == 200
    for response in (
        review_page,
        client.get(f"/{workshop.slug}/review/papers/"),
        client.get("/accounts/dashboard/"),
    ):
        html = response.content.decode()
        assert "Mary Somerville" not in html
        assert "Ada Lovelace" not in html
    assert client.get(url(workshop, "1/")).status_code == 404
    assert client.get(url(workshop, "1/camera-ready/details/")).status_code == 404
