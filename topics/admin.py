from django.contrib import admin

from topics.models import OrganizerInvitation, Topic, Track, Workshop, WorkshopChange


class TopicInline(admin.TabularInline):
    model = Topic
    fields = ["name", "slug", "parent", "order"]
    extra = 0


@admin.register(Workshop)
class WorkshopAdmin(admin.ModelAdmin):
    list_display = ["short_name", "slug", "submission_deadline", "review_deadline", "venue"]
    search_fields = ["name", "short_name", "slug"]
    prepopulated_fields = {"slug": ["short_name"]}
    filter_horizontal = ["organizers"]
    inlines = [TopicInline]


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "workshop", "parent", "order"]
    list_filter = ["workshop"]
    search_fields = ["name", "slug", "description"]


@admin.register(WorkshopChange)
class WorkshopChangeAdmin(admin.ModelAdmin):
    list_display = ["workshop", "label", "old_value", "new_value", "changed_by", "created_at"]
    list_filter = ["workshop"]
    search_fields = ["label", "old_value", "new_value"]
    readonly_fields = ["workshop", "changed_by", "field", "label", "old_value", "new_value"]


@admin.register(OrganizerInvitation)
class OrganizerInvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "workshop", "invited_by", "created_at", "accepted_at"]
    list_filter = ["workshop"]
    search_fields = ["email"]


@admin.register(Track)
class TrackAdmin(admin.ModelAdmin):
    list_display = ["name", "workshop", "max_pages", "deadline", "order"]
    list_filter = ["workshop"]
    list_select_related = ["workshop"]
