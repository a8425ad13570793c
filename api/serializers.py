"""What each role reads: one serializer per role and resource. Reviewer serializers carry no
author field at all; author serializers carry nothing of reviewers."""

from django.utils import timezone
from rest_framework import serializers

from reviews.enums import DecisionOutcome
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
