"""Tracks (submission types) of a workshop: what organizers create, change and delete.

Papers point at tracks, but this app may not import theirs: the submissions app registers
a counter, ``count(workshop=)`` returning ``{track_id: n}``, in its ``AppConfig.ready()``.
Deleting a track is refused while papers use it (the foreign key protects it too).
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Max, QuerySet
from django.utils.text import slugify

from fomo_site.errors import Refusal
from topics.models import Track, Workshop

_paper_counter: list[Callable[..., dict[int, int]]] = []
# The workshop's decision outcomes, (value, label), from the app that owns them (reviews).
_outcome_source: list[Callable[..., list[tuple[str, str]]]] = []


def register_outcome_source(*, choices: Callable[..., list[tuple[str, str]]]) -> None:
    _outcome_source[:] = [choices]


def workshop_outcomes(*, workshop: Workshop) -> list[tuple[str, str]]:
    return _outcome_source[0](workshop=workshop) if _outcome_source else []


def register_track_usage(*, count: Callable[..., dict[int, int]]) -> None:
    _paper_counter[:] = [count]


def track_paper_counts(*, workshop: Workshop) -> dict[int, int]:
    return _paper_counter[0](workshop=workshop) if _paper_counter else {}


def track_list(*, workshop: Workshop) -> QuerySet[Track]:
    return Track.objects.filter(workshop=workshop).order_by("order", "name")


@dataclass(frozen=True)
class TrackData:
    name: str
    max_pages: int
    description: str = ""
    deadline: datetime | None = None
    reviewers_per_paper: int | None = None
    outcomes: tuple[str, ...] = ()  # empty: the workshop's


def _slug(*, workshop: Workshop, name: str, exclude: int | None = None) -> str:
    base = slugify(name)[:50] or "track"
    taken = set(
        Track.objects.filter(workshop=workshop, slug__startswith=base)
        .exclude(pk=exclude)
        .values_list("slug", flat=True)
    )
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def _check_name(*, workshop: Workshop, name: str, exclude: int | None = None) -> str:
    name = " ".join(name.split())
    if not name:
        raise Refusal("Give the track a name.")
    same = Track.objects.filter(workshop=workshop, name__iexact=name).exclude(pk=exclude)
    if same.exists():
        raise Refusal(f"This workshop already has a track named “{name}”.")
    return name


def _check_deadline(*, workshop: Workshop, deadline: datetime | None) -> None:
    if deadline is None:
        return
    if deadline <= workshop.submission_opens_at:
        raise Refusal("The track's deadline must come after submissions open.")
    if deadline > workshop.bidding_deadline:
        raise Refusal(
            "The track's deadline must not come after the bidding deadline: reviewers bid "
            "on every paper before it."
        )


def _check_outcomes(*, workshop: Workshop, outcomes) -> list[str]:
    offered = [value for value, _ in workshop_outcomes(workshop=workshop)]
    unknown = set(outcomes) - set(offered)
    if unknown:
        raise Refusal(
            "A track offers only outcomes the workshop offers; not: "
            + ", ".join(sorted(unknown))
            + "."
        )
    chosen = [value for value in offered if value in outcomes]
    return [] if set(chosen) == set(offered) else chosen  # all of them: follow the workshop


@transaction.atomic
def track_create(*, workshop: Workshop, data: TrackData) -> Track:
    name = _check_name(workshop=workshop, name=data.name)
    _check_deadline(workshop=workshop, deadline=data.deadline)
    outcomes = _check_outcomes(workshop=workshop, outcomes=data.outcomes)
    last = Track.objects.filter(workshop=workshop).aggregate(last=Max("order"))["last"]
    return Track.objects.create(
        workshop=workshop,
        name=name,
        slug=_slug(workshop=workshop, name=name),
        description=data.description.strip(),
        order=0 if last is None else last + 1,
        max_pages=data.max_pages,
        deadline=data.deadline,
        reviewers_per_paper=data.reviewers_per_paper,
        outcomes=outcomes,
    )


@transaction.atomic
def track_update(*, track: Track, data: TrackData) -> Track:
    track.name = _check_name(workshop=track.workshop, name=data.name, exclude=track.pk)
    _check_deadline(workshop=track.workshop, deadline=data.deadline)
    track.slug = _slug(workshop=track.workshop, name=track.name, exclude=track.pk)
    track.description = data.description.strip()
    track.max_pages = data.max_pages
    track.deadline = data.deadline
    track.reviewers_per_paper = data.reviewers_per_paper
    track.outcomes = _check_outcomes(workshop=track.workshop, outcomes=data.outcomes)
    track.save()
    return track


@transaction.atomic
def track_delete(*, track: Track) -> None:
    """Delete a track no paper uses; with papers, refused and the papers counted."""
    n = track_paper_counts(workshop=track.workshop).get(track.pk, 0)
    if n:
        raise Refusal(
            f"“{track.name}” cannot be deleted: {n} paper{'s use' if n != 1 else ' uses'} it. "
            "Move those papers to another track first."
        )
    track.delete()


def tracks_copy(*, source: Workshop, target: Workshop, shift: timedelta) -> None:
    """For a next edition: the same tracks, their deadlines moved with the workshop's."""
    for track in track_list(workshop=source):
        Track.objects.create(
            workshop=target,
            name=track.name,
            slug=track.slug,
            description=track.description,
            order=track.order,
            max_pages=track.max_pages,
            deadline=track.deadline + shift if track.deadline else None,
            reviewers_per_paper=track.reviewers_per_paper,
            outcomes=list(track.outcomes),
        )
