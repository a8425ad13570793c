from django.contrib import admin, messages

from notifications.models import GroupMessage, MailTemplate, OutgoingEmail
from notifications.services import email_enqueue


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(admin.ModelAdmin):
    list_display = [
        "subject",
        "recipients",
        "kind",
        "status",
        "attempts",
        "workshop",
        "created_at",
        "sent_at",
    ]
    list_filter = ["status", "kind", "workshop"]
    search_fields = ["subject", "to", "idempotency_key"]
    readonly_fields = [
        "created_at",
        "updated_at",
        "sent_at",
        "enqueued_at",
        "attempts",
        "last_error",
    ]
    actions = ["send_again"]

    @admin.display(description="To")
    def recipients(self, email: OutgoingEmail) -> str:
        return ", ".join(email.to)

    @admin.action(description="Enqueue the selected queued emails now")
    def send_again(self, request, queryset):
        count = sum(
            email_enqueue(email_id=pk)
            for pk in queryset.filter(status="queued").values_list("pk", flat=True)
        )
        self.message_user(request, f"{count} emails enqueued.", messages.SUCCESS)


@admin.register(MailTemplate)
class MailTemplateAdmin(admin.ModelAdmin):
    list_display = ["workshop", "name", "subject", "updated_at"]
    list_filter = ["workshop", "name"]
    search_fields = ["subject", "body"]


@admin.register(GroupMessage)
class GroupMessageAdmin(admin.ModelAdmin):
    list_display = ["subject", "workshop", "group", "audience", "sender", "created_at", "queued_at"]
    list_filter = ["workshop", "audience"]
    search_fields = ["subject", "body", "group"]
    readonly_fields = ["token", "recipients", "created_at", "updated_at", "queued_at"]
