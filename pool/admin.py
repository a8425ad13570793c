"""Admin of the reviewer pool: invitations, profiles, expertise, bids and conflicts."""

from django.contrib import admin

from pool.models import (
    Bid,
    Conflict,
    ReviewerInvitation,
    ReviewerProfile,
    TopicExpertise,
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


@admin.register(TopicExpertise)
class TopicExpertiseAdmin(admin.ModelAdmin):
    list_display = ["profile", "topic", "level"]
    list_filter = ["level", "topic__workshop"]
    raw_id_fields = ["profile", "topic"]
