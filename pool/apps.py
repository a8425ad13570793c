from django.apps import AppConfig


class PoolConfig(AppConfig):
    name = "pool"
    verbose_name = "Reviewer pool"

    def ready(self) -> None:
        from accounts.dashboard import register_section
        from pool import message_groups, receivers
        from pool.rules import register_permissions
        from pool.selectors import reviewer_dashboard
        from pool.topic_usage import expertise_topic_merge, topic_expertise_counts
        from submissions.signals import authors_changed, submissions_imported
        from topics.signals import workshop_copied
        from topics.usage import register_topic_merger, register_topic_usage

        register_permissions()
        message_groups.register()
        authors_changed.connect(receivers.recompute_paper_conflicts, dispatch_uid="pool.authors")
        submissions_imported.connect(
            receivers.recompute_workshop_conflicts, dispatch_uid="pool.imported"
        )
        workshop_copied.connect(receivers.invite_earlier_pool, dispatch_uid="pool.copied")
        register_section(
            order=20,
            template="pool/_dashboard_section.html",
            context=lambda user: {"reviewer_dashboard": reviewer_dashboard(user=user)},
        )
        register_topic_usage(
            key="expertise",
            one="reviewer's expertise",
            many="reviewers' expertise",
            count=topic_expertise_counts,
        )
        register_topic_merger(key="expertise", merge=expertise_topic_merge)
