"""What each role reads: one serializer per role and resource. Reviewer serializers carry no
author field at all; author serializers carry nothing of reviewers."""

from django.utils import timezone
from rest_framework import serializers

from pool.enums import BidValue
from pool.models import Conflict
from reviews.enums import DecisionOutcome
from reviews.models import Review
from submissions import deadlines
from submissions.models import Authorship, Submission
from topics.models import Topic, Workshop


class TopicSerializer(serializers.ModelSerializer):
    children = serializers.SerializerMethodField()

    class Meta:
        model = Topic
        fields = ["id", "slug", "name", "description", "children", "updated_at"]

    def get_children(self, topic: Topic) -> list[dict]:
        children = self.context["children"].get(topic.pk, [])
        return TopicSerializer(children, many=True, context=self.context).data


class WorkshopSerializer(serializers.ModelSerializer):
    phase = serializers.CharField(read_only=True)
    url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = Workshop
        fields = [
            "slug",
            "name",
            "short_name",
            "venue",
            "website",
            "phase",
            "url",
            "submission_opens_at",
            "submission_deadline",
            "bidding_deadline",
            "review_deadline",
            "decision_notification_at",
            "camera_ready_deadline",
            "max_pages",
            "updated_at",
        ]


class WorkshopDetailSerializer(WorkshopSerializer):
    topics = serializers.SerializerMethodField()

    class Meta(WorkshopSerializer.Meta):
        fields = [*WorkshopSerializer.Meta.fields, "description", "topics"]

    def get_topics(self, workshop: Workshop) -> list[dict]:
        """The topic tree: areas with their subtopics (nested ``children``)."""
        children: dict[int | None, list[Topic]] = {}
        for topic in workshop.topics.order_by("order", "name"):
            children.setdefault(topic.parent_id, []).append(topic)
        context = {"children": children}
        return TopicSerializer(children.get(None, []), many=True, context=context).data


class TopicRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Topic
        fields = ["id", "slug", "name"]


class PaperSerializer(serializers.ModelSerializer):
    """A paper as its reviewers see it: no authors."""

    primary_topic = TopicRefSerializer(read_only=True)
    secondary_topics = TopicRefSerializer(many=True, read_only=True)

    class Meta:
        model = Submission
        fields = [
            "number",
            "title",
            "abstract",
            "keywords",
            "status",
            "primary_topic",
            "secondary_topics",
            "pdf_pages",
            "updated_at",
        ]


class AuthorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Authorship
        fields = ["name", "email", "affiliation", "order", "is_corresponding", "confirmed_at"]


class AuthoredPaperSerializer(PaperSerializer):
    """A paper with its authors, as its authors and the workshop's organizers see it."""

    authors = AuthorSerializer(source="authorships", many=True, read_only=True)

    class Meta(PaperSerializer.Meta):
        fields = [*PaperSerializer.Meta.fields, "authors", "submitted_at", "withdrawn_at"]


class MySubmissionSerializer(AuthoredPaperSerializer):
    decision = serializers.SerializerMethodField()

    class Meta(AuthoredPaperSerializer.Meta):
        fields = [*AuthoredPaperSerializer.Meta.fields, "decision"]

    def get_decision(self, submission: Submission) -> str | None:
        """The outcome once decisions are released (accepted or rejected), else null."""
        if not deadlines.decision_visible(submission, timezone.now()):
            return None
        decision = getattr(submission, "decision", None)
        return decision.outcome if decision else submission.status


class PoolReviewerSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="profile.user_id")
    name = serializers.CharField(source="profile.user.full_name")
    email = serializers.EmailField(source="profile.user.email")
    affiliation = serializers.CharField(source="profile.affiliation")
    max_load = serializers.IntegerField()
    expertise_topics = serializers.IntegerField(source="expertise_count")
    bids_placed = serializers.IntegerField()
    completeness = serializers.IntegerField(help_text="Percent of the profile filled in.")
    updated_at = serializers.DateTimeField(source="profile.updated_at")


class AssignmentSerializer(serializers.Serializer):
    number = serializers.IntegerField(source="submission.number")
    reviewer_id = serializers.IntegerField()
    reviewer_name = serializers.CharField(source="reviewer.full_name")
    reviewer_email = serializers.EmailField(source="reviewer.email")
    origin = serializers.CharField()
    is_fixed = serializers.BooleanField()
    released = serializers.SerializerMethodField()
    updated_at = serializers.DateTimeField()

    def get_released(self, assignment) -> bool:
        return assignment.release_id is not None


class DecisionRowSerializer(serializers.ModelSerializer):
    outcome = serializers.SerializerMethodField()
    meta_review = serializers.SerializerMethodField()
    decided_at = serializers.SerializerMethodField()

    class Meta:
        model = Submission
        fields = ["number", "title", "status", "outcome", "meta_review", "decided_at", "updated_at"]

    def _decision(self, submission: Submission):
        return getattr(submission, "decision", None)

    def get_outcome(self, submission: Submission) -> str | None:
        decision = self._decision(submission)
        return decision.outcome if decision else None

    def get_meta_review(self, submission: Submission) -> str:
        decision = self._decision(submission)
        return decision.meta_review if decision else ""

    def get_decided_at(self, submission: Submission) -> str | None:
        decision = self._decision(submission)
        return decision.updated_at.isoformat() if decision else None


class DecisionInputSerializer(serializers.Serializer):
    number = serializers.IntegerField(min_value=1)
    outcome = serializers.ChoiceField(choices=DecisionOutcome.choices)
    meta_review = serializers.CharField(required=False, allow_blank=True, default="")


class MySubmissionDetailSerializer(MySubmissionSerializer):
    """One's own submission, with what the author's page shows besides."""

    track = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    identity_flags = serializers.ListField(
        child=serializers.DictField(child=serializers.CharField()),
        read_only=True,
        help_text="What in the PDF could tell reviewers who the authors are.",
    )
    edit_deadline = serializers.SerializerMethodField()

    class Meta(MySubmissionSerializer.Meta):
        fields = [
            *MySubmissionSerializer.Meta.fields,
            "track",
            "anonymized_confirmed",
            "identity_flags",
            "edit_deadline",
        ]

    def get_edit_deadline(self, submission: Submission) -> str:
        """Until when the paper may be edited (its track's deadline, or its extension)."""
        return deadlines.edit_deadline(submission).isoformat()


class AuthorInputSerializer(serializers.Serializer):
    name = serializers.CharField()
    email = serializers.EmailField()
    affiliation = serializers.CharField(required=False, allow_blank=True)
    is_corresponding = serializers.BooleanField(required=False, default=False)


class SubmissionInputSerializer(serializers.Serializer):
    """Documents the body only: the site's submission form checks it (same messages)."""

    title = serializers.CharField()
    abstract = serializers.CharField()
    keywords = serializers.ListField(child=serializers.CharField(), required=False)
    track = serializers.SlugField(required=False, help_text="A track's slug, with tracks.")
    primary_topic = serializers.SlugField(help_text="A subtopic's slug.")
    secondary_topics = serializers.ListField(child=serializers.SlugField(), required=False)
    anonymized_confirmed = serializers.BooleanField(required=False)
    authors = AuthorInputSerializer(many=True)
    submit = serializers.BooleanField(
        required=False, help_text="Submit now (needs the PDF); otherwise a draft is saved."
    )


class PdfUploadSerializer(serializers.Serializer):
    pdf = serializers.FileField(help_text="The paper as a PDF, within the page and size limits.")


class BidRowSerializer(PaperSerializer):
    my_bid = serializers.CharField(allow_null=True, read_only=True)

    class Meta(PaperSerializer.Meta):
        fields = [*PaperSerializer.Meta.fields, "my_bid"]


class BidInputSerializer(serializers.Serializer):
    number = serializers.IntegerField(min_value=1)
    value = serializers.ChoiceField(choices=BidValue.choices)


class BidSerializer(serializers.Serializer):
    number = serializers.IntegerField(source="submission.number")
    value = serializers.CharField()
    updated_at = serializers.DateTimeField()


REVIEW_FIELDS = [
    "status",
    "score",
    "confidence",
    "summary",
    "strengths",
    "weaknesses",
    "comments_to_authors",
    "confidential_comments",
    "no_conflict_confirmed",
    "custom_answers",
]


class MyReviewSerializer(serializers.ModelSerializer):
    """A reviewer's own review: the submitted text and the unsubmitted draft."""

    status = serializers.CharField(help_text="`draft` or `submitted`.")
    number = serializers.IntegerField(source="submission.number")
    custom_answers = serializers.DictField(help_text="Answers by question id.")
    draft = serializers.DictField(help_text="Unsubmitted edits (empty when none).")

    class Meta:
        model = Review
        fields = [
            "number",
            *REVIEW_FIELDS,
            "draft",
            "draft_saved_at",
            "submitted_at",
            "last_submitted_at",
            "updated_at",
        ]


class MyReviewRowSerializer(serializers.Serializer):
    """One paper assigned to the reviewer, and their review of it (null if not started)."""

    number = serializers.IntegerField(source="submission.number")
    title = serializers.CharField(source="submission.title")
    state = serializers.CharField()
    declined = serializers.BooleanField()
    review = MyReviewSerializer(allow_null=True)


class ReviewInputSerializer(serializers.Serializer):
    """Documents the body only: the site's review form checks it (same messages)."""

    score = serializers.IntegerField(required=False, allow_null=True)
    confidence = serializers.IntegerField(required=False, allow_null=True)
    summary = serializers.CharField(required=False, allow_blank=True)
    strengths = serializers.CharField(required=False, allow_blank=True)
    weaknesses = serializers.CharField(required=False, allow_blank=True)
    comments_to_authors = serializers.CharField(required=False, allow_blank=True)
    confidential_comments = serializers.CharField(required=False, allow_blank=True)
    no_conflict_confirmed = serializers.BooleanField(required=False)
    custom_answers = serializers.DictField(required=False, help_text="By question id.")
    submit = serializers.BooleanField(
        required=False, help_text="Submit the review; otherwise the draft is saved."
    )


class ConflictSerializer(serializers.ModelSerializer):
    number = serializers.IntegerField(source="submission.number")
    reviewer_name = serializers.CharField(source="reviewer.full_name")
    reviewer_email = serializers.EmailField(source="reviewer.email")

    class Meta:
        model = Conflict
        fields = [
            "id",
            "number",
            "reviewer_id",
            "reviewer_name",
            "reviewer_email",
            "source",
            "reason",
            "created_at",
            "removed_at",
            "removal_reason",
            "updated_at",
        ]


class ConflictInputSerializer(serializers.Serializer):
    number = serializers.IntegerField(min_value=1)
    reviewer_id = serializers.IntegerField(min_value=1)
    reason = serializers.CharField(max_length=500)


class ConflictRemoveSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=500)


class AssignmentInputSerializer(serializers.Serializer):
    number = serializers.IntegerField(min_value=1)
    reviewer_id = serializers.IntegerField(min_value=1)
    is_fixed = serializers.BooleanField(
        required=False, default=True, help_text="Must assign: kept on re-runs."
    )


class AssignmentEditSerializer(serializers.Serializer):
    assignment = AssignmentSerializer(allow_null=True)
    warnings = serializers.ListField(child=serializers.CharField())


class OrganizerReviewSerializer(serializers.ModelSerializer):
    """A review as the organizers' paper page shows it: who wrote it, confidential comments."""

    status = serializers.CharField(help_text="`draft` or `submitted`.")
    number = serializers.IntegerField(source="submission.number")
    reviewer_name = serializers.CharField(source="reviewer.full_name")
    reviewer_email = serializers.EmailField(source="reviewer.email")
    written_by_name = serializers.SerializerMethodField()
    written_by_email = serializers.SerializerMethodField()
    custom_answers = serializers.DictField(help_text="Answers by question id.")

    class Meta:
        model = Review
        fields = [
            "number",
            "reviewer_id",
            "reviewer_name",
            "reviewer_email",
            "written_by_name",
            "written_by_email",
            *REVIEW_FIELDS,
            "submitted_at",
            "last_submitted_at",
            "updated_at",
        ]

    def get_written_by_name(self, review: Review) -> str | None:
        """The subreviewer who wrote it, if one did."""
        return review.written_by.full_name if review.written_by else None

    def get_written_by_email(self, review: Review) -> str | None:
        return review.written_by.email if review.written_by else None


class ExportSerializer(serializers.Serializer):
    name = serializers.CharField()
    title = serializers.CharField()
    csv = serializers.CharField(help_text="The CSV file's address.")
    json = serializers.CharField(help_text="The same rows as JSON.")
