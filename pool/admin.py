"""Admin of the reviewer pool: invitations, profiles, expertise, bids and conflicts."""

from django.contrib import admin
from django.db import models

from pool.models import (
    AreaChair,
    Bid,
    Conflict,
    ReviewerInvitation,
    ReviewerPaper,
    ReviewerProfile,
    TopicExpertise,
)
from pool.services import reviewer_papers_touched


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


class ReviewerPaperInline(admin.StackedInline):
    model = ReviewerPaper
    fields = ["position", "title", "abstract", "year", "url"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    extra = 0


@admin.register(ReviewerProfile)
class ReviewerProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "workshop", "affiliation", "max_load", "completed_at"]
    list_filter = ["workshop"]
    search_fields = ["user__full_name", "user__email", "affiliation"]
    raw_id_fields = ["user", "invitation"]
    inlines = [ReviewerPaperInline, TopicExpertiseInline]

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        if any(formset.model is ReviewerPaper and formset.has_changed() for formset in formsets):
            reviewer_papers_touched(profile=form.instance)


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


@admin.register(ReviewerPaper)
class ReviewerPaperAdmin(admin.ModelAdmin):
    """One paper of a reviewer's; saving or deleting here announces the change like the
    profile page does (the assignment embeds the new text)."""

    list_display = ["title", "profile", "year", "position"]
    list_filter = ["profile__workshop"]
    search_fields = ["title", "profile__user__email"]
    raw_id_fields = ["profile"]

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        reviewer_papers_touched(profile=obj.profile)

    def delete_model(self, request, obj) -> None:
        profile = obj.profile
        super().delete_model(request, obj)
        reviewer_papers_touched(profile=profile)

    def delete_queryset(self, request, queryset) -> None:
        profiles = {paper.profile for paper in queryset.select_related("profile")}
        super().delete_queryset(request, queryset)
        for profile in profiles:
            reviewer_papers_touched(profile=profile)


@admin.register(AreaChair)
class AreaChairAdmin(admin.ModelAdmin):
    list_display = ["user", "workshop", "affiliation", "max_load"]
    list_filter = ["workshop"]
    search_fields = ["user__email", "user__full_name", "affiliation"]
    raw_id_fields = ["user", "invitation"]
    filter_horizontal = ["topics"]
