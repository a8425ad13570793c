"""A reviewer removed from the pool after reviewing keeps their review on the paper: a
new assignment run counts it towards the paper's k and finds only the reviewers it lacks."""

import re

import pytest
from django.urls import reverse

from assignment.enums import RunStatus
from assignment.models import Assignment
from assignment.services import assignment_release_create, assignment_run_commit
from reviews.services import reviewer_remove
from tests.assignment.helpers import add_conflict, pairs_of, run_now, two_area_workshop
from tests.reviews.review_builders import submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewed(workshop, topics, organizer):
    """The best assignment committed and released (Ada A and Bo B on #1 and #2, Cy C and
    Di D on #3 and #4); Ada and Bo reviewed #1."""
    papers, reviewers = two_area_workshop(workshop, topics)
    assignment_run_commit(run=run_now(workshop, max_load=3), by=organizer)
    assignment_release_create(workshop=workshop, by=organizer)
    submit(papers[1], reviewers["A"])
    submit(papers[1], reviewers["B"])
    return papers, reviewers


def remove(organizer, *users) -> None:
    for user in users:
        reviewer_remove(profile=user.reviewer_profiles.get(), by=organizer)


def url(name: str, workshop, **kwargs) -> str:
    return reverse(f"assignment:{name}", kwargs={"workshop": workshop.slug, **kwargs})


def proposal_row(html: str, number: int) -> str:
    """The run page's proposal row of paper #number, tags removed."""
    row = re.search(rf"<tr>\s*<td>#{number}</td>(.*?)</tr>", html, re.S).group(1)
    return " ".join(re.sub(r"<[^>]+>", " ", row).split())


@pytest.mark.parametrize("fair", [False, True])
def test_run_after_removal_finds_only_the_reviewers_a_paper_lacks(
    client, workshop, organizer, reviewed, fair
):
    papers, reviewers = reviewed
    remove(organizer, reviewers["A"])
    client.force_login(organizer)
    overview = client.get(url("overview", workshop)).context["overview"]
    assert [row.submission.number for row in overview.under_k] == [2]

    run = run_now(workshop, max_load=3, fair=fair)

    assert run.status == RunStatus.DONE
    assert pairs_of(run.pairs.filter(submission=papers[1])) == {(1, "Bo B")}
    assert {n: run.pairs.filter(submission__number=n).count() for n in (2, 3, 4)} == {
        2: 2,
        3: 2,
        4: 2,
    }
    assert (run.quality["n_pairs"], run.quality["n_kept"], run.quality["coverage"]) == (7, 1, 1.0)
    html = client.get(url("run", workshop, pk=run.pk)).content.decode()
    assert "besides 1 submitted review of reviewers no longer in the pool" in html
    assert proposal_row(html, 1) == "Paper 1 on scaling laws Bo B 0.82 Ada A review kept 0.82"

    assignment_run_commit(run=run, by=organizer)
    assert pairs_of(Assignment.objects.filter(submission=papers[1])) == {
        (1, "Ada A"),
        (1, "Bo B"),
    }
    page = client.get(url("overview", workshop))
    assert page.context["overview"].under_k == []
    assert "fewer than" not in page.content.decode()


def test_run_gives_no_reviewer_to_a_paper_whose_kept_reviews_reach_k(workshop, organizer, reviewed):
    papers, reviewers = reviewed
    remove(organizer, reviewers["A"], reviewers["B"])

    run = run_now(workshop, k=1, max_load=3)

    assert run.status == RunStatus.DONE, run.error
    assert not run.pairs.filter(submission=papers[1]).exists()
    assert sorted(run.pairs.values_list("submission__number", flat=True)) == [2, 3, 4]
    assert (run.quality["n_pairs"], run.quality["n_kept"], run.quality["coverage"]) == (3, 2, 1.0)


def test_run_that_cannot_complete_a_paper_names_its_kept_review(workshop, organizer, reviewed):
    papers, reviewers = reviewed
    remove(organizer, reviewers["A"])
    for letter in "BCD":
        add_conflict(workshop, papers[1], reviewers[letter])

    run = run_now(workshop, max_load=3)

    assert run.status == RunStatus.FAILED
    assert run.reasons == [
        "paper #1 (besides 1 kept review) has only 0 non-conflicted reviewers with free "
        "capacity, needs 1"
    ]
