"""Demo data for the later phases: an assignment committed and released, reviews written,
decisions taken and released. Each step is skipped when it has already been done."""

import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from assignment.engine import RunParameters
from assignment.enums import RunStatus
from assignment.models import Assignment, AssignmentRelease
from assignment.services import (
    assignment_release_create,
    assignment_release_notify,
    assignment_run_commit,
    assignment_run_create,
    assignment_run_execute,
)
from decisions.models import Decision
from decisions.selectors import decision_table
from decisions.services import decision_set, decisions_release
from reviews.enums import DecisionOutcome
from reviews.models import Review, ReviewSettings
from reviews.response_services import author_response_save, reviews_show_to_authors
from reviews.services import ReviewContent, review_submit
from topics.models import Workshop

STRENGTHS = [
    "The question is well posed and the experiments answer it directly.",
    "Careful ablations; the appendix makes the results easy to reproduce.",
    "A clean theoretical argument that matches the empirical trend.",
    "The evaluation covers several model sizes, which the claims need.",
]


WEAKNESSES = [
    "Only one model family is studied; it is unclear how far the findings transfer.",
    "The baselines are tuned less carefully than the proposed method.",
    "Some claims in the introduction go beyond what the experiments show.",
    "Error bars are missing for the smaller-scale runs.",
]


@transaction.atomic
def demo_assignment_release(*, workshop: Workshop, organizer: User) -> int:
    """Run the assignment, commit it and release it to the reviewers (once)."""
    if Assignment.objects.filter(workshop=workshop).exists():
        return 0
    run = assignment_run_create(
        workshop=workshop, parameters=RunParameters.defaults(workshop), by=organizer, start=False
    )
    run = assignment_run_execute(run_id=run.pk)
    if run.status != RunStatus.DONE:
        return 0
    summary = assignment_run_commit(run=run, by=organizer)
    if not AssignmentRelease.objects.filter(workshop=workshop).exists():
        release = assignment_release_create(workshop=workshop, by=organizer)
        assignment_release_notify(release_id=release.pk)
    return summary.added


def demo_reviews_submit(*, workshop: Workshop, share: float) -> int:
    """Submit reviews for about `share` of the assigned pairs, with scores that agree
    more often than not."""
    written = set(
        Review.objects.filter(workshop=workshop).values_list("submission_id", "reviewer_id")
    )
    created = 0
    assignments = Assignment.objects.filter(workshop=workshop).select_related(
        "submission__workshop", "reviewer"
    )
    for assignment in assignments.order_by("submission__number", "reviewer_id"):
        pair = (assignment.submission_id, assignment.reviewer_id)
        rng = random.Random(f"{workshop.slug}:{pair}")  # noqa: S311 - demo data, not secrets
        if pair in written or rng.random() > share:
            continue
        quality = 3 + assignment.submission.number % 6
        review_submit(
            submission=assignment.submission,
            reviewer=assignment.reviewer,
            content=ReviewContent(
                score=max(1, min(10, quality + rng.randint(-2, 2))),
                confidence=rng.randint(2, 5),
                summary=f"The paper studies {assignment.submission.title.lower()}.",
                strengths=rng.choice(STRENGTHS),
                weaknesses=rng.choice(WEAKNESSES),
                comments_to_authors="Please discuss the limitations more openly.",
                confidential_comments="Solid work; I would be happy to see it at the workshop.",
                no_conflict_confirmed=True,
            ),
        )
        created += 1
    return created


def demo_decisions_release(*, workshop: Workshop, organizer: User) -> int:
    """Decide every paper from its mean score and release the decisions (once)."""
    if workshop.decisions_released_at is not None:
        return 0
    for row in decision_table(workshop=workshop, user=organizer):
        if Decision.objects.filter(submission=row.submission).exists():
            continue
        mean = row.mean or 0
        if mean >= 7.5:
            outcome = DecisionOutcome.ORAL
        elif mean >= 6.5:
            outcome = DecisionOutcome.SPOTLIGHT
        elif mean >= 5:
            outcome = DecisionOutcome.POSTER
        else:
            outcome = DecisionOutcome.REJECT
        decision_set(
            submission=row.submission,
            outcome=outcome,
            meta_review="The reviewers agree on the main strengths; see their reviews.",
            by=organizer,
        )
    return decisions_release(workshop=workshop, by=organizer)


DEMO_RESPONSE = """We thank the reviewers for their careful reading.

- **Error bars**: we reran the smaller-scale runs with five seeds; the trend holds, with
  standard deviation at most $0.4$ points.
- **Transfer**: we added a second model family in the appendix; the fitted exponent
  $\\alpha$ changes by less than $5\\%$.
"""


@transaction.atomic
def demo_author_response(*, workshop: Workshop) -> int:
    """Open the author response phase in the workshop under review (to try it; a real
    workshop opens it after the review deadline), show the reviews to the authors and post
    one response to the first paper with a review (once)."""
    settings_obj, _ = ReviewSettings.objects.get_or_create(workshop=workshop)
    if settings_obj.response_enabled:
        return 0
    now = timezone.now()
    settings_obj.response_enabled = True
    settings_obj.response_opens_at = now - timedelta(hours=1)
    settings_obj.response_closes_at = max(
        workshop.decision_notification_at - timedelta(days=1), now + timedelta(days=1)
    )
    settings_obj.response_max_chars = 3000
    settings_obj.save()
    reviews_show_to_authors(workshop=workshop, now=now)
    review = (
        Review.objects.filter(workshop=workshop, status="submitted")
        .select_related("submission__workshop")
        .order_by("submission__number")
        .first()
    )
    author = review and review.submission.authorships.filter(user__isnull=False).first()
    if author is None:
        return 0
    author_response_save(submission=review.submission, user=author.user, text=DEMO_RESPONSE)
    return 1
