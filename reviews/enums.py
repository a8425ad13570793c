"""Choices of reviews: statuses, form field kinds, outcomes a workshop offers, reminders."""

from django.db import models


class ReviewStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"


class FormFieldKind(models.TextChoices):
    SCORE = "score", "Score"
    TEXT = "text", "Text"


class DecisionOutcome(models.TextChoices):
    ORAL = "oral", "Accept (oral)"
    SPOTLIGHT = "spotlight", "Accept (spotlight)"
    POSTER = "poster", "Accept (poster)"
    REJECT = "reject", "Reject"


ACCEPT_OUTCOMES = (DecisionOutcome.ORAL, DecisionOutcome.SPOTLIGHT, DecisionOutcome.POSTER)


class ReminderKind(models.TextChoices):
    BEFORE_DEADLINE = "before_deadline", "Before the deadline"
    OVERDUE = "overdue", "Overdue"
    MANUAL = "manual", "Sent by an organizer"


class DelegationStatus(models.TextChoices):
    AWAITING_APPROVAL = "awaiting", "Awaiting an organizer's approval"
    INVITED = "invited", "Invited"
    ACCEPTED = "accepted", "Writing"
    SUBMITTED = "submitted", "Handed back to the reviewer"
    TAKEN = "taken", "Being edited by the reviewer"
    ENDORSED = "endorsed", "Submitted by the reviewer"
    DECLINED = "declined", "Declined"
    REFUSED = "refused", "Refused by the organizers"
    CONFLICT = "conflict", "Refused: conflict of interest"
    WITHDRAWN = "withdrawn", "Withdrawn by the reviewer"


ACTIVE_DELEGATION_STATUSES = (
    DelegationStatus.AWAITING_APPROVAL,
    DelegationStatus.INVITED,
    DelegationStatus.ACCEPTED,
    DelegationStatus.SUBMITTED,
    DelegationStatus.TAKEN,
    DelegationStatus.ENDORSED,
)


# Mail whose recipient and paper together say who reviews what.
REVIEWER_PAPER_MAIL_KINDS = (
    "assignment_released",
    "review_submitted",
    "review_reminder",
    "review_declined",
    "author_response_posted",
    "subreview_invitation",
    "subreview_ready",
)
