"""What authors and organizers may see of submissions: one place per role."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from accounts.models import User
from submissions import deadlines
from submissions.enums import SubmissionStatus
from submissions.models import Authorship, Submission
from topics.models import Topic, Track, Workshop


def _with_people_and_topics(queryset: QuerySet[Submission]) -> QuerySet[Submission]:
    return queryset.select_related("workshop", "primary_topic", "track").prefetch_related(
        Prefetch("authorships", queryset=Authorship.objects.order_by("order", "pk")),
        Prefetch("secondary_topics", queryset=Topic.objects.order_by("order", "name")),
    )


# Authors -----------------------------------------------------------------------------------


def submissions_for_author(*, user: User) -> QuerySet[Submission]:
    """Every submission on which this account is an author, across workshops."""
    if not user.is_authenticated:
        return Submission.objects.none()
    mine = Authorship.objects.filter(user=user).values("submission_id")
    return _with_people_and_topics(Submission.objects.filter(pk__in=mine)).order_by(
        "-workshop__submission_deadline", "workshop_id", "number"
    )


@dataclass(frozen=True)
class DashboardRow:
    submission: Submission
    next_step: str
    deadline: datetime | None
    can_edit: bool
    can_withdraw: bool
    can_upload_camera_ready: bool
    can_declare_conflicts: bool


def _decision_label(submission: Submission) -> str:
    """The outcome the organizers chose, as the paper page shows it (else the status)."""
    decision = getattr(submission, "decision", None)  # the reviews app's, if one was made
    return decision.get_outcome_display() if decision else submission.get_status_display()


def _next_step(submission: Submission, now: datetime) -> tuple[str, datetime | None]:
    workshop = submission.workshop
    if deadlines.camera_ready_open(submission, now):
        if submission.camera_ready_at:
            return "Camera-ready received; you may replace it", workshop.camera_ready_deadline
        return "Upload the camera-ready version", workshop.camera_ready_deadline
    if deadlines.decision_visible(submission, now):
        return f"Decision: {_decision_label(submission)}", None
    if submission.status == SubmissionStatus.WITHDRAWN:
        return "Withdrawn; nothing to do", None
    if deadlines.edit_open(submission, now):
        deadline = deadlines.edit_deadline(submission)
        if submission.status == SubmissionStatus.DRAFT:
            return "Finish and submit the draft", deadline
        return "Submitted; you may edit until the deadline", deadline
    if submission.status == SubmissionStatus.DRAFT:
        return "Not submitted before the deadline", None
    return "Under review; wait for the decision", workshop.decision_notification_at


def author_dashboard(*, user: User, now: datetime) -> list[DashboardRow]:
    rows = []
    for submission in submissions_for_author(user=user).select_related("decision"):
        step, deadline = _next_step(submission, now)
        rows.append(
            DashboardRow(
                submission=submission,
                next_step=step,
                deadline=deadline,
                can_edit=deadlines.edit_open(submission, now),
                can_withdraw=deadlines.withdraw_open(submission, now),
                can_upload_camera_ready=deadlines.camera_ready_open(submission, now),
                can_declare_conflicts=deadlines.conflicts_open(submission, now),
            )
        )
    return rows


def submission_get(*, workshop: Workshop, number: int) -> Submission:
    """One submission with its people and topics; callers check who may see it."""
    try:
        return _with_people_and_topics(Submission.objects.filter(workshop=workshop)).get(
            number=number
        )
    except Submission.DoesNotExist as missing:
        raise Http404("No such submission.") from missing


# Organizers --------------------------------------------------------------------------------


def submissions_for_organizer(
    *, workshop: Workshop, status: str = "", topic: Topic | None = None, track: Track | None = None
) -> QuerySet[Submission]:
    """All submissions of a workshop, optionally one status, one track or one topic (with its
    subtree, as primary or secondary topic)."""
    queryset = Submission.objects.filter(workshop=workshop)
    if status:
        queryset = queryset.filter(status=status)
    if track is not None:
        queryset = queryset.filter(track=track)
    if topic is not None:
        subtree = topic_subtree_ids(topic=topic)
        matching = Submission.objects.filter(
            Q(primary_topic__in=subtree) | Q(secondary_topics__in=subtree), workshop=workshop
        ).values("pk")
        queryset = queryset.filter(pk__in=matching)
    return _with_people_and_topics(queryset).order_by("number")


def topic_subtree_ids(*, topic: Topic) -> list[int]:
    ids = [topic.pk]
    frontier = [topic.pk]
    parents = dict(topic.workshop.topics.values_list("pk", "parent_id"))
    while frontier:
        frontier = [pk for pk, parent in parents.items() if parent in frontier]
        ids += frontier
    return ids


def submission_status_counts(*, workshop: Workshop) -> dict[str, int]:
    counts = dict.fromkeys(SubmissionStatus.values, 0)
    rows = Submission.objects.filter(workshop=workshop).values("status").annotate(n=Count("pk"))
    counts.update({row["status"]: row["n"] for row in rows.order_by()})
    return counts


def authored_submission_ids(*, workshop: Workshop, user: User | None) -> set[int]:
    """Papers of the workshop the user is an author of (as an organizer: reviews hidden)."""
    if user is None or user.pk is None:
        return set()
    return set(
        Authorship.objects.filter(submission__workshop=workshop, user=user).values_list(
            "submission_id", flat=True
        )
    )


def unconfirmed_author_ids(*, workshop: Workshop) -> set[int]:
    """Accounts listed as an author of a paper here who have not confirmed it yet."""
    return set(
        Authorship.objects.filter(
            submission__workshop=workshop, user__isnull=False, confirmed_at__isnull=True
        ).values_list("user_id", flat=True)
    )


def is_author_in_workshop(*, workshop: Workshop, user: User) -> bool:
    return Authorship.objects.filter(submission__workshop=workshop, user_id=user.pk).exists()
