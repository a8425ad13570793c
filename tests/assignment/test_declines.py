"""A declined assignment is no reviewer of the paper on the assignment pages: the overview
lists the paper among those under k, the paper page shows the declined reviewer marked
"declined" and warns, and the edit warnings count only the reviewers who did not decline
(as the review-progress page does)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assignment.services import assignment_add, assignment_release_create, assignment_run_commit
from reviews.services import review_decline
from tests.assignment.helpers import run_now, two_area_workshop

pytestmark = pytest.mark.django_db

PAPER_QUERIES = 14


@pytest.fixture
def committed(workshop, topics, organizer):
    """Ada A and Bo B on #1 and #2, Cy C and Di D on #3 and #4 (k=2, max load 2), released."""
    papers, reviewers = two_area_workshop(workshop, topics)
    assignment_run_commit(run=run_now(workshop), by=organizer)
    assignment_release_create(workshop=workshop, by=organizer)
    return papers, reviewers


def decline(submission, user) -> None:
    review_decline(submission=submission, reviewer=user, reason="Too far from my area.")


def overview_url(workshop) -> str:
    return reverse("assignment:overview", kwargs={"workshop": workshop.slug})


def paper_url(name: str, workshop, number: int) -> str:
    return reverse(f"assignment:{name}", kwargs={"workshop": workshop.slug, "number": number})


def shown(client, url: str, data: dict) -> list[str]:
    """Post an edit and follow to the paper page: the messages the organizer sees there."""
    response = client.post(url, data, follow=True)
    html = response.content.decode()
    messages = [str(message) for message in response.context["messages"]]
    assert all(message in html for message in messages)
    return messages


def test_overview_lists_a_paper_with_a_declined_reviewer_under_k(
    client, workshop, organizer, committed
):
    papers, reviewers = committed
    decline(papers[1], reviewers["A"])
    client.force_login(organizer)

    response = client.get(overview_url(workshop))

    overview = response.context["overview"]
    assert [row.submission.number for row in overview.under_k] == [1]
    assert [(row.submission.number, row.missing) for row in overview.papers] == [
        (1, 1),
        (2, 0),
        (3, 0),
        (4, 0),
    ]
    html = response.content.decode()
    assert "8 assignments (0 must-assign, 1 declined)" in html
    assert "1 paper(s) have fewer than 2 reviewers:</strong>" in html
    assert '<span class="badge text-bg-warning">1 missing</span>' in html
    assert html.count('<span class="badge text-bg-secondary">declined</span>') == 1


def test_overview_without_declines_has_no_paper_under_k(client, workshop, organizer, committed):
    client.force_login(organizer)
    response = client.get(overview_url(workshop))
    assert response.context["overview"].under_k == []
    html = response.content.decode()
    assert "8 assignments (0 must-assign)" in html
    assert "fewer than 2 reviewers" not in html
    assert "declined</span>" not in html


def test_paper_page_marks_the_declined_reviewer_and_warns(client, workshop, organizer, committed):
    papers, reviewers = committed
    decline(papers[1], reviewers["A"])
    client.force_login(organizer)

    response = client.get(paper_url("paper", workshop, 1))

    page = response.context["page"]
    assert page.warnings == ["This paper has 1 of 2 reviewers (not counting 1 who declined)."]
    assert sorted((a.reviewer.full_name, a.declined) for a in page.assignments) == [
        ("Ada A", True),
        ("Bo B", False),
    ]
    html = response.content.decode()
    assert 'Ada A <span class="badge text-bg-secondary">declined</span>' in html
    assert "Bo B <span" not in html
    assert "This paper has 1 of 2 reviewers (not counting 1 who declined)." in html


def test_edit_warnings_do_not_count_a_declined_reviewer(client, workshop, organizer, committed):
    papers, reviewers = committed
    decline(papers[1], reviewers["A"])
    client.force_login(organizer)

    removed = shown(client, paper_url("paper_remove", workshop, 1), {"reviewer": reviewers["B"].pk})
    assert removed == [
        "Bo B removed from paper #1.",
        "Paper #1 has 0 of 2 reviewers (not counting 1 who declined).",
    ]
    added = shown(
        client,
        paper_url("paper_add", workshop, 1),
        {"reviewer": reviewers["C"].pk, "is_fixed": "on"},
    )
    assert added == [
        "Cy C added to paper #1.",
        "Paper #1 has 1 of 2 reviewers (not counting 1 who declined).",
        "Cy C now has 3 papers, over their max load 2.",
    ]
    swapped = shown(
        client,
        paper_url("paper_swap", workshop, 1),
        {"old_reviewer": reviewers["A"].pk, "new_reviewer": reviewers["D"].pk, "is_fixed": "on"},
    )
    # The declined reviewer is swapped out: two reviewers, k reached, no paper warning.
    assert swapped == [
        "Di D replaces Ada A on paper #1.",
        "Di D now has 3 papers, over their max load 2.",
    ]


def test_paper_page_queries_do_not_grow_with_declines(
    client, workshop, organizer, committed, django_assert_num_queries
):
    papers, reviewers = committed
    client.force_login(organizer)
    url = paper_url("paper", workshop, 1)
    with CaptureQueriesContext(connection) as before:
        assert client.get(url).status_code == 200
    assert len(before.captured_queries) == PAPER_QUERIES
    # One more reviewer on the paper (Di D stays an alternate), two declines on it, one on
    # another paper.
    assignment_add(workshop=workshop, submission=papers[1], reviewer=reviewers["C"], by=organizer)
    decline(papers[1], reviewers["A"])
    decline(papers[1], reviewers["B"])
    decline(papers[2], reviewers["A"])

    with django_assert_num_queries(PAPER_QUERIES):
        response = client.get(url)

    assert response.status_code == 200
    page = response.context["page"]
    assert [(a.reviewer.full_name, a.declined) for a in page.assignments] == [
        ("Ada A", True),
        ("Bo B", True),
        ("Cy C", False),
    ]
    assert [alternate.user.full_name for alternate in page.alternates] == ["Di D"]
    assert page.warnings == [
        "This paper has 1 of 2 reviewers (not counting 2 who declined).",
        "Cy C has 3 papers, over their max load 2.",
    ]
