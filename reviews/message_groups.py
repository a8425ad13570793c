"""Reviewer groups about papers, for organizers' messages (registered in ReviewsConfig).

A reviewer is never told about a paper they are conflicted with, and the papers an
organizer is an author of are left out (as everywhere an organizer sees reviewers)."""

from collections import defaultdict

from accounts.models import User
from assignment.models import AssignmentDecline
from assignment.selectors import assignment_pairs
from notifications.groups import (
    PAPERS,
    REVIEWERS,
    Recipient,
    RecipientGroup,
    Resolved,
    recipient_group_register,
)
from pool.selectors import conflict_pairs
from reviews.enums import ReviewStatus
from reviews.models import Review
from reviews.selectors import submissions_for_organizer_reviews
from submissions.message_groups import paper_line
from submissions.selectors import is_author_in_workshop


def _notes(*, workshop, user) -> list[str]:
    notes = ["Reviewers conflicted with a paper or who declined it are not told about it."]
    if is_author_in_workshop(workshop=workshop, user=user):
        notes.append("Papers you are an author of are left out.")
    return notes


def _reviewers_of(*, workshop, user, paper_ids: set[int] | None, missing_only: bool):
    """Per reviewer, the lines of their papers (of ``paper_ids``, or all the organizer may
    see): assigned, not declined, not conflicted, and with ``missing_only`` not reviewed."""
    visible = submissions_for_organizer_reviews(workshop=workshop, user=user)
    if paper_ids is not None:
        visible = visible.filter(pk__in=paper_ids)
    papers = {paper.pk: paper for paper in visible.only("pk", "number", "title")}
    excluded = conflict_pairs(workshop=workshop) | set(
        AssignmentDecline.objects.filter(submission_id__in=papers).values_list(
            "submission_id", "reviewer_id"
        )
    )
    if missing_only:
        excluded |= set(
            Review.objects.filter(
                submission_id__in=papers, status=ReviewStatus.SUBMITTED
            ).values_list("submission_id", "reviewer_id")
        )
    lines: dict[int, list[str]] = defaultdict(list)
    for paper_id, reviewer_id in assignment_pairs(workshop=workshop).order_by("submission__number"):
        if paper_id in papers and (paper_id, reviewer_id) not in excluded:
            lines[reviewer_id].append(paper_line(papers[paper_id]))
    users = User.objects.filter(pk__in=lines).order_by("full_name", "pk")
    return [
        Recipient(
            email=reviewer.email.lower(), name=reviewer.full_name, papers=tuple(lines[reviewer.pk])
        )
        for reviewer in users
    ]


def _missing(*, workshop, user, value: str, ids) -> Resolved:
    return Resolved(
        recipients=_reviewers_of(workshop=workshop, user=user, paper_ids=None, missing_only=True),
        description="Reviewers with missing reviews",
        left_out=_notes(workshop=workshop, user=user),
    )


def _of_selected(*, workshop, user, value: str, ids) -> Resolved:
    return Resolved(
        recipients=_reviewers_of(
            workshop=workshop, user=user, paper_ids=set(ids), missing_only=False
        ),
        description=f"Reviewers of {len(ids)} selected paper{'s' if len(ids) != 1 else ''}",
        left_out=_notes(workshop=workshop, user=user),
    )


def register() -> None:
    recipient_group_register(
        RecipientGroup(
            key="reviewers_missing",
            label="Reviewers with missing reviews",
            audience=REVIEWERS,
            resolve=_missing,
            order=40,
        )
    )
    recipient_group_register(
        RecipientGroup(
            key="reviewers_of_selected",
            label="Reviewers of the selected papers",
            audience=REVIEWERS,
            resolve=_of_selected,
            selection=PAPERS,
            order=40,
        )
    )
