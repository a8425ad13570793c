from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from notifications import selectors
from notifications.forms import MailLogFilterForm
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
