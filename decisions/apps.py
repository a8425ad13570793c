from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    name = "decisions"
    verbose_name = "Decisions"

    def ready(self) -> None:
        from accounts.dashboard import register_section
        from decisions import message_groups
        from pool.models import AreaChair

        message_groups.register()
        register_section(
            order=25,
            template="decisions/area_chair/_dashboard_section.html",
            context=lambda user: {
                "area_chair_roles": list(
                    AreaChair.objects.filter(user=user).select_related("workshop")
                )
            },
        )
