"""A reviewer still in the pool who has started a review (a draft or a submitted one) keeps
the paper through any new assignment run: the run keeps the pair like a must-assign one
(it counts towards k and the reviewer's load) and a commit never removes it, even when the
review started after the run."""

import pytest
from django.urls import reverse

from assignment.enums import RunStatus
from assignment.models import Assignment, AssignmentEdit
from assignment.selectors import submissions_for_assigned_reviewer
from assignment.services import assignment_release_create, assignment_run_commit
from reviews.services import review_decline, review_save_draft
from tests.assignment.helpers import add_conflict, pairs_of, run_now, two_area_workshop
from tests.reviews.review_builders import submit

pytestmark = pytest.mark.django_db

# What a run with k=1 and max load 1 proposes when no review has started.
ONE_EACH = {(1, "Bo B"), (2, "Ada A"), (3, "Cy C"), (4, "Di D")}
COMMITTED = {(n, name) for n in (1, 2) for name in ("Ada A", "Bo B")} | {
    (n, name) for n in (3, 4) for name in ("Cy C", "Di D")
}


@pytest.fixture
def assigned(workshop, topics, organizer):
    """The best assignment committed and released: Ada A and Bo B on #1 and #2, Cy C and
    Di D on #3 and #4."""
    papers, reviewers = two_area_workshop(workshop, topics)
    assignment_run_commit(run=run_now(workshop, max_load=3), by=organizer)
    assignment_release_create(workshop=workshop, by=organizer)
    assert pairs_of(Assignment.objects.all()) == COMMITTED
    return papers, reviewers


def draft(submission, user) -> None:
    review_save_draft(submission=submission, reviewer=user, data={"summary": "Half written."})


def run_url(workshop, run) -> str:
    return reverse("assignment:run", kwargs={"workshop": workshop.slug, "pk": run.pk})


def test_run_without_started_reviews_is_unchanged(workshop, organizer, assigned):
    run = run_now(workshop, k=1, max_load=1)

    assert run.status == RunStatus.DONE, run.error
    assert pairs_of(run.pairs.all()) == ONE_EACH
    assert (run.quality["n_fixed"], run.quality["n_started"]) == (0, 0)
    summary = assignment_run_commit(run=run, by=organizer)
    assert (summary.added, summary.removed, summary.kept, summary.started_kept) == (0, 4, 4, 0)
    assert pairs_of(Assignment.objects.all()) == ONE_EACH


@pytest.mark.parametrize("fair", [False, True])
def test_rerun_keeps_and_counts_draft_and_submitted_reviews(
    client, workshop, organizer, assigned, fair
):
    papers, reviewers = assigned
    draft(papers[1], reviewers["A"])
    submit(papers[4], reviewers["C"])

    run = run_now(workshop, k=1, max_load=1, fair=fair)

    assert run.status == RunStatus.DONE, run.error
    # Ada (draft on #1) and Cy (review of #4) keep their papers; each fills the paper's one
    # slot and its reviewer's one slot, so Bo and Di take the two other papers.
    expected = {(1, "Ada A"), (2, "Bo B"), (3, "Di D"), (4, "Cy C")}
    assert pairs_of(run.pairs.all()) == expected
    assert not run.pairs.filter(is_fixed=True).exists()
    assert (run.quality["n_pairs"], run.quality["n_fixed"], run.quality["n_started"]) == (4, 0, 2)
    client.force_login(organizer)
    html = client.get(run_url(workshop, run)).content.decode()
    assert "(0 must-assign kept, 2 started reviews kept)" in html
    assert "<p>0 added · 4 removed · 4 kept</p>" in html

    summary = assignment_run_commit(run=run, by=organizer)

    assert (summary.added, summary.removed, summary.kept, summary.started_kept) == (0, 4, 4, 0)
    assert pairs_of(Assignment.objects.all()) == expected
    assert not Assignment.objects.filter(is_fixed=True).exists()
    mine = submissions_for_assigned_reviewer(workshop=workshop, user=reviewers["A"])
    assert [paper.number for paper in mine] == [1]


def test_review_started_after_the_run_survives_the_commit(client, workshop, organizer, assigned):
    papers, reviewers = assigned
    run = run_now(workshop, k=1, max_load=1)
    assert pairs_of(run.pairs.all()) == ONE_EACH
    draft(papers[1], reviewers["A"])  # Ada starts #1, which the proposal gives to Bo only

    client.force_login(organizer)
    html = client.get(run_url(workshop, run)).content.decode()
    assert (
        "0 added · 3 removed · 4 kept · 1 left out by the proposal but kept, as their review "
        "has started: #1 Ada A"
    ) in html

    summary = assignment_run_commit(run=run, by=organizer)

    assert (summary.added, summary.removed, summary.kept, summary.started_kept) == (0, 3, 4, 1)
    assert pairs_of(Assignment.objects.all()) == ONE_EACH | {(1, "Ada A")}
    assert not Assignment.objects.filter(is_fixed=True).exists()
    assert AssignmentEdit.objects.filter(run=run).get().note == (
        "0 added, 3 removed, 4 kept, 1 kept as their review has started"
    )


def test_declined_paper_is_not_kept(workshop, organizer, assigned):
    papers, reviewers = assigned
    draft(papers[1], reviewers["A"])
    review_decline(submission=papers[1], reviewer=reviewers["A"], reason="Too far from my area.")

    run = run_now(workshop, k=1, max_load=1)

    assert pairs_of(run.pairs.all()) == ONE_EACH
    assert run.quality["n_started"] == 0
    summary = assignment_run_commit(run=run, by=organizer)
    assert (summary.removed, summary.started_kept) == (4, 0)
    assert pairs_of(Assignment.objects.all()) == ONE_EACH


def test_conflicted_started_review_is_not_counted_but_stays(workshop, organizer, assigned):
    """A conflict declared on a started review wins in the run (the pair is neither counted
    nor proposed); the commit still leaves the pair, flagged, for the organizers to settle."""
    papers, reviewers = assigned
    draft(papers[1], reviewers["A"])
    add_conflict(workshop, papers[1], reviewers["A"])

    run = run_now(workshop, k=1, max_load=1)

    assert run.status == RunStatus.DONE, run.error
    assert pairs_of(run.pairs.all()) == ONE_EACH
    assert run.quality["n_started"] == 0
    summary = assignment_run_commit(run=run, by=organizer)
    assert (summary.removed, summary.started_kept) == (3, 1)
    assert pairs_of(Assignment.objects.all()) == ONE_EACH | {(1, "Ada A")}


def test_infeasible_run_says_started_reviews_must_stay(client, workshop, organizer, assigned):
    """Started reviews are passed to the solver with the must-assign pairs: the reasons a
    run fails name both, never "fixed" alone (no pair here is must-assign)."""
    papers, reviewers = assigned
    draft(papers[1], reviewers["A"])
    submit(papers[1], reviewers["B"])

    run = run_now(workshop, k=1, max_load=2)

    assert run.status == RunStatus.FAILED
    assert not Assignment.objects.filter(is_fixed=True).exists()
    expected = (
        "paper #1 has 2 reviewers that must stay (must-assign, or their review has started) "
        "but needs only 1"
    )
    assert run.reasons == [expected]
    client.force_login(organizer)
    html = client.get(run_url(workshop, run)).content.decode()
    assert f"<li>{expected}</li>" in html
    assert "fixed reviewers" not in html
