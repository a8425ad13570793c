"""Reviews, their history, discussion, decisions and the texts of their emails.

String foreign keys only: this module imports nothing from reviews.models (it is imported
at the end of that module so Django registers these models)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q

from fomo_site.models import TimestampedModel
from reviews.enums import (
    ACTIVE_DELEGATION_STATUSES,
    DecisionOutcome,
    DelegationStatus,
    FormFieldKind,
    ReminderKind,
    ReviewStatus,
)

DEFAULT_SCORE_LABELS = {
    "1": "Strong reject",
    "2": "Reject",
    "3": "Clear reject",
    "4": "Ok but not good enough",
    "5": "Marginally below the acceptance threshold",
    "6": "Marginally above the acceptance threshold",
    "7": "Good paper, accept",
    "8": "Top 50% of accepted papers, clear accept",
    "9": "Top 15% of accepted papers, strong accept",
    "10": "Top paper",
}


DEFAULT_CONFIDENCE_LABELS = {
    "1": "Educated guess",
    "2": "Willing to defend, but may have missed some details",
    "3": "Fairly confident",
    "4": "Confident, checked the important points",
    "5": "Absolutely certain, very familiar with the related work",
}


CONFIDENCE_MIN = 1


CONFIDENCE_MAX = 5


CAMERA_READY_REMINDER_MAX_DAYS = 30


RESPONSE_MAX_CHARS_CAP = 50000


def default_score_labels() -> dict[str, str]:
    return dict(DEFAULT_SCORE_LABELS)


def default_confidence_labels() -> dict[str, str]:
    return dict(DEFAULT_CONFIDENCE_LABELS)


def default_outcomes() -> list[str]:
    return list(DecisionOutcome.values)


class ReviewSettings(TimestampedModel):
    """A workshop's review form scale, reminders, disagreement flag and decision outcomes."""

    workshop = models.OneToOneField(
        "topics.Workshop", on_delete=models.CASCADE, related_name="review_settings"
    )
    score_min = models.PositiveSmallIntegerField(default=1)
    score_max = models.PositiveSmallIntegerField(
        default=10, validators=[MinValueValidator(2), MaxValueValidator(100)]
    )
    score_labels = models.JSONField(default=default_score_labels, blank=True)
    confidence_labels = models.JSONField(default=default_confidence_labels, blank=True)
    disagreement_spread = models.FloatField(
        "disagreement threshold (std. dev.)",
        default=2.0,
        validators=[MinValueValidator(0)],
        help_text="Flag a paper when the standard deviation of its scores reaches this.",
    )
    outcomes = models.JSONField(
        default=default_outcomes, help_text="Decision outcomes offered, from the fixed list."
    )
    reminder_days_before = models.PositiveSmallIntegerField(
        default=3, help_text="Remind reviewers with missing reviews this many days before."
    )
    camera_ready_reminder_days = models.PositiveSmallIntegerField(
        "camera-ready reminder (days before the deadline)",
        default=3,
        validators=[MaxValueValidator(CAMERA_READY_REMINDER_MAX_DAYS)],
        help_text="Email the authors of each accepted paper without a camera-ready PDF this "
        "many days before the camera-ready deadline, once per paper. 0: no reminder; at most "
        f"{CAMERA_READY_REMINDER_MAX_DAYS}.",
    )

    response_enabled = models.BooleanField(
        "author response phase",
        default=False,
        help_text="Authors read the anonymized reviews and answer them before the decision.",
    )
    response_opens_at = models.DateTimeField("response opens", null=True, blank=True)
    response_closes_at = models.DateTimeField("response closes", null=True, blank=True)
    response_max_chars = models.PositiveIntegerField(
        "response length limit (characters)",
        default=5000,
        validators=[MinValueValidator(100), MaxValueValidator(RESPONSE_MAX_CHARS_CAP)],
    )
    response_per_review = models.BooleanField(
        "one response per review",
        default=False,
        help_text="Unticked: one response per paper.",
    )
    reviews_shown_to_authors_at = models.DateTimeField(
        null=True, blank=True, help_text="When authors could first read the reviews to respond."
    )
    subreviewers_allowed = models.BooleanField(
        default=False,
        help_text="Reviewers may ask someone else (a student, a colleague) to write the "
        "review of one of their papers; the reviewer submits it.",
    )
    subreviewer_approval_required = models.BooleanField(
        default=False,
        help_text="An organizer approves each subreviewer before they are invited.",
    )

    class Meta:
        verbose_name_plural = "review settings"
        constraints = [
            models.CheckConstraint(
                condition=Q(score_max__gt=F("score_min")), name="review_settings_scale_order"
            ),
            models.CheckConstraint(
                condition=Q(camera_ready_reminder_days__lte=CAMERA_READY_REMINDER_MAX_DAYS),
                name="review_settings_camera_ready_reminder_days_max",
            ),
        ]

    def __str__(self) -> str:
        return f"Review settings of {self.workshop}"


class ReviewFormField(TimestampedModel):
    """An extra question an organizer adds to the workshop's review form."""

    workshop = models.ForeignKey(
        "topics.Workshop", on_delete=models.CASCADE, related_name="review_form_fields"
    )
    kind = models.CharField(max_length=8, choices=FormFieldKind)
    label = models.CharField(max_length=200)
    help_text = models.CharField(max_length=500, blank=True)
    required = models.BooleanField(default=False)
    visible_to_authors = models.BooleanField(default=False)
    score_min = models.SmallIntegerField(default=1)
    score_max = models.SmallIntegerField(default=5)
    order = models.PositiveSmallIntegerField(default=0)
    tracks = models.ManyToManyField(
        "topics.Track",
        blank=True,
        related_name="review_form_fields",
        help_text="Asked only in the reviews of these tracks' papers; none: in every review.",
    )

    class Meta:
        ordering = ["workshop", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=FormFieldKind.values), name="review_form_field_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(score_max__gt=F("score_min")), name="review_form_field_scale_order"
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def key(self) -> str:
        return f"custom_{self.pk}"


class Review(TimestampedModel):
    """One reviewer's review of one paper: the submitted text in the fields, unsubmitted
    edits (autosaved) in ``draft``."""

    workshop = models.ForeignKey("topics.Workshop", on_delete=models.CASCADE, related_name="+")
    submission = models.ForeignKey(
        "submissions.Submission", on_delete=models.CASCADE, related_name="reviews"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reviews"
    )
    status = models.CharField(max_length=10, choices=ReviewStatus, default=ReviewStatus.DRAFT)
    score = models.SmallIntegerField(null=True, blank=True)
    confidence = models.SmallIntegerField(null=True, blank=True)
    summary = models.TextField(blank=True)
    strengths = models.TextField(blank=True)
    weaknesses = models.TextField(blank=True)
    comments_to_authors = models.TextField("questions and comments to the authors", blank=True)
    confidential_comments = models.TextField("confidential comments to organizers", blank=True)
    no_conflict_confirmed = models.BooleanField(default=False)
    custom_answers = models.JSONField(default=dict, blank=True)
    draft = models.JSONField(default=dict, blank=True, help_text="Autosaved, not submitted.")
    draft_saved_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True, help_text="First submission.")
    last_submitted_at = models.DateTimeField(null=True, blank=True)
    updated_after_response_at = models.DateTimeField(null=True, blank=True)
    score_before_response = models.SmallIntegerField(null=True, blank=True)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The subreviewer who wrote it, when the reviewer delegated the paper.",
    )

    class Meta:
        ordering = ["submission", "submitted_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["submission", "reviewer"], name="review_once_per_pair"),
            models.CheckConstraint(
                condition=Q(status__in=ReviewStatus.values), name="review_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(status=ReviewStatus.DRAFT)
                | (
                    Q(score__isnull=False)
                    & Q(confidence__isnull=False)
                    & Q(no_conflict_confirmed=True)
                    & Q(submitted_at__isnull=False)
                ),
                name="review_submitted_complete",
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=0, score__lte=100),
                name="review_score_range",
            ),
            models.CheckConstraint(
                condition=Q(confidence__isnull=True)
                | Q(confidence__gte=CONFIDENCE_MIN, confidence__lte=CONFIDENCE_MAX),
                name="review_confidence_range",
            ),
        ]
        indexes = [
            models.Index(fields=["workshop", "status"]),
            models.Index(fields=["reviewer", "workshop"]),
        ]

    def __str__(self) -> str:
        return f"Review of {self.submission_id} by {self.reviewer_id} ({self.status})"

    @property
    def is_submitted(self) -> bool:
        return self.status == ReviewStatus.SUBMITTED


class ReviewRevision(TimestampedModel):
    """A snapshot of a review at each submission: the history organizers see."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveSmallIntegerField()
    data = models.JSONField()

    class Meta:
        ordering = ["review", "number"]
        constraints = [
            models.UniqueConstraint(fields=["review", "number"], name="review_revision_once"),
        ]

    def __str__(self) -> str:
        return f"Revision {self.number} of review {self.review_id}"


class DiscussionComment(TimestampedModel):
    """A comment in a paper's discussion, visible to its reviewers and the organizers."""

    submission = models.ForeignKey(
        "submissions.Submission", on_delete=models.CASCADE, related_name="discussion_comments"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    body = models.TextField()

    class Meta:
        ordering = ["submission", "created_at", "pk"]

    def __str__(self) -> str:
        return f"Comment on {self.submission_id} by {self.author_id}"


class ReminderLog(TimestampedModel):
    """One reminder sent for a missing review: at most one per (reviewer, paper, kind)."""

    workshop = models.ForeignKey("topics.Workshop", on_delete=models.CASCADE, related_name="+")
    submission = models.ForeignKey(
        "submissions.Submission", on_delete=models.CASCADE, related_name="+"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=ReminderKind)
    email = models.ForeignKey(
        "notifications.OutgoingEmail",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["workshop", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "reviewer", "kind"], name="reminder_once_per_kind"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=ReminderKind.values), name="reminder_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} reminder to {self.reviewer_id} for {self.submission_id}"


class AuthorResponse(TimestampedModel):
    """The authors' answer to the reviews of their paper: one per paper (review empty) or
    one per review. ``version`` counts the postings; each posting is mailed once."""

    submission = models.ForeignKey(
        "submissions.Submission", on_delete=models.CASCADE, related_name="author_responses"
    )
    review = models.ForeignKey(
        Review, on_delete=models.CASCADE, null=True, blank=True, related_name="author_responses"
    )
    text = models.TextField()
    version = models.PositiveSmallIntegerField(default=1)
    submitted_at = models.DateTimeField()

    class Meta:
        ordering = ["submission", "review", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["submission"],
                condition=Q(review__isnull=True),
                name="author_response_once_per_paper",
            ),
            models.UniqueConstraint(
                fields=["submission", "review"], name="author_response_once_per_review"
            ),
        ]

    def __str__(self) -> str:
        return f"Author response to {self.submission_id} (v{self.version})"


class Delegation(TimestampedModel):
    """An assigned reviewer hands one paper to a subreviewer, who drafts the review; the
    reviewer submits it as their own (the Review records who wrote it)."""

    workshop = models.ForeignKey("topics.Workshop", on_delete=models.CASCADE, related_name="+")
    submission = models.ForeignKey(
        "submissions.Submission", on_delete=models.CASCADE, related_name="delegations"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="delegations_made"
    )
    email = models.EmailField(help_text="Where the invitation goes (lower case).")
    subreviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="delegations_received",
    )
    token_hash = models.CharField(max_length=64, unique=True)
    status = models.CharField(max_length=10, choices=DelegationStatus)
    note = models.CharField(max_length=500, blank=True, help_text="Why it ended, if it did.")
    draft = models.JSONField(default=dict, blank=True, help_text="The subreviewer's text.")
    draft_saved_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["workshop", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "reviewer"],
                condition=Q(status__in=ACTIVE_DELEGATION_STATUSES),
                name="delegation_one_active_per_review",
            ),
            models.CheckConstraint(
                condition=Q(status__in=DelegationStatus.values), name="delegation_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"Delegation of {self.submission_id} by {self.reviewer_id} to {self.email}"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_DELEGATION_STATUSES
