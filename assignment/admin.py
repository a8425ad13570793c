"""Admin of assignment runs, proposals, releases, assignments, edits and declines."""

from django.contrib import admin

from assignment.models import (
    AreaChairAssignment,
    Assignment,
    AssignmentDecline,
    AssignmentEdit,
    AssignmentRelease,
    AssignmentRun,
    ExternalAffinity,
    ExternalAffinitySettings,
    ProposedPair,
    TextEmbedding,
)


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


@admin.register(AssignmentDecline)
class AssignmentDeclineAdmin(admin.ModelAdmin):
    list_display = ["submission", "reviewer", "created_at"]
    raw_id_fields = ["submission", "reviewer"]


@admin.register(ProposedPair)
class ProposedPairAdmin(admin.ModelAdmin):
    list_display = ["run", "submission", "reviewer", "affinity", "is_fixed"]
    list_filter = ["run__workshop"]
    raw_id_fields = ["run", "submission", "reviewer"]


@admin.register(AreaChairAssignment)
class AreaChairAssignmentAdmin(admin.ModelAdmin):
    list_display = ["submission", "area_chair", "origin", "affinity"]
    list_filter = ["workshop", "origin"]
    search_fields = ["submission__title", "area_chair__email"]
    raw_id_fields = ["submission", "area_chair", "added_by"]


@admin.register(ExternalAffinity)
class ExternalAffinityAdmin(admin.ModelAdmin):
    list_display = ["submission", "reviewer", "score"]
    list_filter = ["workshop"]
    search_fields = ["submission__title", "reviewer__email"]
    raw_id_fields = ["submission", "reviewer"]


@admin.register(ExternalAffinitySettings)
class ExternalAffinitySettingsAdmin(admin.ModelAdmin):
    list_display = ["workshop", "weight", "source_name"]
    raw_id_fields = ["imported_by"]


@admin.register(TextEmbedding)
class TextEmbeddingAdmin(admin.ModelAdmin):
    list_display = ["text_hash", "model", "created_at"]
    list_filter = ["model"]
    search_fields = ["text_hash"]
    readonly_fields = ["model", "text_hash", "created_at"]
    exclude = ["vector"]
