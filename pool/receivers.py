"""Pool's answers to what lower apps announce: conflicts follow the papers' authors."""

from pool.services import conflicts_recompute_for_submission, conflicts_recompute_for_workshop


def recompute_paper_conflicts(sender, *, submission, **kwargs) -> None:
    conflicts_recompute_for_submission(submission=submission)


def recompute_workshop_conflicts(sender, *, workshop, **kwargs) -> None:
    conflicts_recompute_for_workshop(workshop=workshop)
