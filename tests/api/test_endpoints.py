from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from decisions.models import Decision
from submissions.models import Submission
from tests.api.conftest import token_client
from tests.factories import ReviewerProfileFactory, UserFactory, WorkshopFactory
from topics.models import Workshop

pytestmark = pytest.mark.django_db

BASE = "/api/v1/workshops/fm-ws/"


# Public --------------------------------------------------------------------------------------


@pytest.mark.parametrize("extra", [0, 50])
def test_workshop_list_pages_by_50_in_a_fixed_number_of_queries(
    client, workshop, extra, django_assert_num_queries, settings
):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    for _ in range(extra):
        WorkshopFactory()
    with django_assert_num_queries(2):  # the count and the page
        body = client.get("/api/v1/workshops/").json()
    assert body["count"] == 1 + extra
    assert len(body["results"]) == min(50, 1 + extra)
    assert body["next"] == (None if extra == 0 else "http://testserver/api/v1/workshops/?page=2")
    if extra:
        assert len(client.get("/api/v1/workshops/?page=2").json()["results"]) == 1


def test_workshop_list_updated_since_returns_only_changed_workshops(client, workshop):
    older = WorkshopFactory(slug="old-ws")
    Workshop.objects.filter(pk=older.pk).update(updated_at=datetime(2025, 1, 1, tzinfo=UTC))
    body = client.get("/api/v1/workshops/", {"updated_since": "2025-06-01T00:00:00Z"}).json()
    assert [row["slug"] for row in body["results"]] == ["fm-ws"]
    naive = client.get("/api/v1/workshops/", {"updated_since": "2024-12-31T23:00:00"}).json()
    assert sorted(row["slug"] for row in naive["results"]) == ["fm-ws", "old-ws"]
    offset = client.get("/api/v1/workshops/?updated_since=2025-01-01T00:30:00+01:00").json()
    assert sorted(row["slug"] for row in offset["results"]) == ["fm-ws", "old-ws"]


def test_workshop_list_bad_updated_since_says_what_is_expected(client, workshop):
    response = client.get("/api/v1/workshops/", {"updated_since": "yesterday"})
    assert response.status_code == 400
    assert response.json() == {
        "updated_since": ["Enter an ISO 8601 date and time, e.g. 2026-05-01T12:00:00Z."]
    }


def test_workshop_detail_has_the_topic_tree_in_order(client, workshop):
    body = client.get(BASE).json()
    assert body["slug"] == "fm-ws"
    assert body["phase"] == "bidding"
    assert body["updated_at"]
    tree = [(area["slug"], [c["slug"] for c in area["children"]]) for area in body["topics"]]
    assert tree == [("pre-training", ["data", "scaling-laws"]), ("adaptation", ["fine-tuning"])]


def test_workshop_detail_unknown_slug_is_404(client, workshop):
    response = client.get("/api/v1/workshops/nope/")
    assert response.status_code == 404
    assert response.json() == {"detail": "No workshop with that address."}


# Authors -------------------------------------------------------------------------------------


def test_my_submissions_lists_only_ones_own_with_authors_and_no_decision_yet(client, papers):
    body = token_client(client, papers["ada"]).get(BASE + "my/submissions/").json()
    assert [row["number"] for row in body["results"]] == [1]
    paper = body["results"][0]
    assert [a["name"] for a in paper["authors"]] == ["Ada Author", "Cy Coauthor"]
    assert paper["decision"] is None
    assert paper["primary_topic"]["slug"] == "scaling-laws"


def test_my_submissions_shows_the_decision_only_after_release(client, papers, organizer):
    paper = papers[1]
    Decision.objects.create(submission=paper, outcome="poster", decided_by=organizer)
    api = token_client(client, papers["ada"])
    assert api.get(BASE + "my/submissions/").json()["results"][0]["decision"] is None
    paper.status = "accepted"
    paper.save()
    Workshop.objects.filter(pk=paper.workshop_id).update(
        decisions_released_at=timezone.now() - timedelta(minutes=1)
    )
    assert api.get(BASE + "my/submissions/").json()["results"][0]["decision"] == "poster"


@pytest.mark.parametrize(("who", "numbers"), [("ada", [1]), ("bo", [2, 3])])
def test_my_submissions_takes_a_fixed_number_of_queries(
    client, papers, who, numbers, django_assert_num_queries, settings
):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    api = token_client(client, papers[who])
    # token, its last use, workshop, count, page, authors, secondary topics
    with django_assert_num_queries(7):
        body = api.get(BASE + "my/submissions/").json()
    assert [row["number"] for row in body["results"]] == numbers


# Organizers ----------------------------------------------------------------------------------


def test_manage_submissions_filters_by_status_and_topic_subtree(client, papers, organizer):
    api = token_client(client, organizer)
    url = BASE + "manage/submissions/"
    numbers = lambda params: [row["number"] for row in api.get(url, params).json()["results"]]  # noqa: E731
    assert numbers({}) == [1, 2, 3]
    assert numbers({"status": "draft"}) == [3]
    assert numbers({"topic": "pre-training"}) == [1]
    assert numbers({"topic": "adaptation", "status": "submitted"}) == [2]
    rows = api.get(url).json()["results"]
    assert rows[0]["authors"][1]["email"] == "cy@lab-c.example.org"


def test_manage_submissions_bad_filters_are_named(client, papers, organizer):
    api = token_client(client, organizer)
    bad_status = api.get(BASE + "manage/submissions/", {"status": "lost"})
    assert bad_status.status_code == 400
    assert list(bad_status.json()) == ["status"]
    bad_topic = api.get(BASE + "manage/submissions/", {"topic": "nope"})
    assert bad_topic.json() == {"topic": ["This workshop has no topic “nope”."]}


def test_manage_submissions_refuses_authors_and_other_people(client, papers):
    response = token_client(client, papers["ada"]).get(BASE + "manage/submissions/")
    assert response.status_code == 403
    assert response.json() == {"detail": "You do not have permission to perform this action."}


def test_manage_decisions_post_sets_a_decision(client, papers, organizer):
    api = token_client(client, organizer)
    response = api.post(
        BASE + "manage/decisions/",
        {"number": 2, "outcome": "reject", "meta_review": "Out of scope."},
        content_type="application/json",
    )
    assert response.status_code == 201
    assert response.json()["outcome"] == "reject"
    decision = Decision.objects.get(submission=papers[2])
    assert (decision.outcome, decision.meta_review, decision.decided_by) == (
        "reject",
        "Out of scope.",
        organizer,
    )
    listed = api.get(BASE + "manage/decisions/").json()["results"]
    assert [(row["number"], row["outcome"]) for row in listed] == [(1, None), (2, "reject")]


def test_manage_decisions_post_refuses_an_organizer_who_authored_the_paper(
    client, papers, workshop
):
    workshop.organizers.add(papers["ada"])
    response = token_client(client, papers["ada"]).post(
        BASE + "manage/decisions/", {"number": 1, "outcome": "poster"}
    )
    assert response.status_code == 403
    assert response.json() == {
        "detail": "You are an author of paper #1: another organizer must decide on it."
    }
    assert not Decision.objects.exists()


def test_manage_decisions_post_bad_input_names_the_fields(client, papers, organizer):
    api = token_client(client, organizer)
    response = api.post(BASE + "manage/decisions/", {"number": 2, "outcome": "maybe"})
    assert response.status_code == 400
    assert response.json() == {"outcome": ['"maybe" is not a valid choice.']}
    draft = api.post(BASE + "manage/decisions/", {"number": 3, "outcome": "poster"})
    assert draft.status_code == 400
    assert draft.json() == {"detail": "Paper #3 is not a submitted paper."}
    missing = api.post(BASE + "manage/decisions/", {"number": 9, "outcome": "poster"})
    assert missing.status_code == 404
    assert not Decision.objects.exists()


def test_manage_decisions_leave_out_an_organizer_authors_own_paper(client, papers, workshop):
    workshop.organizers.add(papers["ada"])
    rows = token_client(client, papers["ada"]).get(BASE + "manage/decisions/").json()
    assert [row["number"] for row in rows["results"]] == [2]


def test_throttle_limits_anonymous_requests_per_address(client, workshop, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"user": "3/hour", "anon": "2/hour"},
    }
    statuses = [client.get("/api/v1/workshops/").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    assert client.get("/api/v1/workshops/").json()["detail"].startswith("Request was throttled.")


def test_throttle_limits_each_account_separately(client, workshop, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"user": "2/hour", "anon": "1/hour"},
    }
    api = token_client(client, UserFactory())
    assert [api.get(BASE).status_code for _ in range(3)] == [200, 200, 429]
    other = token_client(client, UserFactory())  # same address, another account
    assert other.get(BASE).status_code == 200


def test_manage_pool_lists_reviewers_with_their_profile(client, workshop, organizer):
    reviewer = UserFactory(full_name="Rita Reviewer", email="rita@uni-r.example.org")
    ReviewerProfileFactory(workshop=workshop, user=reviewer, affiliation="Uni R")
    rows = token_client(client, organizer).get(BASE + "manage/pool/").json()["results"]
    assert [(row["name"], row["email"], row["affiliation"]) for row in rows] == [
        ("Rita Reviewer", "rita@uni-r.example.org", "Uni R")
    ]
    assert rows[0]["bids_placed"] == 0 and rows[0]["updated_at"]


def test_manage_decisions_updated_since_follows_the_decision(client, papers, organizer):
    Submission.objects.update(updated_at=datetime(2025, 1, 1, tzinfo=UTC))
    api = token_client(client, organizer)
    url = BASE + "manage/decisions/"
    since = {"updated_since": "2025-06-01T00:00:00Z"}
    assert api.get(url, since).json()["results"] == []
    api.post(url, {"number": 1, "outcome": "poster"})
    assert [row["number"] for row in api.get(url, since).json()["results"]] == [1]
