"""What is due for a reviewer, for the "What is due" section of their dashboard."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q

from accounts.models import User
from pool.selectors import invitations_open_for_user, reviewer_workshops, submissions_for_bidding
from reviews.enums import ReviewStatus
from reviews.selectors import reviewer_assignments
from topics.models import Workshop


@dataclass(frozen=True)
class DueItem:
    workshop: Workshop
    count: int
    what: str  # "review" or "bid"
    deadline: datetime
    overdue: bool
    url_name: str


@dataclass(frozen=True)
class ReviewerDue:
    items: list[DueItem]
    invitations: int

    @property
    def nothing(self) -> bool:
        return not self.items and not self.invitations


def reviewer_due(*, user: User, now: datetime) -> ReviewerDue | None:
    """Reviews to write, papers to bid on and invitations to answer; None for someone who
    is in no pool and has no invitation."""
    profiles = list(reviewer_workshops(user=user))
    invitations = invitations_open_for_user(user=user).count()
    if not profiles and not invitations:
        return None
    items: list[DueItem] = []
    for profile in profiles:
        workshop = profile.workshop
        if workshop.bidding_open_at(now):
            to_bid = submissions_for_bidding(workshop=workshop, user=user).filter(
                Q(my_bid__isnull=True) | Q(my_bid="")
            )
            if count := to_bid.count():
                items.append(
                    DueItem(workshop, count, "bid", workshop.bidding_deadline, False, "pool:bids")
                )
        to_write = sum(
            1
            for assigned in reviewer_assignments(workshop=workshop, user=user)
            if not assigned.declined
            and (assigned.review is None or assigned.review.status != ReviewStatus.SUBMITTED)
        )
        if to_write:
            items.append(
                DueItem(
                    workshop,
                    to_write,
                    "review",
                    workshop.review_deadline,
                    now >= workshop.review_deadline,
                    "review:my_reviews",
                )
            )
    items.sort(key=lambda item: item.deadline)
    return ReviewerDue(items=items, invitations=invitations)
