from django.db import models


class EmailStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"


class SendOutcome(models.TextChoices):
    SENT = "sent", "Sent now"
    ALREADY_DONE = "already_done", "Nothing to do"
    TEMPORARY_FAILURE = "temporary_failure", "Will retry"
    PERMANENT_FAILURE = "permanent_failure", "Gave up"
