"""Reviewers' bids and reviews through the API: the phases, the review form's checks, and
who may not."""

from datetime import UTC, datetime

import pytest

from pool.models import Bid, Conflict
from reviews.models import Review
from submissions.models import Submission
from tests.api.conftest import token_client
from tests.factories import ReviewerProfileFactory, SubmissionFactory, UserFactory
from tests.reviews.review_builders import assign, move_to_deciding, submit
from topics.models import Workshop
from topics.services import phase_dates

pytestmark = pytest.mark.django_db

BASE = "/api/v1/workshops/fm-ws/"
BIDS = BASE + "review/bids/"
REVIEWS = BASE + "review/reviews/"


@pytest.fixture
def rita(workshop):
    user = UserFactory(email="rita@uni-r.example.org", full_name="Rita Reviewer")
    ReviewerProfileFactory(workshop=workshop, user=user)
    return user


def reviewing(workshop) -> None:
    Workshop.objects.filter(pk=workshop.pk).update(**phase_dates("reviewing"))
    workshop.refresh_from_db()


def put_json(api, url, data):
    return api.put(url, data, content_type="application/json")


# Bids ----------------------------------------------------------------------------------------


def test_bids_list_the_submitted_papers_with_my_bid_and_no_authors(client, papers, rita):
    api = token_client(client, rita)
    Bid.objects.create(submission=papers[2], reviewer=rita, value="eager")
    rows = api.get(BIDS).json()["results"]
    assert [(row["number"], row["my_bid"]) for row in rows] == [(1, None), (2, "eager")]
    assert "authors" not in rows[0]
    assert "Ada" not in api.get(BIDS).content.decode()


def test_bid_while_bidding_is_open_and_conflict_takes_the_paper_away(client, papers, rita):
    api = token_client(client, rita)
    placed = api.post(BIDS, {"number": 1, "value": "willing"})
    assert placed.status_code == 201
    assert placed.json()["value"] == "willing"
    assert Bid.objects.get(reviewer=rita).value == "willing"
    conflict = api.post(BIDS, {"number": 2, "value": "conflict"})
    assert conflict.status_code == 201
    assert Conflict.objects.filter(reviewer=rita, submission=papers[2]).exists()
    assert [row["number"] for row in api.get(BIDS).json()["results"]] == [1]
    assert api.post(BIDS, {"number": 2, "value": "eager"}).status_code == 404


def test_bid_bad_input_and_unknown_papers(client, papers, rita):
    api = token_client(client, rita)
    bad = api.post(BIDS, {"number": 1, "value": "maybe"})
    assert bad.status_code == 400
    assert bad.json() == {"value": ['"maybe" is not a valid choice.']}
    assert api.post(BIDS, {"number": 3, "value": "eager"}).status_code == 404  # a draft
    assert api.post(BIDS, {"number": 9, "value": "eager"}).status_code == 404


def test_bid_after_bidding_closed_says_so(client, papers, rita, workshop):
    reviewing(workshop)
    response = token_client(client, rita).post(BIDS, {"number": 1, "value": "eager"})
    assert response.status_code == 403
    assert response.json() == {"detail": "Bidding is closed."}
    assert not Bid.objects.exists()


def test_bids_refuse_people_outside_the_pool(client, papers, organizer, workshop):
    for user in (papers["ada"], organizer, UserFactory(is_superuser=True)):
        response = token_client(client, user).get(BIDS)
        assert response.status_code == 403
        assert response.json() == {"detail": "You are not a reviewer of this workshop."}


def test_bids_updated_since_follows_my_bids(client, papers, rita):
    api = token_client(client, rita)
    Submission.objects.update(updated_at=datetime(2025, 1, 1, tzinfo=UTC))
    since = {"updated_since": "2025-06-01T00:00:00Z"}
    assert api.get(BIDS, since).json()["results"] == []
    api.post(BIDS, {"number": 2, "value": "eager"})
    assert [row["number"] for row in api.get(BIDS, since).json()["results"]] == [2]


# Reviews -------------------------------------------------------------------------------------


@pytest.fixture
def assigned(papers, rita, workshop):
    reviewing(workshop)
    assign(papers[1], rita)
    return papers[1]


REVIEW = {
    "score": 4,
    "confidence": 3,
    "summary": "A careful study.",
    "strengths": "Clear.",
    "no_conflict_confirmed": True,
}


def test_review_draft_then_submit(client, assigned, rita):
    api = token_client(client, rita)
    assert api.get(f"{REVIEWS}1/").status_code == 404  # not started
    draft = put_json(api, f"{REVIEWS}1/", {"summary": "Half written"})
    assert draft.status_code == 200, draft.json()
    assert (draft.json()["status"], draft.json()["draft"]["summary"]) == ("draft", "Half written")
    submitted = put_json(api, f"{REVIEWS}1/", {**REVIEW, "submit": True})
    assert submitted.status_code == 200, submitted.json()
    body = submitted.json()
    assert (body["status"], body["score"], body["summary"], body["draft"]) == (
        "submitted",
        4,
        "A careful study.",
        {},
    )
    rows = api.get(REVIEWS).json()["results"]
    assert [(row["number"], row["state"], row["review"]["score"]) for row in rows] == [
        (1, "submitted", 4)
    ]


def test_review_submit_runs_the_review_forms_checks(client, assigned, rita):
    response = put_json(token_client(client, rita), f"{REVIEWS}1/", {"score": 99, "submit": True})
    assert response.status_code == 400
    errors = response.json()
    assert errors["score"] == ["Select a valid choice. 99 is not one of the available choices."]
    assert errors["confidence"] == ["This field is required."]
    assert errors["no_conflict_confirmed"] == ["This field is required."]
    assert not Review.objects.exists()


def test_review_refused_after_the_deadline_once_submitted(client, assigned, rita, workshop):
    submit(assigned, rita)
    move_to_deciding(workshop)
    response = put_json(token_client(client, rita), f"{REVIEWS}1/", {**REVIEW, "submit": True})
    assert response.status_code == 403
    assert response.json() == {
        "detail": "The review deadline has passed: submitted reviews are final."
    }


def test_reviews_of_papers_not_assigned_or_conflicted_are_404(client, assigned, papers, rita):
    api = token_client(client, rita)
    assert api.get(f"{REVIEWS}2/").status_code == 404
    assert put_json(api, f"{REVIEWS}2/", REVIEW).status_code == 404
    Conflict.objects.create(
        workshop=assigned.workshop, submission=assigned, reviewer=rita, source="organizer"
    )
    assert put_json(api, f"{REVIEWS}1/", REVIEW).status_code == 404
    author = token_client(client, papers["ada"])
    assert author.get(REVIEWS).json()["results"] == []
    assert author.get(f"{REVIEWS}1/").status_code == 404


def test_reviews_list_updated_since_and_etag(client, assigned, rita):
    api = token_client(client, rita)
    submit(assigned, rita)
    Review.objects.update(updated_at=datetime(2025, 1, 1, tzinfo=UTC))
    since = {"updated_since": "2025-06-01T00:00:00Z"}
    assert api.get(REVIEWS, since).json()["results"] == []
    etag = api.get(f"{REVIEWS}1/").headers["ETag"]
    assert api.get(f"{REVIEWS}1/", HTTP_IF_NONE_MATCH=etag).status_code == 304
    put_json(api, f"{REVIEWS}1/", {"summary": "Second thoughts"})
    assert [row["number"] for row in api.get(REVIEWS, since).json()["results"]] == [1]
    assert api.get(f"{REVIEWS}1/", HTTP_IF_NONE_MATCH=etag).status_code == 200


@pytest.mark.parametrize("extra", [0, 4])
def test_bids_take_a_fixed_number_of_queries(
    client, papers, rita, workshop, extra, django_assert_num_queries, settings
):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    for n in range(extra):
        SubmissionFactory(workshop=workshop, number=10 + n, primary_topic=papers[1].primary_topic)
    api = token_client(client, rita)
    # token, its last use, workshop, pool check, count, page, secondary topics
    with django_assert_num_queries(7):
        assert len(api.get(BIDS).json()["results"]) == 2 + extra
