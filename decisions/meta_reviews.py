"""Area chairs' meta-reviews and the AC console's reads: the papers an area chair chairs,
with their review status and scores. Reads first, then writes."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Avg, Count, Q
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from assignment import area_chairs
from assignment.selectors import assignment_pairs
from decisions.models import MetaReview
from fomo_site.errors import Refusal
from notifications.models import OutgoingEmail
from notifications.services import email_queue
from pool.models import AreaChair
from reviews import selectors as review_selectors
from reviews.enums import ReviewStatus
from submissions.models import Submission
from topics.aoe import AOE
from topics.models import Workshop


@dataclass
class ChairedPaper:
    submission: Submission
    received: int
    assigned: int
    mean: float | None
    meta_review: MetaReview | None


def console_papers(*, workshop: Workshop, user: User) -> list[ChairedPaper]:
    """An area chair's papers with review counts, mean score and meta-review (3 queries)."""
    submitted = Q(reviews__status=ReviewStatus.SUBMITTED)
    papers = list(
        area_chairs.chaired_submissions(workshop=workshop, user=user)
        .select_related("primary_topic", "area_chair_meta_review")
        .annotate(
            n_received=Count("reviews", filter=submitted),
            score_mean=Avg("reviews__score", filter=submitted),
        )
    )
    ids = {paper.pk for paper in papers}
    assigned: dict[int, int] = {}
    for submission_id, _ in assignment_pairs(workshop=workshop):
        if submission_id in ids:
            assigned[submission_id] = assigned.get(submission_id, 0) + 1
    return [
        ChairedPaper(
            submission=paper,
            received=paper.n_received,
            assigned=assigned.get(paper.pk, 0),
            mean=paper.score_mean,
            meta_review=getattr(paper, "area_chair_meta_review", None),
        )
        for paper in papers
    ]


def meta_review_get(*, submission: Submission) -> MetaReview | None:
    return MetaReview.objects.filter(submission=submission).select_related("area_chair").first()


@transaction.atomic
def meta_review_save(
    *, submission: Submission, area_chair: User, recommendation: str, text: str
) -> MetaReview:
    """Write or rewrite the area chair's meta-review; closed once decisions are out."""
    text = text.strip()
    if not text:
        raise Refusal("The meta-review is empty.")
    if submission.workshop.decisions_released_at is not None:
        raise Refusal("Decisions are out: the meta-review can no longer change.")
    offered = review_selectors.outcome_choices(workshop=submission.workshop, track=submission.track)
    if recommendation not in dict(offered):
        raise Refusal("Choose one of the outcomes offered for this paper.")
    if area_chairs.area_chair_of(submission=submission) != area_chair:
        raise Refusal("Only the paper's area chair writes its meta-review.")
    meta_review, _ = MetaReview.objects.update_or_create(
        submission=submission,
        defaults={
            "area_chair": area_chair,
            "recommendation": recommendation,
            "text": text,
            "submitted_at": timezone.now(),
        },
    )
    return meta_review


REQUEST_EMAIL_TEMPLATE = "meta_review_request"


@transaction.atomic
def meta_review_request(*, workshop: Workshop, by: User, now=None) -> int:
    """Ask every area chair with papers still lacking a meta-review to write them: one
    email each, listing those papers with their review counts; at most one a day (AoE) per
    area chair however often it is pressed. Returns how many emails were queued."""
    if workshop.decisions_released_at is not None:
        raise Refusal("Decisions are out: meta-reviews are closed.")
    now = now or timezone.now()
    day = now.astimezone(AOE).date().isoformat()
    console_url = settings.SITE_URL + reverse(
        "area_chair:console", kwargs={"workshop": workshop.slug}
    )
    queued = 0
    for chair in AreaChair.objects.filter(workshop=workshop).select_related("user"):
        missing = [
            (row.submission, row.received, row.assigned)
            for row in console_papers(workshop=workshop, user=chair.user)
            if row.meta_review is None
        ]
        if not missing:
            continue
        key = f"meta-review-request:{workshop.pk}:{chair.user_id}:{day}"
        if OutgoingEmail.objects.filter(idempotency_key=key).exists():
            continue
        email_queue(
            template=REQUEST_EMAIL_TEMPLATE,
            to=[chair.user.email],
            context={
                "workshop": workshop,
                "area_chair": chair.user,
                "papers": missing,
                "console_url": console_url,
            },
            workshop=workshop,
            idempotency_key=key,
        )
        queued += 1
    if not queued:
        raise Refusal(
            "Nobody to ask: every paper with an area chair has its meta-review, "
            "or its area chair was already asked today."
        )
    return queued
