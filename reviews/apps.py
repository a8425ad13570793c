from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = "Reviews"

    def ready(self) -> None:
        from notifications.selectors import mail_log_hide_kinds
        from notifications.services import group_message_kind
        from reviews import message_groups
        from reviews.enums import REVIEWER_PAPER_MAIL_KINDS
        from reviews.rules import register_permissions
        from submissions.selectors import is_author_in_workshop

        register_permissions()
        # A message to reviewers may list the papers each one reviews.
        mail_log_hide_kinds(
            kinds=(*REVIEWER_PAPER_MAIL_KINDS, group_message_kind("reviewers")),
            when=is_author_in_workshop,
        )
        message_groups.register()
