"""Writes of the author response phase: its settings, showing the reviews to the authors,
and the authors' responses (each posting mailed once to the paper's reviewers and the
organizers)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from fomo_site.errors import Refusal
from notifications.services import absolute_url, email_queue
from reviews import response_selectors, selectors
from reviews.models import AuthorResponse, Review, ReviewSettings
from reviews.response_selectors import Window
from submissions.enums import SubmissionStatus
from submissions.models import Submission
from topics.models import Workshop
from topics.templatetags.fomo import aoe

RESPONSE_SETTINGS_FIELDS = (
    "response_enabled",
    "response_opens_at",
    "response_closes_at",
    "response_max_chars",
    "response_per_review",
)


def response_settings_check(*, workshop: Workshop, values: Mapping[str, object]) -> None:
    """The response dates: both set when the phase is on, after the review deadline (the
    reviews must exist to be answered), closing after opening, before the decisions."""
    if not values.get("response_enabled"):
        return
    opens, closes = values.get("response_opens_at"), values.get("response_closes_at")
    errors: dict[str, str] = {}
    if opens is None:
        errors["response_opens_at"] = "Set when the response phase opens."
    elif opens < workshop.review_deadline:
        errors["response_opens_at"] = (
            f"Open the response after the review deadline ({aoe(workshop.review_deadline)}), "
            "when the reviews can be shown to the authors."
        )
    if closes is None:
        errors["response_closes_at"] = "Set when the response phase closes."
    elif opens is not None and closes <= opens:
        errors["response_closes_at"] = "The response must close after it opens."
    elif closes > workshop.decision_notification_at:
        errors["response_closes_at"] = (
            "Close the response before the decision notification "
            f"({aoe(workshop.decision_notification_at)})."
        )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def response_settings_save(*, workshop: Workshop, values: Mapping[str, object]) -> ReviewSettings:
    response_settings_check(workshop=workshop, values=values)
    settings_obj = selectors.review_settings_get(workshop=workshop)
    for name in RESPONSE_SETTINGS_FIELDS:
        if name in values:
            setattr(settings_obj, name, values[name])
    settings_obj.full_clean()
    settings_obj.save()
    return settings_obj


@transaction.atomic
def reviews_show_to_authors(*, workshop: Workshop, now: datetime | None = None) -> ReviewSettings:
    """Let authors read the anonymized reviews for the response (decisions stay hidden)."""
    settings_obj = selectors.review_settings_get(workshop=workshop)
    if not settings_obj.response_enabled:
        raise Refusal("Turn the author response phase on first.")
    if settings_obj.reviews_shown_to_authors_at is not None:
        raise Refusal("The reviews are already shown to the authors.")
    settings_obj.reviews_shown_to_authors_at = now or timezone.now()
    settings_obj.save()
    return settings_obj


def _target_review(submission: Submission, per_review: bool, number: int | None) -> Review | None:
    if not per_review:
        return None
    for item in response_selectors.reviews_for_response(submission=submission):
        if item.number == number:
            return Review.objects.get(pk=item.review_id)
    raise Refusal("Choose one of the reviews to respond to.")


@transaction.atomic
def author_response_save(
    *,
    submission: Submission,
    user: User,
    text: str,
    review_number: int | None = None,
    now: datetime | None = None,
) -> AuthorResponse:
    """Post or edit the authors' response while the phase is open; reviewers of the paper
    and organizers are emailed once per posting."""
    now = now or timezone.now()
    workshop = submission.workshop
    settings_obj = selectors.review_settings_get(workshop=workshop)
    window = response_selectors.response_window(settings_obj, now)
    if not submission.authorships.filter(user=user).exists():
        raise Refusal("Only the authors of a paper can respond to its reviews.")
    if submission.status != SubmissionStatus.SUBMITTED:
        raise Refusal("This paper is no longer under review.")
    if window == Window.CLOSED:
        raise Refusal(
            f"The response phase closed {aoe(settings_obj.response_closes_at)}: "
            "your response can no longer change."
        )
    if window != Window.OPEN:
        raise Refusal("The response phase is not open.")
    text = text.strip()
    if not text:
        raise Refusal("Write your response before posting it.")
    if len(text) > settings_obj.response_max_chars:
        raise Refusal(
            f"Your response has {len(text)} characters; the limit is "
            f"{settings_obj.response_max_chars}. Shorten it and post again."
        )
    review = _target_review(submission, settings_obj.response_per_review, review_number)
    response = (
        AuthorResponse.objects.select_for_update()
        .filter(submission=submission, review=review)
        .order_by("pk")  # the default ordering joins reviews, which FOR UPDATE refuses
        .first()
    )
    if response is None:
        response = AuthorResponse.objects.create(
            submission=submission, review=review, text=text, submitted_at=now
        )
    elif response.text == text:
        return response
    else:
        response.text = text
        response.version += 1
        response.submitted_at = now
        response.save()
    _notify(response)
    return response


def _notify(response: AuthorResponse) -> None:
    submission = response.submission
    workshop = submission.workshop
    context = {
        "submission": submission,
        "workshop": workshop,
        "edited": response.version > 1,
        "closes_at": aoe(selectors.review_settings_get(workshop=workshop).response_closes_at),
    }
    for reviewer in response_selectors.response_reviewers(submission=submission):
        email_queue(
            template="author_response_posted",
            to=[reviewer.email],
            context={
                **context,
                "url": absolute_url(
                    reverse(
                        "review:paper",
                        kwargs={"workshop": workshop.slug, "number": submission.number},
                    )
                ),
            },
            workshop=workshop,
            about=response,
            idempotency_key=f"author_response:{response.pk}:v{response.version}:{reviewer.pk}",
        )
    organizers = response_selectors.response_organizers(submission=submission)
    if organizers:
        email_queue(
            template="author_response_posted",
            to=[organizer.email for organizer in organizers],
            context={
                **context,
                "url": absolute_url(
                    reverse(
                        "decisions:paper",
                        kwargs={"workshop": workshop.slug, "number": submission.number},
                    )
                ),
            },
            workshop=workshop,
            about=response,
            idempotency_key=f"author_response:{response.pk}:v{response.version}:organizers",
        )


def review_has_response(*, review: Review) -> bool:
    """Whether the authors answered before this update: the paper's response or the one to
    this review."""
    return (
        AuthorResponse.objects.filter(submission_id=review.submission_id)
        .filter(review__isnull=True)
        .exists()
        or AuthorResponse.objects.filter(review=review).exists()
    )
