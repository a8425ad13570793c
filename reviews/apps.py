from django.apps import AppConfig
from django.utils import timezone


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = "Reviews"

    def ready(self) -> None:
        from accounts.dashboard import register_section
        from notifications.selectors import mail_log_hide_kinds
        from notifications.services import group_message_kind
        from reviews import message_groups
        from reviews.dashboard import reviewer_due
        from reviews.enums import REVIEWER_PAPER_MAIL_KINDS
        from reviews.receivers import copy_review_setup
        from reviews.rules import register_permissions
        from reviews.selectors import outcome_choices
        from submissions.selectors import is_author_in_workshop
        from topics.signals import workshop_copied
        from topics.tracks import register_outcome_source

        register_permissions()
        register_outcome_source(choices=outcome_choices)
        register_section(
            order=15,
            template="reviews/_dashboard_due.html",
            context=lambda user: {"reviewer_due": reviewer_due(user=user, now=timezone.now())},
        )
        # A message to reviewers may list the papers each one reviews.
        mail_log_hide_kinds(
            kinds=(*REVIEWER_PAPER_MAIL_KINDS, group_message_kind("reviewers")),
            when=is_author_in_workshop,
        )
        message_groups.register()
        workshop_copied.connect(copy_review_setup, dispatch_uid="reviews.copied")
