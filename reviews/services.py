"""Writes for reviewing: review settings and form, reviews and their history, discussion,
declines, reminders, and taking a reviewer out of the pool with their unreviewed papers.

Every email goes through the outbox with an idempotency key, so a job run twice (or a
worker that dies halfway and is restarted) never sends anything twice."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from assignment.enums import EditAction
from assignment.models import Assignment, AssignmentDecline, AssignmentEdit
from fomo_site.errors import Refusal
from notifications.mail_templates import (
    mail_template_custom,
    mail_template_save,
    mail_template_text,
    placeholders_render,
)
from notifications.selectors import emails_known
from notifications.services import (
    absolute_url,
    email_queue,
    email_queue_rendered,
)
from pool import services as pool_services
from pool.models import ReviewerProfile
from reviews import selectors
from reviews.enums import (
    DecisionOutcome,
    DelegationStatus,
    FormFieldKind,
    ReminderKind,
    ReviewStatus,
)
from reviews.models import (
    Delegation,
    DiscussionComment,
    ReminderLog,
    Review,
    ReviewFormField,
    ReviewRevision,
    ReviewSettings,
)
from reviews.response_services import review_has_response
from submissions import selectors as submission_selectors
from submissions.enums import SubmissionStatus
from submissions.models import Submission
from topics.models import Track, Workshop
from topics.templatetags.fomo import aoe

logger = logging.getLogger(__name__)


REVIEW_FIELDS = (
    "score",
    "confidence",
    "summary",
    "strengths",
    "weaknesses",
    "comments_to_authors",
    "confidential_comments",
    "no_conflict_confirmed",
)


# The editable reminder emails, by the settings form's field prefix.
REMINDER_TEMPLATES = {
    "reminder_before": "review_reminder",
    "reminder_overdue": "review_reminder_overdue",
}
REMINDER_TEMPLATE_FIELDS = tuple(
    f"{prefix}_{part}" for prefix in REMINDER_TEMPLATES for part in ("subject", "body")
)
REMINDER_PLACEHOLDERS = (
    "reviewer_name",
    "paper_id",
    "title",
    "review_deadline",
    "review_url",
    "workshop_name",
    "site_url",
)


def review_url(submission: Submission) -> str:
    return absolute_url(
        reverse(
            "review:paper",
            kwargs={"workshop": submission.workshop.slug, "number": submission.number},
        )
    )


@dataclass(frozen=True)
class ReviewContent:
    score: int | None
    confidence: int | None
    summary: str = ""
    strengths: str = ""
    weaknesses: str = ""
    comments_to_authors: str = ""
    confidential_comments: str = ""
    no_conflict_confirmed: bool = False
    custom_answers: Mapping[str, object] | None = None

    def as_data(self) -> dict:
        data = {name: getattr(self, name) for name in REVIEW_FIELDS}
        data["custom_answers"] = dict(self.custom_answers or {})
        return data


def reminder_texts_stored(*, workshop: Workshop) -> dict[str, str]:
    """The reminder subjects and bodies the organizers wrote ("" where the default holds),
    by settings form field."""
    texts = {}
    for prefix, name in REMINDER_TEMPLATES.items():
        custom = mail_template_custom(workshop=workshop, name=name)
        texts[f"{prefix}_subject"] = custom.subject if custom else ""
        texts[f"{prefix}_body"] = custom.body if custom else ""
    return texts


def _reminder_texts_save(*, workshop: Workshop, values: Mapping[str, object]) -> None:
    stored = reminder_texts_stored(workshop=workshop)
    for prefix, name in REMINDER_TEMPLATES.items():
        subject_key, body_key = f"{prefix}_subject", f"{prefix}_body"
        if subject_key in values or body_key in values:
            mail_template_save(
                workshop=workshop,
                name=name,
                subject=str(values.get(subject_key, stored[subject_key]) or ""),
                body=str(values.get(body_key, stored[body_key]) or ""),
                allowed=REMINDER_PLACEHOLDERS,
            )


@transaction.atomic
def review_settings_save(*, workshop: Workshop, values: Mapping[str, object]) -> ReviewSettings:
    """Save the settings; the reminder texts among ``values`` go to the workshop's mail
    templates."""
    settings_obj = selectors.review_settings_get(workshop=workshop)
    _reminder_texts_save(workshop=workshop, values=values)
    for name, value in values.items():
        if name not in REMINDER_TEMPLATE_FIELDS:
            setattr(settings_obj, name, value)
    unknown = set(settings_obj.outcomes) - set(DecisionOutcome.values)
    if unknown or not settings_obj.outcomes:
        raise Refusal("Choose at least one outcome from the list.")
    settings_obj.full_clean()
    settings_obj.save()
    return settings_obj


@transaction.atomic
def review_form_field_create(
    *,
    workshop: Workshop,
    kind: str,
    label: str,
    help_text: str = "",
    required: bool = False,
    visible_to_authors: bool = False,
    score_min: int = 1,
    score_max: int = 5,
    tracks: Sequence[Track] = (),
) -> ReviewFormField:
    """Add a question to the review form; with ``tracks``, asked in those tracks only."""
    if kind not in FormFieldKind.values:
        raise Refusal("Unknown field kind.")
    if any(track.workshop_id != workshop.pk for track in tracks):
        raise Refusal("That track belongs to another workshop.")
    last = ReviewFormField.objects.filter(workshop=workshop).order_by("-order").first()
    form_field = ReviewFormField.objects.create(
        workshop=workshop,
        kind=kind,
        label=label.strip(),
        help_text=help_text.strip(),
        required=required,
        visible_to_authors=visible_to_authors,
        score_min=score_min,
        score_max=score_max,
        order=(last.order + 1) if last else 0,
    )
    form_field.tracks.set(list(tracks))
    return form_field


REVIEW_SETTINGS_COPIED = (
    "score_min",
    "score_max",
    "score_labels",
    "confidence_labels",
    "disagreement_spread",
    "outcomes",
    "reminder_days_before",
    "camera_ready_reminder_days",
    # the author response phase and subreviewers: the same choices, the dates moved below
    "response_enabled",
    "response_max_chars",
    "response_per_review",
    "subreviewers_allowed",
    "subreviewer_approval_required",
)
RESPONSE_DATES = ("response_opens_at", "response_closes_at")
FORM_FIELD_COPIED = (
    "kind",
    "label",
    "help_text",
    "required",
    "visible_to_authors",
    "score_min",
    "score_max",
    "order",
)


@transaction.atomic
def review_setup_copy(*, source: Workshop, target: Workshop) -> None:
    """A next edition starts with the earlier one's review scale, settings (the author
    response phase's dates moved as the workshop's were) and questions."""
    earlier = ReviewSettings.objects.filter(workshop=source).first()
    if earlier is not None:
        shift = target.submission_deadline - source.submission_deadline
        dates = {
            name: getattr(earlier, name) + shift if getattr(earlier, name) else None
            for name in RESPONSE_DATES
        }
        ReviewSettings.objects.update_or_create(
            workshop=target,
            defaults={name: getattr(earlier, name) for name in REVIEW_SETTINGS_COPIED} | dates,
        )
    # a question limited to some tracks stays with the same tracks (by slug) of the copy
    target_tracks = {track.slug: track for track in Track.objects.filter(workshop=target)}
    for field in (
        ReviewFormField.objects.filter(workshop=source)
        .prefetch_related("tracks")
        .order_by("order", "pk")
    ):
        copied = ReviewFormField.objects.create(
            workshop=target, **{name: getattr(field, name) for name in FORM_FIELD_COPIED}
        )
        copied.tracks.set(
            [target_tracks[t.slug] for t in field.tracks.all() if t.slug in target_tracks]
        )


@transaction.atomic
def review_form_field_delete(*, form_field: ReviewFormField) -> None:
    form_field.delete()


def _review_locked(*, submission: Submission, reviewer: User) -> Review:
    review, _ = Review.objects.select_for_update().get_or_create(
        submission=submission,
        reviewer=reviewer,
        defaults={"workshop_id": submission.workshop_id},
    )
    return review


def review_open_after_response(*, review: Review) -> bool:
    """A submitted review the reviewer may still update because the authors responded."""
    return review.workshop.decisions_released_at is None and _answered(review)


def _answered(review: Review) -> bool:
    """A submitted review stays open to updates after the deadline once the authors
    responded (until the decisions are out)."""
    settings_obj = selectors.review_settings_get(workshop=review.submission.workshop)
    return settings_obj.response_enabled and review_has_response(review=review)


def _check_can_write(review: Review, submission: Submission, now: datetime) -> None:
    workshop = submission.workshop
    if workshop.decisions_released_at is not None:
        raise Refusal("Decisions are out: reviews can no longer change.")
    if submission.status != SubmissionStatus.SUBMITTED:
        raise Refusal("This paper is no longer under review.")
    if review.is_submitted and now >= workshop.review_deadline and not _answered(review):
        raise Refusal("The review deadline has passed: submitted reviews are final.")
    if AssignmentDecline.objects.filter(submission=submission, reviewer=review.reviewer).exists():
        raise Refusal("You declined this paper.")


@transaction.atomic
def review_save_draft(*, submission: Submission, reviewer: User, data: Mapping) -> Review:
    """Keep unsubmitted edits (autosave or the "Save draft" button); the submitted text,
    if any, stays what others see."""
    review = _review_locked(submission=submission, reviewer=reviewer)
    _check_can_write(review, submission, timezone.now())
    review.draft = dict(data)
    review.draft_saved_at = timezone.now()
    review.save(update_fields=["draft", "draft_saved_at", "updated_at"])
    return review


def _snapshot(review: Review) -> dict:
    data = {name: getattr(review, name) for name in REVIEW_FIELDS}
    data["custom_answers"] = dict(review.custom_answers)
    return data


def _subreview_credit(review: Review) -> None:
    """A review submitted from the subreviewer's text (endorsed, or taken into the
    reviewer's draft) is theirs: record it. Later updates keep the record."""
    delegation = (
        Delegation.objects.select_for_update()
        .filter(
            submission_id=review.submission_id,
            reviewer_id=review.reviewer_id,
            status=DelegationStatus.TAKEN,
        )
        .first()
    )
    if delegation is None:
        return
    review.written_by_id = delegation.subreviewer_id
    delegation.status = DelegationStatus.ENDORSED
    delegation.save(update_fields=["status", "updated_at"])


@transaction.atomic
def review_submit(*, submission: Submission, reviewer: User, content: ReviewContent) -> Review:
    """Submit (or resubmit) a review: the fields change, the draft is cleared, a revision
    is recorded for the history, and the reviewer gets a receipt."""
    now = timezone.now()
    review = _review_locked(submission=submission, reviewer=reviewer)
    _check_can_write(review, submission, now)
    if content.score is None or content.confidence is None:
        raise Refusal("A review needs a recommendation and a confidence.")
    if not content.no_conflict_confirmed:
        raise Refusal("Confirm that you have no conflict with this paper.")
    data = content.as_data()
    if review.is_submitted and _snapshot(review) == data:
        review.draft = {}
        review.save(update_fields=["draft", "updated_at"])
        return review
    after_response = review.is_submitted and _answered(review)
    if after_response:
        review.updated_after_response_at = now
        if review.score_before_response is None:
            review.score_before_response = review.score
    for name in REVIEW_FIELDS:
        setattr(review, name, data[name])
    review.custom_answers = data["custom_answers"]
    review.status = ReviewStatus.SUBMITTED
    review.submitted_at = review.submitted_at or now
    review.last_submitted_at = now
    review.draft = {}
    review.draft_saved_at = None
    _subreview_credit(review)
    review.save()
    number = review.revisions.count() + 1
    snapshot = _snapshot(review)
    if after_response:
        snapshot["after_response"] = True
    ReviewRevision.objects.create(review=review, number=number, data=snapshot)
    email_queue(
        template="review_submitted",
        to=[reviewer.email],
        context={
            "reviewer": reviewer,
            "submission": submission,
            "workshop": submission.workshop,
            "revision": number,
            "review_url": review_url(submission),
        },
        workshop=submission.workshop,
        about=review,
        idempotency_key=f"review_submitted:{review.pk}:{number}",
    )
    return review


@transaction.atomic
def review_decline(*, submission: Submission, reviewer: User, reason: str) -> AssignmentDecline:
    """A reviewer gives back an assigned paper before reviewing it; organizers are told."""
    reason = reason.strip()
    if not reason:
        raise Refusal("Say briefly why you decline this paper.")
    review = Review.objects.filter(submission=submission, reviewer=reviewer).first()
    if review is not None and review.is_submitted:
        raise Refusal("You have already reviewed this paper.")
    decline, created = AssignmentDecline.objects.get_or_create(
        submission=submission, reviewer=reviewer, defaults={"reason": reason}
    )
    if created:
        workshop = submission.workshop
        organizers = list(workshop.organizers.values_list("email", flat=True))
        if organizers:
            email_queue(
                template="review_declined",
                to=organizers,
                context={
                    "reviewer": reviewer,
                    "submission": submission,
                    "workshop": workshop,
                    "reason": reason,
                    "progress_url": absolute_url(
                        reverse("reviews_manage:progress", kwargs={"workshop": workshop.slug})
                    ),
                },
                workshop=workshop,
                about=decline,
                idempotency_key=f"review_declined:{decline.pk}",
            )
    return decline


@transaction.atomic
def discussion_comment_add(*, submission: Submission, author: User, body: str) -> DiscussionComment:
    body = body.strip()
    if not body:
        raise Refusal("The comment is empty.")
    if submission.workshop.decisions_released_at is not None:
        raise Refusal("The discussion is closed.")
    return DiscussionComment.objects.create(submission=submission, author=author, body=body)


def reminder_text(*, workshop: Workshop, kind: str) -> tuple[str, str]:
    prefix = "reminder_overdue" if kind == ReminderKind.OVERDUE else "reminder_before"
    return mail_template_text(workshop=workshop, name=REMINDER_TEMPLATES[prefix])


def _remind(
    *, workshop: Workshop, submission: Submission, reviewer: User, kind: str, key: str, texts
) -> bool:
    values = {
        "reviewer_name": reviewer.full_name or reviewer.email,
        "paper_id": submission.public_id,
        "title": submission.title,
        "review_deadline": aoe(workshop.review_deadline),
        "review_url": review_url(submission),
        "workshop_name": workshop.name,
        "site_url": settings.SITE_URL,
    }
    subject, body = texts
    if emails_known(keys=[key]):
        return False
    email = email_queue_rendered(
        to=[reviewer.email],
        subject=placeholders_render(subject, values),
        body_text=placeholders_render(body, values),
        kind="review_reminder",
        workshop=workshop,
        about=submission,
        idempotency_key=key,
    )
    if kind != ReminderKind.MANUAL:
        ReminderLog.objects.get_or_create(
            submission=submission,
            reviewer=reviewer,
            kind=kind,
            defaults={"workshop": workshop, "email": email},
        )
    return True


def _pairs_objects(workshop: Workshop, pairs: list[tuple[int, int]]):
    submissions = Submission.objects.select_related("workshop").in_bulk({p[0] for p in pairs})
    users = User.objects.in_bulk({p[1] for p in pairs})
    return [(submissions[s], users[r]) for s, r in pairs]


def review_reminders_send(*, now: datetime | None = None) -> int:
    """The periodic job: once per (reviewer, paper, kind), N days before the review
    deadline and once overdue, to every reviewer whose assigned review is missing."""
    now = now or timezone.now()
    sent = 0
    horizon = now + timedelta(days=31)
    workshops = Workshop.objects.filter(
        decisions_released_at__isnull=True, review_deadline__lte=horizon
    )
    for workshop in workshops:
        settings_obj = selectors.review_settings_get(workshop=workshop)
        if now >= workshop.review_deadline:
            kind = ReminderKind.OVERDUE
        elif now >= workshop.review_deadline - timedelta(days=settings_obj.reminder_days_before):
            kind = ReminderKind.BEFORE_DEADLINE
        else:
            continue
        pairs = selectors.missing_review_pairs(workshop=workshop)
        logged = set(
            ReminderLog.objects.filter(workshop=workshop, kind=kind).values_list(
                "submission_id", "reviewer_id"
            )
        )
        pairs = [pair for pair in pairs if pair not in logged]
        texts = reminder_text(workshop=workshop, kind=kind)
        for submission, reviewer in _pairs_objects(workshop, pairs):
            with transaction.atomic():
                sent += _remind(
                    workshop=workshop,
                    submission=submission,
                    reviewer=reviewer,
                    kind=kind,
                    key=f"review_reminder:{kind}:{submission.pk}:{reviewer.pk}",
                    texts=texts,
                )
    return sent


@transaction.atomic
def review_remind_late(*, workshop: Workshop, by: User, now: datetime | None = None) -> int:
    """Organizer action: remind every reviewer with a missing review now (at most once a
    day per reviewer and paper, however often the button is pressed). Before the review
    deadline the mail says when the review is due; after it, that the deadline passed."""
    now = now or timezone.now()
    pairs = selectors.missing_review_pairs(workshop=workshop)
    own = submission_selectors.authored_submission_ids(workshop=workshop, user=by)
    pairs = [pair for pair in pairs if pair[0] not in own]
    overdue = now >= workshop.review_deadline
    kind = ReminderKind.OVERDUE if overdue else ReminderKind.BEFORE_DEADLINE
    texts = reminder_text(workshop=workshop, kind=kind)
    sent = 0
    for submission, reviewer in _pairs_objects(workshop, pairs):
        sent += _remind(
            workshop=workshop,
            submission=submission,
            reviewer=reviewer,
            kind=ReminderKind.MANUAL,
            key=f"review_reminder:manual:{submission.pk}:{reviewer.pk}:{now.date().isoformat()}",
            texts=texts,
        )
    return sent


@transaction.atomic
def review_remind_paper(*, submission: Submission, by: User, now: datetime | None = None) -> int:
    """Remind the reviewers of one paper whose review is missing (its area chair's button;
    at most once a day per reviewer, however often it is pressed)."""
    now = now or timezone.now()
    workshop = submission.workshop
    kind = ReminderKind.OVERDUE if now >= workshop.review_deadline else ReminderKind.BEFORE_DEADLINE
    texts = reminder_text(workshop=workshop, kind=kind)
    pairs = [
        pair
        for pair in selectors.missing_review_pairs(workshop=workshop)
        if pair[0] == submission.pk
    ]
    sent = 0
    for _, reviewer in _pairs_objects(workshop, pairs):
        sent += _remind(
            workshop=workshop,
            submission=submission,
            reviewer=reviewer,
            kind=ReminderKind.MANUAL,
            key=f"review_reminder:manual:{submission.pk}:{reviewer.pk}:{now.date().isoformat()}",
            texts=texts,
        )
    return sent


REMOVAL_NOTE = "reviewer removed from the pool"


@dataclass(frozen=True)
class Removal:
    reviewer: User
    assignments_removed: int
    drafts_removed: int
    reviews_kept: int


@transaction.atomic
def reviewer_remove(*, profile: ReviewerProfile, by: User) -> Removal:
    """Take a reviewer out of the pool and tell them by email; refused once decisions are
    released (the reviews and the pool are final then)."""
    workshop = Workshop.objects.select_for_update().get(pk=profile.workshop_id)
    profile = (
        ReviewerProfile.objects.select_for_update(of=("self",))
        .select_related("user")
        .filter(pk=profile.pk)
        .first()
    )
    if profile is None:
        raise Refusal("This reviewer is no longer in the pool.")
    reviewer = profile.user
    if workshop.decisions_released_at is not None:
        raise Refusal(
            f"Decisions are released: {reviewer.full_name or reviewer.email} stays in the "
            "reviewer pool with their reviews."
        )
    profile.workshop = workshop
    reviews = Review.objects.filter(workshop=workshop, reviewer=reviewer)
    reviewed = set(
        reviews.filter(status=ReviewStatus.SUBMITTED).values_list("submission_id", flat=True)
    )
    unreviewed = Assignment.objects.filter(workshop=workshop, reviewer=reviewer).exclude(
        submission_id__in=reviewed
    )
    AssignmentEdit.objects.bulk_create(
        AssignmentEdit(
            workshop=workshop,
            by=by,
            action=EditAction.REMOVE,
            submission_id=submission_id,
            reviewer=reviewer,
            note=REMOVAL_NOTE,
        )
        for submission_id in unreviewed.order_by("submission_id").values_list(
            "submission_id", flat=True
        )
    )
    assignments_removed, _ = unreviewed.delete()
    drafts = reviews.filter(status=ReviewStatus.DRAFT)
    drafts_removed = drafts.count()
    drafts.delete()
    reviews.filter(status=ReviewStatus.SUBMITTED).update(draft={}, draft_saved_at=None)
    now = timezone.now()
    invitation = pool_services.reviewer_profile_remove(profile=profile, now=now, by=by)
    email_queue(
        template="reviewer_removed",
        to=[reviewer.email],
        context={
            "reviewer_name": reviewer.full_name or invitation.name,
            "workshop_name": workshop.name,
            "workshop_short_name": workshop.short_name,
            "reviews_kept": len(reviewed),
        },
        workshop=workshop,
        about=invitation,
        idempotency_key=f"reviewer-removed:{invitation.pk}:{now.isoformat()}",
    )
    logger.info(
        "reviewer %s removed from the pool of %s by %s (%s assignments, %s drafts removed)",
        reviewer.pk,
        workshop.slug,
        by.pk,
        assignments_removed,
        drafts_removed,
    )
    return Removal(reviewer, assignments_removed, drafts_removed, len(reviewed))
