"""Reads of deciding: the decision table, counts, the public program and statistics."""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import datetime

from django.db.models import (
    Avg,
    Count,
    FloatField,
    Max,
    Min,
    Q,
    StdDev,
    Sum,
)
from django.db.models.functions import Cast
from django.http import Http404
from django.utils import timezone

from accounts.models import User
from decisions.models import Decision, MetaReview
from reviews.enums import ACCEPT_OUTCOMES, DecisionOutcome, ReviewStatus
from reviews.models import (
    Review,
)
from reviews.selectors import (
    review_settings_get,
    submissions_for_organizer_reviews,
)
from submissions.enums import REVIEWABLE_STATUSES, SubmissionStatus
from submissions.models import Submission
from submissions.selectors import topic_subtree_ids
from topics.models import Topic, Track, Workshop

DECIDABLE_STATUSES = REVIEWABLE_STATUSES


def decision_for_author(*, submission: Submission) -> Decision | None:
    workshop = submission.workshop
    if workshop.decisions_released_at is None or workshop.decisions_released_at > timezone.now():
        return None
    return Decision.objects.filter(submission=submission).first()


@dataclass
class DecisionRow:
    submission: Submission
    reviews: int
    mean: float | None
    median: float | None
    minimum: int | None
    maximum: int | None
    std: float | None
    weighted_mean: float | None
    decision: Decision | None
    disagreement: bool
    score_changes: list[tuple[int, int]] = dataclass_field(default_factory=list)
    area_chair: User | None = None
    meta_review: MetaReview | None = None


DECISION_SORTS = {
    "number": "number",
    "mean": "mean",
    "median": "median",
    "min": "minimum",
    "max": "maximum",
    "std": "std",
    "weighted": "weighted_mean",
    "reviews": "reviews",
    "topic": "topic",
    "track": "track",
    "decision": "decision",
}


def _sort_key(sort: str):
    attribute = DECISION_SORTS.get(sort.lstrip("-"), "number")

    def key(row: DecisionRow):
        if attribute == "topic":
            return (0, row.submission.primary_topic.name)
        if attribute == "track":
            track = row.submission.track
            return (0, (track.order, track.name)) if track else (1, (0, ""))
        if attribute == "decision":
            return (0, row.decision.outcome if row.decision else "")
        value = row.submission.number if attribute == "number" else getattr(row, attribute)
        return (1, 0) if value is None else (0, value)

    return key


def decision_table(
    *,
    workshop: Workshop,
    user: User,
    topic: Topic | None = None,
    track: Track | None = None,
    status: str = "",
    outcome: str = "",
    sort: str = "number",
) -> list[DecisionRow]:
    """Every decidable paper the organizer may see, with score statistics computed in the
    database, in a fixed number of queries (3 whatever the number of papers)."""
    submitted = Q(reviews__status=ReviewStatus.SUBMITTED)
    queryset = submissions_for_organizer_reviews(workshop=workshop, user=user)
    if status:
        queryset = queryset.filter(status=status)
    if track is not None:
        queryset = queryset.filter(track=track)
    if topic is not None:
        subtree = topic_subtree_ids(topic=topic)
        through = Submission.secondary_topics.through
        queryset = queryset.filter(
            Q(primary_topic_id__in=subtree)
            | Q(pk__in=through.objects.filter(topic_id__in=subtree).values("submission_id"))
        )
    if outcome == "none":
        queryset = queryset.filter(decision__isnull=True)
    elif outcome:
        queryset = queryset.filter(decision__outcome=outcome)
    score = Cast("reviews__score", FloatField())
    confidence = Cast("reviews__confidence", FloatField())
    queryset = (
        queryset.select_related(
            "primary_topic",
            "track",
            "decision",
            "area_chair_assignment__area_chair",
            "area_chair_meta_review",
        )
        .defer("abstract", "pdf", "reviewer_pdf", "supplementary", "camera_ready_pdf")
        .annotate(
            n_reviews=Count("reviews", filter=submitted),
            score_mean=Avg(score, filter=submitted),
            score_min=Min("reviews__score", filter=submitted),
            score_max=Max("reviews__score", filter=submitted),
            score_std=StdDev(score, filter=submitted),
            weighted_sum=Sum(score * confidence, filter=submitted),
            confidence_sum=Sum(confidence, filter=submitted),
        )
        .order_by("number")
    )
    papers = list(queryset)
    scores: dict[int, list[int]] = defaultdict(list)
    changes: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for submission_id, value, before in Review.objects.filter(
        submission__in=[paper.pk for paper in papers], status=ReviewStatus.SUBMITTED
    ).values_list("submission_id", "score", "score_before_response"):
        scores[submission_id].append(value)
        if before is not None and before != value:
            changes[submission_id].append((before, value))
    threshold = review_settings_get(workshop=workshop).disagreement_spread
    rows = []
    for paper in papers:
        paper_scores = scores.get(paper.pk, [])
        weighted = paper.weighted_sum / paper.confidence_sum if paper.confidence_sum else None
        rows.append(
            DecisionRow(
                submission=paper,
                reviews=paper.n_reviews,
                mean=paper.score_mean,
                median=statistics.median(paper_scores) if paper_scores else None,
                minimum=paper.score_min,
                maximum=paper.score_max,
                std=paper.score_std,
                weighted_mean=weighted,
                decision=getattr(paper, "decision", None),
                disagreement=paper.n_reviews >= 2
                and paper.score_std is not None
                and paper.score_std >= threshold,
                score_changes=changes.get(paper.pk, []),
                area_chair=getattr(
                    getattr(paper, "area_chair_assignment", None), "area_chair", None
                ),
                meta_review=getattr(paper, "area_chair_meta_review", None),
            )
        )
    rows.sort(key=_sort_key(sort), reverse=sort.startswith("-"))
    return rows


def decision_get(*, submission: Submission) -> Decision | None:
    return Decision.objects.filter(submission=submission).first()


def decision_counts(*, workshop: Workshop) -> dict[str, int]:
    counts = dict.fromkeys(DecisionOutcome.values, 0)
    rows = (
        Decision.objects.filter(submission__workshop=workshop)
        .values("outcome")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts.update({row["outcome"]: row["n"] for row in rows})
    return counts


def undecided_count(*, workshop: Workshop) -> int:
    return Submission.objects.filter(
        workshop=workshop, status=SubmissionStatus.SUBMITTED, decision__isnull=True
    ).count()


@dataclass
class ProgramPaper:
    submission: Submission
    authors: list[str]
    outcome: str


@dataclass
class ProgramGroup:
    outcome: str
    label: str
    topics: list[tuple[Topic, list[ProgramPaper]]]
    count: int
    track: Track | None = None


def _outcome_label(outcome: str) -> str:
    return DecisionOutcome(outcome).label.replace("Accept (", "").rstrip(")").capitalize() + "s"


def public_program(*, workshop: Workshop, now: datetime | None = None) -> list[ProgramGroup]:
    """Accepted papers by track (when the workshop has tracks), outcome, then primary topic;
    nothing before the release, nothing from a paper that is not accepted (three queries)."""
    now = now or timezone.now()
    if workshop.decisions_released_at is None or workshop.decisions_released_at > now:
        return []
    papers = (
        Submission.objects.filter(
            workshop=workshop,
            status=SubmissionStatus.ACCEPTED,
            decision__outcome__in=ACCEPT_OUTCOMES,
        )
        .select_related("primary_topic", "decision", "track")
        .prefetch_related("authorships")
        .order_by("primary_topic__order", "primary_topic__name", "number")
    )
    grouped: dict[tuple, dict[int, tuple[Topic, list[ProgramPaper]]]] = defaultdict(dict)
    tracks: dict[int | None, Track | None] = {}
    for paper in papers:
        outcome = paper.decision.outcome
        tracks[paper.track_id] = paper.track
        by_topic = grouped[(paper.track_id, outcome)]
        topic_group = by_topic.setdefault(paper.primary_topic_id, (paper.primary_topic, []))
        topic_group[1].append(
            ProgramPaper(
                submission=paper,
                authors=[authorship.name for authorship in paper.authorships.all()],
                outcome=outcome,
            )
        )
    track_order = sorted(
        tracks.values(), key=lambda t: (1, 0, "") if t is None else (0, t.order, t.name)
    )
    groups = []
    for track in track_order:
        for outcome in ACCEPT_OUTCOMES:
            key = (track.pk if track else None, outcome)
            if key in grouped:
                topics = list(grouped[key].values())
                groups.append(
                    ProgramGroup(
                        outcome=outcome,
                        label=_outcome_label(outcome),
                        topics=topics,
                        count=sum(len(items) for _, items in topics),
                        track=track,
                    )
                )
    return groups


def public_paper_get(*, workshop: Workshop, number: int, now: datetime | None = None) -> Submission:
    """One paper of the public program (accepted, released); anything else is a 404."""
    now = now or timezone.now()
    released = workshop.decisions_released_at is not None and workshop.decisions_released_at <= now
    submission = (
        Submission.objects.filter(
            workshop=workshop,
            number=number,
            status=SubmissionStatus.ACCEPTED,
            decision__outcome__in=ACCEPT_OUTCOMES,
        ).first()
        if released
        else None
    )
    if submission is None:
        raise Http404("No such paper.")
    return submission


@dataclass
class Stats:
    primary_per_topic: list[tuple[str, int]]
    any_per_topic: list[tuple[str, int]]
    scores: list[int]
    score_range: tuple[int, int]
    reviews_per_day: list[tuple[str, int]]
    acceptance_by_topic: list[tuple[str, float]]
    per_track: list[tuple[str, int]] = dataclass_field(default_factory=list)
    acceptance_by_track: list[tuple[str, float]] = dataclass_field(default_factory=list)


def _track_stats(workshop: Workshop, live) -> tuple[list, list]:
    """Papers per track and the share accepted (decided papers; released or not yet)."""
    tracks = list(Track.objects.filter(workshop=workshop).order_by("order", "name"))
    if not tracks:
        return [], []
    papers = dict(live.values("track_id").annotate(n=Count("pk")).values_list("track_id", "n"))
    decided: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for track_id, outcome in Decision.objects.filter(submission__in=live).values_list(
        "submission__track_id", "outcome"
    ):
        decided[track_id][1] += 1
        decided[track_id][0] += outcome in ACCEPT_OUTCOMES
    return (
        [(track.name, papers.get(track.pk, 0)) for track in tracks],
        [
            (track.name, round(100 * decided[track.pk][0] / decided[track.pk][1], 1))
            for track in tracks
            if decided.get(track.pk, [0, 0])[1]
        ],
    )


def workshop_stats(*, workshop: Workshop, user: User) -> Stats:
    """Counts for the charts (a handful of queries); scores leave out the organizer's papers."""
    topics = list(Topic.objects.filter(workshop=workshop).order_by("order", "name"))
    names = {topic.pk: topic.name for topic in topics}
    live = Submission.objects.filter(workshop=workshop, status__in=DECIDABLE_STATUSES)
    primary = dict(
        live.values("primary_topic_id").annotate(n=Count("pk")).values_list("primary_topic_id", "n")
    )
    through = Submission.secondary_topics.through
    any_topic: dict[int, set[int]] = defaultdict(set)
    for submission_id, topic_id in live.values_list("pk", "primary_topic_id"):
        any_topic[topic_id].add(submission_id)
    for submission_id, topic_id in through.objects.filter(submission__in=live).values_list(
        "submission_id", "topic_id"
    ):
        any_topic[topic_id].add(submission_id)
    visible = submissions_for_organizer_reviews(workshop=workshop, user=user).values("pk")
    reviews = Review.objects.filter(submission__in=visible, status=ReviewStatus.SUBMITTED)
    scores = list(reviews.values_list("score", flat=True))
    per_day: dict[str, int] = defaultdict(int)
    for submitted_at in reviews.values_list("submitted_at", flat=True):
        per_day[submitted_at.date().isoformat()] += 1
    cumulative, total = [], 0
    for day in sorted(per_day):
        total += per_day[day]
        cumulative.append((day, total))
    accepted: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    if workshop.decisions_released_at is not None:
        statuses = live.filter(
            status__in=[SubmissionStatus.ACCEPTED, SubmissionStatus.REJECTED]
        ).values_list("primary_topic_id", "status")
    else:
        statuses = [
            (
                topic_id,
                SubmissionStatus.ACCEPTED
                if outcome in ACCEPT_OUTCOMES
                else SubmissionStatus.REJECTED,
            )
            for topic_id, outcome in Decision.objects.filter(submission__in=live).values_list(
                "submission__primary_topic_id", "outcome"
            )
        ]
    for topic_id, status in statuses:
        accepted[topic_id][1] += 1
        if status == SubmissionStatus.ACCEPTED:
            accepted[topic_id][0] += 1
    settings_obj = review_settings_get(workshop=workshop)
    per_track, acceptance_by_track = _track_stats(workshop, live)
    return Stats(
        primary_per_topic=[(names[pk], primary.get(pk, 0)) for pk in names if primary.get(pk)],
        any_per_topic=[(names[pk], len(any_topic[pk])) for pk in names if any_topic.get(pk)],
        scores=scores,
        score_range=(settings_obj.score_min, settings_obj.score_max),
        reviews_per_day=cumulative,
        acceptance_by_topic=[
            (names[pk], round(100 * yes / total_decided, 1))
            for pk, (yes, total_decided) in accepted.items()
            if total_decided
        ],
        per_track=per_track,
        acceptance_by_track=acceptance_by_track,
    )


def proceedings_papers(
    *, workshop: Workshop, user: User, now: datetime | None = None
) -> list[Submission]:
    """Every accepted paper for the proceedings, in number order (two queries), with its
    authors in order. Before the release an organizer's own papers are left out (their
    decisions are hidden from them); once released, the program is public anyway."""
    now = now or timezone.now()
    released = workshop.decisions_released_at is not None and workshop.decisions_released_at <= now
    papers = (
        Submission.objects.filter(workshop=workshop)
        if released
        else submissions_for_organizer_reviews(workshop=workshop, user=user)
    )
    return list(
        papers.filter(status__in=DECIDABLE_STATUSES, decision__outcome__in=ACCEPT_OUTCOMES)
        .select_related("primary_topic", "decision")
        .prefetch_related("authorships")
        .order_by("number")
    )
