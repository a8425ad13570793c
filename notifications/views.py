import uuid

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from fomo_site.errors import Refusal
from notifications import groups, selectors, services
from notifications.forms import GroupMessageForm, MailLogFilterForm
from topics.permissions import organizer_required

MAIL_LOG_PAGE_SIZE = 50


@organizer_required
def mail_log(request: HttpRequest, workshop) -> HttpResponse:
    hidden = selectors.hidden_kinds(workshop=workshop, user=request.user)
    form = MailLogFilterForm(
        request.GET, kinds=selectors.mail_log_kinds(workshop=workshop, hidden=hidden)
    )
    filters = form.filters()
    emails = selectors.mail_log_for_workshop(
        workshop=workshop, user=request.user, hidden=hidden, **filters
    )
    page = Paginator(emails, MAIL_LOG_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "notifications/mail_log.html",
        {
            "workshop": workshop,
            "page": page,
            "form": form,
            "filtered": any(filters.values()),
            "query": query.urlencode(),
            "reviewer_mail_hidden": bool(hidden),
        },
    )


@organizer_required
def mail_detail(request: HttpRequest, workshop, email_id: int) -> HttpResponse:
    emails = selectors.mail_log_for_workshop(workshop=workshop, user=request.user)
    email = get_object_or_404(emails, pk=email_id)
    email.refresh_from_db()
    return render(request, "notifications/mail_detail.html", {"workshop": workshop, "email": email})


MAX_TICKED = 5000


def _ticked_ids(values: list[str]) -> list[int]:
    """Ids of ticked table rows; anything but a plain number is dropped."""
    return [int(v) for v in values[:MAX_TICKED] if v.isascii() and v.isdigit() and len(v) < 19]


@organizer_required
@require_http_methods(["GET", "POST"])
def message_compose(request: HttpRequest, workshop) -> HttpResponse:
    """Compose a message to a group. A table's "Message selected" button posts here with
    ``selection`` and ``ids`` and no ``action``: that opens the form on those rows."""
    data = request.POST if request.method == "POST" else request.GET
    selection = data.get("selection", "")
    selection = selection if selection in (groups.PAPERS, groups.POOL) else ""
    ids = _ticked_ids(data.getlist("ids") or data.getlist("papers")) if selection else []
    choices = groups.group_choices(workshop=workshop, selection=selection)
    valid = {value for value, _ in choices}
    choice = data.get("group", "")
    choice = choice if choice in valid else (choices[0][0] if choices else "")
    resolved = (
        groups.group_resolve(workshop=workshop, user=request.user, choice=choice, ids=ids)
        if choice and (ids or not selection)
        else groups.Resolved(recipients=[], description="")
    )
    action = request.POST.get("action", "")
    initial = {"group": choice, "token": uuid.uuid4()}
    if action == "group":  # another group chosen: keep the text, check nothing yet
        initial |= {name: request.POST.get(name, "") for name in ("subject", "body", "token")}
        action = ""
    form = GroupMessageForm(
        request.POST if action else None,
        initial=initial,
        groups=choices,
        recipients=resolved.recipients,
        allowed=services.MESSAGE_PLACEHOLDERS,
    )
    preview = None
    if action and form.is_valid():
        if action == "send":
            group = groups.recipient_group_get(choice.partition(":")[0])
            try:
                message = services.group_message_create(
                    workshop=workshop,
                    sender=request.user,
                    token=form.cleaned_data["token"],
                    audience=group.audience,
                    group=resolved.description,
                    subject=form.cleaned_data["subject"],
                    body=form.cleaned_data["body"],
                    recipients=resolved.recipients,
                )
            except Refusal as refused:
                form.add_error(None, str(refused))
            else:
                messages.success(
                    request,
                    f"Message queued: {len(message.recipients)} email(s), one per recipient.",
                )
                return redirect("notifications:messages", workshop=workshop.slug)
        elif resolved.recipients:
            chosen = form.cleaned_data["preview_for"]
            recipient = next(
                (r for r in resolved.recipients if r.email == chosen), resolved.recipients[0]
            )
            subject, body = services.group_message_render(
                workshop=workshop,
                subject=form.cleaned_data["subject"],
                body=form.cleaned_data["body"],
                recipient=recipient,
            )
            preview = {"to": recipient.email, "subject": subject, "body": body}
    return render(
        request,
        "notifications/message_compose.html",
        {
            "workshop": workshop,
            "form": form,
            "selection": selection,
            "ids": ids,
            "resolved": resolved,
            "preview": preview,
            "placeholders": services.MESSAGE_PLACEHOLDERS,
        },
    )


@organizer_required
def message_list(request: HttpRequest, workshop) -> HttpResponse:
    hidden = selectors.hidden_kinds(workshop=workshop, user=request.user)
    return render(
        request,
        "notifications/message_list.html",
        {
            "workshop": workshop,
            "messages_sent": selectors.group_messages_for_workshop(
                workshop=workshop, hidden=hidden
            ),
        },
    )
