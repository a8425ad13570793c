"""Writes for the assignment: runs, commit/discard/retry, manual edits, releases.

Every write to a workshop's assignment locks the workshop row first, so a commit and a
manual edit never interleave. A run writes its proposal in one transaction at its end:
a worker that dies midway leaves a run without a proposal, which the stale-run sweeper
marks failed.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from assignment import engine
from assignment.embeddings import embeddings_ensure, text_model_for_run
from assignment.enums import AssignmentOrigin, EditAction, RunStatus
from assignment.matching import InfeasibleAssignmentError
from assignment.matching.embedding import TFIDF_BESIDE_EMBEDDINGS_MAX_TEXTS
from assignment.models import (
    Assignment,
    AssignmentEdit,
    AssignmentRelease,
    AssignmentRun,
    ProposedPair,
)
from assignment.selectors import (
    edit_warnings,
    fixed_pairs_for_matching,
    latest_done_run,
    papers_taken_away,
    started_pairs,
    submissions_for_assigned_reviewer,
)
from fomo_site.errors import Refusal
from fomo_site.queue import enqueue
from notifications.services import email_queue
from pool import selectors as pool_selectors
from pool.models import Conflict, ReviewerProfile
from submissions.enums import SubmissionStatus
from submissions.models import Submission
from submissions.services import check_not_author
from topics.models import Workshop

logger = logging.getLogger(__name__)


RELEASE_EMAIL_TEMPLATE = "assignment_released"


def _lock_workshop(workshop: Workshop) -> None:
    Workshop.objects.select_for_update().filter(pk=workshop.pk).first()


def assignment_run_create(
    *,
    workshop: Workshop,
    parameters: engine.RunParameters,
    by: User | None = None,
    retry_of: AssignmentRun | None = None,
    start: bool = True,
) -> AssignmentRun:
    """A queued run; with ``start`` its task is enqueued after the commit."""
    with transaction.atomic():
        run = AssignmentRun.objects.create(
            workshop=workshop,
            started_by=by,
            retry_of=retry_of,
            parameters=parameters.to_json(),
            progress_stage="Waiting for a worker",
        )
        if start:
            transaction.on_commit(lambda: assignment_run_enqueue(run_id=run.pk))
    return run


def assignment_run_enqueue(*, run_id: int) -> bool:
    from assignment.tasks import run_assignment

    return enqueue(run_assignment, run_id=run_id)


def assignment_run_retry(*, run: AssignmentRun, by: User | None) -> AssignmentRun:
    """A new run with the same parameters (the old one stays as it was)."""
    if run.is_active:
        raise Refusal("This run has not finished yet.")
    return assignment_run_create(
        workshop=run.workshop,
        parameters=engine.RunParameters.from_json(run.parameters),
        by=by,
        retry_of=run,
    )


def _run_claim(run_id: int) -> AssignmentRun | None:
    """Queued -> running; None when the run is gone or another task got it first."""
    with transaction.atomic():
        run = (
            AssignmentRun.objects.select_for_update()
            .select_related("workshop")
            .filter(pk=run_id)
            .first()
        )
        if run is None or run.status != RunStatus.QUEUED:
            return None
        run.status = RunStatus.RUNNING
        run.started_at = timezone.now()
        run.progress_stage, run.progress_percent = "Loading papers and reviewers", 5
        run.save(
            update_fields=[
                "status",
                "started_at",
                "progress_stage",
                "progress_percent",
                "updated_at",
            ]
        )
    return run


def _progress(run: AssignmentRun, stage: str, percent: int) -> None:
    AssignmentRun.objects.filter(pk=run.pk, status=RunStatus.RUNNING).update(
        progress_stage=stage, progress_percent=percent, updated_at=timezone.now()
    )


def _run_fail(run: AssignmentRun, *, error: str, reasons: list[str], timings: dict) -> None:
    AssignmentRun.objects.filter(pk=run.pk, status=RunStatus.RUNNING).update(
        status=RunStatus.FAILED,
        error=error[:5000],
        reasons=reasons,
        timings=timings,
        progress_stage="Failed",
        finished_at=timezone.now(),
        updated_at=timezone.now(),
    )


def assignment_run_execute(*, run_id: int) -> AssignmentRun | None:
    """Run the matching for a queued run; safe to call twice (the second call does nothing)."""
    run = _run_claim(run_id)
    if run is None:
        return None
    timings: dict[str, float] = {}
    parameters = engine.RunParameters.from_json(run.parameters)
    try:
        instance = engine.timed(
            timings,
            "load",
            lambda: engine.load_instance(workshop=run.workshop, parameters=parameters),
        )
        _check_not_empty(instance)
        text_parts, text_status = text_model_for_run()
        _progress(run, "Computing affinity (texts never seen before are embedded now)", 20)
        affinity = engine.timed(
            timings, "affinity", engine.affinity_for, instance, parameters, text_parts
        )
        _progress(run, "Solving (fair)" if parameters.fair else "Solving", 45)
        result = engine.timed(timings, "solve", engine.solve, instance, affinity, parameters)
        _progress(run, "Explaining the pairs", 70)
        pairs = engine.timed(timings, "explain", _proposed_pairs, run, instance, affinity, result)
        quality = engine.quality(instance, affinity, result)
        quality["text_model"] = {
            "name": _text_model_name(text_status.name, affinity, text_parts),
            "warning": text_status.warning,
            "texts_embedded": sum(getattr(part.model, "encoded", 0) for part in text_parts),
        }
        alternates = engine.top_alternates(instance, affinity)
    except InfeasibleAssignmentError as infeasible:
        advice = engine.capacity_advice(instance, parameters, run.workshop.max_papers_per_reviewer)
        _run_fail(
            run,
            error="No complete assignment exists with these parameters.",
            reasons=[*infeasible.reasons, *([advice] if advice else [])],
            timings=timings,
        )
        return _reloaded(run)
    except Exception as error:
        logger.exception("assignment run %s failed", run.pk)
        _run_fail(run, error=f"{type(error).__name__}: {error}", reasons=[], timings=timings)
        return _reloaded(run)
    timings.update({f"affinity.{k}": round(v, 4) for k, v in affinity.timings.items()})
    timings.update({f"solver.{k}": round(v, 4) for k, v in result.timings.items()})
    _progress(run, "Saving the proposal", 95)
    _run_finish(run, pairs=pairs, quality=quality, alternates=alternates, timings=timings)
    return _reloaded(run)


def _text_model_name(name: str, affinity, text_parts) -> str:
    if len(affinity.text_parts) == len(text_parts):
        return name
    return (
        f"{name.removesuffix(' with TF-IDF')} (TF-IDF left out: more than "
        f"{TFIDF_BESIDE_EMBEDDINGS_MAX_TEXTS:,} texts)"
    )


def _reloaded(run: AssignmentRun) -> AssignmentRun:
    run.refresh_from_db()
    return run


def _check_not_empty(instance: engine.Instance) -> None:
    reasons = []
    if not instance.papers:
        reasons.append("there are no submitted papers")
    if not instance.reviewers:
        reasons.append("there are no accepted reviewers")
    if reasons:
        raise InfeasibleAssignmentError(reasons, uncovered_papers=None)


def _proposed_pairs(run, instance, affinity, result) -> list[ProposedPair]:
    fixed = set(zip(instance.fixed[0].tolist(), instance.fixed[1].tolist(), strict=True))
    explain = len(result.paper_idx) <= settings.ASSIGNMENT_EXPLAIN_MAX_PAIRS
    pairs = []
    for n, (p, r, score) in enumerate(
        zip(
            result.paper_idx.tolist(),
            result.reviewer_idx.tolist(),
            result.pair_affinity,
            strict=True,
        )
    ):
        if n and n % 500 == 0:
            _progress(run, "Explaining the pairs", 70 + 25 * n // len(result.paper_idx))
        pairs.append(
            ProposedPair(
                run=run,
                submission_id=instance.paper_ids[p],
                reviewer_id=instance.reviewer_ids[r],
                affinity=min(max(float(score), 0.0), 1.0),
                is_fixed=(p, r) in fixed,
                explanation=engine.explanation_json(affinity, p, r) if explain else {},
            )
        )
    return pairs


def _run_finish(run, *, pairs, quality, alternates, timings) -> None:
    """Write the whole proposal at once, unless the sweeper gave up on the run meanwhile."""
    with transaction.atomic():
        locked = AssignmentRun.objects.select_for_update().get(pk=run.pk)
        if locked.status != RunStatus.RUNNING:
            logger.warning(
                "assignment run %s finished after being marked %s", run.pk, locked.status
            )
            return
        ProposedPair.objects.bulk_create(pairs, batch_size=2000)
        locked.status = RunStatus.DONE
        locked.quality = quality
        locked.candidates = alternates
        locked.timings = timings
        locked.progress_stage, locked.progress_percent = "Done", 100
        locked.finished_at = timezone.now()
        locked.timings["total"] = round((locked.finished_at - locked.started_at).total_seconds(), 4)
        locked.save()


def assignment_runs_fail_stale(*, older_than_seconds: int | None = None) -> int:
    """Mark failed the runs that made no progress for too long (worker killed, never run)."""
    seconds = (
        older_than_seconds
        if older_than_seconds is not None
        else settings.ASSIGNMENT_RUN_STALE_AFTER_SECONDS
    )
    now = timezone.now()
    cutoff = now - timedelta(seconds=seconds)
    stale = AssignmentRun.objects.filter(
        Q(status=RunStatus.QUEUED, created_at__lt=cutoff)
        | Q(status=RunStatus.RUNNING, started_at__lt=cutoff, updated_at__lt=cutoff)
    )
    return stale.update(
        status=RunStatus.FAILED,
        error=(
            f"The run made no progress for {seconds // 60} minutes: its worker stopped or "
            "never picked it up. Nothing was saved; retry it."
        ),
        progress_stage="Failed",
        finished_at=now,
        updated_at=now,
    )


@dataclass
class CommitSummary:
    added: int
    removed: int
    kept: int
    started_kept: int = 0  # left out by the proposal, kept as their review has started


def _pending_run(run: AssignmentRun) -> AssignmentRun:
    locked = AssignmentRun.objects.select_for_update().select_related("workshop").get(pk=run.pk)
    if locked.status != RunStatus.DONE:
        raise Refusal("Only a finished run can be committed or discarded.")
    if locked.committed_at or locked.discarded_at:
        raise Refusal("This run was already committed or discarded.")
    return locked


@transaction.atomic
def assignment_run_commit(*, run: AssignmentRun, by: User | None) -> CommitSummary:
    """Replace the current non-fixed assignments with the run's proposal. A pair whose
    reviewer has started their review (see started_reviews) stays even when the proposal
    leaves it out (the review started after the run, or a conflict was declared on it):
    a commit never throws a review away, and refusing instead would make committing
    during reviewing a race against the reviewers."""
    _lock_workshop(run.workshop)
    run = _pending_run(run)
    workshop = run.workshop
    proposed = list(ProposedPair.objects.filter(run=run))
    pool = set(ReviewerProfile.objects.filter(workshop=workshop).values_list("user_id", flat=True))
    # A run for one track replaces that track's assignments only.
    track_id = engine.RunParameters.from_json(run.parameters).track_id
    scope = Assignment.objects.filter(workshop=workshop)
    if track_id is not None:
        scope = scope.filter(submission__track_id=track_id)
    # Reviewers removed from the pool keep the pairs of their submitted reviews: no run
    # proposes them, none takes them away.
    current = [a for a in scope if a.reviewer_id in pool]
    fixed_now = set(
        fixed_pairs_for_matching(workshop=workshop, matchable_only=True, track_id=track_id)
    )
    fixed_then = {(p.submission_id, p.reviewer_id) for p in proposed if p.is_fixed}
    if fixed_now != fixed_then:
        raise Refusal("The must-assign pairs changed since this run started; start a new run.")
    if outside := {p.reviewer_id for p in proposed} - pool:
        raise Refusal(
            f"{len(outside)} proposed reviewer(s) left the reviewer pool since the run "
            "started; start a new run."
        )
    proposed_by_key = {(p.submission_id, p.reviewer_id): p for p in proposed}
    if conflicted := sorted(
        set(proposed_by_key) & pool_selectors.conflict_pairs(workshop=workshop)
    ):
        raise Refusal(
            f"{len(conflicted)} proposed pair(s) are conflicts now (declared since the run "
            "started); start a new run."
        )
    started = set(started_pairs(workshop=workshop))
    left_out = [a for a in current if not a.is_fixed and a.key not in proposed_by_key]
    removed = [a for a in left_out if a.key not in started]
    started_kept = len(left_out) - len(removed)
    Assignment.objects.filter(pk__in=[a.pk for a in removed]).delete()
    current_keys = {a.key for a in current}
    added = [
        Assignment(
            workshop=workshop,
            submission_id=pair.submission_id,
            reviewer_id=pair.reviewer_id,
            origin=AssignmentOrigin.RUN,
            run=run,
            affinity=pair.affinity,
            explanation=pair.explanation,
            added_by=by,
        )
        for key, pair in proposed_by_key.items()
        if key not in current_keys
    ]
    Assignment.objects.bulk_create(added, batch_size=2000)
    kept = len(proposed) - len(added)
    run.committed_at, run.committed_by = timezone.now(), by
    run.save(update_fields=["committed_at", "committed_by", "updated_at"])
    AssignmentEdit.objects.create(
        workshop=workshop,
        by=by,
        action=EditAction.COMMIT,
        run=run,
        note=f"{len(added)} added, {len(removed)} removed, {kept} kept"
        + (f", {started_kept} kept as their review has started" if started_kept else ""),
    )
    return CommitSummary(
        added=len(added), removed=len(removed), kept=kept, started_kept=started_kept
    )


@transaction.atomic
def assignment_run_discard(*, run: AssignmentRun) -> AssignmentRun:
    run = _pending_run(run)
    run.discarded_at = timezone.now()
    run.save(update_fields=["discarded_at", "updated_at"])
    return run


@dataclass
class EditResult:
    assignment: Assignment | None
    warnings: list[str] = field(default_factory=list)


def _check_assignable(workshop: Workshop, submission: Submission, reviewer: User) -> None:
    if submission.workshop_id != workshop.pk or submission.status != SubmissionStatus.SUBMITTED:
        raise Refusal(f"Paper #{submission.number} is not a submitted paper.")
    if not ReviewerProfile.objects.filter(workshop=workshop, user=reviewer).exists():
        raise Refusal(f"{reviewer} is not a reviewer of this workshop.")
    conflict = (
        Conflict.objects.select_for_update()
        .filter(submission=submission, reviewer=reviewer, removed_at__isnull=True)
        .first()
    )
    if conflict is not None:
        raise Refusal(
            f"{reviewer} has a conflict with paper #{submission.number}"
            f" ({conflict.get_source_display().lower()}); they cannot be assigned."
        )
    if Assignment.objects.filter(submission=submission, reviewer=reviewer).exists():
        raise Refusal(f"{reviewer} is already assigned to paper #{submission.number}.")


def _affinity_known(workshop: Workshop, submission: Submission, reviewer: User) -> float | None:
    run = latest_done_run(workshop=workshop)
    for user_id, score in run.candidates.get(str(submission.pk), []) if run else []:
        if user_id == reviewer.pk:
            return score
    return None


def _assign(workshop, submission, reviewer, by, is_fixed) -> Assignment:
    return Assignment.objects.create(
        workshop=workshop,
        submission=submission,
        reviewer=reviewer,
        is_fixed=is_fixed,
        origin=AssignmentOrigin.MANUAL,
        affinity=_affinity_known(workshop, submission, reviewer),
        added_by=by,
    )


def _assignment_locked(submission: Submission, reviewer: User) -> Assignment:
    assignment = (
        Assignment.objects.select_for_update().filter(submission=submission, reviewer=reviewer)
    ).first()
    if assignment is None:
        raise Refusal(f"{reviewer} is not assigned to paper #{submission.number}.")
    return assignment


@transaction.atomic
def assignment_add(
    *, workshop: Workshop, submission: Submission, reviewer: User, by: User, is_fixed: bool = True
) -> EditResult:
    """Put a reviewer on a paper; refused for a conflict. Hand-made pairs are fixed by default."""
    _lock_workshop(workshop)
    check_not_author(submission=submission, user=by, action="choose its reviewers")
    _check_assignable(workshop, submission, reviewer)
    assignment = _assign(workshop, submission, reviewer, by, is_fixed)
    AssignmentEdit.objects.create(
        workshop=workshop, by=by, action=EditAction.ADD, submission=submission, reviewer=reviewer,
        note="must assign" if is_fixed else "",
    )  # fmt: skip
    return EditResult(
        assignment, edit_warnings(workshop=workshop, submission=submission, user_ids=[reviewer.pk])
    )


@transaction.atomic
def assignment_remove(
    *, workshop: Workshop, submission: Submission, reviewer: User, by: User
) -> EditResult:
    _lock_workshop(workshop)
    check_not_author(submission=submission, user=by, action="choose its reviewers")
    _assignment_locked(submission, reviewer).delete()
    AssignmentEdit.objects.create(
        workshop=workshop, by=by, action=EditAction.REMOVE, submission=submission, reviewer=reviewer
    )
    return EditResult(None, edit_warnings(workshop=workshop, submission=submission, user_ids=[]))


@transaction.atomic
def assignment_swap(
    *,
    workshop: Workshop,
    submission: Submission,
    old_reviewer: User,
    new_reviewer: User,
    by: User,
    is_fixed: bool = True,
) -> EditResult:
    """Replace one reviewer of a paper by another; refused when the new one has a conflict."""
    _lock_workshop(workshop)
    check_not_author(submission=submission, user=by, action="choose its reviewers")
    old = _assignment_locked(submission, old_reviewer)
    _check_assignable(workshop, submission, new_reviewer)
    old.delete()
    assignment = _assign(workshop, submission, new_reviewer, by, is_fixed)
    AssignmentEdit.objects.create(
        workshop=workshop, by=by, action=EditAction.SWAP, submission=submission,
        reviewer=new_reviewer, old_reviewer=old_reviewer, note="must assign" if is_fixed else "",
    )  # fmt: skip
    return EditResult(
        assignment,
        edit_warnings(workshop=workshop, submission=submission, user_ids=[new_reviewer.pk]),
    )


@transaction.atomic
def assignment_set_fixed(
    *, workshop: Workshop, submission: Submission, reviewer: User, is_fixed: bool, by: User
) -> Assignment:
    _lock_workshop(workshop)
    check_not_author(submission=submission, user=by, action="choose its reviewers")
    assignment = _assignment_locked(submission, reviewer)
    if assignment.is_fixed != is_fixed:
        assignment.is_fixed = is_fixed
        assignment.save(update_fields=["is_fixed", "updated_at"])
        AssignmentEdit.objects.create(
            workshop=workshop, by=by, action=EditAction.FIX if is_fixed else EditAction.UNFIX,
            submission=submission, reviewer=reviewer,
        )  # fmt: skip
    return assignment


@transaction.atomic
def assignment_release_create(*, workshop: Workshop, by: User | None) -> AssignmentRelease:
    """Announce the assignments not yet announced; each reviewer concerned gets one email."""
    _lock_workshop(workshop)
    unannounced = Assignment.objects.filter(workshop=workshop, release__isnull=True)
    if not unannounced.exists():
        raise Refusal("There is nothing new to release.")
    last = AssignmentRelease.objects.filter(workshop=workshop).aggregate(n=Max("number"))["n"]
    release = AssignmentRelease.objects.create(
        workshop=workshop, number=(last or 0) + 1, released_by=by, released_at=timezone.now()
    )
    count = unannounced.update(release=release, updated_at=timezone.now())
    AssignmentEdit.objects.create(
        workshop=workshop, by=by, action=EditAction.RELEASE,
        note=f"release {release.number}: {count} assignments announced",
    )  # fmt: skip
    transaction.on_commit(lambda: assignment_release_enqueue(release_id=release.pk))
    return release


def assignment_release_enqueue(*, release_id: int) -> bool:
    from assignment.tasks import send_assignment_release

    return enqueue(send_assignment_release, release_id=release_id)


def assignment_release_notify(*, release_id: int) -> int:
    """One email per reviewer the release concerns; the idempotency key makes it once only."""

    release = AssignmentRelease.objects.select_related("workshop").filter(pk=release_id).first()
    if release is None:
        return 0
    workshop = release.workshop
    news: dict[int, set[int]] = {}
    for reviewer_id, submission_id in Assignment.objects.filter(release=release).values_list(
        "reviewer_id", "submission_id"
    ):
        news.setdefault(reviewer_id, set()).add(submission_id)
    taken_away = papers_taken_away(release=release)
    queued = 0
    for reviewer in User.objects.filter(pk__in={*news, *taken_away}).order_by("pk"):
        papers = list(submissions_for_assigned_reviewer(workshop=workshop, user=reviewer))
        new = news.get(reviewer.pk, set())
        removed = taken_away.get(reviewer.pk, [])
        if not removed and not any(paper.pk in new for paper in papers):
            continue  # everything new to them became a conflict meanwhile
        email_queue(
            template=RELEASE_EMAIL_TEMPLATE,
            to=[reviewer.email],
            context={
                "workshop": workshop,
                "reviewer": reviewer,
                "papers": [(paper, paper.pk in new) for paper in papers],
                "removed": removed,
                "assignments_url": settings.SITE_URL
                + reverse("my_assignments:list", kwargs={"workshop": workshop.slug}),
            },
            workshop=workshop,
            about=release,
            idempotency_key=f"assignment-release:{release.pk}:{reviewer.pk}",
        )
        queued += 1
    AssignmentRelease.objects.filter(pk=release.pk).update(
        emails_queued=queued, updated_at=timezone.now()
    )
    return queued


def workshop_texts_embed(*, workshop_id: int) -> int:
    """Embed the workshop's papers and reviewers' documents that have no stored vector yet
    (raises ModelUnavailable); how many texts were encoded."""
    workshop = Workshop.objects.get(pk=workshop_id)
    return embeddings_ensure(texts=engine.workshop_texts(workshop=workshop))
