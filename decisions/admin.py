"""Admin of decisions, decision mail templates and decision mail jobs."""

from django.contrib import admin

from decisions.models import Decision, DecisionNotificationJob, MetaReview


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    list_display = ["submission", "outcome", "decided_by", "updated_at"]
    list_filter = ["submission__workshop", "outcome"]
    search_fields = ["submission__title", "meta_review"]
    raw_id_fields = ["submission", "decided_by"]


@admin.register(DecisionNotificationJob)
class DecisionNotificationJobAdmin(admin.ModelAdmin):
    list_display = ["workshop", "status", "total", "queued", "skipped", "started_at", "finished_at"]
    list_filter = ["workshop", "status"]
    raw_id_fields = ["started_by"]


@admin.register(MetaReview)
class MetaReviewAdmin(admin.ModelAdmin):
    list_display = ["submission", "area_chair", "recommendation", "submitted_at"]
    list_filter = ["recommendation", "submission__workshop"]
    search_fields = ["submission__title", "area_chair__email", "text"]
    raw_id_fields = ["submission", "area_chair"]
