"""Permission predicates for reviewing and deciding (checked with rules.has_perm).

Imported by the review views, selectors' callers and services, so the permissions exist
whenever a page or a test uses them. It also widens "submissions.download_reviewer_pdf" to
assigned reviewers without a conflict (the submissions app leaves that door to us)."""

import rules
from django.utils import timezone

from assignment import selectors as assignment_selectors
from pool.rules import has_conflict
from reviews import selectors, subreviews
from submissions.enums import REVIEWABLE_STATUSES
from submissions.rules import add_reviewer_pdf_reader, is_author
from topics.rules import is_organizer


@rules.predicate
def is_assigned_reviewer(user, submission) -> bool:
    if submission is None or not user.is_authenticated:
        return False
    return submission.status in REVIEWABLE_STATUSES and assignment_selectors.is_assigned(
        submission=submission, user=user
    )


@rules.predicate
def review_deadline_open(user, submission) -> bool:
    return submission is not None and timezone.now() < submission.workshop.review_deadline


@rules.predicate
def has_submitted_review(user, submission) -> bool:
    return submission is not None and selectors.other_reviews_visible(
        submission=submission, user=user
    )


@rules.predicate
def is_organizer_not_author(user, submission) -> bool:
    if submission is None:
        return False
    allowed = is_organizer(user, submission.workshop) or user.is_superuser
    return allowed and not is_author(user, submission)


@rules.predicate
def is_subreviewer(user, submission) -> bool:
    if submission is None or not user.is_authenticated:
        return False
    return submission.status in REVIEWABLE_STATUSES and subreviews.is_subreviewer_of(
        submission=submission, user=user
    )


can_review = is_assigned_reviewer & ~has_conflict


def register_permissions() -> None:
    """Called once, from this app's AppConfig.ready()."""
    rules.add_perm("reviews.review_paper", can_review)
    rules.add_perm("reviews.see_other_reviews", can_review & has_submitted_review)
    rules.add_perm(
        "reviews.discuss_paper", (can_review & has_submitted_review) | is_organizer_not_author
    )
    rules.add_perm("reviews.see_paper_reviews", is_organizer_not_author)
    rules.add_perm("reviews.manage_decisions", is_organizer | rules.is_superuser)
    add_reviewer_pdf_reader(can_review)
    add_reviewer_pdf_reader(is_subreviewer & ~has_conflict)
