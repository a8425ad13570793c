from django.apps import AppConfig


class AssignmentConfig(AppConfig):
    name = "assignment"
    verbose_name = "Assignment"

    def ready(self) -> None:
        from assignment import receivers
        from assignment.bid_ranking import rank_for_bidding
        from assignment.rules import register_permissions
        from pool.bid_ranking import register_bid_ranker
        from pool.signals import reviewer_papers_changed
        from submissions.signals import submission_text_saved, submissions_imported

        register_permissions()
        register_bid_ranker(rank_for_bidding)
        submission_text_saved.connect(
            receivers.submission_text_saved, dispatch_uid="assignment.text_saved"
        )
        submissions_imported.connect(
            receivers.submissions_imported, dispatch_uid="assignment.imported"
        )
        reviewer_papers_changed.connect(
            receivers.reviewer_papers_changed, dispatch_uid="assignment.reviewer_papers"
        )
