from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = "Reviews"

    def ready(self) -> None:
        from notifications.selectors import mail_log_hide_kinds
        from reviews.enums import REVIEWER_PAPER_MAIL_KINDS
        from reviews.receivers import copy_review_setup
        from reviews.rules import register_permissions
        from submissions.selectors import is_author_in_workshop
        from topics.signals import workshop_copied

        register_permissions()
        mail_log_hide_kinds(kinds=REVIEWER_PAPER_MAIL_KINDS, when=is_author_in_workshop)
        workshop_copied.connect(copy_review_setup, dispatch_uid="reviews.copied")
