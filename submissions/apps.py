from django.apps import AppConfig


class SubmissionsConfig(AppConfig):
    name = "submissions"
    verbose_name = "Submissions"

    def ready(self) -> None:
        from allauth.account.signals import email_confirmed
        from django.core import checks as system_checks
        from django.utils import timezone

        from accounts.dashboard import register_section
        from submissions import checks, message_groups, receivers
        from submissions.rules import register_permissions
        from submissions.selectors import author_dashboard
        from submissions.topic_usage import (
            submission_topics_merge,
            topic_paper_counts,
            track_paper_counts,
        )
        from topics.tracks import register_track_usage
        from topics.usage import register_topic_merger, register_topic_usage

        register_permissions()
        message_groups.register()
        system_checks.register(checks.upload_cap_covers_workshop_limits)
        email_confirmed.connect(
            receivers.link_authorships_on_confirmation, dispatch_uid="submissions.link_authorships"
        )
        register_section(
            order=10,
            template="submissions/_dashboard_section.html",
            context=lambda user: {"author_rows": author_dashboard(user=user, now=timezone.now())},
        )
        register_topic_usage(key="papers", one="paper", many="papers", count=topic_paper_counts)
        register_topic_merger(key="papers", merge=submission_topics_merge)
        register_track_usage(count=track_paper_counts)
