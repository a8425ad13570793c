"""Taking a reviewer out of a workshop's pool (a drop-out, or an invitation sent by mistake).

What goes: their pool membership (the profile and its expertise), their bids, their
assignments without a submitted review (logged as assignment edits, so the papers show
as short of reviewers) and their unsubmitted drafts. What stays: their submitted reviews
and the assignments those count on (progress, decisions and the authors rely on them; a
later assignment run keeps them too), their conflicts of interest and their discussion
comments. Without a profile they are refused every reviewer page of the workshop, the
papers they reviewed and their discussions included, as anyone outside the pool.
Their invitation row is the log ("removed on … by …"); inviting them again reuses it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from notifications.services import email_queue
from reviews.assignment_enums import EditAction
from reviews.assignment_models import Assignment, AssignmentEdit
from reviews.enums import InvitationStatus
from reviews.models import Bid, ReviewerInvitation, ReviewerProfile
from reviews.review_enums import ReviewStatus
from reviews.review_models import Review
from reviews.services import ReviewsError, token_new
from topics.models import Workshop

logger = logging.getLogger(__name__)

REMOVAL_NOTE = "reviewer removed from the pool"


@dataclass(frozen=True)
class Removal:
    reviewer: User
    assignments_removed: int
    drafts_removed: int
    reviews_kept: int


def _removal_log(profile: ReviewerProfile) -> ReviewerInvitation:
    """The invitation the reviewer joined with (one is made for a profile without it)."""
    if profile.invitation_id is not None:
        return ReviewerInvitation.objects.select_for_update().get(pk=profile.invitation_id)
    user = profile.user
    invitation, _ = ReviewerInvitation.objects.select_for_update().get_or_create(
        workshop=profile.workshop,
        email=user.email.lower(),
        defaults={
            "name": user.full_name or user.email,
            "affiliation": profile.affiliation,
            "token_hash": token_new()[1],
        },
    )
    return invitation


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
        raise ReviewsError("This reviewer is no longer in the pool.")
    reviewer = profile.user
    if workshop.decisions_released_at is not None:
        raise ReviewsError(
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
    Bid.objects.filter(reviewer=reviewer, submission__workshop=workshop).delete()
    invitation = _removal_log(profile)
    profile.delete()
    now = timezone.now()
    invitation.status = InvitationStatus.REMOVED
    invitation.removed_at = now
    invitation.removed_by = by
    invitation.user = None  # frees the account to accept a new invitation of the workshop
    invitation.token_hash = token_new()[1]
    invitation.save()
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
