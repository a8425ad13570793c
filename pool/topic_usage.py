"""Reviewers' part in the topic tree editor: how many reviewers declared expertise in each
topic, and moving it when an organizer merges topics (hooks of topics.usage, registered in
PoolConfig.ready())."""

from django.db import transaction
from django.db.models import Count

from pool.enums import ExpertiseLevel
from pool.models import TopicExpertise
from topics.models import Topic, Workshop

_STRENGTH = {
    ExpertiseLevel.INTERESTED: 0,
    ExpertiseLevel.KNOWLEDGEABLE: 1,
    ExpertiseLevel.EXPERT: 2,
}


def topic_expertise_counts(*, workshop: Workshop) -> dict[int, int]:
    rows = (
        TopicExpertise.objects.filter(topic__workshop=workshop)
        .values("topic_id")
        .annotate(n=Count("profile_id", distinct=True))
        .values_list("topic_id", "n")
    )
    return dict(rows)


@transaction.atomic
def expertise_topic_merge(*, source: Topic, target: Topic) -> None:
    """Expertise in ``source`` becomes expertise in ``target``; a reviewer who declared both
    keeps one row, with the stronger of the two levels."""
    on_target = {row.profile_id: row for row in TopicExpertise.objects.filter(topic=target)}
    for row in TopicExpertise.objects.filter(topic=source):
        kept = on_target.get(row.profile_id)
        if kept is None:
            row.topic = target
            row.save(update_fields=["topic", "updated_at"])
            continue
        if _STRENGTH[row.level] > _STRENGTH[kept.level]:
            kept.level = row.level
            kept.save(update_fields=["level", "updated_at"])
        row.delete()
