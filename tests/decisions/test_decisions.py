import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from decisions import views as decision_views
from decisions.models import Decision
from decisions.selectors import decision_table
from decisions.services import decision_set, decisions_bulk_set, decisions_release
from fomo_site.errors import Refusal
from submissions.models import Submission
from tests.factories import UserFactory
from tests.reviews.review_builders import (
    add_organizer,
    assign,
    move_to_deciding,
    paper,
    reviewer,
    reviewing_workshop,
    submit,
    topic,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def workshop():
    return reviewing_workshop(slug="dc")


@pytest.fixture
def olga(workshop):
    user = add_organizer(workshop)
    return user


def reviewed(workshop, number, scores_confidences, slug="scaling"):
    submission = paper(
        workshop, number=number, slug=slug, authors=[(f"A{number}", f"a{number}@x.org")]
    )
    for index, (score, confidence) in enumerate(scores_confidences):
        user = reviewer(workshop, f"r{number}-{index}@rev.example.org")
        assign(submission, user)
        submit(submission, user, score=score, confidence=confidence)
    return submission


def test_decision_table_statistics_exact(workshop, olga):
    reviewed(workshop, 1, [(2, 1), (8, 3), (5, 2)])
    (row,) = decision_table(workshop=workshop, user=olga)
    assert row.reviews == 3
    assert row.mean == 5.0
    assert row.median == 5
    assert (row.minimum, row.maximum) == (2, 8)
    assert round(row.std, 4) == 2.4495
    assert round(row.weighted_mean, 4) == round((2 * 1 + 8 * 3 + 5 * 2) / 6, 4)
    assert row.disagreement is True


def test_decision_table_drafts_do_not_count(workshop, olga):
    submission = reviewed(workshop, 1, [(6, 3)])
    other = reviewer(workshop, "draft@rev.example.org")
    assign(submission, other)
    from reviews.services import review_save_draft

    review_save_draft(submission=submission, reviewer=other, data={"score": "1"})
    (row,) = decision_table(workshop=workshop, user=olga)
    assert (row.reviews, row.mean, row.disagreement) == (1, 6.0, False)


def test_decision_table_sort_and_filters(workshop, olga):
    reviewed(workshop, 1, [(3, 3)])
    reviewed(workshop, 2, [(9, 3)], slug="data")
    reviewed(workshop, 3, [(6, 3)])
    rows = decision_table(workshop=workshop, user=olga, sort="-mean")
    assert [row.submission.number for row in rows] == [2, 3, 1]
    rows = decision_table(workshop=workshop, user=olga, topic=topic(workshop, "data"))
    assert [row.submission.number for row in rows] == [2]
    decision_set(submission=Submission.objects.get(number=3), outcome="oral", by=olga)
    assert [
        r.submission.number for r in decision_table(workshop=workshop, user=olga, outcome="none")
    ] == [1, 2]
    assert [
        r.submission.number for r in decision_table(workshop=workshop, user=olga, outcome="oral")
    ] == [3]


# Session, user, workshop, organizer check, topics, tracks, whether the workshop has area
# chairs, own papers, the table (one aggregate query), the scores for the medians, settings,
# counts, undecided, … (none per paper).
TABLE_QUERIES = 14


def _table_queries(client, workshop):
    url = reverse("decisions:table", kwargs={"workshop": workshop.slug})
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url + "?sort=-mean")
    assert response.status_code == 200
    return len(captured.captured_queries)


def test_decision_table_fixed_queries_1_and_50_papers(
    client, workshop, olga, django_assert_num_queries
):
    users = [reviewer(workshop, f"pool{i}@rev.example.org") for i in range(3)]
    client.force_login(olga)

    def add(number):
        submission = paper(workshop, number=number)
        for index, user in enumerate(users):
            assign(submission, user)
            submit(submission, user, score=1 + (number + index) % 10, confidence=1 + index)
        decision_set(submission=submission, outcome="poster", by=olga)

    add(1)
    assert _table_queries(client, workshop) == TABLE_QUERIES
    for number in range(2, 51):
        add(number)
    url = reverse("decisions:table", kwargs={"workshop": workshop.slug}) + "?sort=-mean"
    with django_assert_num_queries(TABLE_QUERIES):
        response = client.get(url)
    assert response.content.decode().count('name="papers"') == 50


def test_decision_set_per_paper_and_change(workshop, olga, client):
    submission = reviewed(workshop, 1, [(7, 3)])
    client.force_login(olga)
    url = reverse("decisions:paper", kwargs={"workshop": "dc", "number": 1})
    response = client.post(
        url, {"form": "decision", "outcome": "spotlight", "meta_review": "Good."}
    )
    assert response.status_code == 302
    decision = Decision.objects.get(submission=submission)
    assert (decision.outcome, decision.meta_review, decision.decided_by) == (
        "spotlight",
        "Good.",
        olga,
    )
    client.post(url, {"form": "decision", "outcome": "reject", "meta_review": ""})
    assert Decision.objects.get(submission=submission).outcome == "reject"


def test_decision_bulk_from_table(workshop, olga, client):
    first, second, third = (reviewed(workshop, n, [(5, 3)]) for n in (1, 2, 3))
    client.force_login(olga)
    url = reverse("decisions:table", kwargs={"workshop": "dc"})
    response = client.post(url, {"outcome": "reject", "papers": [first.pk, third.pk]})
    assert response.status_code == 302
    assert dict(Decision.objects.values_list("submission__number", "outcome")) == {
        1: "reject",
        3: "reject",
    }
    decisions_bulk_set(
        workshop=workshop, submission_ids=[second.pk, third.pk], outcome="oral", by=olga
    )
    assert dict(Decision.objects.values_list("submission__number", "outcome")) == {
        1: "reject",
        2: "oral",
        3: "oral",
    }


def test_decision_outcome_not_offered_is_refused(workshop, olga):
    from reviews.services import review_settings_save

    review_settings_save(workshop=workshop, values={"outcomes": ["poster", "reject"]})
    submission = reviewed(workshop, 1, [(5, 3)])
    with pytest.raises(Refusal, match="not offered"):
        decision_set(submission=submission, outcome="oral", by=olga)


def test_decisions_release_sets_statuses_and_time(workshop, olga):
    accepted = reviewed(workshop, 1, [(8, 3)])
    rejected = reviewed(workshop, 2, [(2, 3)])
    move_to_deciding(workshop)
    decision_set(submission=accepted, outcome="oral", by=olga)
    decision_set(submission=rejected, outcome="reject", by=olga)
    assert decisions_release(workshop=workshop, by=olga) == 2
    workshop.refresh_from_db()
    assert workshop.decisions_released_at is not None
    assert dict(Submission.objects.values_list("number", "status")) == {
        1: "accepted",
        2: "rejected",
    }
    with pytest.raises(Refusal, match="no longer change"):
        decision_set(submission=accepted, outcome="reject", by=olga)


def test_decisions_release_refused_with_undecided_papers(workshop, olga):
    reviewed(workshop, 1, [(8, 3)])
    with pytest.raises(Refusal, match="1 submitted paper"):
        decisions_release(workshop=workshop, by=olga)
    workshop.refresh_from_db()
    assert workshop.decisions_released_at is None


def test_decision_pages_refuse_non_organizers(client, workshop):
    reviewed(workshop, 1, [(8, 3)])
    client.force_login(UserFactory())
    pages = (
        ("decisions:table", {}),
        ("decisions:paper", {"number": 1}),
        ("decisions:stats", {}),
        ("reviews_manage:progress", {}),
    )
    for name, kwargs in pages:
        url = reverse(name, kwargs={"workshop": "dc", **kwargs})
        assert client.get(url).status_code == 403


def test_decision_table_pages_keep_the_sort_over_all_papers(workshop, olga, client, monkeypatch):

    monkeypatch.setattr(decision_views, "DECISION_TABLE_PAGE_SIZE", 2)
    for number, score in [(1, 3), (2, 9), (3, 6)]:
        reviewed(workshop, number, [(score, 3)])
    client.force_login(olga)
    url = reverse("decisions:table", kwargs={"workshop": workshop.slug})
    first = client.get(url, {"sort": "-mean"}).content.decode()
    second = client.get(url, {"sort": "-mean", "page": 2}).content.decode()
    assert first.index("#2<") < first.index("#3<")
    assert "#1<" not in first
    assert "#1<" in second and "#2<" not in second
    assert "Papers 3–3 of 3, sorted over all of them." in second
