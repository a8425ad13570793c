from django.apps import AppConfig


class TopicsConfig(AppConfig):
    name = "topics"
    verbose_name = "Workshops and topics"

    def ready(self) -> None:
        from topics.rules import register_permissions

        register_permissions()
