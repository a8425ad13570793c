from django.db.models import QuerySet

from notifications.models import OutgoingEmail

# Mail whose recipient and paper together say who reviews what.
REVIEWER_PAPER_KINDS = (
    "assignment_released",
    "review_submitted",
    "review_reminder",
    "review_declined",
)


def hides_reviewer_mail(*, workshop, user) -> bool:
    """An organizer who is an author in the workshop must not learn who reviews their paper."""
    from submissions.models import Authorship

    return Authorship.objects.filter(submission__workshop=workshop, user_id=user.pk).exists()


def mail_log_for_workshop(*, workshop, user, status: str = "") -> QuerySet[OutgoingEmail]:
    emails = OutgoingEmail.objects.filter(workshop=workshop).defer("body_text", "body_html")
    if hides_reviewer_mail(workshop=workshop, user=user):
        emails = emails.exclude(kind__in=REVIEWER_PAPER_KINDS)
    if status:
        emails = emails.filter(status=status)
    return emails.order_by("-created_at", "-id")
