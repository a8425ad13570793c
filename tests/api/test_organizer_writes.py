"""Organizers' conflicts, assignment edits, reviews and exports through the API: checked as
the organizer pages check them, an organizer's own papers kept out."""

import csv
import io
from datetime import UTC, datetime

import pytest

from assignment.models import Assignment, AssignmentEdit
from decisions.exports import export_csv
from pool.models import Conflict
from reviews.models import Review
from tests.api.conftest import token_client
from tests.factories import ReviewerProfileFactory, UserFactory
from tests.reviews.review_builders import assign, submit
from topics.models import Workshop
from topics.services import phase_dates

pytestmark = pytest.mark.django_db

BASE = "/api/v1/workshops/fm-ws/"
CONFLICTS = BASE + "manage/conflicts/"
ASSIGNMENTS = BASE + "manage/assignments/"
REVIEWS = BASE + "manage/reviews/"


@pytest.fixture
def rita(workshop):
    user = UserFactory(email="rita@uni-r.example.org", full_name="Rita Reviewer")
    ReviewerProfileFactory(workshop=workshop, user=user)
    return user


@pytest.fixture
def reviewing(workshop):
    Workshop.objects.filter(pk=workshop.pk).update(**phase_dates("reviewing"))
    workshop.refresh_from_db()
    return workshop


# Conflicts -----------------------------------------------------------------------------------


def test_organizer_adds_lists_and_removes_a_conflict(client, papers, organizer, rita):
    api = token_client(client, organizer)
    added = api.post(CONFLICTS, {"number": 1, "reviewer_id": rita.pk, "reason": "Same lab."})
    assert added.status_code == 201, added.json()
    row = added.json()
    assert (row["number"], row["reviewer_name"], row["source"], row["reason"]) == (
        1,
        "Rita Reviewer",
        "organizer",
        "Same lab.",
    )
    listed = api.get(CONFLICTS).json()["results"]
    assert [(r["number"], r["reviewer_email"]) for r in listed] == [(1, "rita@uni-r.example.org")]
    no_reason = api.post(f"{CONFLICTS}{row['id']}/remove/", {})
    assert no_reason.json() == {"reason": ["This field is required."]}
    removed = api.post(f"{CONFLICTS}{row['id']}/remove/", {"reason": "Moved labs."})
    assert removed.status_code == 200
    assert removed.json()["removal_reason"] == "Moved labs."
    assert api.get(CONFLICTS).json()["results"] == []
    assert len(api.get(CONFLICTS, {"removed": "1"}).json()["results"]) == 1
    again = api.post(f"{CONFLICTS}{row['id']}/remove/", {"reason": "Twice."})
    assert again.status_code == 400
    assert again.json() == {"detail": "This conflict was already removed."}


def test_conflict_add_checks_the_paper_and_the_pool(client, papers, organizer, rita):
    api = token_client(client, organizer)
    outsider = UserFactory()
    not_pool = api.post(CONFLICTS, {"number": 1, "reviewer_id": outsider.pk, "reason": "x"})
    assert not_pool.json() == {"reviewer_id": ["That person is not a reviewer of this workshop."]}
    draft = api.post(CONFLICTS, {"number": 3, "reviewer_id": rita.pk, "reason": "x"})
    assert draft.status_code == 404
    assert not Conflict.objects.exists()


def test_organizer_author_may_not_touch_conflicts_of_their_paper(client, papers, workshop, rita):
    workshop.organizers.add(papers["ada"])
    api = token_client(client, papers["ada"])
    response = api.post(CONFLICTS, {"number": 1, "reviewer_id": rita.pk, "reason": "x"})
    assert response.status_code == 403
    assert response.json() == {
        "detail": "You are an author of paper #1: another organizer must declare its conflicts."
    }
    conflict = Conflict.objects.create(
        workshop=workshop, submission=papers[1], reviewer=rita, source="organizer"
    )
    removal = api.post(f"{CONFLICTS}{conflict.pk}/remove/", {"reason": "x"})
    assert removal.status_code == 403
    assert Conflict.objects.get().removed_at is None


def test_conflicts_refuse_non_organizers(client, papers, rita):
    for user in (papers["ada"], rita):
        api = token_client(client, user)
        assert api.get(CONFLICTS).status_code == 403
        assert (
            api.post(CONFLICTS, {"number": 1, "reviewer_id": rita.pk, "reason": "x"}).status_code
            == 403
        )


def test_conflicts_updated_since(client, papers, organizer, rita, workshop):
    Conflict.objects.create(
        workshop=workshop, submission=papers[2], reviewer=rita, source="organizer"
    )
    Conflict.objects.update(updated_at=datetime(2025, 1, 1, tzinfo=UTC))
    api = token_client(client, organizer)
    since = {"updated_since": "2025-06-01T00:00:00Z"}
    assert api.get(CONFLICTS, since).json()["results"] == []
    api.post(CONFLICTS, {"number": 1, "reviewer_id": rita.pk, "reason": "New."})
    assert [r["number"] for r in api.get(CONFLICTS, since).json()["results"]] == [1]


# Assignments ---------------------------------------------------------------------------------


def test_organizer_adds_and_removes_one_pair(client, papers, organizer, rita, reviewing):
    api = token_client(client, organizer)
    added = api.post(ASSIGNMENTS, {"number": 2, "reviewer_id": rita.pk})
    assert added.status_code == 201, added.json()
    assert added.json()["assignment"]["reviewer_name"] == "Rita Reviewer"
    assert added.json()["assignment"]["is_fixed"] is True
    assert isinstance(added.json()["warnings"], list)
    pair = api.get(f"{ASSIGNMENTS}2/{rita.pk}/")
    assert pair.json()["origin"] == "manual"
    twice = api.post(ASSIGNMENTS, {"number": 2, "reviewer_id": rita.pk})
    assert twice.status_code == 400
    assert twice.json() == {"detail": "Rita Reviewer is already assigned to paper #2."}
    removed = api.delete(f"{ASSIGNMENTS}2/{rita.pk}/")
    assert removed.status_code == 200
    assert removed.json()["assignment"] is None
    assert not Assignment.objects.exists()
    assert list(AssignmentEdit.objects.values_list("action", flat=True).order_by("pk")) == [
        "add",
        "remove",
    ]
    gone = api.delete(f"{ASSIGNMENTS}2/{rita.pk}/")
    assert gone.json() == {"detail": "Rita Reviewer is not assigned to paper #2."}
    assert api.get(f"{ASSIGNMENTS}2/{rita.pk}/").status_code == 404


def test_assignment_add_is_refused_for_a_conflict_and_outside_the_pool(
    client, papers, organizer, rita, reviewing
):
    api = token_client(client, organizer)
    Conflict.objects.create(
        workshop=reviewing, submission=papers[2], reviewer=rita, source="organizer"
    )
    conflicted = api.post(ASSIGNMENTS, {"number": 2, "reviewer_id": rita.pk})
    assert conflicted.status_code == 400
    assert conflicted.json() == {
        "detail": "Rita Reviewer has a conflict with paper #2 (added by an organizer); "
        "they cannot be assigned."
    }
    outsider = api.post(ASSIGNMENTS, {"number": 1, "reviewer_id": papers["bo"].pk})
    assert outsider.json() == {"reviewer_id": ["Choose a reviewer of this workshop."]}
    assert not Assignment.objects.exists()


def test_organizer_author_gets_404_for_their_papers_assignment(client, papers, workshop, rita):
    workshop.organizers.add(papers["ada"])
    api = token_client(client, papers["ada"])
    assert api.post(ASSIGNMENTS, {"number": 1, "reviewer_id": rita.pk}).status_code == 404
    assign(papers[1], rita)
    assert api.get(f"{ASSIGNMENTS}1/{rita.pk}/").status_code == 404
    assert api.delete(f"{ASSIGNMENTS}1/{rita.pk}/").status_code == 404
    assert Assignment.objects.count() == 1


# Reviews -------------------------------------------------------------------------------------


def test_organizer_reads_reviews_with_reviewer_identity(client, papers, organizer, rita, reviewing):
    assign(papers[1], rita)
    submit(papers[1], rita, confidential_comments="Borderline.")
    rows = token_client(client, organizer).get(REVIEWS).json()["results"]
    assert [
        (r["number"], r["reviewer_name"], r["reviewer_email"], r["status"], r["score"])
        for r in rows
    ] == [(1, "Rita Reviewer", "rita@uni-r.example.org", "submitted", 6)]
    assert rows[0]["confidential_comments"] == "Borderline."
    assert rows[0]["written_by_name"] is None


def test_organizer_reviews_leave_out_the_organizers_own_papers(
    client, papers, workshop, rita, reviewing
):
    workshop.organizers.add(papers["ada"])
    assign(papers[1], rita)
    assign(papers[2], rita)
    submit(papers[1], rita)
    submit(papers[2], rita)
    api = token_client(client, papers["ada"])
    assert [r["number"] for r in api.get(REVIEWS).json()["results"]] == [2]
    assert api.get(REVIEWS, {"number": 1}).json()["results"] == []
    assert "rita" not in api.get(REVIEWS, {"number": 1}).content.decode()


def test_organizer_reviews_filter_updated_since_and_etag(
    client, papers, organizer, rita, reviewing
):
    assign(papers[1], rita)
    submit(papers[1], rita)
    Review.objects.update(updated_at=datetime(2025, 1, 1, tzinfo=UTC))
    api = token_client(client, organizer)
    assert api.get(REVIEWS, {"updated_since": "2025-06-01T00:00:00Z"}).json()["results"] == []
    assert api.get(REVIEWS, {"number": "x"}).json() == {"number": ["Enter a paper number."]}
    etag = api.get(REVIEWS).headers["ETag"]
    assert api.get(REVIEWS, HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_reviews_refuse_reviewers_and_authors(client, papers, rita):
    assert token_client(client, rita).get(REVIEWS).status_code == 403
    assert token_client(client, papers["ada"]).get(REVIEWS).status_code == 403


# Exports -------------------------------------------------------------------------------------


def test_exports_list_and_csv_are_the_sites(client, papers, organizer):
    api = token_client(client, organizer)
    exports = api.get(BASE + "manage/exports/").json()
    assert [row["name"] for row in exports] == [
        "submissions",
        "authors",
        "reviews",
        "assignments",
        "decisions",
    ]
    assert (
        exports[1]["csv"] == "http://testserver/api/v1/workshops/fm-ws/manage/exports/authors.csv"
    )
    response = api.get(exports[1]["csv"])
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Cache-Control"] == "private, no-store"
    assert "ETag" not in response  # never cached, as on the site
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [(r["number"], r["email"]) for r in rows] == [
        ("1", "ada@lab-a.example.org"),
        ("1", "cy@lab-c.example.org"),
        ("2", "bo@lab-b.example.org"),
    ]
    assert response.content.decode() == export_csv(
        workshop=papers[1].workshop, user=organizer, name="authors"
    )
    as_json = api.get(BASE + "manage/exports/decisions.json")
    assert [row["number"] for row in as_json.json()] == [1, 2]
    assert api.get(BASE + "manage/exports/secrets.csv").status_code == 404
    assert api.get(BASE + "manage/exports/authors.xml").status_code == 404


def test_exports_refuse_non_organizers(client, papers):
    api = token_client(client, papers["ada"])
    assert api.get(BASE + "manage/exports/").status_code == 403
    assert api.get(BASE + "manage/exports/authors.csv").status_code == 403


@pytest.mark.parametrize("extra", [0, 4])
def test_organizer_lists_take_a_fixed_number_of_queries(
    client, papers, organizer, rita, reviewing, extra, django_assert_num_queries, settings
):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    people = [rita]
    for n in range(extra):
        person = UserFactory(email=f"r{n}@uni-{n}.example.org")
        ReviewerProfileFactory(workshop=reviewing, user=person)
        people.append(person)
    for person in people:
        assign(papers[2], person)
        submit(papers[2], person)
        Conflict.objects.create(
            workshop=reviewing, submission=papers[1], reviewer=person, source="organizer"
        )
    api = token_client(client, organizer)
    # token, its last use, workshop, organizer check, count, page
    with django_assert_num_queries(6):
        assert len(api.get(REVIEWS).json()["results"]) == 1 + extra
    with django_assert_num_queries(5):  # token, workshop, organizer check, count, page
        assert len(api.get(CONFLICTS).json()["results"]) == 1 + extra
