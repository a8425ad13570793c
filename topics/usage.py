"""What uses a topic, as told by the apps above this one.

Papers and reviewers' expertise point at topics, but this app may not import theirs. Each
such app registers, in its ``AppConfig.ready()``:

- a usage counter: ``count(workshop=)`` returns ``{topic_id: n}`` in one query, and a
  label for one and for many (``"paper"``, ``"papers"``);
- a merger: ``merge(source=, target=)`` moves its references from one topic to another
  (without making duplicates), inside the caller's transaction.

Deleting a topic is refused while any counter is above zero; merging calls every merger
before the source topic is deleted.
"""

from collections.abc import Callable
from dataclasses import dataclass

from topics.models import Topic, Workshop


@dataclass(frozen=True)
class UsageCounter:
    one: str
    many: str
    count: Callable[..., dict[int, int]]


_counters: dict[str, UsageCounter] = {}
_mergers: dict[str, Callable[..., None]] = {}


def register_topic_usage(
    *, key: str, one: str, many: str, count: Callable[..., dict[int, int]]
) -> None:
    _counters[key] = UsageCounter(one, many, count)


def register_topic_merger(*, key: str, merge: Callable[..., None]) -> None:
    _mergers[key] = merge


@dataclass(frozen=True)
class TopicUsage:
    counts: tuple[tuple[int, str], ...] = ()  # (n, label) for each user with n > 0

    def __bool__(self) -> bool:
        return bool(self.counts)

    def __str__(self) -> str:
        parts = [f"{n} {label}" for n, label in self.counts]
        return ", ".join(parts[:-1]) + " and " + parts[-1] if len(parts) > 1 else "".join(parts)


def topic_usage_by_topic(*, workshop: Workshop) -> dict[int, TopicUsage]:
    """Every used topic of the workshop with what uses it; one query per counter."""
    found: dict[int, list[tuple[int, str]]] = {}
    for counter in _counters.values():
        for topic_id, n in counter.count(workshop=workshop).items():
            if n:
                found.setdefault(topic_id, []).append((n, counter.one if n == 1 else counter.many))
    return {topic_id: TopicUsage(tuple(counts)) for topic_id, counts in found.items()}


def topic_usage(*, topic: Topic) -> TopicUsage:
    return topic_usage_by_topic(workshop=topic.workshop).get(topic.pk, TopicUsage())


def topic_mergers() -> list[Callable[..., None]]:
    return list(_mergers.values())
