"""The author groups organizers may message (registered in SubmissionsConfig.ready())."""

from django.db.models import QuerySet

from notifications.groups import (
    AUTHORS,
    PAPERS,
    RecipientGroup,
    Resolved,
    merge_by_email,
    recipient_group_register,
)
from submissions.enums import REVIEWABLE_STATUSES, SubmissionStatus
from submissions.models import Authorship, Submission
from submissions.selectors import authored_submission_ids, submissions_for_organizer
from topics.models import Topic
from topics.selectors import topic_choices


def paper_line(submission: Submission) -> str:
    return f"{submission.public_id} {' '.join(submission.title.split())}"


def authors_of(*, workshop, user, papers: QuerySet[Submission], description: str) -> Resolved:
    """The authors of these papers, one recipient per address; the papers the organizer is
    an author of are left out (and said so)."""
    paper_ids = set(papers.filter(workshop=workshop).values_list("pk", flat=True))
    own = paper_ids & authored_submission_ids(workshop=workshop, user=user)
    authorships = (
        Authorship.objects.filter(submission_id__in=paper_ids - own)
        .select_related("submission")
        .order_by("submission__number", "order", "pk")
    )
    recipients = merge_by_email([(a.email, a.name, paper_line(a.submission)) for a in authorships])
    left_out = (
        [f"{len(own)} paper{'s' if len(own) > 1 else ''} you are an author of left out."]
        if own
        else []
    )
    return Resolved(recipients=recipients, description=description, left_out=left_out)


def _by_status(*, workshop, user, value: str, ids) -> Resolved:
    if value not in SubmissionStatus.values:
        return Resolved(recipients=[], description="")
    label = SubmissionStatus(value).label.lower()
    return authors_of(
        workshop=workshop,
        user=user,
        papers=Submission.objects.filter(status=value),
        description=f"Authors of {label} papers",
    )


def _status_options(*, workshop) -> list[tuple[str, str]]:
    """Submitted first (the usual group), drafts last."""
    order = ["submitted", "accepted", "rejected", "withdrawn", "draft"]
    return sorted(SubmissionStatus.choices, key=lambda choice: order.index(choice[0]))


def _topic_options(*, workshop) -> list[tuple[str, str]]:
    return [(str(pk), name.strip()) for pk, name in topic_choices(workshop=workshop)]


def _by_topic(*, workshop, user, value: str, ids) -> Resolved:
    topic = (
        Topic.objects.filter(workshop=workshop, pk=int(value)).first()
        if value.isascii() and value.isdigit()
        else None
    )
    if topic is None:
        return Resolved(recipients=[], description="")
    papers = submissions_for_organizer(workshop=workshop, topic=topic).filter(
        status__in=REVIEWABLE_STATUSES
    )
    return authors_of(
        workshop=workshop,
        user=user,
        papers=papers,
        description=f"Authors of papers in {topic.name} (submitted or decided)",
    )


def _selected(*, workshop, user, value: str, ids) -> Resolved:
    return authors_of(
        workshop=workshop,
        user=user,
        papers=Submission.objects.filter(pk__in=ids),
        description=f"Authors of {len(ids)} selected paper{'s' if len(ids) != 1 else ''}",
    )


def register() -> None:
    recipient_group_register(
        RecipientGroup(
            key="authors_status",
            label="Authors of papers",
            audience=AUTHORS,
            resolve=_by_status,
            options=_status_options,
            order=10,
        )
    )
    recipient_group_register(
        RecipientGroup(
            key="authors_topic",
            label="Authors in topic",
            audience=AUTHORS,
            resolve=_by_topic,
            options=_topic_options,
            order=30,
        )
    )
    recipient_group_register(
        RecipientGroup(
            key="authors_selected",
            label="Authors of the selected papers",
            audience=AUTHORS,
            resolve=_selected,
            selection=PAPERS,
            order=10,
        )
    )
