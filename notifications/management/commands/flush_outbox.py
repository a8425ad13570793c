from django.core.management.base import BaseCommand

from notifications.enums import EmailStatus
from notifications.models import OutgoingEmail
from notifications.services import email_send


class Command(BaseCommand):
    help = "Send every queued outbox email now, in this process (no worker needed)."

    def handle(self, *args, **options):
        ids = OutgoingEmail.objects.filter(status=EmailStatus.QUEUED).values_list("pk", flat=True)
        outcomes: dict[str, int] = {}
        for email_id in list(ids):
            outcome = email_send(email_id=email_id)
            outcomes[outcome.label] = outcomes.get(outcome.label, 0) + 1
        summary = (
            ", ".join(f"{label}: {count}" for label, count in outcomes.items()) or "nothing queued"
        )
        self.stdout.write(summary)
