from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.http import Http404

from accounts.models import User
from topics.models import OrganizerInvitation, Topic, Workshop, WorkshopChange


@dataclass
class TopicNode:
    topic: Topic
    children: list["TopicNode"] = field(default_factory=list)


def workshop_list() -> QuerySet[Workshop]:
    return Workshop.objects.order_by("-submission_deadline", "name")


def workshop_get(*, slug: str) -> Workshop:
    try:
        return Workshop.objects.get(slug=slug)
    except Workshop.DoesNotExist as missing:
        raise Http404("No workshop with that address.") from missing


def topic_tree(*, workshop: Workshop) -> list[TopicNode]:
    """The workshop's topics as a forest, in display order, from one query."""
    return topic_forest(list(workshop.topics.order_by("order", "name")))


def topic_forest(topics: list[Topic]) -> list[TopicNode]:
    """Already loaded topics, sorted by ("order", "name"), as a forest in that order."""
    nodes = {topic.pk: TopicNode(topic) for topic in topics}
    roots: list[TopicNode] = []
    for node in nodes.values():
        parent = nodes.get(node.topic.parent_id)
        (parent.children if parent else roots).append(node)
    return roots


def topics_in_tree_order(topics: list[Topic]) -> list[tuple[Topic, int]]:
    """(topic, depth) for every topic: each area, then its subtopics, depth first."""
    flat: list[tuple[Topic, int]] = []

    def walk(nodes: list[TopicNode], depth: int) -> None:
        for node in nodes:
            flat.append((node.topic, depth))
            walk(node.children, depth + 1)

    walk(topic_forest(topics), 0)
    return flat


def topics_with_depth(*, workshop: Workshop) -> list[tuple[Topic, int]]:
    """The workshop's (topic, depth) in tree order, from one query."""
    return topics_in_tree_order(list(workshop.topics.order_by("order", "name")))


def topic_choices(*, workshop: Workshop) -> list[tuple[int, str]]:
    """Topics as indented choices for a select, areas followed by their subtopics."""
    choices: list[tuple[int, str]] = []

    def walk(nodes: list[TopicNode], prefix: str) -> None:
        for node in nodes:
            choices.append((node.topic.pk, prefix + node.topic.name))
            walk(node.children, prefix + "\u00a0\u00a0\u00a0\u00a0")

    walk(topic_tree(workshop=workshop), "")
    return choices


def workshop_changes(*, workshop: Workshop, limit: int = 200) -> list[WorkshopChange]:
    """The latest changes to a workshop's settings and organizers, newest first."""
    return list(
        workshop.changes.select_related("changed_by").order_by("-created_at", "-pk")[:limit]
    )


def workshop_organizers(*, workshop: Workshop) -> QuerySet[User]:
    return workshop.organizers.order_by("full_name", "email")


def organizer_invitations_open(*, workshop: Workshop) -> QuerySet[OrganizerInvitation]:
    return workshop.organizer_invitations.filter(accepted_at__isnull=True).select_related(
        "invited_by"
    )
