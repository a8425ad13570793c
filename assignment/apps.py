from django.apps import AppConfig


class AssignmentConfig(AppConfig):
    name = "assignment"
    verbose_name = "Assignment"

    def ready(self) -> None:
        from assignment.rules import register_permissions

        register_permissions()
