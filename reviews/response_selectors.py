"""Reads for the author response phase, one place per role.

Authors: the reviews as "Reviewer 1, 2 …" (never names) once the organizers showed them,
and their own responses. Reviewers: the responses of a paper they may review (the caller
got the paper through reviewer_paper_get: assigned, released, not conflicted). Recipients
of the "response posted" mail: the same reviewers and the organizers who are not authors.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from accounts.models import User
from assignment.models import AssignmentDecline
from assignment.selectors import assignment_pairs
from pool.models import Conflict, ReviewerProfile
from reviews.models import AuthorResponse, Review, ReviewSettings
from reviews.selectors import (
    ReviewView,
    _numbered,
    _view,
    form_fields,
    other_reviews_visible,
    review_settings_get,
    submitted_reviews,
)
from submissions.models import Submission
from topics.models import Workshop


class Window:
    OFF = "off"
    HIDDEN = "hidden"  # reviews not shown to authors yet
    NOT_YET = "not yet"
    OPEN = "open"
    CLOSED = "closed"


def response_window(settings_obj: ReviewSettings, now: datetime | None = None) -> str:
    now = now or timezone.now()
    if not settings_obj.response_enabled:
        return Window.OFF
    shown = settings_obj.reviews_shown_to_authors_at
    if shown is None or shown > now:
        return Window.HIDDEN
    if settings_obj.response_opens_at is None or now < settings_obj.response_opens_at:
        return Window.NOT_YET
    if settings_obj.response_closes_at is None or now >= settings_obj.response_closes_at:
        return Window.CLOSED
    if settings_obj.workshop.decisions_released_at is not None:
        return Window.CLOSED
    return Window.OPEN


@dataclass
class ReviewForResponse:
    number: int
    view: ReviewView
    review_id: int


def reviews_for_response(*, submission: Submission, now: datetime | None = None) -> list:
    """The paper's submitted reviews as its authors may read them during the response
    phase; empty while the organizers have not shown them."""
    settings_obj = review_settings_get(workshop=submission.workshop)
    if response_window(settings_obj, now) in (Window.OFF, Window.HIDDEN):
        return []
    fields = form_fields(workshop=submission.workshop)
    reviews = submitted_reviews(submission=submission)
    numbers = _numbered(reviews)
    return [
        ReviewForResponse(
            number=numbers[review.pk],
            view=_view(
                review, f"Reviewer {numbers[review.pk]}", settings_obj, fields, authors=True
            ),
            review_id=review.pk,
        )
        for review in reviews
    ]


def responses_by_review(*, submission: Submission) -> dict[int | None, AuthorResponse]:
    """The paper's responses keyed by review id (None: the response to the whole paper)."""
    return {
        response.review_id: response
        for response in AuthorResponse.objects.filter(submission=submission)
    }


@dataclass
class ResponseForReviewer:
    label: str
    text: str
    submitted_at: datetime
    version: int


def responses_for_reviewer(*, submission: Submission, user: User) -> list[ResponseForReviewer]:
    """What a reviewer of the paper reads: the response to the paper, the response to their
    own review, and the responses to the other reviews once they may read those."""
    responses = list(AuthorResponse.objects.filter(submission=submission))
    if not responses:
        return []
    numbers = _numbered(submitted_reviews(submission=submission))
    own = Review.objects.filter(submission=submission, reviewer=user).values_list("pk", flat=True)
    own_id = next(iter(own), None)
    see_others = other_reviews_visible(submission=submission, user=user)
    rows = []
    for response in sorted(responses, key=lambda item: numbers.get(item.review_id, 0)):
        if response.review_id is None:
            label = "Authors' response"
        elif response.review_id == own_id:
            label = f"Authors' response to your review (Reviewer {numbers.get(own_id, '?')})"
        elif see_others and response.review_id in numbers:
            label = f"Authors' response to Reviewer {numbers[response.review_id]}"
        else:
            continue
        rows.append(
            ResponseForReviewer(
                label=label,
                text=response.text,
                submitted_at=response.submitted_at,
                version=response.version,
            )
        )
    return rows


def response_reviewers(*, submission: Submission) -> list[User]:
    """Reviewers a response is mailed to: released assignment, still in the pool, no
    active conflict, not declined."""
    workshop: Workshop = submission.workshop
    pairs = {
        reviewer
        for paper, reviewer in assignment_pairs(workshop=workshop)
        if paper == submission.pk
    }
    in_pool = set(
        ReviewerProfile.objects.filter(workshop=workshop, user_id__in=pairs).values_list(
            "user_id", flat=True
        )
    )
    conflicted = set(
        Conflict.objects.filter(
            workshop=workshop, submission=submission, removed_at__isnull=True
        ).values_list("reviewer_id", flat=True)
    )
    declined = set(
        AssignmentDecline.objects.filter(submission=submission).values_list(
            "reviewer_id", flat=True
        )
    )
    authors = set(submission.authorships.values_list("user_id", flat=True))
    allowed = (pairs & in_pool) - conflicted - declined - authors
    return list(User.objects.filter(pk__in=allowed).order_by("pk"))


def response_organizers(*, submission: Submission) -> list[User]:
    authors = submission.authorships.filter(user__isnull=False).values("user_id")
    return list(submission.workshop.organizers.exclude(pk__in=authors).order_by("pk"))


def responses_for_organizer(*, submission: Submission) -> list[ResponseForReviewer]:
    """Every response of a paper (the caller checked the organizer may see its reviews)."""
    numbers = _numbered(submitted_reviews(submission=submission))
    rows = []
    for response in AuthorResponse.objects.filter(submission=submission):
        if response.review_id is None:
            label = "Authors' response"
        else:
            label = f"Authors' response to Reviewer {numbers.get(response.review_id, '?')}"
        rows.append(
            ResponseForReviewer(
                label=label,
                text=response.text,
                submitted_at=response.submitted_at,
                version=response.version,
            )
        )
    return rows
