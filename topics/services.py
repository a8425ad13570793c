import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from topics.models import Topic, Workshop

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


def cfp_text_tidy(text: str) -> str:
    """Join the spaces the call for papers' source left before punctuation and inside
    brackets ("GPT-3 , BERT", "LLaMa )")."""
    text = re.sub(r"[ \t]+([,;:.)])", r"\1", text)
    return re.sub(r"\([ \t]+", "(", text)


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
                "description": cfp_text_tidy(node.get("description", "")),
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
            "description": cfp_text_tidy(data["description"]),
            "venue": data.get("venue", ""),
            **phase_dates(phase),
        },
    )
    created_topics = topic_tree_create(workshop=workshop, nodes=data["topics"])
    return CfpLoadResult(workshop=workshop, created_workshop=created, created_topics=created_topics)
