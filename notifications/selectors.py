from collections.abc import Callable

from django.db.models import QuerySet

from notifications.models import OutgoingEmail

# Hooks of the apps above this one: (kinds, predicate). An organizer for whom a predicate
# holds does not see mail of those kinds in the workshop's log (an organizer who is an
# author must not learn who reviews their paper). Registered in AppConfig.ready().
_hidden_kinds: list[tuple[tuple[str, ...], Callable]] = []


def mail_log_hide_kinds(*, kinds: tuple[str, ...], when: Callable) -> None:
    """Hide mail of these kinds from organizers for whom ``when(workshop=, user=)`` holds."""
    _hidden_kinds.append((kinds, when))


def hidden_kinds(*, workshop, user) -> set[str]:
    return {
        kind
        for kinds, when in _hidden_kinds
        if when(workshop=workshop, user=user)
        for kind in kinds
    }


def mail_log_for_workshop(
    *, workshop, user, status: str = "", hidden: set[str] | None = None
) -> QuerySet[OutgoingEmail]:
    emails = OutgoingEmail.objects.filter(workshop=workshop).defer("body_text", "body_html")
    if hidden is None:
        hidden = hidden_kinds(workshop=workshop, user=user)
    if hidden:
        emails = emails.exclude(kind__in=hidden)
    if status:
        emails = emails.filter(status=status)
    return emails.order_by("-created_at", "-id")
