"""Writes of deciding: decisions, their release, decision mail and camera-ready reminders."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from assignment.services import assignment_swap
from decisions import selectors
from decisions.enums import NotificationJobStatus
from decisions.models import Decision, DecisionNotificationJob
from fomo_site.errors import Refusal
from fomo_site.queue import enqueue
from notifications.enums import EmailStatus
from notifications.mail_templates import (
    mail_template_save,
    mail_template_text,
    placeholders_render,
)
from notifications.selectors import email_statuses, emails_known
from notifications.services import (
    RenderedEmail,
    absolute_url,
    clean_subject,
    email_queue,
    emails_queue_rendered,
)
from reviews import selectors as review_selectors
from reviews.enums import (
    ACCEPT_OUTCOMES,
    DecisionOutcome,
    ReviewStatus,
)
from reviews.models import (
    CAMERA_READY_REMINDER_MAX_DAYS,
    Review,
)
from submissions.enums import SubmissionStatus
from submissions.models import Submission
from submissions.services import check_not_author
from topics.models import Workshop
from topics.templatetags.fomo import aoe

logger = logging.getLogger(__name__)


DECISION_PLACEHOLDERS = (
    "author_names",
    "title",
    "paper_id",
    "outcome",
    "meta_review",
    "reviews",
    "camera_ready_deadline",
    "workshop_name",
    "workshop_short_name",
    "paper_url",
    "site_url",
)


NOTIFY_BATCH = 250


@transaction.atomic
def review_reassign(
    *, submission: Submission, old_reviewer: User, new_reviewer: User, by: User
) -> None:
    """Give a paper of a late (or declining) reviewer to another one, through the
    assignment's swap (which refuses a conflicted or already assigned reviewer)."""
    done = Review.objects.filter(
        submission=submission, reviewer=old_reviewer, status=ReviewStatus.SUBMITTED
    ).exists()
    if done:
        raise Refusal(f"{old_reviewer} has already reviewed {submission.public_id}.")
    check_not_author(submission=submission, user=by, action="choose its reviewers")
    assignment_swap(
        workshop=submission.workshop,
        submission=submission,
        old_reviewer=old_reviewer,
        new_reviewer=new_reviewer,
        by=by,
    )


def _check_outcome(workshop: Workshop, outcome: str, track=None) -> None:
    if outcome not in dict(review_selectors.outcome_choices(workshop=workshop)):
        raise Refusal("This outcome is not offered for this workshop.")
    if outcome not in dict(review_selectors.outcome_choices(workshop=workshop, track=track)):
        raise Refusal(f"This outcome is not offered in the track “{track.name}”.")


@transaction.atomic
def decision_set(
    *, submission: Submission, outcome: str, meta_review: str = "", by: User
) -> Decision:
    """Record (or change) the decision on one paper; authors see nothing until release."""
    check_not_author(submission=submission, user=by, action="decide on it")
    _check_outcome(submission.workshop, outcome, submission.track)
    if submission.status not in selectors.DECIDABLE_STATUSES:
        raise Refusal(f"Paper {submission.public_id} is not a submitted paper.")
    if submission.workshop.decisions_released_at is not None:
        raise Refusal("Decisions are released: they can no longer change.")
    decision, _ = Decision.objects.update_or_create(
        submission=submission,
        defaults={"outcome": outcome, "meta_review": meta_review.strip(), "decided_by": by},
    )
    return decision


@transaction.atomic
def decisions_bulk_set(
    *, workshop: Workshop, submission_ids: Iterable[int], outcome: str, by: User
) -> int:
    """The same outcome for many papers at once (meta-reviews already written are kept)."""
    _check_outcome(workshop, outcome)
    if workshop.decisions_released_at is not None:
        raise Refusal("Decisions are released: they can no longer change.")
    allowed = selectors.submissions_for_organizer_reviews(workshop=workshop, user=by)
    chosen = allowed.filter(pk__in=list(submission_ids))
    barred = [
        f"#{number} ({name})"
        for number, name, outcomes in chosen.filter(track__isnull=False)
        .order_by("number")
        .values_list("number", "track__name", "track__outcomes")
        if outcomes and outcome not in outcomes
    ]
    if barred:
        raise Refusal(
            "This outcome is not offered in the track of "
            + ", ".join(barred)
            + ": leave those papers out or decide them one by one."
        )
    papers = list(chosen.values_list("pk", flat=True))
    existing = set(
        Decision.objects.filter(submission_id__in=papers).values_list("submission_id", flat=True)
    )
    Decision.objects.filter(submission_id__in=existing).update(
        outcome=outcome, decided_by=by, updated_at=timezone.now()
    )
    Decision.objects.bulk_create(
        [
            Decision(submission_id=pk, outcome=outcome, decided_by=by)
            for pk in papers
            if pk not in existing
        ]
    )
    return len(papers)


@transaction.atomic
def decisions_release(*, workshop: Workshop, by: User) -> int:
    """Show the decisions to the authors: accepted/rejected statuses, the release time.
    Every submitted paper needs a decision first."""
    locked = Workshop.objects.select_for_update().get(pk=workshop.pk)
    if locked.decisions_released_at is not None:
        raise Refusal("Decisions are already released.")
    missing = selectors.undecided_count(workshop=workshop)
    if missing:
        raise Refusal(f"{missing} submitted paper(s) have no decision yet.")
    decided = Submission.objects.filter(workshop=workshop, status=SubmissionStatus.SUBMITTED)
    now = timezone.now()
    accepted = decided.filter(decision__outcome__in=ACCEPT_OUTCOMES).update(
        status=SubmissionStatus.ACCEPTED, updated_at=now
    )
    rejected = decided.filter(decision__outcome=DecisionOutcome.REJECT).update(
        status=SubmissionStatus.REJECTED, updated_at=now
    )
    locked.decisions_released_at = now
    locked.save(update_fields=["decisions_released_at", "updated_at"])
    workshop.decisions_released_at = now
    logger.info("decisions of %s released by %s", workshop.slug, by.pk)
    return accepted + rejected


def decision_template_name(outcome: str) -> str:
    """The editable email of an outcome (templates/emails/decision_<outcome>.*)."""
    return f"decision_{outcome}"


def decision_template_text(*, workshop: Workshop, outcome: str) -> tuple[str, str]:
    return mail_template_text(workshop=workshop, name=decision_template_name(outcome))


def decision_template_save(*, workshop: Workshop, outcome: str, subject: str, body: str) -> None:
    mail_template_save(
        workshop=workshop,
        name=decision_template_name(outcome),
        subject=subject,
        body=body,
        allowed=DECISION_PLACEHOLDERS,
    )


def reviews_as_text(reviews: Sequence[review_selectors.ReviewView]) -> str:
    """The author-visible reviews as plain text for an email."""
    blocks = []
    for review in reviews:
        lines = [review.label, "=" * len(review.label)]
        lines.append(f"Recommendation: {review.score}")
        lines.append(f"Confidence: {review.confidence}")
        for title, text in (
            ("Summary", review.summary),
            ("Strengths", review.strengths),
            ("Weaknesses", review.weaknesses),
            ("Questions and comments to the authors", review.comments_to_authors),
        ):
            if text:
                lines += ["", f"{title}:", text.strip()]
        for answer in review.custom:
            lines += ["", f"{answer.label}:", answer.value]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) if blocks else "(no reviews)"


def decision_email_values(
    *, submission: Submission, decision: Decision, reviews: Sequence[review_selectors.ReviewView]
) -> dict[str, str]:
    workshop = submission.workshop
    return {
        "author_names": ", ".join(a.name for a in submission.authorships.all()),
        "title": submission.title,
        "paper_id": submission.public_id,
        "outcome": decision.get_outcome_display(),
        "meta_review": decision.meta_review or "(none)",
        "reviews": reviews_as_text(reviews),
        "camera_ready_deadline": aoe(workshop.camera_ready_deadline),
        "workshop_name": workshop.name,
        "workshop_short_name": workshop.short_name,
        "paper_url": absolute_url(submission.get_absolute_url()),
        "site_url": settings.SITE_URL,
    }


def decision_email_render(
    *,
    submission: Submission,
    decision: Decision,
    texts: Mapping[str, tuple[str, str]] | None = None,
    reviews: Sequence[review_selectors.ReviewView] | None = None,
) -> tuple[str, str]:
    """Subject and body of one paper's decision email (reviews as the authors see them)."""
    workshop = submission.workshop
    subject, body = (texts or {}).get(decision.outcome) or decision_template_text(
        workshop=workshop, outcome=decision.outcome
    )
    if reviews is None:
        reviews = review_selectors.reviews_for_author(submission=submission)
    values = decision_email_values(submission=submission, decision=decision, reviews=reviews)
    return clean_subject(placeholders_render(subject, values)), placeholders_render(body, values)


def decision_email_key(*, submission_id: int, outcome: str) -> str:
    return f"decision:{submission_id}:{outcome}"


@transaction.atomic
def decision_notify_start(
    *, workshop: Workshop, only_pending: bool, by: User
) -> DecisionNotificationJob:
    """Start the job that emails the authors their decision (after the release)."""
    if workshop.decisions_released_at is None:
        raise Refusal("Release the decisions before notifying the authors.")
    running = DecisionNotificationJob.objects.filter(
        workshop=workshop,
        status__in=[NotificationJobStatus.QUEUED, NotificationJobStatus.RUNNING],
        created_at__gte=timezone.now() - timedelta(minutes=30),
    ).first()
    if running is not None:
        return running
    job = DecisionNotificationJob.objects.create(
        workshop=workshop, only_pending=only_pending, started_by=by
    )
    transaction.on_commit(lambda: decision_notify_enqueue(job_id=job.pk))
    return job


def decision_notify_enqueue(*, job_id: int) -> bool:
    from decisions.tasks import send_decisions

    return enqueue(send_decisions, job_id=job_id)


def _decided_papers(workshop: Workshop):
    return (
        Submission.objects.filter(
            workshop=workshop,
            status__in=[SubmissionStatus.ACCEPTED, SubmissionStatus.REJECTED],
            decision__isnull=False,
        )
        .select_related("workshop", "decision")
        .prefetch_related("authorships")
        .order_by("number")
    )


def author_reviews_bulk(workshop: Workshop, submission_ids: list[int]) -> dict[int, list]:
    """reviews_for_author for many papers in one query (same numbering and fields)."""
    settings_obj = selectors.review_settings_get(workshop=workshop)
    fields = review_selectors.form_fields(workshop=workshop)
    by_paper: dict[int, list[Review]] = {}
    for review in Review.objects.filter(
        submission_id__in=submission_ids, status=ReviewStatus.SUBMITTED
    ).order_by("submitted_at", "pk"):
        by_paper.setdefault(review.submission_id, []).append(review)
    result = {}
    for submission_id, reviews in by_paper.items():
        numbers = review_selectors._numbered(reviews)
        result[submission_id] = [
            review_selectors._view(
                review, f"Reviewer {numbers[review.pk]}", settings_obj, fields, authors=True
            )
            for review in reviews
        ]
    return result


def decision_notify_run(*, job_id: int) -> DecisionNotificationJob:
    """Put one decision email per paper in the outbox, in batches: rows are written with
    bulk_create and each batch is enqueued after its commit. A key already in the outbox is
    skipped, so running the job again sends nothing twice."""
    job = DecisionNotificationJob.objects.select_related("workshop").get(pk=job_id)
    if job.status == NotificationJobStatus.DONE:
        return job
    workshop = job.workshop
    papers = list(_decided_papers(workshop))
    job.status = NotificationJobStatus.RUNNING
    job.total = len(papers)
    job.queued = job.skipped = 0
    job.started_at = job.started_at or timezone.now()
    job.save(update_fields=["status", "total", "queued", "skipped", "started_at", "updated_at"])
    texts = {
        outcome: decision_template_text(workshop=workshop, outcome=outcome)
        for outcome in DecisionOutcome.values
    }
    for start in range(0, len(papers), NOTIFY_BATCH):
        batch = papers[start : start + NOTIFY_BATCH]
        keys = {
            paper.pk: decision_email_key(submission_id=paper.pk, outcome=paper.decision.outcome)
            for paper in batch
        }
        with transaction.atomic():
            known = emails_known(keys=keys.values())
            todo = [paper for paper in batch if keys[paper.pk] not in known]
            reviews = author_reviews_bulk(workshop, [paper.pk for paper in todo])
            now = timezone.now()
            rows = []
            for paper in todo:
                recipients = [a.email.strip().lower() for a in paper.authorships.all()]
                if not recipients:
                    continue
                subject, body = decision_email_render(
                    submission=paper,
                    decision=paper.decision,
                    texts=texts,
                    reviews=reviews.get(paper.pk, []),
                )
                rows.append(
                    RenderedEmail(
                        to=recipients,
                        subject=subject,
                        body_text=body,
                        kind=f"decision_{paper.decision.outcome}",
                        idempotency_key=keys[paper.pk],
                        about=paper,
                    )
                )
            emails_queue_rendered(emails=rows, workshop=workshop)
            DecisionNotificationJob.objects.filter(pk=job.pk).update(
                queued=job.queued + len(rows),
                skipped=job.skipped + len(batch) - len(rows),
                updated_at=now,
            )
            job.queued += len(rows)
            job.skipped += len(batch) - len(rows)
    job.status = NotificationJobStatus.DONE
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "finished_at", "updated_at"])
    return job


@dataclass(frozen=True)
class NotificationCounts:
    papers: int
    queued: int
    sent: int
    failed: int
    not_notified: int


def decision_notification_counts(*, workshop: Workshop) -> NotificationCounts:
    papers = {
        decision_email_key(submission_id=pk, outcome=outcome)
        for pk, outcome in _decided_papers(workshop).values_list("pk", "decision__outcome")
    }
    statuses = email_statuses(keys=papers)
    values = list(statuses.values())
    return NotificationCounts(
        papers=len(papers),
        queued=values.count(EmailStatus.QUEUED),
        sent=values.count(EmailStatus.SENT),
        failed=values.count(EmailStatus.FAILED),
        not_notified=len(papers) - len(statuses),
    )


def camera_ready_reminders_send(*, now: datetime | None = None) -> int:
    """The periodic job: once per accepted paper without a camera-ready PDF, from the
    workshop's camera_ready_reminder_days before its deadline (0: never)."""
    now = now or timezone.now()
    sent = 0
    workshops = Workshop.objects.filter(
        decisions_released_at__isnull=False,
        camera_ready_deadline__gt=now,
        camera_ready_deadline__lte=now + timedelta(days=CAMERA_READY_REMINDER_MAX_DAYS),
    )
    for workshop in workshops:
        days = selectors.review_settings_get(workshop=workshop).camera_ready_reminder_days
        if not days or workshop.camera_ready_deadline > now + timedelta(days=days):
            continue
        papers = (
            Submission.objects.filter(
                workshop=workshop, status=SubmissionStatus.ACCEPTED, camera_ready_at__isnull=True
            )
            .select_related("workshop")
            .prefetch_related("authorships")
        )
        for paper in papers:
            recipients = [authorship.email for authorship in paper.authorships.all()]
            if not recipients:
                continue
            with transaction.atomic():
                key = f"camera_ready_reminder:{paper.pk}"
                if emails_known(keys=[key]):
                    continue
                email_queue(
                    template="camera_ready_reminder",
                    to=recipients,
                    context={
                        "submission": paper,
                        "workshop": workshop,
                        "deadline": aoe(workshop.camera_ready_deadline),
                        "paper_url": absolute_url(paper.get_absolute_url()),
                    },
                    workshop=workshop,
                    about=paper,
                    idempotency_key=key,
                )
                sent += 1
    return sent
