from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from notifications import selectors
from notifications.enums import EmailStatus
from topics.permissions import organizer_required


@organizer_required
def mail_log(request: HttpRequest, workshop) -> HttpResponse:
    status = request.GET.get("status", "")
    if status not in EmailStatus.values:
        status = ""
    hidden = selectors.hidden_kinds(workshop=workshop, user=request.user)
    emails = selectors.mail_log_for_workshop(
        workshop=workshop, user=request.user, status=status, hidden=hidden
    )
    page = Paginator(emails, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/mail_log.html",
        {
            "workshop": workshop,
            "page": page,
            "status": status,
            "statuses": EmailStatus.choices,
            "reviewer_mail_hidden": bool(hidden),
        },
    )


@organizer_required
def mail_detail(request: HttpRequest, workshop, email_id: int) -> HttpResponse:
    emails = selectors.mail_log_for_workshop(workshop=workshop, user=request.user)
    email = get_object_or_404(emails, pk=email_id)
    email.refresh_from_db()
    return render(request, "notifications/mail_detail.html", {"workshop": workshop, "email": email})
