"""The organizer's review progress page counts each paper against its k reviewers, so a
paper that lost a reviewer (removed from the pool, or declined) shows as short."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from assignment.enums import RunStatus
from assignment.models import AssignmentRun
from reviews.services import review_decline, reviewer_remove
from tests.reviews.review_builders import (
    add_organizer,
    assign,
    paper,
    reviewer,
    reviewing_workshop,
    submit,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def workshop():
    """Three reviewers a paper (the default k). #1: Rita (removed before reviewing it), Sam
    and Tom reviewed. #2: Rita (removed after reviewing it), Sam and Tom reviewed. #3: Una
    declined, Sam and Tom reviewed. #4: Sam and Tom reviewed, Una's review is due."""
    workshop = reviewing_workshop(slug="pg", name="Progress Workshop")
    assert workshop.reviewers_per_paper == 3
    olga = add_organizer(workshop)
    rita, sam, tom, una = (
        reviewer(workshop, f"{name.lower()}@uni.example.org", f"{name} Reviewer")
        for name in ("Rita", "Sam", "Tom", "Una")
    )
    papers = {number: paper(workshop, number=number) for number in (1, 2, 3, 4)}
    for number, third in ((1, rita), (2, rita), (3, una), (4, una)):
        for user in (third, sam, tom):
            assign(papers[number], user)
        submit(papers[number], sam)
        submit(papers[number], tom)
    submit(papers[2], rita)
    reviewer_remove(profile=rita.reviewer_profiles.get(), by=olga)
    review_decline(submission=papers[3], reviewer=una, reason="Outside my area.")
    return workshop


def progress_url(workshop) -> str:
    return reverse("reviews_manage:progress", kwargs={"workshop": workshop.slug})


def paper_rows(client, workshop, show: str = "") -> dict[str, tuple[str, bool]]:
    """{paper: (its Reviews cell, whether the row is marked as missing reviews)}."""
    html = client.get(progress_url(workshop) + (f"?show={show}" if show else "")).content
    html = html.decode()
    table = html[html.index('id="paper-progress"') : html.index('id="reviewer-progress"')]
    rows = {}
    for attributes, body in re.findall(r"<tr([^>]*)>(.*?)</tr>", table, re.S):
        cells = [
            re.sub(r"<[^>]+>", "", cell).strip()
            for cell in re.findall(r"<td>(.*?)</td>", body, re.S)
        ]
        if cells:
            rows[cells[0]] = (cells[3], "table-warning" in attributes)
    return rows


@pytest.fixture
def organizer_client(client, workshop):
    client.force_login(workshop.organizers.get())
    return client


def test_progress_paper_whose_reviewer_was_removed_needs_one_more(organizer_client, workshop):
    rows = paper_rows(organizer_client, workshop)
    assert rows["#1"] == ("2 / 3 — needs 1 more reviewer", True)
    # The removed reviewer's submitted review still counts.
    assert rows["#2"] == ("3 / 3", False)


def test_progress_paper_with_a_declined_assignment_needs_one_more(organizer_client, workshop):
    assert paper_rows(organizer_client, workshop)["#3"] == ("2 / 3 — needs 1 more reviewer", True)


def test_progress_paper_with_a_review_due_is_not_short_of_reviewers(organizer_client, workshop):
    assert paper_rows(organizer_client, workshop)["#4"] == ("2 / 3", True)


def test_progress_missing_reviews_filter_lists_papers_short_of_reviewers(
    organizer_client, workshop
):
    assert paper_rows(organizer_client, workshop, show="incomplete") == {
        "#1": ("2 / 3 — needs 1 more reviewer", True),
        "#3": ("2 / 3 — needs 1 more reviewer", True),
        "#4": ("2 / 3", True),
    }


def test_progress_counts_against_the_k_of_the_committed_assignment(organizer_client, workshop):
    AssignmentRun.objects.create(
        workshop=workshop,
        parameters={"k": 2, "max_load": 4},
        status=RunStatus.DONE,
        committed_at=timezone.now(),
    )
    assert paper_rows(organizer_client, workshop) == {
        "#1": ("2 / 2", False),
        "#2": ("3 / 3", False),
        "#3": ("2 / 2", False),
        "#4": ("2 / 3", True),
    }


def test_progress_page_query_count_is_fixed(client, django_assert_num_queries):
    workshop = reviewing_workshop(slug="pq")
    olga = add_organizer(workshop, name="")
    sam, tom, una = (
        reviewer(workshop, f"{name}@uni.example.org") for name in ("sam", "tom", "una")
    )

    def add(number: int) -> None:
        submission = paper(workshop, number=number)
        for user in (sam, tom, una):
            assign(submission, user)
        submit(submission, sam)
        submit(submission, tom)
        review_decline(submission=submission, reviewer=una, reason="Too busy.")

    add(1)
    client.force_login(olga)
    url = progress_url(workshop)
    with CaptureQueriesContext(connection) as one_paper:
        assert client.get(url).status_code == 200
    for number in range(2, 31):
        add(number)
    reviewer_remove(profile=tom.reviewer_profiles.get(), by=olga)
    with django_assert_num_queries(len(one_paper.captured_queries)):
        html = client.get(url).content.decode()
    assert html.count("2 / 3 — needs 1 more reviewer") == 30
