"""The reviewer pool: invitations, profiles with topic expertise, bids and conflicts of interest."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from fomo_site.models import TimestampedModel
from pool.enums import (
    BidValue,
    ConflictSource,
    ExpertiseLevel,
    InvitationRole,
    InvitationStatus,
)
from pool.paper_texts import TITLE_LENGTH, URL_LENGTH, YEARS


class ReviewerInvitation(TimestampedModel):
    """An invitation to review for one workshop; its link carries a token we only keep hashed."""

    workshop = models.ForeignKey(
        "topics.Workshop", on_delete=models.CASCADE, related_name="reviewer_invitations"
    )
    email = models.EmailField(help_text="Stored in lower case.")
    name = models.CharField(max_length=200)
    affiliation = models.CharField(max_length=200, blank=True)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    status = models.CharField(
        max_length=10, choices=InvitationStatus, default=InvitationStatus.SENT
    )
    role = models.CharField(max_length=12, choices=InvitationRole, default=InvitationRole.REVIEWER)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reviewer_invitations",
        help_text="The account the invitation was accepted with.",
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    send_count = models.PositiveSmallIntegerField(default=0)
    reminders_sent = models.PositiveSmallIntegerField(default=0)
    opened_at = models.DateTimeField(null=True, blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.TextField(blank=True)
    accepted_as_email = models.EmailField(
        blank=True, help_text="The account's address when it differs from the invited one."
    )
    email_mismatch_confirmed_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    removed_at = models.DateTimeField(
        null=True, blank=True, help_text="When an organizer last removed them from the pool."
    )
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["workshop", "name", "email"]
        constraints = [
            models.UniqueConstraint(
                fields=["workshop", "email"], name="reviewer_invitation_email_per_workshop"
            ),
            models.UniqueConstraint(
                fields=["workshop", "user"],
                condition=Q(user__isnull=False),
                name="reviewer_invitation_user_per_workshop",
            ),
            models.CheckConstraint(
                condition=Q(status__in=InvitationStatus.values),
                name="reviewer_invitation_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status=InvitationStatus.ACCEPTED) | Q(user__isnull=False),
                name="reviewer_invitation_accepted_has_user",
            ),
            models.CheckConstraint(
                condition=~Q(status=InvitationStatus.REMOVED) | Q(removed_at__isnull=False),
                name="reviewer_invitation_removed_has_date",
            ),
        ]
        indexes = [models.Index(fields=["status", "sent_at"], name="invitation_status_sent")]

    def __str__(self) -> str:
        return f"{self.name} <{self.email}> ({self.get_status_display()})"


class ReviewerProfile(TimestampedModel):
    """An accepted reviewer of one workshop and the expertise they declare there."""

    workshop = models.ForeignKey(
        "topics.Workshop", on_delete=models.CASCADE, related_name="reviewer_profiles"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reviewer_profiles"
    )
    invitation = models.OneToOneField(
        ReviewerInvitation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="profile",
    )
    affiliation = models.CharField(max_length=200, blank=True)
    email_domains = models.JSONField(
        default=list, blank=True, help_text="Domains of the institutions the reviewer is with."
    )
    statement = models.TextField("research statement", blank=True)
    keywords = models.CharField(max_length=1000, blank=True, help_text="Comma-separated.")
    max_load = models.PositiveSmallIntegerField(
        "maximum number of papers",
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text="Empty: the workshop's limit.",
    )
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["workshop", "user__full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["workshop", "user"], name="reviewer_profile_per_workshop"
            ),
            models.CheckConstraint(
                condition=Q(max_load__isnull=True) | Q(max_load__gte=1),
                name="reviewer_profile_max_load_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.workshop}"

    @property
    def keyword_list(self) -> list[str]:
        return [word.strip() for word in self.keywords.split(",") if word.strip()]

    @property
    def own_paper_list(self) -> list[str]:
        """Each of the reviewer's own papers as one text (title, then abstract), in their
        order. Prefetch ``papers`` when reading it for many profiles."""
        return [paper.text for paper in self.papers.all()]


class ReviewerPaper(TimestampedModel):
    """One of a reviewer's own papers: what the matching reads their expertise from."""

    profile = models.ForeignKey(ReviewerProfile, on_delete=models.CASCADE, related_name="papers")
    position = models.PositiveIntegerField(default=0, help_text="Order in the reviewer's list.")
    title = models.CharField(max_length=TITLE_LENGTH)
    abstract = models.TextField(blank=True)
    year = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(YEARS[0]), MaxValueValidator(YEARS[1])],
    )
    url = models.URLField("link", max_length=URL_LENGTH, blank=True)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(title=""), name="reviewer_paper_has_title"),
            models.CheckConstraint(
                condition=Q(year__isnull=True) | Q(year__gte=YEARS[0], year__lte=YEARS[1]),
                name="reviewer_paper_year_plausible",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def text(self) -> str:
        """Title, then abstract: the text the matching compares submissions with."""
        return f"{self.title}\n{self.abstract}".strip()


class AreaChair(TimestampedModel):
    """An area chair of one workshop: oversees the reviews of the papers given to them and
    writes the meta-reviews; reviews nothing. A workshop without one works as before."""

    workshop = models.ForeignKey(
        "topics.Workshop", on_delete=models.CASCADE, related_name="area_chairs"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="area_chair_roles"
    )
    invitation = models.OneToOneField(
        ReviewerInvitation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="area_chair",
    )
    affiliation = models.CharField(max_length=200, blank=True)
    keywords = models.CharField(
        max_length=1000, blank=True, help_text="Comma-separated; used to match papers."
    )
    topics = models.ManyToManyField("topics.Topic", blank=True, related_name="+")
    max_load = models.PositiveSmallIntegerField(
        "maximum number of papers",
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text="Empty: papers are shared evenly.",
    )

    class Meta:
        ordering = ["workshop", "user__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["workshop", "user"], name="area_chair_per_workshop"),
            models.CheckConstraint(
                condition=Q(max_load__isnull=True) | Q(max_load__gte=1),
                name="area_chair_max_load_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"AC {self.user} @ {self.workshop}"

    @property
    def keyword_list(self) -> list[str]:
        return [word.strip() for word in self.keywords.split(",") if word.strip()]


class TopicExpertise(TimestampedModel):
    profile = models.ForeignKey(ReviewerProfile, on_delete=models.CASCADE, related_name="expertise")
    topic = models.ForeignKey(
        "topics.Topic", on_delete=models.CASCADE, related_name="reviewer_expertise"
    )
    level = models.CharField(max_length=15, choices=ExpertiseLevel)

    class Meta:
        ordering = ["profile", "topic"]
        constraints = [
            models.UniqueConstraint(fields=["profile", "topic"], name="topic_expertise_once"),
            models.CheckConstraint(
                condition=Q(level__in=ExpertiseLevel.values), name="topic_expertise_level_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.profile.user}: {self.topic} ({self.level})"


class Bid(TimestampedModel):
    submission = models.ForeignKey(
        "submissions.Submission", on_delete=models.CASCADE, related_name="bids"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="bids"
    )
    value = models.CharField(max_length=12, choices=BidValue)

    class Meta:
        ordering = ["submission", "reviewer"]
        constraints = [
            models.UniqueConstraint(fields=["submission", "reviewer"], name="bid_once_per_pair"),
            models.CheckConstraint(condition=Q(value__in=BidValue.values), name="bid_value_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.reviewer} → {self.submission_id}: {self.value}"


class Conflict(TimestampedModel):
    """A reason why a reviewer must not see a submission; removed rows stay as the log."""

    workshop = models.ForeignKey(
        "topics.Workshop", on_delete=models.CASCADE, related_name="conflicts"
    )
    submission = models.ForeignKey(
        "submissions.Submission", on_delete=models.CASCADE, related_name="conflicts"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reviewer_conflicts"
    )
    source = models.CharField(max_length=24, choices=ConflictSource)
    reason = models.CharField(max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    removed_at = models.DateTimeField(null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    removal_reason = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["workshop", "submission", "reviewer", "source"]
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "reviewer", "source"], name="conflict_once_per_source"
            ),
            models.CheckConstraint(
                condition=Q(source__in=ConflictSource.values), name="conflict_source_valid"
            ),
            models.CheckConstraint(
                condition=Q(removed_at__isnull=True) | ~Q(removal_reason=""),
                name="conflict_removal_has_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["workshop", "reviewer"], name="conflict_workshop_reviewer"),
            models.Index(
                fields=["reviewer", "submission"],
                condition=Q(removed_at__isnull=True),
                name="conflict_active_pair",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reviewer} ✗ {self.submission_id} ({self.source})"

    @property
    def is_active(self) -> bool:
        return self.removed_at is None
