"""Choices of the reviewer pool: invitation statuses, expertise levels, bids, conflict sources."""

from django.db import models


class InvitationStatus(models.TextChoices):
    SENT = "sent", "Sent"
    OPENED = "opened", "Opened"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    BOUNCED = "bounced", "Bounced"
    REVOKED = "revoked", "Revoked"
    REMOVED = "removed", "Removed from the pool"


class InvitationRole(models.TextChoices):
    REVIEWER = "reviewer", "Reviewer"
    AREA_CHAIR = "area_chair", "Area chair"


# Invitations still waiting for an answer: their link works, reminders go to them.
OPEN_INVITATION_STATUSES = (InvitationStatus.SENT, InvitationStatus.OPENED)


class ExpertiseLevel(models.TextChoices):
    """Same values as assignment.matching.affinity.Expertise."""

    EXPERT = "expert", "Expert"
    KNOWLEDGEABLE = "knowledgeable", "Knowledgeable"
    INTERESTED = "interested", "Interested"


class BidValue(models.TextChoices):
    """Same values (lower-cased names) as assignment.matching.affinity.Bid."""

    EAGER = "eager", "Eager"
    WILLING = "willing", "Willing"
    IN_A_PINCH = "in_a_pinch", "In a pinch"
    NOT_WILLING = "not_willing", "Not willing"
    CONFLICT = "conflict", "Conflict"


POSITIVE_BIDS = (BidValue.EAGER, BidValue.WILLING, BidValue.IN_A_PINCH)


class ConflictSource(models.TextChoices):
    AUTHOR = "author", "Reviewer is an author"
    DOMAIN = "domain", "Same email domain"
    AFFILIATION = "affiliation", "Same affiliation"
    COAUTHOR = "coauthor", "Co-author on another submission"
    DECLARED_BY_AUTHOR = "declared_by_author", "Declared by the authors"
    DECLARED_BY_REVIEWER = "declared_by_reviewer", "Declared by the reviewer"
    ORGANIZER = "organizer", "Added by an organizer"


# Sources the recompute owns: it creates and deletes these rows (never removed ones).
AUTOMATIC_CONFLICT_SOURCES = (
    ConflictSource.AUTHOR,
    ConflictSource.DOMAIN,
    ConflictSource.AFFILIATION,
    ConflictSource.COAUTHOR,
)
