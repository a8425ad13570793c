"""Permission predicates for reviewers, authors and organizers (checked with has_perm)."""

import rules
from django.utils import timezone

from pool.models import Conflict, ReviewerProfile
from submissions.rules import is_author
from topics.rules import is_organizer


@rules.predicate
def is_reviewer(user, workshop) -> bool:
    if workshop is None or not user.is_authenticated:
        return False
    return ReviewerProfile.objects.filter(workshop=workshop, user=user).exists()


@rules.predicate
def bidding_is_open(user, workshop) -> bool:
    if workshop is None:
        return False
    return workshop.bidding_open_at(timezone.now())


@rules.predicate
def is_reviewer_of_submission_workshop(user, submission) -> bool:
    return submission is not None and is_reviewer(user, submission.workshop)


@rules.predicate
def has_conflict(user, submission) -> bool:
    if submission is None or not user.is_authenticated:
        return False
    return Conflict.objects.filter(
        submission=submission, reviewer=user, removed_at__isnull=True
    ).exists()


@rules.predicate
def is_organizer_of_submission_workshop(user, submission) -> bool:
    return submission is not None and is_organizer(user, submission.workshop)


can_manage = is_organizer | rules.is_superuser


def register_permissions() -> None:
    """Called once, from this app's AppConfig.ready()."""
    rules.add_perm("pool.manage_reviewers", can_manage)
    rules.add_perm("pool.edit_reviewer_profile", is_reviewer)
    rules.add_perm("pool.bid", is_reviewer & bidding_is_open)
    rules.add_perm(
        "pool.view_submission_as_reviewer",
        is_reviewer_of_submission_workshop & ~has_conflict,
    )
    rules.add_perm("pool.declare_conflicts", is_author)
