from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models

from fomo_site.models import TimestampedModel
from notifications.enums import EmailStatus


class OutgoingEmail(TimestampedModel):
    """Every email the site sends is first one of these rows (the outbox)."""

    workshop = models.ForeignKey(
        "topics.Workshop", null=True, blank=True, on_delete=models.SET_NULL, related_name="emails"
    )
    kind = models.CharField(max_length=80, help_text="Template name or purpose.")
    to = models.JSONField(help_text="List of recipient addresses.")
    subject = models.CharField(max_length=300)
    body_text = models.TextField()
    body_html = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=EmailStatus, default=EmailStatus.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    idempotency_key = models.CharField(max_length=200, unique=True)
    about_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    about_id = models.PositiveBigIntegerField(null=True, blank=True)
    about = GenericForeignKey("about_type", "about_id")
    enqueued_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "enqueued_at"]),
            models.Index(fields=["workshop", "-created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.subject} → {', '.join(self.to)}"


class MailTemplate(TimestampedModel):
    """A workshop's own text for one of its editable emails.

    ``name`` is the email's template under templates/emails/ (``reviewer_invitation``,
    ``decision_poster``, ``review_reminder`` …); an empty subject or body means that part of
    the default text.
    """

    workshop = models.ForeignKey(
        "topics.Workshop", on_delete=models.CASCADE, related_name="mail_templates"
    )
    name = models.CharField(max_length=50)
    subject = models.CharField(max_length=300, blank=True)
    body = models.TextField(blank=True)

    class Meta:
        ordering = ["workshop", "name"]
        constraints = [
            models.UniqueConstraint(fields=["workshop", "name"], name="mail_template_once_per_name")
        ]

    def __str__(self) -> str:
        return f"{self.name} email of {self.workshop}"


class GroupMessage(TimestampedModel):
    """A message an organizer wrote to a group: its text, who was in the group when it was
    sent (with each one's placeholder values), and when its emails went to the outbox."""

    workshop = models.ForeignKey(
        "topics.Workshop", on_delete=models.CASCADE, related_name="group_messages"
    )
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    token = models.UUIDField(unique=True, help_text="One per compose form: a double send is one.")
    audience = models.CharField(max_length=10)
    group = models.CharField(max_length=300, help_text="The group, as the organizer chose it.")
    subject = models.CharField(max_length=300)
    body = models.TextField()
    recipients = models.JSONField(help_text="[{email, name, papers}] when it was sent.")
    queued_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["workshop", "-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.subject} ({len(self.recipients)} recipients)"
