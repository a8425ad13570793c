import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from fomo_site.models import TimestampedModel
from submissions.enums import SubmissionStatus

EDITABLE_STATUSES = (SubmissionStatus.DRAFT, SubmissionStatus.SUBMITTED)


def _private_name(submission: "Submission", kind: str, extension: str) -> str:
    """A server-generated storage name: nothing of the uploaded filename is kept."""
    return f"submissions/{submission.workshop_id}/{kind}/{uuid.uuid4().hex}.{extension}"


def pdf_upload_to(instance: "Submission", filename: str) -> str:
    return _private_name(instance, "original", "pdf")


def reviewer_pdf_upload_to(instance: "Submission", filename: str) -> str:
    return _private_name(instance, "reviewer", "pdf")


def supplementary_upload_to(instance: "Submission", filename: str) -> str:
    extension = "zip" if filename.lower().endswith(".zip") else "pdf"
    return _private_name(instance, "supplementary", extension)


def camera_ready_upload_to(instance: "Submission", filename: str) -> str:
    return _private_name(instance, "camera-ready", "pdf")


class Submission(TimestampedModel):
    """A paper submitted to one workshop, known publicly by its number (#17)."""

    workshop = models.ForeignKey(
        "topics.Workshop", on_delete=models.CASCADE, related_name="submissions"
    )
    number = models.PositiveIntegerField(help_text="Public id within the workshop.")
    title = models.CharField(max_length=1000)
    abstract = models.TextField(help_text="Markdown with inline math; stored as typed.")
    keywords = models.CharField(max_length=1000, blank=True, help_text="Comma-separated.")
    primary_topic = models.ForeignKey(
        "topics.Topic", on_delete=models.PROTECT, related_name="primary_submissions"
    )
    secondary_topics = models.ManyToManyField(
        "topics.Topic", related_name="secondary_submissions", blank=True
    )
    track = models.ForeignKey(
        "topics.Track",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="submissions",
        help_text="Required when the workshop has tracks.",
    )
    status = models.CharField(
        max_length=12, choices=SubmissionStatus, default=SubmissionStatus.DRAFT
    )
    anonymized_confirmed = models.BooleanField("the PDF is anonymized", default=False)
    pdf = models.FileField(upload_to=pdf_upload_to, max_length=200, blank=True)
    pdf_pages = models.PositiveSmallIntegerField(null=True, blank=True)
    reviewer_pdf = models.FileField(
        upload_to=reviewer_pdf_upload_to,
        max_length=200,
        blank=True,
        help_text="Copy without identifying metadata, for reviewers.",
    )
    identity_flags = models.JSONField(
        default=list,
        blank=True,
        editable=False,
        help_text="What in the PDF may identify the authors (submissions.identity).",
    )
    supplementary = models.FileField(upload_to=supplementary_upload_to, max_length=200, blank=True)
    camera_ready_pdf = models.FileField(
        upload_to=camera_ready_upload_to, max_length=200, blank=True
    )
    camera_ready_pages = models.PositiveSmallIntegerField(null=True, blank=True)
    camera_ready_at = models.DateTimeField(null=True, blank=True)
    deadline_extension = models.DateTimeField(
        null=True,
        blank=True,
        help_text="Authors may edit until this moment even after the workshop's deadline.",
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    import_key = models.CharField(max_length=64, null=True, blank=True, unique=True, editable=False)
    submitted_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["workshop", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["workshop", "number"], name="submission_number_per_workshop"
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="submission_number_positive"),
            models.CheckConstraint(
                condition=Q(status__in=SubmissionStatus.values), name="submission_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(status=SubmissionStatus.DRAFT) | Q(submitted_at__isnull=False),
                name="submission_submitted_at_set",
            ),
        ]
        indexes = [models.Index(fields=["workshop", "status"])]

    def __str__(self) -> str:
        return f"{self.public_id} {self.title}"

    @property
    def ever_submitted(self) -> bool:
        """False for a draft withdrawn before it was submitted: the database asks for a
        submitted_at once the status leaves draft, and withdrawing sets it to withdrawn_at."""
        return self.submitted_at is not None and self.submitted_at != self.withdrawn_at

    def get_absolute_url(self) -> str:
        return reverse(
            "submissions:detail", kwargs={"workshop": self.workshop.slug, "number": self.number}
        )

    @property
    def public_id(self) -> str:
        return f"#{self.number}"

    @property
    def keyword_list(self) -> list[str]:
        return [word.strip() for word in self.keywords.split(",") if word.strip()]

    @property
    def is_editable_status(self) -> bool:
        return self.status in EDITABLE_STATUSES


class Authorship(TimestampedModel):
    """One author of a submission, in order; linked to an account when one has this email."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="authorships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="authorships",
    )
    name = models.CharField(max_length=200)
    email = models.EmailField(help_text="Stored in lower case.")
    affiliation = models.CharField(max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    is_corresponding = models.BooleanField(default=False)
    confirmed_at = models.DateTimeField(
        null=True, blank=True, help_text="When the account holder confirmed the authorship."
    )
    disputed_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the person with this address said they are not an author.",
    )

    class Meta:
        ordering = ["submission", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "email"], name="authorship_email_per_submission"
            ),
            models.CheckConstraint(
                condition=Q(confirmed_at__isnull=True) | Q(disputed_at__isnull=True),
                name="authorship_confirmed_or_disputed",
            ),
        ]
        indexes = [models.Index(fields=["email"])]

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>"

    @property
    def awaits_confirmation(self) -> bool:
        return self.user_id is not None and self.confirmed_at is None


class SubmissionText(TimestampedModel):
    """The text extracted from a submission's PDF, apart from the submission row so lists
    of papers never load it."""

    submission = models.OneToOneField(
        Submission, on_delete=models.CASCADE, primary_key=True, related_name="extracted_text"
    )
    text = models.TextField(blank=True)

    def __str__(self) -> str:
        return f"text of {self.submission_id}"


class SubmissionChange(TimestampedModel):
    """Who changed which details of an accepted paper at camera-ready time, from what to
    what: {"title": [old, new], "abstract": [old, new], "authors": [[old names], [new]]}.
    Authors and organizers see it; reviewers never do (it names the authors)."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="changes")
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    changes = models.JSONField()

    class Meta:
        ordering = ["submission", "-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.submission}: {', '.join(sorted(self.changes))}"
