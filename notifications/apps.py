from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = "Notifications"

    def ready(self) -> None:
        from notifications import organizer_mail
        from topics.signals import organizer_added, organizer_invited, workshop_copied

        organizer_added.connect(
            organizer_mail.organizer_added_notify, dispatch_uid="notifications.organizer_added"
        )
        organizer_invited.connect(
            organizer_mail.organizer_invited_notify,
            dispatch_uid="notifications.organizer_invited",
        )
        workshop_copied.connect(
            organizer_mail.mail_templates_copy, dispatch_uid="notifications.workshop_copied"
        )
