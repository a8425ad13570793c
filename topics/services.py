import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from fomo_site.errors import Refusal
from topics.models import Topic, Workshop
from topics.usage import topic_mergers, topic_usage

CFP_DATA_DIR = Path(__file__).resolve().parent / "data"

# Days from today to each date, per phase a demo or a new workshop starts in.
PHASE_OFFSETS_DAYS: dict[str, dict[str, int]] = {
    "submission": {
        "submission_opens_at": -14,
        "submission_deadline": 21,
        "bidding_deadline": 28,
        "review_deadline": 49,
        "decision_notification_at": 60,
        "camera_ready_deadline": 75,
    },
    "bidding": {
        "submission_opens_at": -40,
        "submission_deadline": -3,
        "bidding_deadline": 5,
        "review_deadline": 26,
        "decision_notification_at": 36,
        "camera_ready_deadline": 50,
    },
    "reviewing": {
        "submission_opens_at": -60,
        "submission_deadline": -24,
        "bidding_deadline": -15,
        "review_deadline": 9,
        "decision_notification_at": 19,
        "camera_ready_deadline": 33,
    },
    "camera_ready": {
        "submission_opens_at": -90,
        "submission_deadline": -55,
        "bidding_deadline": -48,
        "review_deadline": -25,
        "decision_notification_at": -10,
        "camera_ready_deadline": 14,
    },
}


@dataclass(frozen=True)
class CfpLoadResult:
    workshop: Workshop
    created_workshop: bool
    created_topics: int


def aoe_end_of_day(day_offset: int, now: datetime | None = None) -> datetime:
    """23:59 Anywhere-on-Earth (UTC-12) of today + offset, as an aware UTC datetime."""
    now = now or timezone.now()
    aoe_day = (now - timedelta(hours=12)).date() + timedelta(days=day_offset)
    return datetime(
        aoe_day.year, aoe_day.month, aoe_day.day, 23, 59, tzinfo=timezone.get_fixed_timezone(-720)
    ).astimezone(UTC)


def phase_dates(phase: str, now: datetime | None = None) -> dict[str, datetime]:
    return {field: aoe_end_of_day(days, now) for field, days in PHASE_OFFSETS_DAYS[phase].items()}


def cfp_data(name: str = "me-fomo") -> dict:
    return json.loads((CFP_DATA_DIR / f"{name}.json").read_text(encoding="utf-8"))


def topic_tree_create(*, workshop: Workshop, nodes: list[dict], parent: Topic | None = None) -> int:
    """Create the missing nodes of a topic tree; existing slugs are left as they are."""
    created = 0
    for order, node in enumerate(nodes):
        topic, was_created = Topic.objects.get_or_create(
            workshop=workshop,
            slug=node["slug"],
            defaults={
                "name": node["name"],
                "description": node.get("description", ""),
                "parent": parent,
                "order": order,
            },
        )
        created += int(was_created)
        created += topic_tree_create(
            workshop=workshop, nodes=node.get("children", []), parent=topic
        )
    return created


@transaction.atomic
def workshop_load_cfp(
    *, slug: str, data: dict, phase: str = "submission", name_suffix: str = ""
) -> CfpLoadResult:
    """Create a workshop and its topic tree from CFP data; a second run changes nothing."""
    workshop, created = Workshop.objects.get_or_create(
        slug=slug,
        defaults={
            "name": data["name"] + name_suffix,
            "short_name": data["short_name"] + name_suffix,
            "description": data["description"],
            "venue": data.get("venue", ""),
            **phase_dates(phase),
        },
    )
    created_topics = topic_tree_create(workshop=workshop, nodes=data["topics"])
    return CfpLoadResult(workshop=workshop, created_workshop=created, created_topics=created_topics)


# --- The topic tree, as organizers edit it ---------------------------------------------

# Areas and their subtopics: the depth of the call for papers (papers choose subtopics).
TOPIC_MAX_DEPTH = 2


def _topic_slug(*, workshop: Workshop, name: str) -> str:
    base = slugify(name)[:70] or "topic"
    taken = set(
        Topic.objects.filter(workshop=workshop, slug__startswith=base).values_list(
            "slug", flat=True
        )
    )
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def _topic_siblings(*, workshop: Workshop, parent: Topic | None):
    return Topic.objects.filter(workshop=workshop, parent=parent).order_by("order", "name", "pk")


def _topic_check_parent(*, topic: Topic | None, workshop: Workshop, parent: Topic | None) -> None:
    if parent is None:
        return
    if parent.workshop_id != workshop.pk:
        raise Refusal("That area belongs to another workshop.")
    if topic is not None and parent.pk == topic.pk:
        raise Refusal("A topic cannot be its own area.")
    if parent.parent_id is not None:
        raise Refusal(
            f"“{parent.name}” is a subtopic; the tree has areas and subtopics only, "
            "so choose an area."
        )
    if topic is not None and topic.children.exists():
        raise Refusal(
            f"“{topic.name}” has subtopics of its own; move them to another area first "
            "(the tree has areas and subtopics only)."
        )


@transaction.atomic
def topic_create(
    *, workshop: Workshop, name: str, description: str = "", parent: Topic | None = None
) -> Topic:
    _topic_check_parent(topic=None, workshop=workshop, parent=parent)
    last = _topic_siblings(workshop=workshop, parent=parent).last()
    return Topic.objects.create(
        workshop=workshop,
        parent=parent,
        name=name.strip(),
        description=description.strip(),
        slug=_topic_slug(workshop=workshop, name=name),
        order=last.order + 1 if last else 0,
    )


@transaction.atomic
def topic_update(
    *, topic: Topic, name: str, description: str = "", parent: Topic | None = None
) -> Topic:
    """Rename and describe a topic, and move it under another area (or make it an area)."""
    if parent != topic.parent:
        topic_move(topic=topic, parent=parent)
    topic.name = name.strip()
    topic.description = description.strip()
    topic.save(update_fields=["name", "description", "updated_at"])
    return topic


@transaction.atomic
def topic_move(*, topic: Topic, parent: Topic | None) -> Topic:
    """Put a topic last under another area, or last among the areas (parent None)."""
    _topic_check_parent(topic=topic, workshop=topic.workshop, parent=parent)
    if parent is None and topic.parent_id is not None:
        usage = topic_usage(topic=topic)
        if usage:
            raise Refusal(
                f"“{topic.name}” is used by {usage}; papers choose subtopics, so it "
                "stays under an area. Move it to another area instead."
            )
    last = _topic_siblings(workshop=topic.workshop, parent=parent).exclude(pk=topic.pk).last()
    topic.parent = parent
    topic.order = last.order + 1 if last else 0
    topic.save(update_fields=["parent", "order", "updated_at"])
    return topic


@transaction.atomic
def topic_reorder(*, topic: Topic, step: int) -> Topic:
    """Move a topic one place up (step -1) or down (step +1) among its siblings."""
    siblings = list(_topic_siblings(workshop=topic.workshop, parent=topic.parent))
    index = next(i for i, sibling in enumerate(siblings) if sibling.pk == topic.pk)
    other = index + step
    if 0 <= other < len(siblings):
        siblings[index], siblings[other] = siblings[other], siblings[index]
    for order, sibling in enumerate(siblings):
        if sibling.order != order:
            sibling.order = order
            sibling.save(update_fields=["order", "updated_at"])
    return next(sibling for sibling in siblings if sibling.pk == topic.pk)


def _topic_check_removable(*, topic: Topic) -> None:
    count = topic.children.count()
    if count:
        raise Refusal(
            f"“{topic.name}” has {count} subtopic{'s' if count != 1 else ''}; "
            "move or delete them first."
        )


@transaction.atomic
def topic_delete(*, topic: Topic) -> None:
    """Delete an unused topic; a used one is refused with what uses it."""
    _topic_check_removable(topic=topic)
    usage = topic_usage(topic=topic)
    if usage:
        raise Refusal(
            f"“{topic.name}” cannot be deleted: it is used by {usage}. "
            "Merge it into another topic instead."
        )
    topic.delete()


@transaction.atomic
def topic_merge(*, source: Topic, target: Topic) -> Topic:
    """Move everything that uses ``source`` to ``target``, then delete ``source``."""
    if source.workshop_id != target.workshop_id or source.pk == target.pk:
        raise Refusal("Choose another topic of this workshop to merge into.")
    if source.is_area != target.is_area:
        kind = "an area" if source.is_area else "a subtopic"
        raise Refusal(f"“{source.name}” is {kind}: merge it into {kind} too.")
    _topic_check_removable(topic=source)
    for merge in topic_mergers():
        merge(source=source, target=target)
    source.delete()
    return target
