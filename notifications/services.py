import logging
import smtplib
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMultiAlternatives
from django.db import models, transaction
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import timezone

from fomo_site.errors import Refusal
from fomo_site.queue import enqueue
from notifications.enums import EmailStatus, SendOutcome
from notifications.groups import Recipient
from notifications.mail_templates import placeholders_check, placeholders_render
from notifications.models import GroupMessage, OutgoingEmail

logger = logging.getLogger(__name__)


def clean_subject(subject: str) -> str:
    """One line, whatever the template or a user-typed title put in it (no header injection)."""
    return " ".join(subject.split())[:300]


def render_email(*, template: str, context: dict) -> tuple[str, str, str]:
    """Render templates/emails/<template>.subject.txt, .txt and (if present) .html."""
    context = {"site_url": settings.SITE_URL, **context}
    subject = clean_subject(render_to_string(f"emails/{template}.subject.txt", context))
    body_text = render_to_string(f"emails/{template}.txt", context)
    try:
        body_html = render_to_string(f"emails/{template}.html", context)
    except TemplateDoesNotExist:
        body_html = ""
    return subject, body_text, body_html


def email_queue(
    *,
    template: str,
    to: Sequence[str],
    context: dict,
    workshop=None,
    about: models.Model | None = None,
    idempotency_key: str | None = None,
) -> OutgoingEmail:
    """Render an email from templates into the outbox and send it after the commit."""
    subject, body_text, body_html = render_email(template=template, context=context)
    return email_queue_rendered(
        to=to,
        subject=subject,
        body_text=body_text,
        body_html=body_html,
        kind=template,
        workshop=workshop,
        about=about,
        idempotency_key=idempotency_key,
    )


def email_queue_rendered(
    *,
    to: Sequence[str],
    subject: str,
    body_text: str,
    body_html: str = "",
    kind: str,
    workshop=None,
    about: models.Model | None = None,
    idempotency_key: str | None = None,
) -> OutgoingEmail:
    """Write an already rendered email to the outbox; a known idempotency key queues nothing."""
    with transaction.atomic():
        email, created = OutgoingEmail.objects.get_or_create(
            idempotency_key=idempotency_key or f"{kind}:{uuid.uuid4()}",
            defaults={
                "kind": kind,
                "to": [address.strip().lower() for address in to],
                "subject": clean_subject(subject),
                "body_text": body_text,
                "body_html": body_html,
                "workshop": workshop,
                "about_type": ContentType.objects.get_for_model(about) if about else None,
                "about_id": about.pk if about else None,
                "enqueued_at": timezone.now(),
            },
        )
        if created:
            transaction.on_commit(lambda: email_enqueue(email_id=email.pk))
    return email


@dataclass(frozen=True)
class RenderedEmail:
    to: Sequence[str]
    subject: str
    body_text: str
    kind: str
    idempotency_key: str
    about: models.Model | None = None


def emails_queue_rendered(*, emails: Sequence[RenderedEmail], workshop=None) -> None:
    """Write many rendered emails to the outbox in one insert and send them after the
    commit; an email whose idempotency key is known already is not written again."""
    now = timezone.now()
    OutgoingEmail.objects.bulk_create(
        [
            OutgoingEmail(
                workshop=workshop,
                kind=email.kind,
                to=[address.strip().lower() for address in email.to],
                subject=clean_subject(email.subject),
                body_text=email.body_text,
                idempotency_key=email.idempotency_key,
                about_type=ContentType.objects.get_for_model(email.about) if email.about else None,
                about_id=email.about.pk if email.about else None,
                enqueued_at=now,
            )
            for email in emails
        ],
        ignore_conflicts=True,
    )
    keys = [email.idempotency_key for email in emails]
    transaction.on_commit(lambda: _enqueue_queued(keys))


def _enqueue_queued(keys: list[str]) -> None:
    ids = OutgoingEmail.objects.filter(
        idempotency_key__in=keys, status=EmailStatus.QUEUED
    ).values_list("pk", flat=True)
    for email_id in list(ids):
        email_enqueue(email_id=email_id)


def email_enqueue(*, email_id: int) -> bool:
    from notifications.tasks import send_email

    return enqueue(send_email, email_id=email_id)


def _is_permanent(error: Exception) -> bool:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in error.recipients.values())
    if isinstance(error, smtplib.SMTPResponseException):
        return error.smtp_code >= 500
    return False


def email_send(*, email_id: int) -> SendOutcome:
    """Send one outbox row at most once: the row lock is held until its status is saved."""
    with transaction.atomic():
        email = OutgoingEmail.objects.select_for_update().filter(pk=email_id).first()
        if email is None or email.status != EmailStatus.QUEUED:
            return SendOutcome.ALREADY_DONE
        email.attempts += 1
        message = EmailMultiAlternatives(
            subject=email.subject,
            body=email.body_text,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=email.to,
            headers={"X-Fomo-Email-Id": str(email.pk)},
        )
        if email.body_html:
            message.attach_alternative(email.body_html, "text/html")
        try:
            message.send(fail_silently=False)
        except Exception as error:  # noqa: BLE001 - any backend failure is recorded on the row
            email.last_error = f"{type(error).__name__}: {error}"[:2000]
            permanent = _is_permanent(error) or email.attempts >= settings.OUTBOX_MAX_ATTEMPTS
            email.status = EmailStatus.FAILED if permanent else EmailStatus.QUEUED
            email.save(update_fields=["attempts", "last_error", "status", "updated_at"])
            logger.warning("email %s not sent (attempt %s): %s", email.pk, email.attempts, error)
            return SendOutcome.PERMANENT_FAILURE if permanent else SendOutcome.TEMPORARY_FAILURE
        email.status = EmailStatus.SENT
        email.sent_at = timezone.now()
        email.last_error = ""
        email.save(update_fields=["attempts", "status", "sent_at", "last_error", "updated_at"])
        return SendOutcome.SENT


def email_requeue_stale(*, older_than_seconds: int | None = None) -> int:
    """Enqueue again the rows whose task never ran (broker down, worker killed)."""
    seconds = (
        older_than_seconds
        if older_than_seconds is not None
        else settings.OUTBOX_STALE_AFTER_SECONDS
    )
    cutoff = timezone.now() - timedelta(seconds=seconds)
    stale_ids = list(
        OutgoingEmail.objects.filter(status=EmailStatus.QUEUED, enqueued_at__lt=cutoff)
        .order_by("enqueued_at")
        .values_list("pk", flat=True)[:1000]
    )
    requeued = 0
    for email_id in stale_ids:
        OutgoingEmail.objects.filter(pk=email_id).update(enqueued_at=timezone.now())
        requeued += int(email_enqueue(email_id=email_id))
    return requeued


def absolute_url(path: str) -> str:
    """A link for an email: the site's address and the path."""
    return settings.SITE_URL + path


# Messages to a group -----------------------------------------------------------------------

MESSAGE_PLACEHOLDERS = (
    "name",
    "email",
    "papers",
    "workshop_name",
    "workshop_short_name",
    "site_url",
)


def group_message_kind(audience: str) -> str:
    return f"group_message_{audience}"


def group_message_render(
    *, workshop, subject: str, body: str, recipient: Recipient
) -> tuple[str, str]:
    """One recipient's subject and body: only their own name, address and papers."""
    values = {
        "name": recipient.name or recipient.email,
        "email": recipient.email,
        "papers": "\n".join(recipient.papers) or "(none)",
        "workshop_name": workshop.name,
        "workshop_short_name": workshop.short_name,
        "site_url": settings.SITE_URL,
    }
    return clean_subject(placeholders_render(subject, values)), placeholders_render(body, values)


@transaction.atomic
def group_message_create(
    *,
    workshop,
    sender,
    token: uuid.UUID,
    audience: str,
    group: str,
    subject: str,
    body: str,
    recipients: Sequence[Recipient],
) -> GroupMessage:
    """Keep the message and queue the job that puts one email per recipient in the outbox.
    The same compose form sent twice (same token) is one message."""
    placeholders_check(text=subject + body, allowed=MESSAGE_PLACEHOLDERS)
    if not recipients:
        raise Refusal("Nobody is in this group: there is no one to send the message to.")
    message, created = GroupMessage.objects.get_or_create(
        token=token,
        defaults={
            "workshop": workshop,
            "sender": sender,
            "audience": audience,
            "group": group[:300],
            "subject": clean_subject(subject),
            "body": body,
            "recipients": [
                {"email": r.email, "name": r.name, "papers": list(r.papers)} for r in recipients
            ],
        },
    )
    if created:
        transaction.on_commit(lambda: group_message_enqueue(message_id=message.pk))
    return message


def group_message_enqueue(*, message_id: int) -> bool:
    from notifications.tasks import send_group_message

    return enqueue(send_group_message, message_id=message_id)


def group_message_key(*, message_id: int, email: str) -> str:
    return f"group_message:{message_id}:{email}"


@transaction.atomic
def group_message_queue(*, message_id: int) -> int:
    """Put one email per recipient in the outbox (none shows another recipient); keys
    already there are skipped, so a second run queues nothing. Returns the emails written."""
    message = (
        GroupMessage.objects.select_for_update()
        .select_related("workshop")
        .filter(pk=message_id)
        .first()
    )
    if message is None:
        return 0
    keys = {
        row["email"]: group_message_key(message_id=message.pk, email=row["email"])
        for row in message.recipients
    }
    known = set(
        OutgoingEmail.objects.filter(idempotency_key__in=keys.values()).values_list(
            "idempotency_key", flat=True
        )
    )
    emails = []
    for row in message.recipients:
        if keys[row["email"]] in known:
            continue
        recipient = Recipient(email=row["email"], name=row["name"], papers=tuple(row["papers"]))
        subject, body = group_message_render(
            workshop=message.workshop,
            subject=message.subject,
            body=message.body,
            recipient=recipient,
        )
        emails.append(
            RenderedEmail(
                to=[recipient.email],
                subject=subject,
                body_text=body,
                kind=group_message_kind(message.audience),
                idempotency_key=keys[row["email"]],
                about=message,
            )
        )
    if emails:
        emails_queue_rendered(emails=emails, workshop=message.workshop)
    if message.queued_at is None:
        message.queued_at = timezone.now()
        message.save(update_fields=["queued_at", "updated_at"])
    return len(emails)


def group_messages_requeue_stale(*, older_than_seconds: int | None = None) -> int:
    """Enqueue again the messages whose job never ran (broker down, worker killed)."""
    seconds = (
        older_than_seconds
        if older_than_seconds is not None
        else settings.OUTBOX_STALE_AFTER_SECONDS
    )
    cutoff = timezone.now() - timedelta(seconds=seconds)
    stale = GroupMessage.objects.filter(queued_at__isnull=True, created_at__lt=cutoff)
    return sum(
        group_message_enqueue(message_id=pk) for pk in stale.values_list("pk", flat=True)[:100]
    )
