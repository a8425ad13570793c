"""Decisions on papers, the workshop's decision mail texts and decision mail jobs."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from decisions.enums import NotificationJobStatus
from fomo_site.models import TimestampedModel
from reviews.enums import DecisionOutcome


class Decision(TimestampedModel):
    """The organizers' decision on a paper; authors see it only after the release."""

    submission = models.OneToOneField(
        "submissions.Submission", on_delete=models.CASCADE, related_name="decision"
    )
    outcome = models.CharField(max_length=10, choices=DecisionOutcome)
    meta_review = models.TextField(blank=True, help_text="Shown to the authors. Markdown.")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["submission"]
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome__in=DecisionOutcome.values), name="decision_outcome_valid"
            ),
        ]
        indexes = [models.Index(fields=["outcome"], name="decision_outcome")]

    def __str__(self) -> str:
        return f"{self.submission_id}: {self.outcome}"

    @property
    def is_accept(self) -> bool:
        return self.outcome != DecisionOutcome.REJECT


class DecisionNotificationJob(TimestampedModel):
    """One run of "send decision emails": its progress, for the organizers' page."""

    workshop = models.ForeignKey(
        "topics.Workshop", on_delete=models.CASCADE, related_name="decision_jobs"
    )
    only_pending = models.BooleanField(default=True, help_text="Only papers not yet notified.")
    status = models.CharField(
        max_length=10, choices=NotificationJobStatus, default=NotificationJobStatus.QUEUED
    )
    total = models.PositiveIntegerField(default=0)
    queued = models.PositiveIntegerField(default=0, help_text="Emails put in the outbox.")
    skipped = models.PositiveIntegerField(default=0, help_text="Already notified before.")
    last_error = models.TextField(blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["workshop", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=NotificationJobStatus.values),
                name="decision_job_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"Decision emails for {self.workshop} ({self.status})"


class MetaReview(TimestampedModel):
    """An area chair's meta-review of a paper and the outcome they recommend; the
    organizers decide, and may take its text into the decision mail."""

    submission = models.OneToOneField(
        "submissions.Submission", on_delete=models.CASCADE, related_name="area_chair_meta_review"
    )
    area_chair = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    recommendation = models.CharField(max_length=10, choices=DecisionOutcome)
    text = models.TextField(help_text="Markdown. The organizers may send it to the authors.")
    submitted_at = models.DateTimeField()

    class Meta:
        ordering = ["submission"]
        constraints = [
            models.CheckConstraint(
                condition=Q(recommendation__in=DecisionOutcome.values),
                name="meta_review_recommendation_valid",
            ),
            models.CheckConstraint(condition=~Q(text=""), name="meta_review_has_text"),
        ]

    def __str__(self) -> str:
        return f"Meta-review of {self.submission_id}: {self.recommendation}"
