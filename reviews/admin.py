from django.contrib import admin

from reviews.assignment_models import (
    Assignment,
    AssignmentEdit,
    AssignmentRelease,
    AssignmentRun,
    ProposedPair,
)
from reviews.models import (
    Bid,
    Conflict,
    ReviewerInvitation,
    ReviewerInvitationTemplate,
    ReviewerProfile,
    TopicExpertise,
)
from reviews.review_models import (
    AssignmentDecline,
    Decision,
    DecisionNotificationJob,
    DecisionTemplate,
    DiscussionComment,
    ReminderLog,
    Review,
    ReviewFormField,
    ReviewRevision,
    ReviewSettings,
)


@admin.register(ReviewerInvitation)
class ReviewerInvitationAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "email",
        "workshop",
        "status",
        "sent_at",
        "reminders_sent",
        "responded_at",
    ]
    list_filter = ["workshop", "status"]
    search_fields = ["name", "email", "affiliation"]
    raw_id_fields = ["user", "invited_by"]
    readonly_fields = ["token_hash", "created_at", "updated_at", "email_mismatch_confirmed_at"]


@admin.register(ReviewerInvitationTemplate)
class ReviewerInvitationTemplateAdmin(admin.ModelAdmin):
    list_display = ["workshop", "subject", "updated_at"]


class TopicExpertiseInline(admin.TabularInline):
    model = TopicExpertise
    fields = ["topic", "level"]
    extra = 0


@admin.register(ReviewerProfile)
class ReviewerProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "workshop", "affiliation", "max_load", "completed_at"]
    list_filter = ["workshop"]
    search_fields = ["user__full_name", "user__email", "affiliation"]
    raw_id_fields = ["user", "invitation"]
    inlines = [TopicExpertiseInline]


@admin.register(Bid)
class BidAdmin(admin.ModelAdmin):
    list_display = ["submission", "reviewer", "value", "updated_at"]
    list_filter = ["submission__workshop", "value"]
    search_fields = ["reviewer__full_name", "reviewer__email", "submission__title"]
    raw_id_fields = ["submission", "reviewer"]


@admin.register(Conflict)
class ConflictAdmin(admin.ModelAdmin):
    list_display = ["submission", "reviewer", "source", "reason", "removed_at", "removed_by"]
    list_filter = ["workshop", "source", ("removed_at", admin.EmptyFieldListFilter)]
    search_fields = ["reviewer__full_name", "reviewer__email", "submission__title", "reason"]
    raw_id_fields = ["submission", "reviewer", "created_by", "removed_by"]


# Assignment runs and assignments.


class ProposedPairInline(admin.TabularInline):
    model = ProposedPair
    fields = ["submission", "reviewer", "affinity", "is_fixed"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False


@admin.register(AssignmentRun)
class AssignmentRunAdmin(admin.ModelAdmin):
    list_display = ["pk", "workshop", "status", "progress_stage", "started_at", "finished_at"]
    list_filter = ["workshop", "status"]
    search_fields = ["error"]
    raw_id_fields = ["started_by", "committed_by", "retry_of"]
    readonly_fields = ["created_at", "updated_at"]
    inlines = [ProposedPairInline]


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = [
        "submission",
        "reviewer",
        "workshop",
        "is_fixed",
        "origin",
        "affinity",
        "release",
    ]
    list_filter = ["workshop", "is_fixed", "origin"]
    search_fields = ["submission__title", "reviewer__email", "reviewer__full_name"]
    raw_id_fields = ["submission", "reviewer", "run", "release", "added_by"]


@admin.register(AssignmentRelease)
class AssignmentReleaseAdmin(admin.ModelAdmin):
    list_display = ["workshop", "number", "released_by", "released_at", "emails_queued"]
    list_filter = ["workshop"]


@admin.register(AssignmentEdit)
class AssignmentEditAdmin(admin.ModelAdmin):
    list_display = [
        "created_at",
        "workshop",
        "by",
        "action",
        "submission",
        "reviewer",
        "old_reviewer",
    ]
    list_filter = ["workshop", "action"]
    search_fields = ["submission__title", "reviewer__email", "note"]
    raw_id_fields = ["by", "submission", "reviewer", "old_reviewer", "run"]


# Reviews and decisions.


class ReviewRevisionInline(admin.TabularInline):
    model = ReviewRevision
    fields = ["number", "created_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = ["submission", "reviewer", "status", "score", "confidence", "submitted_at"]
    list_filter = ["workshop", "status"]
    search_fields = ["submission__title", "reviewer__email", "reviewer__full_name"]
    raw_id_fields = ["submission", "reviewer"]
    inlines = [ReviewRevisionInline]


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    list_display = ["submission", "outcome", "decided_by", "updated_at"]
    list_filter = ["submission__workshop", "outcome"]
    search_fields = ["submission__title", "meta_review"]
    raw_id_fields = ["submission", "decided_by"]


@admin.register(ReviewSettings)
class ReviewSettingsAdmin(admin.ModelAdmin):
    list_display = ["workshop", "score_min", "score_max", "disagreement_spread"]


@admin.register(ReviewFormField)
class ReviewFormFieldAdmin(admin.ModelAdmin):
    list_display = ["label", "workshop", "kind", "required", "visible_to_authors", "order"]
    list_filter = ["workshop", "kind"]


@admin.register(DiscussionComment)
class DiscussionCommentAdmin(admin.ModelAdmin):
    list_display = ["submission", "author", "created_at"]
    search_fields = ["submission__title", "body"]
    raw_id_fields = ["submission", "author"]


@admin.register(AssignmentDecline)
class AssignmentDeclineAdmin(admin.ModelAdmin):
    list_display = ["submission", "reviewer", "created_at"]
    raw_id_fields = ["submission", "reviewer"]


@admin.register(DecisionTemplate)
class DecisionTemplateAdmin(admin.ModelAdmin):
    list_display = ["workshop", "outcome", "subject"]
    list_filter = ["workshop"]


@admin.register(DecisionNotificationJob)
class DecisionNotificationJobAdmin(admin.ModelAdmin):
    list_display = ["workshop", "status", "total", "queued", "skipped", "started_at", "finished_at"]
    list_filter = ["workshop", "status"]
    raw_id_fields = ["started_by"]


@admin.register(ReminderLog)
class ReminderLogAdmin(admin.ModelAdmin):
    list_display = ["workshop", "submission", "reviewer", "kind", "created_at"]
    list_filter = ["workshop", "kind"]
    raw_id_fields = ["submission", "reviewer", "email"]


@admin.register(TopicExpertise)
class TopicExpertiseAdmin(admin.ModelAdmin):
    list_display = ["profile", "topic", "level"]
    list_filter = ["level", "topic__workshop"]
    raw_id_fields = ["profile", "topic"]


@admin.register(ReviewRevision)
class ReviewRevisionAdmin(admin.ModelAdmin):
    list_display = ["review", "number", "created_at"]
    raw_id_fields = ["review"]


@admin.register(ProposedPair)
class ProposedPairAdmin(admin.ModelAdmin):
    list_display = ["run", "submission", "reviewer", "affinity", "is_fixed"]
    list_filter = ["run__workshop"]
    raw_id_fields = ["run", "submission", "reviewer"]
