"""Reads for reviews, one place per role.

Reviewer: only papers assigned to them (released) while they are in the pool, never a
conflicted one, never author identities, other reviews only after their own is submitted.
Author: only after the release, only author-visible fields, reviewers as "Reviewer 1, 2 …".
Organizer: never the reviews of a paper they are an author of. Pages, emails and exports
all read from here.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import (
    Exists,
    OuterRef,
    Q,
    QuerySet,
)
from django.http import Http404
from django.utils import timezone

from accounts.models import User
from assignment import selectors as assignment_selectors
from assignment.models import AreaChairAssignment, AssignmentDecline
from assignment.selectors import assignment_pairs, current_limits
from pool.models import Conflict, ReviewerProfile
from reviews.enums import DecisionOutcome, ReviewStatus
from reviews.models import (
    DiscussionComment,
    Review,
    ReviewFormField,
    ReviewRevision,
    ReviewSettings,
)
from submissions.enums import REVIEWABLE_STATUSES, SubmissionStatus
from submissions.models import Authorship, Submission
from topics.models import Track, Workshop


def review_settings_get(*, workshop: Workshop) -> ReviewSettings:
    """The workshop's settings, or the defaults (unsaved) when organizers kept them."""
    found = ReviewSettings.objects.filter(workshop=workshop).first()
    return found or ReviewSettings(workshop=workshop)


def form_fields(*, workshop: Workshop) -> list[ReviewFormField]:
    """Every extra question of the workshop (what reviews may hold answers to)."""
    return list(ReviewFormField.objects.filter(workshop=workshop).order_by("order", "pk"))


def form_fields_with_tracks(*, workshop: Workshop) -> list[ReviewFormField]:
    """Every extra question with the tracks it is limited to (two queries), for organizers."""
    return list(
        ReviewFormField.objects.filter(workshop=workshop)
        .prefetch_related("tracks")
        .order_by("order", "pk")
    )


def form_fields_for_paper(*, submission: Submission) -> list[ReviewFormField]:
    """The extra questions a review of this paper asks: those of every track, and those of
    the paper's own track (one query)."""
    fields = ReviewFormField.objects.filter(workshop_id=submission.workshop_id)
    if submission.track_id is None:
        fields = fields.filter(tracks__isnull=True)
    else:
        fields = fields.filter(Q(tracks__isnull=True) | Q(tracks=submission.track_id))
    return list(fields.distinct().order_by("order", "pk"))


def score_label(settings_obj: ReviewSettings, score: int | None) -> str:
    if score is None:
        return ""
    label = settings_obj.score_labels.get(str(score), "")
    return f"{score} ({label})" if label else str(score)


def confidence_label(settings_obj: ReviewSettings, confidence: int | None) -> str:
    if confidence is None:
        return ""
    label = settings_obj.confidence_labels.get(str(confidence), "")
    return f"{confidence} ({label})" if label else str(confidence)


def outcome_choices(*, workshop: Workshop, track: Track | None = None) -> list[tuple[str, str]]:
    """The decision outcomes offered: the workshop's, narrowed by the paper's track when it
    restricts them."""
    offered = set(review_settings_get(workshop=workshop).outcomes)
    if track is not None and track.outcomes:
        offered &= set(track.outcomes)
    return [(value, label) for value, label in DecisionOutcome.choices if value in offered]


def reviewer_paper_get(*, workshop: Workshop, user: User, number: int) -> Submission:
    """One assigned paper; not assigned, conflicted, withdrawn or unknown is a 404."""
    submission = (
        assignment_selectors.submissions_for_assigned_reviewer(workshop=workshop, user=user)
        .filter(number=number)
        .first()
    )
    if submission is None:
        raise Http404("No such paper.")
    return submission


def review_for(*, submission: Submission, user: User) -> Review | None:
    return Review.objects.filter(submission=submission, reviewer=user).first()


def review_deadline_open(workshop: Workshop, now: datetime | None = None) -> bool:
    return (now or timezone.now()) < workshop.review_deadline


@dataclass
class AssignedPaper:
    submission: Submission
    review: Review | None
    declined: bool

    @property
    def state(self) -> str:
        if self.declined:
            return "declined"
        if self.review is None:
            return "not started"
        return self.review.get_status_display().lower()


def reviewer_assignments(*, workshop: Workshop, user: User) -> list[AssignedPaper]:
    submissions = list(
        assignment_selectors.submissions_for_assigned_reviewer(workshop=workshop, user=user)
    )
    reviews = {
        review.submission_id: review
        for review in Review.objects.filter(reviewer=user, submission__in=submissions)
    }
    declined = set(
        AssignmentDecline.objects.filter(reviewer=user, submission__in=submissions).values_list(
            "submission_id", flat=True
        )
    )
    return [
        AssignedPaper(
            submission=submission,
            review=reviews.get(submission.pk),
            declined=submission.pk in declined,
        )
        for submission in submissions
    ]


def _numbered(reviews: list[Review]) -> dict[int, int]:
    """Reviewer numbers of a paper: 1, 2 … in the order reviews were first submitted."""
    ordered = sorted(reviews, key=lambda review: (review.submitted_at, review.pk))
    return {review.pk: index for index, review in enumerate(ordered, start=1)}


def submitted_reviews(*, submission: Submission) -> list[Review]:
    return list(
        Review.objects.filter(submission=submission, status=ReviewStatus.SUBMITTED).order_by(
            "submitted_at", "pk"
        )
    )


@dataclass
class CustomAnswer:
    label: str
    value: str
    kind: str


@dataclass
class ReviewView:
    """A review as one role may see it: no names, no identities, only allowed fields."""

    label: str
    score: str
    confidence: str
    summary: str
    strengths: str
    weaknesses: str
    comments_to_authors: str
    custom: list[CustomAnswer] = field(default_factory=list)
    confidential_comments: str = ""
    is_own: bool = False


def _custom_answers(review: Review, fields: list[ReviewFormField], *, authors: bool) -> list:
    answers = []
    for form_field in fields:
        if authors and not form_field.visible_to_authors:
            continue
        value = review.custom_answers.get(str(form_field.pk))
        if value in (None, ""):
            continue
        answers.append(CustomAnswer(label=form_field.label, value=str(value), kind=form_field.kind))
    return answers


def _view(review: Review, label: str, settings_obj, fields, *, authors: bool) -> ReviewView:
    return ReviewView(
        label=label,
        score=score_label(settings_obj, review.score),
        confidence=confidence_label(settings_obj, review.confidence),
        summary=review.summary,
        strengths=review.strengths,
        weaknesses=review.weaknesses,
        comments_to_authors=review.comments_to_authors,
        custom=_custom_answers(review, fields, authors=authors),
    )


def other_reviews_visible(*, submission: Submission, user: User) -> bool:
    """A reviewer sees the others' reviews once their own is submitted (if the workshop
    shows them at all)."""
    if not submission.workshop.show_other_reviews_after_submit:
        return False
    return Review.objects.filter(
        submission=submission, reviewer=user, status=ReviewStatus.SUBMITTED
    ).exists()


def reviews_for_reviewer(*, submission: Submission, user: User) -> list[ReviewView]:
    """The submitted reviews of a paper as one of its reviewers sees them (anonymized);
    empty until their own review is submitted."""
    if not other_reviews_visible(submission=submission, user=user):
        return []
    reviews = submitted_reviews(submission=submission)
    numbers = _numbered(reviews)
    settings_obj = review_settings_get(workshop=submission.workshop)
    fields = form_fields(workshop=submission.workshop)
    views = []
    for review in reviews:
        own = review.reviewer_id == user.pk
        view = _view(review, f"Reviewer {numbers[review.pk]}", settings_obj, fields, authors=False)
        view.is_own = own
        if own:
            view.label += " (you)"
        views.append(view)
    return views


def discussion_for(*, submission: Submission, viewer: User, organizer: bool) -> list[dict]:
    """The paper's discussion; reviewers appear as "Reviewer N", organizers by name for
    organizers and as "Organizer" for reviewers, the paper's area chair as "Area chair"
    (``organizer``: the viewer sees names)."""
    reviews = Review.objects.filter(submission=submission, status=ReviewStatus.SUBMITTED)
    numbers = _numbered(list(reviews))
    by_reviewer = {
        review.reviewer_id: numbers[review.pk] for review in reviews if review.pk in numbers
    }
    area_chair_id = (
        AreaChairAssignment.objects.filter(submission=submission)
        .values_list("area_chair_id", flat=True)
        .first()
    )
    comments = DiscussionComment.objects.filter(submission=submission).select_related("author")
    rows = []
    for comment in comments.order_by("created_at", "pk"):
        if comment.author_id == viewer.pk:
            who = "You"
        elif comment.author_id in by_reviewer:
            who = f"Reviewer {by_reviewer[comment.author_id]}"
            if organizer:
                who += f" · {comment.author.full_name}"
        elif comment.author_id == area_chair_id:
            who = f"Area chair · {comment.author.full_name}" if organizer else "Area chair"
        else:
            who = comment.author.full_name if organizer else "Organizer"
        rows.append({"who": who, "body": comment.body, "created_at": comment.created_at})
    return rows


def reviews_for_area_chair(*, submission: Submission, names: bool) -> list[ReviewView]:
    """The submitted reviews of a paper for its area chair: "Reviewer N", with the
    reviewer's name only when ``names`` (the workshop's switch)."""
    reviews = list(
        Review.objects.filter(submission=submission, status=ReviewStatus.SUBMITTED)
        .select_related("reviewer")
        .order_by("submitted_at", "pk")
    )
    numbers = _numbered(reviews)
    settings_obj = review_settings_get(workshop=submission.workshop)
    fields = form_fields(workshop=submission.workshop)
    views = []
    for review in reviews:
        label = f"Reviewer {numbers[review.pk]}"
        if names:
            label += f" · {review.reviewer.full_name}"
        view = _view(review, label, settings_obj, fields, authors=False)
        view.confidential_comments = review.confidential_comments
        views.append(view)
    return views


def reviews_for_author(*, submission: Submission) -> list[ReviewView]:
    """What the authors see after the release: submitted reviews as "Reviewer N", the
    fields meant for them; never names, emails or confidential comments."""
    workshop = submission.workshop
    if workshop.decisions_released_at is None or workshop.decisions_released_at > timezone.now():
        return []
    settings_obj = review_settings_get(workshop=workshop)
    fields = form_fields(workshop=workshop)
    reviews = submitted_reviews(submission=submission)
    numbers = _numbered(reviews)
    return [
        _view(review, f"Reviewer {numbers[review.pk]}", settings_obj, fields, authors=True)
        for review in reviews
    ]


def submissions_for_organizer_reviews(
    *, workshop: Workshop, user: User | None
) -> QuerySet[Submission]:
    """Papers whose reviews this organizer may see: reviewable status, not their own.
    user=None is the command line (manage.py export_workshop): every paper."""
    papers = Submission.objects.filter(workshop=workshop, status__in=REVIEWABLE_STATUSES)
    if user is None:
        return papers
    own = Authorship.objects.filter(user_id=user.pk, submission=OuterRef("pk"))
    return papers.filter(~Exists(own))


def organizer_paper_get(*, workshop: Workshop, user: User, number: int) -> Submission:
    submission = (
        submissions_for_organizer_reviews(workshop=workshop, user=user)
        .select_related("workshop", "primary_topic")
        .prefetch_related("secondary_topics", "authorships")
        .filter(number=number)
        .first()
    )
    if submission is None:
        raise Http404("No such paper.")
    return submission


def reviews_for_organizer(*, workshop: Workshop, user: User) -> QuerySet[Review]:
    """Every review of the papers this organizer may see (drafts included)."""
    visible = submissions_for_organizer_reviews(workshop=workshop, user=user).values("pk")
    return Review.objects.filter(submission__in=visible).select_related("reviewer", "submission")


@dataclass
class OrganizerReview:
    review: Review
    label: str
    score: str
    confidence: str
    custom: list[CustomAnswer]
    revisions: list[ReviewRevision]


def paper_reviews_for_organizer(*, submission: Submission) -> list[OrganizerReview]:
    """All reviews of a paper with names, confidential comments and history (the caller got
    the paper from organizer_paper_get, which hides the organizer's own papers)."""
    settings_obj = review_settings_get(workshop=submission.workshop)
    fields = form_fields(workshop=submission.workshop)
    reviews = list(
        Review.objects.filter(submission=submission)
        .select_related("reviewer", "written_by")
        .prefetch_related("revisions")
        .order_by("submitted_at", "pk")
    )
    numbers = _numbered([review for review in reviews if review.is_submitted])
    return [
        OrganizerReview(
            review=review,
            label=f"Reviewer {numbers[review.pk]}" if review.pk in numbers else "Draft",
            score=score_label(settings_obj, review.score),
            confidence=confidence_label(settings_obj, review.confidence),
            custom=_custom_answers(review, fields, authors=False),
            revisions=list(review.revisions.all()),
        )
        for review in reviews
    ]


@dataclass
class PaperProgress:
    submission: Submission
    received: int
    assigned: int  # not declined; a reviewer removed from the pool counts by their review
    k: int  # reviewers per paper
    mean: float | None
    std: float | None  # population standard deviation, as the disagreement flag uses
    reviewer_ids: list[int]

    @property
    def short(self) -> int:
        """Reviewers to find: a decline or a removal leaves the paper below k."""
        return max(self.k - self.assigned, 0)

    @property
    def expected(self) -> int:
        return self.assigned + self.short

    @property
    def complete(self) -> bool:
        return self.received >= self.expected


@dataclass
class ReviewerProgress:
    reviewer: User
    done: int
    assigned: int
    declined: int
    late: int
    missing: list[Submission]


@dataclass
class Progress:
    papers: list[PaperProgress]
    reviewers: list[ReviewerProgress]
    overdue: bool


def review_progress(*, workshop: Workshop, user: User, now: datetime | None = None) -> Progress:
    """Reviews received per paper, against k, and per reviewer (seven queries whatever the
    size); papers the organizer is an author of are left out."""
    now = now or timezone.now()
    k = current_limits(workshop=workshop).k
    overdue = now >= workshop.review_deadline
    papers = {
        paper.pk: paper
        for paper in submissions_for_organizer_reviews(workshop=workshop, user=user)
        .select_related("primary_topic")
        .only("pk", "number", "title", "status", "workshop_id", "primary_topic__name")
        .order_by("number")
    }
    pairs = [
        (submission_id, reviewer_id)
        for submission_id, reviewer_id in assignment_pairs(workshop=workshop)
        if submission_id in papers
    ]
    declined = set(
        AssignmentDecline.objects.filter(submission_id__in=papers).values_list(
            "submission_id", "reviewer_id"
        )
    )
    scores: dict[tuple[int, int], int] = {}
    for submission_id, reviewer_id, score in Review.objects.filter(
        submission_id__in=papers, status=ReviewStatus.SUBMITTED
    ).values_list("submission_id", "reviewer_id", "score"):
        scores[(submission_id, reviewer_id)] = score
    reviewers = {
        reviewer.pk: reviewer
        for reviewer in User.objects.filter(pk__in={reviewer for _, reviewer in pairs}).order_by(
            "full_name", "pk"
        )
    }
    by_paper: dict[int, list[int]] = defaultdict(list)
    per_reviewer: dict[int, ReviewerProgress] = {
        pk: ReviewerProgress(reviewer=reviewer, done=0, assigned=0, declined=0, late=0, missing=[])
        for pk, reviewer in reviewers.items()
    }
    for submission_id, reviewer_id in pairs:
        progress = per_reviewer[reviewer_id]
        if (submission_id, reviewer_id) in declined:
            progress.declined += 1
            continue
        by_paper[submission_id].append(reviewer_id)
        progress.assigned += 1
        if (submission_id, reviewer_id) in scores:
            progress.done += 1
        else:
            progress.missing.append(papers[submission_id])
            if overdue:
                progress.late += 1
    paper_rows = []
    for pk, paper in papers.items():
        paper_scores = [
            scores[(pk, reviewer)] for reviewer in by_paper[pk] if (pk, reviewer) in scores
        ]
        paper_rows.append(
            PaperProgress(
                submission=paper,
                received=len(paper_scores),
                assigned=len(by_paper[pk]),
                k=k,
                mean=sum(paper_scores) / len(paper_scores) if paper_scores else None,
                std=statistics.pstdev(paper_scores) if paper_scores else None,
                reviewer_ids=by_paper[pk],
            )
        )
    return Progress(papers=paper_rows, reviewers=list(per_reviewer.values()), overdue=overdue)


def missing_review_pairs(*, workshop: Workshop) -> list[tuple[int, int]]:
    """(submission_id, reviewer_id) of released assignments without a submitted review,
    not declined, not conflicted, paper still under review."""
    pairs = set(assignment_pairs(workshop=workshop))
    if not pairs:
        return []
    live = set(
        Submission.objects.filter(workshop=workshop, status=SubmissionStatus.SUBMITTED).values_list(
            "pk", flat=True
        )
    )
    done = set(
        Review.objects.filter(workshop=workshop, status=ReviewStatus.SUBMITTED).values_list(
            "submission_id", "reviewer_id"
        )
    )
    declined = set(
        AssignmentDecline.objects.filter(submission__workshop=workshop).values_list(
            "submission_id", "reviewer_id"
        )
    )
    conflicted = set(
        Conflict.objects.filter(workshop=workshop, removed_at__isnull=True).values_list(
            "submission_id", "reviewer_id"
        )
    )
    return sorted(
        pair
        for pair in pairs
        if pair[0] in live and pair not in done and pair not in declined and pair not in conflicted
    )


def missing_reviewers(*, submission: Submission) -> list[User]:
    """Assigned reviewers of a paper whose review is not submitted (declined included)."""
    pairs = {
        reviewer
        for paper_id, reviewer in assignment_pairs(workshop=submission.workshop)
        if paper_id == submission.pk
    }
    done = set(
        Review.objects.filter(submission=submission, status=ReviewStatus.SUBMITTED).values_list(
            "reviewer_id", flat=True
        )
    )
    return list(User.objects.filter(pk__in=pairs - done).order_by("full_name", "pk"))


def reviewer_pool_users(*, workshop: Workshop) -> list[User]:
    return [
        profile.user
        for profile in ReviewerProfile.objects.filter(workshop=workshop)
        .select_related("user")
        .order_by("user__full_name", "user_id")
    ]
