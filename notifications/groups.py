"""Groups an organizer may message, registered by the apps that know who is in them.

This app sits below submissions, pool, reviews and decisions, so it cannot ask them who the
authors of accepted papers or the reviewers with missing reviews are. Each of those apps
registers its groups here in its AppConfig.ready(); the compose page lists what is
registered and resolves a choice to recipients through the registering app's own selectors.

A group resolves to one ``Recipient`` per address. ``papers`` are the lines the
``{{ papers }}`` placeholder lists for that recipient: numbers and titles only, never who
wrote or reviews them.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

AUTHORS = "authors"
REVIEWERS = "reviewers"

# What a ticked row of an organizer table stands for.
PAPERS = "papers"
POOL = "reviewers"


@dataclass(frozen=True)
class Recipient:
    email: str
    name: str
    papers: tuple[str, ...] = ()


@dataclass(frozen=True)
class Resolved:
    recipients: list[Recipient]
    description: str
    left_out: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class RecipientGroup:
    """``resolve(workshop=, user=, value=, ids=)`` returns a ``Resolved``; ``options(workshop=)``
    lists the values a group takes (statuses, outcomes, topics), or is None for none; a group
    with ``selection`` takes the ids of ticked rows of that kind instead."""

    key: str
    label: str
    audience: str
    resolve: Callable[..., Resolved]
    options: Callable[..., Sequence[tuple[str, str]]] | None = None
    selection: str = ""
    order: int = 0


_groups: dict[str, RecipientGroup] = {}


def recipient_group_register(group: RecipientGroup) -> None:
    _groups[group.key] = group


def recipient_groups() -> list[RecipientGroup]:
    return sorted(_groups.values(), key=lambda group: (group.order, group.key))


def recipient_group_get(key: str) -> RecipientGroup | None:
    return _groups.get(key)


def group_choices(*, workshop, selection: str = "") -> list[tuple[str, str]]:
    """Choices for the group select: ``key`` or ``key:value``. With ticked rows (a
    ``selection`` kind), the groups taking them; else the groups that take none."""
    choices = []
    for group in recipient_groups():
        if group.selection != selection:
            continue
        if group.options is None:
            choices.append((group.key, group.label))
            continue
        for value, label in group.options(workshop=workshop):
            choices.append((f"{group.key}:{value}", f"{group.label}: {label}"))
    return choices


def group_resolve(*, workshop, user, choice: str, ids: Sequence[int] = ()) -> Resolved:
    key, _, value = choice.partition(":")
    group = _groups[key]
    return group.resolve(workshop=workshop, user=user, value=value, ids=list(ids))


def merge_by_email(pairs: Sequence[tuple[str, str, str]]) -> list[Recipient]:
    """(email, name, paper line) triples to one recipient per address, in first-seen order."""
    merged: dict[str, tuple[str, list[str]]] = {}
    for email, name, paper in pairs:
        address = email.strip().lower()
        if not address:
            continue
        _, papers = merged.setdefault(address, (name, []))
        if paper and paper not in papers:
            papers.append(paper)
    return [
        Recipient(email=address, name=name, papers=tuple(papers))
        for address, (name, papers) in merged.items()
    ]
