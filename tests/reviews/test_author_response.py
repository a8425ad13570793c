"""The author response phase: settings, the authors' page, emails, reviews updated after
the response, the decision table, and who sees what."""

from datetime import UTC, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from notifications.models import OutgoingEmail
from pool.models import Conflict
from reviews.models import AuthorResponse, Review, ReviewSettings
from reviews.response_services import (
    author_response_save,
    response_settings_save,
    reviews_show_to_authors,
)
from tests.factories import UserFactory
from tests.reviews.review_builders import (
    add_organizer,
    assign,
    move_to_deciding,
    paper,
    reviewer,
    reviewing_workshop,
    submit,
)

pytestmark = pytest.mark.django_db


def _settings(workshop, **changes):
    now = timezone.now()
    values = {
        "response_enabled": True,
        "response_opens_at": now - timedelta(hours=1),
        "response_closes_at": now + timedelta(days=2),
        "response_max_chars": 300,
        "response_per_review": False,
        **changes,
    }
    return response_settings_save(workshop=workshop, values=values)


@pytest.fixture
def world():
    workshop = reviewing_workshop(slug="rb")
    ada = UserFactory(email="ada@lab.example.org", full_name="Ada Author")
    submission = paper(workshop, authors=[ada], number=4, title="Sparse attention")
    rita = reviewer(workshop, "rita@uni.example.org", "Rita Reviewer")
    omar = reviewer(workshop, "omar@inst.example.org", "Omar Other")
    carl = reviewer(workshop, "carl@corp.example.com", "Carl Conflicted")
    ulla = reviewer(workshop, "ulla@else.example.com", "Ulla Unassigned")
    olga = add_organizer(workshop)
    for user in (rita, omar, carl):
        assign(submission, user)
    submit(submission, rita, score=4)
    submit(submission, omar, score=7)
    Conflict.objects.create(
        workshop=workshop, submission=submission, reviewer=carl, source="declared_by_reviewer"
    )
    move_to_deciding(workshop)
    _settings(workshop)
    reviews_show_to_authors(workshop=workshop)
    return {
        "workshop": workshop,
        "paper": submission,
        "ada": ada,
        "rita": rita,
        "omar": omar,
        "carl": carl,
        "ulla": ulla,
        "olga": olga,
    }


def _url(world):
    return reverse("reviews_author:response", kwargs={"workshop": "rb", "number": 4})


def _settings_url():
    return reverse("reviews_manage:settings", kwargs={"workshop": "rb"})


# Settings


def test_response_settings_opening_before_the_review_deadline_is_refused(world, client):
    client.force_login(world["olga"])
    deadline = world["workshop"].review_deadline
    response = client.post(
        _settings_url(),
        {
            "form": "response",
            "response_enabled": "on",
            "response_opens_at": "2020-01-01T00:00",
            "response_closes_at": "2020-01-02T00:00",
            "response_max_chars": "2000",
        },
    )
    assert "Open the response after the review deadline" in response.content.decode()
    assert "2020-01-01T00:00" in response.content.decode()  # what was typed is kept
    assert deadline == world["workshop"].review_deadline


def test_response_settings_closing_before_opening_is_refused(world):
    now = timezone.now()
    with pytest.raises(Exception, match="close after it opens"):
        _settings(
            world["workshop"],
            response_opens_at=now + timedelta(days=1),
            response_closes_at=now + timedelta(hours=1),
        )


def test_response_settings_closing_after_the_decision_notification_is_refused(world):
    with pytest.raises(Exception, match="before the decision notification"):
        _settings(world["workshop"], response_closes_at=timezone.now() + timedelta(days=30))


def test_response_settings_dates_are_entered_in_aoe(world, client):
    client.force_login(world["olga"])
    workshop = world["workshop"]
    workshop.decision_notification_at = timezone.now() + timedelta(days=400)
    workshop.camera_ready_deadline = timezone.now() + timedelta(days=500)
    workshop.save()
    opens = (timezone.now() + timedelta(days=2)).strftime("%Y-%m-%d")
    closes = (timezone.now() + timedelta(days=5)).strftime("%Y-%m-%d")
    client.post(
        _settings_url(),
        {
            "form": "response",
            "response_enabled": "on",
            "response_opens_at": f"{opens}T12:00",
            "response_closes_at": f"{closes}T23:59",
            "response_max_chars": "2000",
            "response_per_review": "on",
        },
    )
    stored = ReviewSettings.objects.get(workshop=workshop)
    assert stored.response_closes_at.astimezone(UTC).strftime("%H:%M") == "11:59"
    assert stored.response_per_review is True
    assert stored.response_max_chars == 2000


def test_show_reviews_button_needs_the_phase_on(client):
    workshop = reviewing_workshop(slug="off")
    olga = add_organizer(workshop)
    client.force_login(olga)
    url = reverse("reviews_manage:settings", kwargs={"workshop": "off"})
    page = client.post(url, {"form": "show_reviews"}, follow=True).content.decode()
    assert "Turn the author response phase on first." in page


# Authors


def test_author_page_shows_anonymized_reviews_before_the_decision(world, client):
    client.force_login(world["ada"])
    page = client.get(_url(world)).content.decode()
    assert "Reviewer 1" in page and "Reviewer 2" in page
    for name in ("Rita", "Omar", "rita@uni", "omar@inst", "Carl", "Olga"):
        assert name not in page
    assert "Decision:" not in page
    detail = client.get(reverse("submissions:detail", kwargs={"workshop": "rb", "number": 4}))
    assert "Read the reviews and respond" in detail.content.decode()


def test_author_page_is_a_404_until_the_reviews_are_shown(client):
    workshop = reviewing_workshop(slug="rb")
    ada = UserFactory()
    paper(workshop, authors=[ada], number=4)
    move_to_deciding(workshop)
    _settings(workshop)
    client.force_login(ada)
    assert client.get(reverse("reviews_author:response", args=["rb", 4])).status_code == 404


def test_author_posts_then_edits_the_response(world, client):
    client.force_login(world["ada"])
    client.post(_url(world), {"text": "We added error bars, see $\\sigma$."})
    client.post(_url(world), {"text": "We added error bars and a larger run."})
    response = AuthorResponse.objects.get(submission=world["paper"])
    assert response.text == "We added error bars and a larger run."
    assert response.version == 2
    assert response.review is None


def test_author_response_over_the_limit_is_refused_and_the_text_kept(world, client):
    client.force_login(world["ada"])
    text = "x" * 301
    page = client.post(_url(world), {"text": text})
    assert page.status_code == 400
    body = page.content.decode()
    assert "Your response has 301 characters; the limit is 300." in body
    assert text in body
    assert not AuthorResponse.objects.exists()


def test_author_response_after_the_deadline_is_refused_and_the_text_kept(world, client):
    client.force_login(world["ada"])
    client.post(_url(world), {"text": "First answer."})
    ReviewSettings.objects.filter(workshop=world["workshop"]).update(
        response_closes_at=timezone.now() - timedelta(minutes=1)
    )
    page = client.post(_url(world), {"text": "A late change."})
    body = page.content.decode()
    assert page.status_code == 400
    assert "The response phase closed" in body
    assert "your response can no longer change" in body
    assert AuthorResponse.objects.get().text == "First answer."
    shown = client.get(_url(world)).content.decode()
    assert "First answer." in shown and "<textarea" not in shown


def test_response_per_review_goes_to_the_chosen_review(world, client):
    ReviewSettings.objects.filter(workshop=world["workshop"]).update(response_per_review=True)
    client.force_login(world["ada"])
    client.post(_url(world), {"text": "To the second reviewer.", "reviewer": "2"})
    response = AuthorResponse.objects.get()
    assert response.review.reviewer == world["omar"]


def test_someone_else_cannot_respond(world, client):
    client.force_login(world["rita"])
    assert client.post(_url(world), {"text": "I am not an author."}).status_code == 404
    assert not AuthorResponse.objects.exists()


# Emails


def _response_mail():
    return list(OutgoingEmail.objects.filter(kind="author_response_posted").order_by("pk"))


def test_response_is_mailed_once_per_posting_to_reviewers_and_organizers(world):
    author_response_save(submission=world["paper"], user=world["ada"], text="Thanks.")
    author_response_save(submission=world["paper"], user=world["ada"], text="Thanks.")
    recipients = sorted(address for email in _response_mail() for address in email.to)
    assert recipients == ["olga@org.example.net", "omar@inst.example.org", "rita@uni.example.org"]
    author_response_save(submission=world["paper"], user=world["ada"], text="Thanks again.")
    assert len(_response_mail()) == 6
    assert "updated their response" in _response_mail()[-1].subject


def test_response_mail_skips_conflicted_and_unassigned_reviewers(world):
    author_response_save(submission=world["paper"], user=world["ada"], text="Thanks.")
    addresses = {address for email in _response_mail() for address in email.to}
    assert "carl@corp.example.com" not in addresses
    assert "ulla@else.example.com" not in addresses
    assert "ada@lab.example.org" not in addresses


# Reviewers


def _review_url():
    return reverse("review:paper", kwargs={"workshop": "rb", "number": 4})


def test_reviewer_sees_the_response_without_author_names(world, client):
    author_response_save(submission=world["paper"], user=world["ada"], text="RESPONSE-TEXT-42")
    client.force_login(world["rita"])
    page = client.get(_review_url()).content.decode()
    assert "RESPONSE-TEXT-42" in page
    assert "Ada" not in page and "ada@lab" not in page


def test_conflicted_and_unassigned_reviewers_see_nothing(world, client):
    author_response_save(submission=world["paper"], user=world["ada"], text="RESPONSE-TEXT-42")
    for user in (world["carl"], world["ulla"]):
        client.force_login(user)
        response = client.get(_review_url())
        assert response.status_code == 404
        assert "RESPONSE-TEXT-42" not in response.content.decode()


def test_review_updated_after_the_response_is_marked_and_versioned(world, client):
    author_response_save(submission=world["paper"], user=world["ada"], text="Answer.")
    submit(world["paper"], world["rita"], score=6)
    review = Review.objects.get(reviewer=world["rita"])
    assert review.score == 6
    assert review.score_before_response == 4
    assert review.updated_after_response_at is not None
    revisions = list(review.revisions.order_by("number"))
    assert [revision.data["score"] for revision in revisions] == [4, 6]
    assert revisions[-1].data["after_response"] is True
    client.force_login(world["rita"])
    assert "Updated after the response" in client.get(_review_url()).content.decode()


def test_review_cannot_change_after_the_deadline_without_a_response(world):
    with pytest.raises(Exception, match="submitted reviews are final"):
        submit(world["paper"], world["rita"], score=6)


def test_decision_table_shows_the_score_change(world, client):
    author_response_save(submission=world["paper"], user=world["ada"], text="Answer.")
    submit(world["paper"], world["rita"], score=6)
    client.force_login(world["olga"])
    page = client.get(reverse("decisions:table", kwargs={"workshop": "rb"})).content.decode()
    assert "4 → 6" in page


def test_organizer_paper_page_shows_the_response_and_the_marked_update(world, client):
    author_response_save(submission=world["paper"], user=world["ada"], text="RESPONSE-TEXT-42")
    submit(world["paper"], world["rita"], score=6)
    client.force_login(world["olga"])
    url = reverse("decisions:paper", kwargs={"workshop": "rb", "number": 4})
    page = client.get(url).content.decode()
    assert "RESPONSE-TEXT-42" in page
    assert "Updated after the response" in page
    assert "(after the response)" in page


def test_organizer_author_does_not_see_the_response(world, client):
    world["workshop"].organizers.add(world["ada"])
    author_response_save(submission=world["paper"], user=world["ada"], text="RESPONSE-TEXT-42")
    client.force_login(world["ada"])
    url = reverse("decisions:paper", kwargs={"workshop": "rb", "number": 4})
    assert client.get(url).status_code == 404
    emails = list(OutgoingEmail.objects.filter(kind="author_response_posted"))
    assert all("ada@lab.example.org" not in email.to for email in emails)
