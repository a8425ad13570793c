from django.db.models import QuerySet

from notifications.models import OutgoingEmail


def mail_log_for_workshop(*, workshop, status: str = "") -> QuerySet[OutgoingEmail]:
    emails = OutgoingEmail.objects.filter(workshop=workshop).defer("body_text", "body_html")
    if status:
        emails = emails.filter(status=status)
    return emails.order_by("-created_at", "-id")
