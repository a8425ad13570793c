"""Who may open the assignment pages, and what they cost in queries."""

import pytest
from django.urls import reverse

from assignment.models import Assignment, AssignmentRun
from assignment.services import assignment_release_create, assignment_run_commit
from reviews.services import review_decline
from tests.assignment.helpers import (
    SCALING,
    TUNING,
    add_conflict,
    add_paper,
    add_reviewer,
    run_now,
    two_area_workshop,
)
from tests.factories import UserFactory, WorkshopFactory

pytestmark = pytest.mark.django_db

OVERVIEW_QUERIES = 13  # one for the run form's external score weight, one for the tracks


@pytest.fixture
def run(workshop, topics):
    two_area_workshop(workshop, topics)
    return run_now(workshop)


def organizer_pages(workshop, run) -> list[tuple[str, str]]:
    """(method, url) of every organizer page and action."""
    slug = workshop.slug
    reviewer_id = run.pairs.first().reviewer_id
    return [
        ("get", reverse("assignment:overview", kwargs={"workshop": slug})),
        ("get", reverse("assignment:log", kwargs={"workshop": slug})),
        ("get", reverse("assignment:run", kwargs={"workshop": slug, "pk": run.pk})),
        ("get", reverse("assignment:paper", kwargs={"workshop": slug, "number": 1})),
        (
            "get",
            reverse(
                "assignment:explain",
                kwargs={"workshop": slug, "number": 1, "reviewer": reviewer_id},
            ),
        ),
        ("post", reverse("assignment:run_start", kwargs={"workshop": slug})),
        ("post", reverse("assignment:run_commit", kwargs={"workshop": slug, "pk": run.pk})),
        ("post", reverse("assignment:run_discard", kwargs={"workshop": slug, "pk": run.pk})),
        ("post", reverse("assignment:run_retry", kwargs={"workshop": slug, "pk": run.pk})),
        ("post", reverse("assignment:release", kwargs={"workshop": slug})),
        ("post", reverse("assignment:paper_add", kwargs={"workshop": slug, "number": 1})),
        ("post", reverse("assignment:paper_remove", kwargs={"workshop": slug, "number": 1})),
        ("post", reverse("assignment:paper_swap", kwargs={"workshop": slug, "number": 1})),
        ("post", reverse("assignment:paper_fixed", kwargs={"workshop": slug, "number": 1})),
    ]


def test_assignment_pages_are_for_organizers_only(client, workshop, run):
    reviewer = run.pairs.first().reviewer
    pages = organizer_pages(workshop, run)
    for method, url in pages:
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("account_login")), url
    client.force_login(reviewer)
    for method, url in pages:
        assert getattr(client, method)(url).status_code == 403, url
    assert AssignmentRun.objects.count() == 1
    assert run.pairs.count() == 8


def test_organizer_opens_every_page(client, workshop, organizer, run):
    client.force_login(organizer)
    for method, url in organizer_pages(workshop, run):
        if method == "get":
            assert client.get(url).status_code == 200, url


def test_unknown_run_is_404(client, workshop, organizer, run):
    client.force_login(organizer)
    missing = reverse("assignment:run", kwargs={"workshop": workshop.slug, "pk": run.pk + 100})
    assert client.get(missing).status_code == 404
    commit = reverse(
        "assignment:run_commit", kwargs={"workshop": workshop.slug, "pk": run.pk + 100}
    )
    assert client.post(commit).status_code == 404


def test_run_of_another_workshop_is_404(client, workshop, run):
    other = WorkshopFactory(phase="bidding")
    owner = UserFactory()
    other.organizers.add(owner)
    client.force_login(owner)
    url = reverse("assignment:run", kwargs={"workshop": other.slug, "pk": run.pk})
    assert client.get(url).status_code == 404
    commit = reverse("assignment:run_commit", kwargs={"workshop": other.slug, "pk": run.pk})
    assert client.post(commit).status_code == 404
    run.refresh_from_db()
    assert run.committed_at is None


def test_unknown_paper_is_404(client, workshop, organizer, run):
    client.force_login(organizer)
    url = reverse("assignment:paper", kwargs={"workshop": workshop.slug, "number": 99})
    assert client.get(url).status_code == 404


def build(workshop, topics, organizer, n_papers: int) -> None:
    """n papers on both areas, four reviewers, a committed and released assignment; one
    reviewer of paper #1 now has a conflict, one of the last paper declined it."""
    reviewers = [
        add_reviewer(workshop, topics["scaling-laws"], f"s{i}@s{i}.example.org", f"S {i}", SCALING)
        for i in range(2)
    ] + [
        add_reviewer(workshop, topics["fine-tuning"], f"t{i}@t{i}.example.org", f"T {i}", TUNING)
        for i in range(2)
    ]
    papers = [
        add_paper(workshop, topics["scaling-laws" if n % 2 else "fine-tuning"], n, SCALING)
        for n in range(1, n_papers + 1)
    ]
    run = run_now(workshop, k=2, max_load=n_papers)
    assignment_run_commit(run=run, by=organizer)
    assignment_release_create(workshop=workshop, by=organizer)
    add_conflict(workshop, papers[0], reviewers[0])
    declining = Assignment.objects.filter(submission=papers[-1]).order_by("reviewer__email")[0]
    review_decline(submission=papers[-1], reviewer=declining.reviewer, reason="Too busy.")


@pytest.mark.parametrize("n_papers", [1, 50])
def test_assignment_page_queries_do_not_grow_with_papers(
    client, workshop, topics, organizer, n_papers, django_assert_num_queries
):
    build(workshop, topics, organizer, n_papers)
    run_now(workshop, k=2, max_load=n_papers)  # a pending proposal in the runs list too
    client.force_login(organizer)
    url = reverse("assignment:overview", kwargs={"workshop": workshop.slug})
    with django_assert_num_queries(OVERVIEW_QUERIES):
        response = client.get(url)
    assert response.status_code == 200
    overview = response.context["overview"]
    assert len(overview.papers) == n_papers
    assert overview.n_assignments == 2 * n_papers
    assert len(overview.conflicted) == 1
    assert overview.n_declined == 1
    assert [row.submission.number for row in overview.under_k] == [n_papers]
    assert len(overview.runs) == 2
