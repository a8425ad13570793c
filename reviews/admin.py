"""Admin of the review form, reviews, their history, discussion and reminders."""

from django.contrib import admin

from reviews.models import (
    AuthorResponse,
    Delegation,
    DiscussionComment,
    ReminderLog,
    Review,
    ReviewFormField,
    ReviewRevision,
    ReviewSettings,
)


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


@admin.register(ReminderLog)
class ReminderLogAdmin(admin.ModelAdmin):
    list_display = ["workshop", "submission", "reviewer", "kind", "created_at"]
    list_filter = ["workshop", "kind"]
    raw_id_fields = ["submission", "reviewer", "email"]


@admin.register(ReviewRevision)
class ReviewRevisionAdmin(admin.ModelAdmin):
    list_display = ["review", "number", "created_at"]
    raw_id_fields = ["review"]


@admin.register(AuthorResponse)
class AuthorResponseAdmin(admin.ModelAdmin):
    list_display = ["submission", "review", "version", "submitted_at"]
    list_select_related = ["submission"]
    raw_id_fields = ["submission", "review"]


@admin.register(Delegation)
class DelegationAdmin(admin.ModelAdmin):
    list_display = ["submission", "reviewer", "email", "status", "created_at"]
    list_filter = ["workshop", "status"]
    list_select_related = ["submission", "reviewer"]
    raw_id_fields = ["submission", "reviewer", "subreviewer"]
    readonly_fields = ["token_hash"]
