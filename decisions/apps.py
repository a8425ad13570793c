from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    name = "decisions"
    verbose_name = "Decisions"

    def ready(self) -> None:
        from accounts.dashboard import register_section
        from decisions import message_groups
        from notifications.selectors import mail_log_hide_kinds
        from pool.models import AreaChair
        from submissions.selectors import is_author_in_workshop

        message_groups.register()
        # Mail to area chairs lists the papers each one chairs.
        mail_log_hide_kinds(
            kinds=("area_chair_assigned", "meta_review_request"), when=is_author_in_workshop
        )
        register_section(
            order=25,
            template="decisions/area_chair/_dashboard_section.html",
            context=lambda user: {
                "area_chair_roles": list(
                    AreaChair.objects.filter(user=user).select_related("workshop")
                )
            },
        )
