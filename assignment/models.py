"""Assignment runs, their proposals, the current assignment, its edits and its releases.

String foreign keys only: this module imports nothing from reviews.models (it is imported
at the end of that module so Django registers these models).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from assignment.enums import PAIR_ACTIONS, AssignmentOrigin, EditAction, RunKind, RunStatus
from fomo_site.models import TimestampedModel


class AssignmentRun(TimestampedModel):
    """One solver run (a Celery job): its parameters, progress, quality and proposal.

    The proposal (ProposedPair rows, quality, candidates) is written in one transaction at
    the end of the run, so a run that dies midway leaves nothing behind but its status.
    """

    workshop = models.ForeignKey(
        "topics.Workshop", on_delete=models.CASCADE, related_name="assignment_runs"
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    retry_of = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="retries"
    )
    kind = models.CharField(max_length=10, choices=RunKind, default=RunKind.SOLVER)
    parameters = models.JSONField(help_text="k, max_load, min_load, fair and weights.")
    status = models.CharField(max_length=10, choices=RunStatus, default=RunStatus.QUEUED)
    progress_stage = models.CharField(max_length=100, blank=True)
    progress_percent = models.PositiveSmallIntegerField(default=0)
    timings = models.JSONField(default=dict, blank=True, help_text="Seconds per stage.")
    quality = models.JSONField(default=dict, blank=True)
    candidates = models.JSONField(
        default=dict,
        blank=True,
        help_text="Best allowed reviewers per paper: {submission_id: [[user_id, affinity]]}.",
    )
    error = models.TextField(blank=True)
    reasons = models.JSONField(default=list, blank=True, help_text="Why no assignment exists.")
    import_report = models.JSONField(
        default=list, blank=True, help_text="An imported run: the lines left out and why."
    )
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    committed_at = models.DateTimeField(null=True, blank=True)
    committed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    discarded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=RunStatus.values), name="assignment_run_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(progress_percent__lte=100), name="assignment_run_progress_percent"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=RunKind.values), name="assignment_run_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(committed_at__isnull=True) | Q(status=RunStatus.DONE),
                name="assignment_run_committed_is_done",
            ),
            models.CheckConstraint(
                condition=Q(committed_at__isnull=True) | Q(discarded_at__isnull=True),
                name="assignment_run_commit_or_discard",
            ),
        ]
        indexes = [
            models.Index(fields=["workshop", "-created_at"], name="assignment_run_recent"),
            models.Index(fields=["status", "created_at"], name="assignment_run_status"),
        ]

    def __str__(self) -> str:
        return f"Run {self.pk} of {self.workshop} ({self.status})"

    def get_absolute_url(self) -> str:
        return reverse("assignment:run", kwargs={"workshop": self.workshop.slug, "pk": self.pk})

    @property
    def is_active(self) -> bool:
        return self.status in (RunStatus.QUEUED, RunStatus.RUNNING)

    @property
    def is_pending_proposal(self) -> bool:
        """Done, neither committed nor discarded: the organizers can still act on it."""
        return self.status == RunStatus.DONE and not self.committed_at and not self.discarded_at


class ProposedPair(TimestampedModel):
    """One (paper, reviewer) pair of a run's proposal, with its affinity and why."""

    run = models.ForeignKey(AssignmentRun, on_delete=models.CASCADE, related_name="pairs")
    submission = models.ForeignKey(
        "submissions.Submission", on_delete=models.CASCADE, related_name="+"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    affinity = models.FloatField()
    is_fixed = models.BooleanField(default=False, help_text="A must-assign pair kept as is.")
    explanation = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["run", "submission", "-affinity"]
        constraints = [
            models.UniqueConstraint(
                fields=["run", "submission", "reviewer"], name="proposed_pair_once_per_run"
            ),
            models.CheckConstraint(
                condition=Q(affinity__gte=0) & Q(affinity__lte=1),
                name="proposed_pair_affinity_range",
            ),
        ]

    def __str__(self) -> str:
        return f"run {self.run_id}: {self.submission_id} → {self.reviewer_id}"


class AssignmentRelease(TimestampedModel):
    """A release of the assignments to the reviewers (one email per reviewer each)."""

    workshop = models.ForeignKey(
        "topics.Workshop", on_delete=models.CASCADE, related_name="assignment_releases"
    )
    number = models.PositiveSmallIntegerField()
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    released_at = models.DateTimeField()
    emails_queued = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["workshop", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["workshop", "number"], name="assignment_release_number_per_workshop"
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1), name="assignment_release_number_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"Release {self.number} of {self.workshop}"


class Assignment(TimestampedModel):
    """The current assignment: one row per (paper, reviewer)."""

    workshop = models.ForeignKey(
        "topics.Workshop", on_delete=models.CASCADE, related_name="assignments"
    )
    submission = models.ForeignKey(
        "submissions.Submission", on_delete=models.CASCADE, related_name="assignments"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assignments"
    )
    is_fixed = models.BooleanField(
        "must assign", default=False, help_text="Re-runs keep this pair."
    )
    origin = models.CharField(max_length=10, choices=AssignmentOrigin)
    run = models.ForeignKey(
        AssignmentRun, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    affinity = models.FloatField(null=True, blank=True)
    explanation = models.JSONField(default=dict, blank=True)
    release = models.ForeignKey(
        AssignmentRelease,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assignments",
        help_text="The release whose email first told the reviewer about this paper.",
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["submission", "reviewer"]
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "reviewer"], name="assignment_once_per_pair"
            ),
            models.CheckConstraint(
                condition=Q(origin__in=AssignmentOrigin.values), name="assignment_origin_valid"
            ),
            models.CheckConstraint(
                condition=Q(affinity__isnull=True) | (Q(affinity__gte=0) & Q(affinity__lte=1)),
                name="assignment_affinity_range",
            ),
        ]
        indexes = [models.Index(fields=["workshop", "reviewer"], name="assignment_reviewer_load")]

    def __str__(self) -> str:
        return f"{self.submission_id} → {self.reviewer_id}"

    @property
    def key(self) -> tuple[int, int]:
        return (self.submission_id, self.reviewer_id)


class AssignmentEdit(TimestampedModel):
    """The log of changes to the current assignment: who did what, when."""

    workshop = models.ForeignKey(
        "topics.Workshop", on_delete=models.CASCADE, related_name="assignment_edits"
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    action = models.CharField(max_length=10, choices=EditAction)
    submission = models.ForeignKey(
        "submissions.Submission",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    old_reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="For swaps: the reviewer taken off the paper.",
    )
    run = models.ForeignKey(
        AssignmentRun, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(action__in=EditAction.values), name="assignment_edit_action_valid"
            ),
        ]
        indexes = [models.Index(fields=["workshop", "-created_at"], name="assignment_edit_recent")]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.submission_id} {self.reviewer_id}"

    @property
    def is_pair_edit(self) -> bool:
        return self.action in PAIR_ACTIONS


class AssignmentDecline(TimestampedModel):
    """A reviewer's refusal of an assigned paper, with the reason (organizers are told)."""

    submission = models.ForeignKey(
        "submissions.Submission", on_delete=models.CASCADE, related_name="assignment_declines"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    reason = models.TextField()

    class Meta:
        ordering = ["submission", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "reviewer"], name="assignment_decline_once"
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="assignment_decline_has_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.reviewer_id} declined {self.submission_id}"


class ExternalAffinity(TimestampedModel):
    """An affinity score computed elsewhere (e.g. OpenReview's expertise models), imported
    from a CSV; the workshop's external weight decides how much it counts."""

    workshop = models.ForeignKey(
        "topics.Workshop", on_delete=models.CASCADE, related_name="external_affinities"
    )
    submission = models.ForeignKey(
        "submissions.Submission", on_delete=models.CASCADE, related_name="+"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    score = models.FloatField()

    class Meta:
        ordering = ["submission", "reviewer"]
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "reviewer"], name="external_affinity_once_per_pair"
            ),
            models.CheckConstraint(
                condition=Q(score__gte=0) & Q(score__lte=1), name="external_affinity_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.submission_id} ~ {self.reviewer_id}: {self.score}"


class ExternalAffinitySettings(TimestampedModel):
    """How much the imported scores count in a workshop's affinity, and where they came from."""

    workshop = models.OneToOneField(
        "topics.Workshop", on_delete=models.CASCADE, related_name="external_affinity_settings"
    )
    weight = models.FloatField(default=0.3, help_text="Weight of the imported scores.")
    source_name = models.CharField(max_length=200, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(weight__gte=0) & Q(weight__lte=10),
                name="external_affinity_weight_range",
            ),
        ]

    def __str__(self) -> str:
        return f"external affinity of {self.workshop} (weight {self.weight})"


class AreaChairAssignment(TimestampedModel):
    """The area chair of a paper (at most one). A re-run replaces the run's rows and keeps
    the ones set by hand."""

    workshop = models.ForeignKey(
        "topics.Workshop", on_delete=models.CASCADE, related_name="area_chair_assignments"
    )
    submission = models.OneToOneField(
        "submissions.Submission", on_delete=models.CASCADE, related_name="area_chair_assignment"
    )
    area_chair = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="area_chair_assignments"
    )
    origin = models.CharField(max_length=10, choices=AssignmentOrigin)
    affinity = models.FloatField(null=True, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    announced_at = models.DateTimeField(
        null=True, blank=True, help_text="When the area chair was emailed about this paper."
    )

    class Meta:
        ordering = ["submission"]
        constraints = [
            models.CheckConstraint(
                condition=Q(origin__in=AssignmentOrigin.values),
                name="area_chair_assignment_origin_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["workshop", "area_chair"], name="area_chair_assignment_load")
        ]

    def __str__(self) -> str:
        return f"{self.submission_id} ⇒ AC {self.area_chair_id}"


class TextEmbedding(models.Model):
    """One text's vector under one embedding model, found again by the text's hash: a text
    is encoded once, whatever run, task or page asks for it next."""

    model = models.CharField(max_length=100)
    text_hash = models.CharField(max_length=64, help_text="SHA-256 of the stripped text.")
    vector = models.BinaryField(help_text="float32, L2-normalised.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["model", "text_hash"], name="text_embedding_once"),
        ]

    def __str__(self) -> str:
        return f"{self.model}:{self.text_hash[:12]}"
