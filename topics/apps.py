from django.apps import AppConfig


class TopicsConfig(AppConfig):
    name = "topics"
    verbose_name = "Workshops and topics"

    def ready(self) -> None:
        from allauth.account.signals import email_confirmed

        from topics import receivers
        from topics.rules import register_permissions

        register_permissions()
        email_confirmed.connect(
            receivers.claim_organizer_invitations, dispatch_uid="topics.organizer_invitations"
        )
