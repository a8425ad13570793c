from django.contrib import admin

from submissions.models import Authorship, Submission, SubmissionChange, SubmissionText


class AuthorshipInline(admin.TabularInline):
    model = Authorship
    fields = ["order", "name", "email", "affiliation", "is_corresponding", "user"]
    raw_id_fields = ["user"]
    extra = 0


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "workshop", "status", "primary_topic", "submitted_at"]
    list_filter = ["workshop", "status", "primary_topic"]
    list_select_related = ["workshop", "primary_topic"]
    search_fields = ["title", "authorships__name", "authorships__email"]
    raw_id_fields = ["submitted_by"]
    filter_horizontal = ["secondary_topics"]
    readonly_fields = [
        "number",
        "pdf",
        "pdf_pages",
        "reviewer_pdf",
        "supplementary",
        "camera_ready_pdf",
        "camera_ready_pages",
        "camera_ready_at",
        "submitted_at",
        "withdrawn_at",
        "identity_flags",
        "created_at",
        "updated_at",
    ]
    fields = [
        "workshop",
        "number",
        "title",
        "abstract",
        "keywords",
        "primary_topic",
        "secondary_topics",
        "status",
        "deadline_extension",
        "anonymized_confirmed",
        "submitted_by",
        *readonly_fields[1:],
    ]
    inlines = [AuthorshipInline]

    def get_readonly_fields(self, request, obj=None):
        # A new submission made here needs its number typed in; afterwards it is fixed.
        return self.readonly_fields if obj else self.readonly_fields[1:]


@admin.register(Authorship)
class AuthorshipAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "email",
        "affiliation",
        "submission",
        "order",
        "is_corresponding",
        "user",
    ]
    list_filter = ["submission__workshop", "is_corresponding"]
    search_fields = ["name", "email", "affiliation", "submission__title"]
    raw_id_fields = ["submission", "user"]


@admin.register(SubmissionText)
class SubmissionTextAdmin(admin.ModelAdmin):
    list_display = ["submission", "updated_at"]
    list_select_related = ["submission"]
    search_fields = ["text"]
    readonly_fields = ["submission", "text", "created_at", "updated_at"]


@admin.register(SubmissionChange)
class SubmissionChangeAdmin(admin.ModelAdmin):
    """The camera-ready corrections log: read here, written only by the authors' page."""

    list_display = ["submission", "changed_by", "created_at"]
    list_filter = ["submission__workshop"]
    list_select_related = ["submission", "changed_by"]
    search_fields = ["submission__title", "changed_by__email"]
    readonly_fields = ["submission", "changed_by", "changes", "created_at", "updated_at"]
    fields = readonly_fields
