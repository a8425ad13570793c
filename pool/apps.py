from django.apps import AppConfig


class PoolConfig(AppConfig):
    name = "pool"
    verbose_name = "Reviewer pool"

    def ready(self) -> None:
        from accounts.dashboard import register_section
        from pool import message_groups, receivers
        from pool.rules import register_permissions
        from pool.selectors import reviewer_dashboard
        from submissions.signals import authors_changed, submissions_imported

        register_permissions()
        message_groups.register()
        authors_changed.connect(receivers.recompute_paper_conflicts, dispatch_uid="pool.authors")
        submissions_imported.connect(
            receivers.recompute_workshop_conflicts, dispatch_uid="pool.imported"
        )
        register_section(
            order=20,
            template="pool/_dashboard_section.html",
            context=lambda user: {"reviewer_dashboard": reviewer_dashboard(user=user)},
        )
