"""Assignment runs end to end in eager mode: start, quality, commit, discard, retry."""

import re
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from assignment.enums import EditAction, RunStatus
from assignment.models import Assignment, AssignmentEdit, AssignmentRun, ProposedPair
from assignment.services import (
    assignment_add,
    assignment_release_create,
    assignment_run_commit,
    assignment_run_create,
    assignment_runs_fail_stale,
    assignment_swap,
)
from assignment.tasks import run_assignment
from fomo_site.errors import Refusal
from pool.enums import BidValue
from pool.models import Bid, ReviewerProfile
from reviews.services import review_save_draft, reviewer_remove
from tests.assignment.helpers import (
    add_conflict,
    pairs_of,
    parameters,
    run_now,
    two_area_workshop,
)
from tests.reviews.review_builders import submit
from topics.templatetags.fomo import aoe

pytestmark = pytest.mark.django_db

BEST = {
    (1, "Ada A"), (1, "Bo B"), (2, "Ada A"), (2, "Bo B"),
    (3, "Cy C"), (3, "Di D"), (4, "Cy C"), (4, "Di D"),
}  # fmt: skip
RUN_FORM = {
    "k": "2",
    "max_load": "2",
    "min_load": "",
    "topic_weight": "0.5",
    "text_weight": "0.35",
    "bid_weight": "0.15",
}


@pytest.fixture
def instance(workshop, topics):
    return two_area_workshop(workshop, topics)


def draft(submission, user) -> None:
    review_save_draft(submission=submission, reviewer=user, data={"summary": "Half written."})


def url(name: str, workshop, **kwargs) -> str:
    return reverse(f"assignment:{name}", kwargs={"workshop": workshop.slug, **kwargs})


def test_run_started_from_page_is_done_with_quality(
    client, workshop, organizer, instance, django_capture_on_commit_callbacks
):
    client.force_login(organizer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("run_start", workshop), RUN_FORM)
    run = AssignmentRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("run", workshop, pk=run.pk)
    assert run.status == RunStatus.DONE
    assert run.started_by == organizer
    assert run.parameters == {
        "k": 2, "max_load": 2, "min_load": 0, "fair": False,
        "topic_weight": 0.5, "text_weight": 0.35, "bid_weight": 0.15, "external_weight": 0.0,
    }  # fmt: skip
    assert (run.progress_stage, run.progress_percent) == ("Done", 100)
    assert pairs_of(run.pairs) == BEST
    quality = run.quality
    assert quality["coverage"] == 1.0
    assert quality["n_pairs"] == 8
    assert quality["load_histogram"] == {"2": 4}
    assert quality["papers_outside_area"] == 0
    assert quality["conflicts_avoided"] == 0
    assert 0 < quality["min_paper_affinity"] <= quality["mean_paper_affinity"]
    assert quality["candidates"]["strategy"] == "all pairs"
    assert quality["fairness"] is None
    assert {"load", "affinity", "solve", "explain", "total"} <= set(run.timings)
    assert Assignment.objects.count() == 0  # a proposal only

    page = client.get(url("run", workshop, pk=run.pk))
    assert page.status_code == 200
    assert b"Commit this proposal" in page.content
    assert b"8 added \xc2\xb7 0 removed \xc2\xb7 0 kept" in page.content


def run_page(client, run) -> tuple[list[str], str, bool]:
    """(the messages shown, the run's state sentence, whether the page reloads itself)."""
    html = client.get(url("run", run.workshop, pk=run.pk)).content.decode()
    state = re.search(r'<div id="run-state"([^>]*)>\s*<p class="mb-1">(.*?)</p>', html, re.S)
    shown = re.findall(r'<div class="alert alert-\w+" role="alert">(.*?)</div>', html, re.S)
    return shown, " ".join(state.group(2).split()), "data-refresh-while-running" in state.group(1)


def test_run_started_message_shows_once_and_the_state_follows_the_run(
    client, workshop, organizer, instance, django_capture_on_commit_callbacks
):
    client.force_login(organizer)
    with django_capture_on_commit_callbacks(execute=False):  # a worker will take it
        client.post(url("run_start", workshop), RUN_FORM)
    run = AssignmentRun.objects.get()
    started = f"Run {run.pk} started."
    assert run_page(client, run) == ([started], "Queued: waiting for a worker to start it.", True)
    assert run_page(client, run) == ([], "Queued: waiting for a worker to start it.", True)
    assert run_assignment(run_id=run.pk) == RunStatus.DONE
    run.refresh_from_db()
    finished = aoe(run.finished_at)
    waiting = f"Finished {finished}: the proposal below waits to be committed or discarded."
    assert run_page(client, run) == ([], waiting, False)
    client.post(url("run_commit", workshop, pk=run.pk), follow=True)
    run.refresh_from_db()
    committed = f"Finished {finished}; committed {aoe(run.committed_at)}."
    assert run_page(client, run) == ([], committed, False)


def test_running_run_shows_its_stage_and_reloads(client, workshop, organizer, instance):
    run = assignment_run_create(workshop=workshop, parameters=parameters(), start=False)
    AssignmentRun.objects.filter(pk=run.pk).update(
        status=RunStatus.RUNNING, progress_stage="Computing affinities", progress_percent=40
    )
    client.force_login(organizer)
    assert run_page(client, run) == ([], "Running: Computing affinities (40%).", True)


def test_run_finished_before_the_first_render_shows_started_once_and_finished(
    client, workshop, organizer, instance, django_capture_on_commit_callbacks
):
    client.force_login(organizer)
    with django_capture_on_commit_callbacks(execute=True):  # eager: done before the redirect
        client.post(url("run_start", workshop), RUN_FORM)
    run = AssignmentRun.objects.get()
    finished = aoe(run.finished_at)
    waiting = f"Finished {finished}: the proposal below waits to be committed or discarded."
    assert run_page(client, run) == ([f"Run {run.pk} started."], waiting, False)
    assert run_page(client, run) == ([], waiting, False)


def test_failed_and_discarded_runs_say_so(client, workshop, organizer, instance):
    client.force_login(organizer)
    discarded = run_now(workshop)
    client.post(url("run_discard", workshop, pk=discarded.pk), follow=True)
    discarded.refresh_from_db()
    assert run_page(client, discarded)[1:] == (
        f"Finished {aoe(discarded.finished_at)}; discarded {aoe(discarded.discarded_at)}.",
        False,
    )
    failed = run_now(workshop, k=3, max_load=1)
    assert failed.status == RunStatus.FAILED
    assert run_page(client, failed)[1:] == (
        f"Failed {aoe(failed.finished_at)}: no proposal.",
        False,
    )


def test_run_commit_creates_the_assignment_and_logs_it(client, workshop, organizer, instance):
    run = run_now(workshop)
    client.force_login(organizer)
    response = client.post(url("run_commit", workshop, pk=run.pk))
    assert response.status_code == 302
    assert pairs_of(Assignment.objects.all()) == BEST
    assert set(Assignment.objects.values_list("is_fixed", "origin", "run_id")) == {
        (False, "run", run.pk)
    }
    run.refresh_from_db()
    assert run.committed_by == organizer
    edit = AssignmentEdit.objects.get()
    assert (edit.action, edit.run_id, edit.note) == (
        EditAction.COMMIT,
        run.pk,
        "8 added, 0 removed, 0 kept",
    )


def test_run_discard_leaves_the_current_assignment(client, workshop, organizer, instance):
    assignment_run_commit(run=run_now(workshop), by=organizer)
    before = pairs_of(Assignment.objects.all())
    second = run_now(workshop, k=1)
    client.force_login(organizer)
    client.post(url("run_discard", workshop, pk=second.pk))
    second.refresh_from_db()
    assert second.discarded_at is not None
    assert pairs_of(Assignment.objects.all()) == before
    response = client.post(url("run_commit", workshop, pk=second.pk), follow=True)
    assert b"This run was already committed or discarded." in response.content
    assert pairs_of(Assignment.objects.all()) == before


def test_commit_of_smaller_k_removes_and_keeps(workshop, organizer, instance):
    assignment_run_commit(run=run_now(workshop), by=organizer)
    summary = assignment_run_commit(run=run_now(workshop, k=1), by=organizer)
    assert (summary.added, summary.removed, summary.kept) == (0, 4, 4)
    assert Assignment.objects.count() == 4


def test_rerun_keeps_fixed_pairs(workshop, organizer, instance):
    papers, reviewers = instance
    assignment_run_commit(run=run_now(workshop), by=organizer)
    assignment_swap(
        workshop=workshop, submission=papers[1], old_reviewer=reviewers["A"],
        new_reviewer=reviewers["C"], by=organizer,
    )  # fmt: skip
    run = run_now(workshop)
    assert run.status == RunStatus.DONE
    fixed = ProposedPair.objects.get(run=run, is_fixed=True)
    assert (fixed.submission_id, fixed.reviewer_id) == (papers[1].pk, reviewers["C"].pk)
    assert run.quality["n_fixed"] == 1
    # C spends a slot on paper 1, so one fine-tuning paper needs a scaling reviewer.
    assert run.quality["papers_outside_area"] == 2
    assignment_run_commit(run=run, by=organizer)
    kept = Assignment.objects.get(submission=papers[1], reviewer=reviewers["C"])
    assert kept.is_fixed is True
    assert kept.origin == "manual"
    assert Assignment.objects.filter(submission=papers[1]).count() == 2
    assert Assignment.objects.count() == 8


def test_commit_refused_when_fixed_pairs_changed_since_run(workshop, organizer, instance):
    papers, reviewers = instance
    run = run_now(workshop)
    assignment_add(workshop=workshop, submission=papers[1], reviewer=reviewers["C"], by=organizer)
    with pytest.raises(Refusal, match="must-assign pairs changed"):
        assignment_run_commit(run=run, by=organizer)
    assert Assignment.objects.count() == 1


def test_commit_refused_when_conflict_declared_since_run(workshop, organizer, instance):
    papers, reviewers = instance
    run = run_now(workshop)
    add_conflict(workshop, papers[1], reviewers["A"])
    with pytest.raises(Refusal, match="1 proposed pair"):
        assignment_run_commit(run=run, by=organizer)
    assert Assignment.objects.count() == 0


def test_conflicts_are_never_proposed(workshop, instance):
    papers, reviewers = instance
    add_conflict(workshop, papers[1], reviewers["A"])
    Bid.objects.create(submission=papers[2], reviewer=reviewers["B"], value=BidValue.CONFLICT)
    run = run_now(workshop, max_load=3)
    assert run.status == RunStatus.DONE
    pairs = pairs_of(run.pairs)
    assert (1, "Ada A") not in pairs
    assert (2, "Bo B") not in pairs
    assert run.quality["conflicts_avoided"] == 2
    assert [r for r, _ in run.candidates[str(papers[1].pk)]] == [
        reviewers["B"].pk, reviewers["C"].pk, reviewers["D"].pk,
    ]  # fmt: skip


def test_fair_run_reports_fairness(workshop, instance):
    run = run_now(workshop, fair=True)
    assert run.status == RunStatus.DONE
    assert run.quality["fairness"]["total_affinity_cost"] == 0.0
    assert pairs_of(run.pairs) == BEST


def test_infeasible_run_shows_the_reasons(
    client, workshop, organizer, instance, django_capture_on_commit_callbacks
):
    client.force_login(organizer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("run_start", workshop), {**RUN_FORM, "k": "3", "max_load": "1"})
    run = AssignmentRun.objects.get()
    assert run.status == RunStatus.FAILED
    assert run.error == "No complete assignment exists with these parameters."
    assert run.reasons[0] == (
        "total reviewer capacity 4 < required 12 reviews (besides the reviewers that must "
        "stay: must-assign, or their review has started)"
    )
    assert ProposedPair.objects.count() == 0
    page = client.get(url("run", workshop, pk=run.pk))
    assert page.status_code == 200
    assert b"No complete assignment exists with these parameters." in page.content
    assert b"total reviewer capacity 4 &lt; required 12 reviews" in page.content
    assert b"Retry with the same parameters" in page.content
    assert run.reasons[-1] == (
        "4 reviewers can take 4 reviews in all; the papers need 12. Raise the run's max load, "
        "invite more reviewers or ask for fewer reviewers per paper."
    )


def test_infeasible_run_says_which_limit_holds_reviewers_back(workshop, instance):
    workshop.max_papers_per_reviewer = 2
    workshop.save()
    ReviewerProfile.objects.filter(workshop=workshop).update(max_load=1)

    run = run_now(workshop, k=2, max_load=3)

    assert run.status == RunStatus.FAILED
    assert run.reasons[-1] == (
        "4 reviewers can take 4 reviews in all; the papers need 8. Raise the run's max load, "
        "invite more reviewers or ask for fewer reviewers per paper. 4 reviewers have a lower "
        "max load of their own (from their profile or the reviewer list, never above the "
        "workshop's max papers per reviewer, now 2): a higher run max load does not change "
        "theirs; raise the workshop's limit and their loads."
    )


def test_run_without_papers_fails_with_a_reason(workshop):
    run = run_now(workshop)
    assert run.status == RunStatus.FAILED
    assert run.reasons == ["there are no submitted papers", "there are no accepted reviewers"]


def test_run_form_errors_are_shown(client, workshop, organizer):
    client.force_login(organizer)
    response = client.post(url("run_start", workshop), {**RUN_FORM, "min_load": "5"})
    assert response.status_code == 400
    assert b"The min load cannot be above the max load." in response.content
    assert AssignmentRun.objects.count() == 0


def test_run_task_twice_runs_once(workshop, instance):
    run = assignment_run_create(workshop=workshop, parameters=parameters(), start=False)
    assert run_assignment.apply(kwargs={"run_id": run.pk}).get() == "done"
    assert run_assignment.apply(kwargs={"run_id": run.pk}).get() == "skipped"
    assert ProposedPair.objects.filter(run=run).count() == 8


def test_stale_run_is_failed_with_nothing_committed_and_retry_works(
    client, workshop, organizer, instance, django_capture_on_commit_callbacks
):
    dead = assignment_run_create(workshop=workshop, parameters=parameters(), start=False)
    long_ago = timezone.now() - timedelta(hours=2)
    AssignmentRun.objects.filter(pk=dead.pk).update(
        status=RunStatus.RUNNING, started_at=long_ago, updated_at=long_ago
    )
    alive = assignment_run_create(workshop=workshop, parameters=parameters(), start=False)
    AssignmentRun.objects.filter(pk=alive.pk).update(
        status=RunStatus.RUNNING, started_at=timezone.now()
    )

    assert assignment_runs_fail_stale() == 1
    dead.refresh_from_db()
    assert dead.status == RunStatus.FAILED
    assert dead.error.startswith("The run made no progress for 30 minutes")
    assert ProposedPair.objects.count() == 0
    assert Assignment.objects.count() == 0
    assert AssignmentRun.objects.get(pk=alive.pk).status == RunStatus.RUNNING
    # A late task for the failed run does nothing.
    assert run_assignment.apply(kwargs={"run_id": dead.pk}).get() == "skipped"

    client.force_login(organizer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("run_retry", workshop, pk=dead.pk))
    retry = AssignmentRun.objects.get(retry_of=dead)
    assert response["Location"] == url("run", workshop, pk=retry.pk)
    assert retry.status == RunStatus.DONE
    assert retry.parameters == dead.parameters
    assert pairs_of(retry.pairs) == BEST


def test_stale_queued_run_is_failed(workshop):
    run = assignment_run_create(workshop=workshop, parameters=parameters(), start=False)
    AssignmentRun.objects.filter(pk=run.pk).update(
        created_at=timezone.now() - timedelta(minutes=31)
    )
    assert assignment_runs_fail_stale() == 1
    assert AssignmentRun.objects.get(pk=run.pk).status == RunStatus.FAILED


def test_explanation_of_a_proposed_pair(client, workshop, organizer, instance):
    papers, reviewers = instance
    run = run_now(workshop)
    client.force_login(organizer)
    response = client.get(
        url("explain", workshop, number=1, reviewer=reviewers["A"].pk) + f"?run={run.pk}"
    )
    assert response.status_code == 200
    assert f"from proposal of run {run.pk}".encode() in response.content
    assert "same topic: paper's primary topic “Scaling laws”".encode() in response.content
    assert b">scaling</span>" in response.content


def test_explanation_computed_on_demand_shows_the_bid(client, workshop, organizer, instance):
    papers, reviewers = instance
    Bid.objects.create(submission=papers[1], reviewer=reviewers["C"], value=BidValue.EAGER)
    client.force_login(organizer)
    response = client.get(url("explain", workshop, number=1, reviewer=reviewers["C"].pk))
    assert response.status_code == 200
    assert b"computed now from the current data" in response.content
    assert b"Bid: eager" in response.content
    assert b"No topic in common." in response.content


def test_assign_command_prints_quality_and_commits(workshop, instance):
    out = StringIO()
    call_command(
        "assign", "--workshop", workshop.slug, "--k", "2", "--max-load", "2", "--commit",
        stdout=out,
    )  # fmt: skip
    text = out.getvalue()
    assert "4 papers, 4 reviewers, 8 pairs (0 must-assign, 0 started reviews kept)" in text
    assert "kept reviews of reviewers no longer in the pool: 0" in text
    assert "coverage: 100%" in text
    assert "load histogram (load: reviewers): 2: 4" in text
    assert "Committed: 8 added, 0 removed, 0 kept, 0 kept as their review has started." in text
    assert pairs_of(Assignment.objects.all()) == BEST


def test_assign_command_prints_kept_and_started_reviews(workshop, organizer, instance):
    """Ada reviewed #1 and left the pool (a kept review); Cy started #4 (kept by the run);
    Di started #3 and has a conflict with it now (left out by the run, kept by the commit)."""
    papers, reviewers = instance
    assignment_run_commit(run=run_now(workshop, max_load=3), by=organizer)
    assignment_release_create(workshop=workshop, by=organizer)
    submit(papers[1], reviewers["A"])
    reviewer_remove(profile=reviewers["A"].reviewer_profiles.get(), by=organizer)
    draft(papers[4], reviewers["C"])
    draft(papers[3], reviewers["D"])
    add_conflict(workshop, papers[3], reviewers["D"])
    out = StringIO()

    call_command(
        "assign", "--workshop", workshop.slug, "--k", "2", "--max-load", "3", "--commit",
        stdout=out,
    )  # fmt: skip

    lines = out.getvalue().splitlines()
    run = AssignmentRun.objects.latest("pk")
    assert lines[:2] == [
        f"Run {run.pk}: 4 papers, 3 reviewers, 7 pairs (0 must-assign, 1 started reviews kept)",
        "kept reviews of reviewers no longer in the pool: 1",
    ]
    assert lines[-1] == (
        "Committed: 2 added, 0 removed, 5 kept, 1 kept as their review has started."
    )
    assert Assignment.objects.filter(submission=papers[3], reviewer=reviewers["D"]).exists()


def test_assign_command_reports_infeasible_input(workshop, instance):
    with pytest.raises(CommandError, match="total reviewer capacity 4 < required 12"):
        call_command("assign", "--workshop", workshop.slug, "--k", "3", "--max-load", "1")
    assert Assignment.objects.count() == 0
