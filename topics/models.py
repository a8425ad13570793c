from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from fomo_site.models import TimestampedModel
from topics.enums import Phase

RESERVED_SLUGS = {"admin", "accounts", "static", "media", "api", "workshops"}


def validate_workshop_slug(value: str) -> None:
    if value.lower() in RESERVED_SLUGS:
        raise ValidationError(f"“{value}” is reserved for the site's own pages.")


class Workshop(TimestampedModel):
    """One edition of a workshop: its call for papers, dates and limits."""

    name = models.CharField(max_length=300)
    short_name = models.CharField(max_length=50)
    slug = models.SlugField(max_length=60, unique=True, validators=[validate_workshop_slug])
    description = models.TextField(blank=True, help_text="Markdown.")
    venue = models.CharField(max_length=200, blank=True, help_text="Venue and date line.")
    website = models.URLField(blank=True)
    contact_email = models.EmailField(blank=True)

    submission_opens_at = models.DateTimeField()
    submission_deadline = models.DateTimeField()
    bidding_deadline = models.DateTimeField()
    review_deadline = models.DateTimeField()
    decision_notification_at = models.DateTimeField()
    camera_ready_deadline = models.DateTimeField()

    max_pages = models.PositiveSmallIntegerField(default=4, validators=[MinValueValidator(1)])
    camera_ready_max_pages = models.PositiveSmallIntegerField(
        default=5, validators=[MinValueValidator(1)]
    )
    max_pdf_mb = models.PositiveSmallIntegerField(
        "max PDF size (MB)", default=10, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    max_supplementary_mb = models.PositiveSmallIntegerField(
        "max supplementary size (MB)",
        default=50,
        validators=[MinValueValidator(1), MaxValueValidator(200)],
    )
    max_title_chars = models.PositiveSmallIntegerField(default=250)
    max_abstract_chars = models.PositiveIntegerField(default=3000)
    max_secondary_topics = models.PositiveSmallIntegerField(default=3)
    reviewers_per_paper = models.PositiveSmallIntegerField(
        default=3, validators=[MinValueValidator(1)]
    )
    max_papers_per_reviewer = models.PositiveSmallIntegerField(
        default=6, validators=[MinValueValidator(1)]
    )

    affinity_topic_weight = models.FloatField(default=0.5, validators=[MinValueValidator(0)])
    affinity_text_weight = models.FloatField(default=0.35, validators=[MinValueValidator(0)])
    affinity_bid_weight = models.FloatField(default=0.15, validators=[MinValueValidator(0)])

    show_other_reviews_after_submit = models.BooleanField(default=True)
    area_chairs_see_reviewer_names = models.BooleanField(
        "area chairs see who reviewed their papers",
        default=False,
        help_text="Off: area chairs see “Reviewer 1, 2…”. Only matters with area chairs.",
    )
    decisions_released_at = models.DateTimeField(null=True, blank=True)

    organizers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="organized_workshops", blank=True
    )

    class Meta:
        ordering = ["-submission_deadline", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(submission_deadline__gt=F("submission_opens_at"))
                & Q(bidding_deadline__gte=F("submission_deadline"))
                & Q(review_deadline__gte=F("bidding_deadline"))
                & Q(decision_notification_at__gte=F("review_deadline"))
                & Q(camera_ready_deadline__gte=F("decision_notification_at")),
                name="workshop_dates_in_order",
            ),
        ]

    def __str__(self) -> str:
        return self.short_name

    def get_absolute_url(self) -> str:
        return reverse("topics:cfp", kwargs={"workshop": self.slug})

    def deadlines(self) -> list[tuple[str, datetime]]:
        return [
            ("Submission opens", self.submission_opens_at),
            ("Submission deadline", self.submission_deadline),
            ("Bidding ends", self.bidding_deadline),
            ("Review deadline", self.review_deadline),
            ("Decision notification", self.decision_notification_at),
            ("Camera-ready deadline", self.camera_ready_deadline),
        ]

    def next_deadline(self, now: datetime | None = None) -> tuple[str, datetime] | None:
        now = now or timezone.now()
        return next(((label, at) for label, at in self.deadlines() if at > now), None)

    def phase_at(self, now: datetime) -> Phase:
        if now < self.submission_opens_at:
            return Phase.UPCOMING
        if now < self.submission_deadline:
            return Phase.SUBMISSION
        if now < self.bidding_deadline:
            return Phase.BIDDING
        if now < self.review_deadline:
            return Phase.REVIEWING
        if now < self.decision_notification_at and not self.decisions_released:
            return Phase.DECIDING
        if now < self.camera_ready_deadline:
            return Phase.CAMERA_READY
        return Phase.CLOSED

    def bidding_open_at(self, now: datetime) -> bool:
        """Bidding runs from the submission deadline to the bidding deadline."""
        return self.submission_deadline <= now < self.bidding_deadline

    @property
    def phase(self) -> Phase:
        return self.phase_at(timezone.now())

    @property
    def decisions_released(self) -> bool:
        return self.decisions_released_at is not None


class Topic(TimestampedModel):
    """A node of a workshop's topic tree: area -> subtopic -> optional leaf."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="topics")
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80)
    description = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["workshop", "order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["workshop", "slug"], name="topic_slug_per_workshop"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_area(self) -> bool:
        return self.parent_id is None


class WorkshopChange(TimestampedModel):
    """One field of a workshop changed by an organizer: who, when, old → new."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="changes")
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    field = models.CharField(max_length=60)
    label = models.CharField(max_length=100)
    old_value = models.TextField(blank=True)
    new_value = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.label}: {self.old_value} → {self.new_value}"


class OrganizerInvitation(TimestampedModel):
    """An invitation to co-organize, for an address without an account when it was sent;
    the person joins when they confirm that address on sign-up."""

    workshop = models.ForeignKey(
        Workshop, on_delete=models.CASCADE, related_name="organizer_invitations"
    )
    email = models.EmailField(help_text="Stored in lower case.")
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["workshop", "email"]
        constraints = [
            models.UniqueConstraint(
                fields=["workshop", "email"], name="organizer_invitation_email_per_workshop"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.workshop}"


class Track(TimestampedModel):
    """A submission type of a workshop (e.g. tiny and full papers) with its own page limit,
    optional deadline, reviewers per paper and outcomes; a workshop without tracks has none."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="tracks")
    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=60)
    description = models.TextField(blank=True, help_text="Markdown, shown in the call for papers.")
    order = models.PositiveSmallIntegerField(default=0)
    max_pages = models.PositiveSmallIntegerField(validators=[MinValueValidator(1)])
    deadline = models.DateTimeField(
        null=True, blank=True, help_text="Submission deadline of this track; empty: the workshop's."
    )
    reviewers_per_paper = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text="Empty: the workshop's.",
    )
    outcomes = models.JSONField(
        default=list,
        blank=True,
        help_text="Decision outcomes offered to this track's papers, among the workshop's; "
        "empty: all of the workshop's.",
    )

    class Meta:
        ordering = ["workshop", "order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["workshop", "slug"], name="track_slug_per_workshop"),
            models.UniqueConstraint(fields=["workshop", "name"], name="track_name_per_workshop"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def submission_deadline(self) -> datetime:
        return self.deadline or self.workshop.submission_deadline

    @property
    def k(self) -> int:
        return self.reviewers_per_paper or self.workshop.reviewers_per_paper
