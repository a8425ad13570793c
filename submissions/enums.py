from django.db import models


class SubmissionStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    WITHDRAWN = "withdrawn", "Withdrawn"
    ACCEPTED = "accepted", "Accepted"
    REJECTED = "rejected", "Rejected"


# Statuses a reviewer may ever see a paper in (drafts and withdrawn papers: never).
REVIEWABLE_STATUSES = (
    SubmissionStatus.SUBMITTED,
    SubmissionStatus.ACCEPTED,
    SubmissionStatus.REJECTED,
)
