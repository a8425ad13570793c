from collections.abc import Callable, Iterable

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery

from notifications.models import GroupMessage, OutgoingEmail

# Hooks of the apps above this one: (kinds, predicate). An organizer for whom a predicate
# holds does not see mail of those kinds in the workshop's log (an organizer who is an
# author must not learn who reviews their paper). Registered in AppConfig.ready().
_hidden_kinds: list[tuple[tuple[str, ...], Callable]] = []


def mail_log_hide_kinds(*, kinds: tuple[str, ...], when: Callable) -> None:
    """Hide mail of these kinds from organizers for whom ``when(workshop=, user=)`` holds."""
    _hidden_kinds.append((kinds, when))


def hidden_kinds(*, workshop, user) -> set[str]:
    """Each distinct condition is asked once (several apps hide kinds on the same one)."""
    answers: dict[Callable, bool] = {}
    hidden = set()
    for kinds, when in _hidden_kinds:
        if when not in answers:
            answers[when] = bool(when(workshop=workshop, user=user))
        if answers[when]:
            hidden.update(kinds)
    return hidden


def mail_log_for_workshop(
    *,
    workshop,
    user,
    status: str = "",
    kind: str = "",
    search: str = "",
    hidden: set[str] | None = None,
) -> QuerySet[OutgoingEmail]:
    """The workshop's mail this organizer may see, newest first; ``search`` matches a
    recipient address or the subject (case-insensitive)."""
    emails = OutgoingEmail.objects.filter(workshop=workshop).defer("body_text", "body_html")
    if hidden is None:
        hidden = hidden_kinds(workshop=workshop, user=user)
    if hidden:
        emails = emails.exclude(kind__in=hidden)
    if status:
        emails = emails.filter(status=status)
    if kind:
        emails = emails.filter(kind=kind)
    if search:
        emails = emails.filter(Q(to__icontains=search) | Q(subject__icontains=search))
    return emails.order_by("-created_at", "-id")


def mail_log_kinds(*, workshop, hidden: set[str]) -> list[str]:
    """The kinds of mail in the workshop's log, leaving out the hidden ones."""
    kinds = OutgoingEmail.objects.filter(workshop=workshop).exclude(kind__in=hidden)
    return list(kinds.order_by("kind").values_list("kind", flat=True).distinct())


def emails_known(*, keys: Iterable[str]) -> set[str]:
    """The idempotency keys among these that are in the outbox already."""
    return set(
        OutgoingEmail.objects.filter(idempotency_key__in=list(keys)).values_list(
            "idempotency_key", flat=True
        )
    )


def email_statuses(*, keys: Iterable[str]) -> dict[str, str]:
    """The status of each email in the outbox, by idempotency key."""
    return dict(
        OutgoingEmail.objects.filter(idempotency_key__in=list(keys)).values_list(
            "idempotency_key", "status"
        )
    )


def last_email_status(model: type[models.Model]) -> Subquery:
    """For a queryset of ``model``: the status of the newest email about each row."""
    return Subquery(
        OutgoingEmail.objects.filter(
            about_type=ContentType.objects.get_for_model(model), about_id=OuterRef("pk")
        )
        .order_by("-created_at", "-pk")
        .values("status")[:1]
    )


def group_messages_for_workshop(*, workshop, hidden: set[str], limit: int = 100) -> list:
    """The workshop's newest group messages, each with ``counts`` of its emails by status
    (two queries). Messages of a hidden kind (see hidden_kinds) are left out."""
    messages = GroupMessage.objects.filter(workshop=workshop).select_related("sender")
    hidden_audiences = [
        kind.removeprefix("group_message_") for kind in hidden if kind.startswith("group_message_")
    ]
    if hidden_audiences:
        messages = messages.exclude(audience__in=hidden_audiences)
    messages = list(messages.defer("body").order_by("-created_at", "-id")[:limit])
    counts: dict[int, dict[str, int]] = {message.pk: {} for message in messages}
    rows = (
        OutgoingEmail.objects.filter(
            about_type=ContentType.objects.get_for_model(GroupMessage), about_id__in=counts
        )
        .values("about_id", "status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in rows:
        counts[row["about_id"]][row["status"]] = row["n"]
    for message in messages:
        message.counts = counts[message.pk]
    return messages
