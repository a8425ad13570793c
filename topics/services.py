import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from accounts.models import User
from fomo_site.errors import Refusal
from topics.aoe import aoe_format
from topics.models import OrganizerInvitation, Topic, Workshop, WorkshopChange
from topics.signals import organizer_added, organizer_invited, workshop_copied
from topics.tracks import tracks_copy
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


# ---------------------------------------------------------------------------------------
# Settings, with a log of every change

# The dates in the order they must come, and whether the next must be strictly later.
DATE_ORDER = (
    ("submission_opens_at", "submission opens", True),
    ("submission_deadline", "the submission deadline", False),
    ("bidding_deadline", "bidding ends", True),
    ("review_deadline", "the review deadline", True),
    ("decision_notification_at", "the decision notification", True),
    ("camera_ready_deadline", "the camera-ready deadline", None),
)
DATE_FIELDS = tuple(field for field, _, _ in DATE_ORDER)

# What a next edition takes over from the earlier one, besides the topic tree and dates.
COPIED_FIELDS = (
    "description", "venue", "website", "contact_email",
    "max_pages", "camera_ready_max_pages", "max_pdf_mb", "max_supplementary_mb",
    "max_title_chars", "max_abstract_chars", "max_secondary_topics",
    "reviewers_per_paper", "max_papers_per_reviewer",
    "affinity_topic_weight", "affinity_text_weight", "affinity_bid_weight",
    "show_other_reviews_after_submit", "area_chairs_see_reviewer_names",
)  # fmt: skip


def dates_order_problem(dates: dict[str, datetime]) -> tuple[str, str] | None:
    """The first pair of dates out of order, as (the later date's field, a message naming
    both dates), or None when they are in order."""
    for (field, label, strict), (next_field, next_label, _) in zip(
        DATE_ORDER, DATE_ORDER[1:], strict=False
    ):
        first, second = dates.get(field), dates.get(next_field)
        if first is None or second is None:
            continue
        if second < first or (strict and second == first):
            relation = "after" if strict else "on or after"
            return next_field, (
                f"{next_label[0].upper()}{next_label[1:]} ({aoe_format(second)}) must be "
                f"{relation} {label} ({aoe_format(first)})."
            )
    return None


def _shown(value: object) -> str:
    if isinstance(value, datetime):
        return aoe_format(value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _label(field: str) -> str:
    return str(Workshop._meta.get_field(field).verbose_name).capitalize()


def _log(workshop: Workshop, by: User | None, field: str, old: str, new: str) -> WorkshopChange:
    return WorkshopChange.objects.create(
        workshop=workshop,
        changed_by=by,
        field=field,
        label={"organizers": "Organizers", "workshop": "Workshop"}.get(field) or _label(field),
        old_value=old,
        new_value=new,
    )


def workshop_slug_locked(*, workshop: Workshop) -> bool:
    """The address is fixed once papers exist: their links and mails carry it."""
    return workshop.submissions.exists()


@transaction.atomic
def workshop_update(
    *, workshop: Workshop, by: User | None, values: dict[str, object]
) -> list[WorkshopChange]:
    """Change a workshop's settings and log each changed field (old → new)."""
    workshop = Workshop.objects.select_for_update().get(pk=workshop.pk)
    if (
        "slug" in values
        and values["slug"] != workshop.slug
        and workshop_slug_locked(workshop=workshop)
    ):
        raise Refusal("The address (slug) cannot change: papers have been submitted under it.")
    dates = {field: values.get(field, getattr(workshop, field)) for field in DATE_FIELDS}
    problem = dates_order_problem(dates)
    if problem:
        raise Refusal(problem[1])
    changed = []
    for field, new in values.items():
        old = getattr(workshop, field)
        if old != new:
            changed.append((field, _shown(old), _shown(new)))
            setattr(workshop, field, new)
    if not changed:
        return []
    try:
        workshop.full_clean()
    except ValidationError as invalid:
        raise Refusal(" ".join(invalid.messages)) from invalid
    workshop.save(update_fields=[field for field, _, _ in changed] + ["updated_at"])
    return WorkshopChange.objects.bulk_create(
        WorkshopChange(
            workshop=workshop,
            changed_by=by,
            field=field,
            label=_label(field),
            old_value=old,
            new_value=new,
        )
        for field, old, new in changed
    )


# ---------------------------------------------------------------------------------------
# Organizers


@transaction.atomic
def organizer_invite(*, workshop: Workshop, email: str, by: User) -> str:
    """Make an account holder an organizer (they are told by mail), or invite an address
    without an account to sign up; returns what happened, for the inviter."""
    email = email.strip().lower()
    try:
        validate_email(email)
    except ValidationError as invalid:
        raise Refusal(f"“{email}” is not a valid email address.") from invalid
    workshop = Workshop.objects.select_for_update().get(pk=workshop.pk)
    user = User.objects.filter(email__iexact=email).first()
    if user is not None:
        if workshop.organizers.filter(pk=user.pk).exists():
            raise Refusal(f"{user.full_name or email} is already an organizer.")
        workshop.organizers.add(user)
        _log(workshop, by, "organizers", "", f"{user.full_name} <{user.email}> added")
        organizer_added.send(sender=Workshop, workshop=workshop, user=user, by=by)
        return f"{user.full_name or email} is now an organizer; we told them by email."
    invitation, created = OrganizerInvitation.objects.get_or_create(
        workshop=workshop, email=email, defaults={"invited_by": by}
    )
    if not created:
        raise Refusal(f"{email} was invited already; they join when they sign up.")
    _log(workshop, by, "organizers", "", f"{email} invited")
    organizer_invited.send(sender=Workshop, invitation=invitation)
    return f"{email} has no account yet: we invited them to sign up; they join when they do."


@transaction.atomic
def organizer_remove(*, workshop: Workshop, user: User, by: User) -> None:
    workshop = Workshop.objects.select_for_update().get(pk=workshop.pk)
    organizers = workshop.organizers.all()
    if not organizers.filter(pk=user.pk).exists():
        raise Refusal(f"{user.full_name or user.email} is not an organizer.")
    if organizers.count() == 1:
        raise Refusal(
            f"{user.full_name or user.email} is the last organizer: invite another organizer "
            "first; a workshop cannot be left without one."
        )
    workshop.organizers.remove(user)
    _log(workshop, by, "organizers", f"{user.full_name} <{user.email}>", "removed")


@transaction.atomic
def organizer_invitations_claim(*, user: User, email: str) -> int:
    """Someone confirmed an address: they join every workshop that invited it."""
    invitations = OrganizerInvitation.objects.select_for_update().filter(
        email__iexact=email, accepted_at__isnull=True
    )
    joined = 0
    for invitation in invitations.select_related("workshop"):
        invitation.workshop.organizers.add(user)
        invitation.accepted_at = timezone.now()
        invitation.save(update_fields=["accepted_at", "updated_at"])
        _log(invitation.workshop, user, "organizers", "", f"{user.full_name} <{email}> joined")
        joined += 1
    return joined


# ---------------------------------------------------------------------------------------
# New workshops and next editions


def _workshop_new(
    *, by: User, name: str, short_name: str, slug: str, dates: dict, **fields
) -> Workshop:
    problem = dates_order_problem(dates)
    if problem:
        raise Refusal(problem[1])
    if Workshop.objects.filter(slug=slug).exists():
        raise Refusal(f"The address “{slug}” is taken by another workshop.")
    workshop = Workshop(name=name, short_name=short_name, slug=slug, **dates, **fields)
    try:
        workshop.full_clean()
    except ValidationError as invalid:
        raise Refusal(" ".join(invalid.messages)) from invalid
    workshop.save()
    workshop.organizers.add(by)
    return workshop


@transaction.atomic
def workshop_create(
    *, by: User, name: str, short_name: str, slug: str, dates: dict[str, datetime]
) -> Workshop:
    workshop = _workshop_new(by=by, name=name, short_name=short_name, slug=slug, dates=dates)
    _log(workshop, by, "workshop", "", f"created by {by.full_name} <{by.email}>")
    return workshop


def _topics_copy(source: Workshop, target: Workshop) -> None:
    new_pks: dict[int, Topic] = {}
    # Parents before children: an area's subtopics come after it in this order.
    pending = list(source.topics.order_by("pk"))
    while pending:
        waiting = []
        for topic in pending:
            if topic.parent_id is not None and topic.parent_id not in new_pks:
                waiting.append(topic)
                continue
            new_pks[topic.pk] = Topic.objects.create(
                workshop=target,
                parent=new_pks.get(topic.parent_id),
                name=topic.name,
                slug=topic.slug,
                description=topic.description,
                order=topic.order,
            )
        pending = waiting


@transaction.atomic
def workshop_copy(
    *,
    source: Workshop,
    by: User,
    name: str,
    short_name: str,
    slug: str,
    offset_days: int,
    invite_reviewers: bool = False,
) -> Workshop:
    """A next edition: the earlier workshop's topic tree, limits and settings, its dates
    moved by offset_days; the apps above copy their own rows (review form, mail texts) and,
    if asked, invite the earlier reviewer pool."""
    shift = timedelta(days=offset_days)
    dates = {field: getattr(source, field) + shift for field in DATE_FIELDS}
    workshop = _workshop_new(
        by=by,
        name=name,
        short_name=short_name,
        slug=slug,
        dates=dates,
        **{field: getattr(source, field) for field in COPIED_FIELDS},
    )
    _topics_copy(source, workshop)
    tracks_copy(source=source, target=workshop, shift=shift)
    _log(
        workshop,
        by,
        "workshop",
        "",
        f"created by {by.full_name} <{by.email}> as a copy of {source.short_name}",
    )
    workshop_copied.send(
        sender=Workshop, source=source, target=workshop, by=by, invite_reviewers=invite_reviewers
    )
    return workshop


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
