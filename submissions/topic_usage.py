"""Papers' part in the topic tree editor: how many papers use each topic, and moving them
from one topic to another when an organizer merges topics (hooks of topics.usage,
registered in SubmissionsConfig.ready()); and how many papers each track has (a hook of
topics.tracks)."""

from collections import Counter

from django.db import transaction
from django.db.models import Count

from submissions.models import Submission
from topics.models import Topic, Workshop

SecondaryTopic = Submission.secondary_topics.through


def topic_paper_counts(*, workshop: Workshop) -> dict[int, int]:
    """Papers per topic, counting a paper once whether the topic is primary or secondary."""
    primary = (
        Submission.objects.filter(workshop=workshop)
        .values_list("primary_topic_id", "pk")
        .order_by()
    )
    secondary = (
        SecondaryTopic.objects.filter(submission__workshop=workshop)
        .values_list("topic_id", "submission_id")
        .order_by()
    )
    return dict(Counter(topic_id for topic_id, _ in primary.union(secondary)))


@transaction.atomic
def submission_topics_merge(*, source: Topic, target: Topic) -> None:
    """Papers on ``source`` are on ``target`` after this; no paper lists a topic twice."""
    papers = Submission.objects.filter(workshop=source.workshop)
    papers.filter(primary_topic=source).update(primary_topic=target)
    with_target = set(papers.filter(primary_topic=target).values_list("pk", flat=True))
    with_target |= set(
        SecondaryTopic.objects.filter(topic=target).values_list("submission_id", flat=True)
    )
    SecondaryTopic.objects.filter(topic=source, submission_id__in=with_target).delete()
    SecondaryTopic.objects.filter(topic=source).update(topic=target)
    SecondaryTopic.objects.filter(topic=target, submission__primary_topic=target).delete()


def track_paper_counts(*, workshop: Workshop) -> dict[int, int]:
    """Papers per track (drafts and withdrawn ones too: they keep their track)."""
    rows = (
        Submission.objects.filter(workshop=workshop, track__isnull=False)
        .values("track_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row["track_id"]: row["n"] for row in rows}
