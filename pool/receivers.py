"""Pool's answers to what lower apps announce: conflicts follow the papers' authors."""

from pool.services import (
    conflicts_recompute_for_submission,
    conflicts_recompute_for_workshop,
    invitations_from_earlier_pool,
)


def recompute_paper_conflicts(sender, *, submission, **kwargs) -> None:
    conflicts_recompute_for_submission(submission=submission)


def recompute_workshop_conflicts(sender, *, workshop, **kwargs) -> None:
    conflicts_recompute_for_workshop(workshop=workshop)


def invite_earlier_pool(sender, *, source, target, by, invite_reviewers, **kwargs) -> None:
    if invite_reviewers:
        invitations_from_earlier_pool(source=source, target=target, invited_by=by)
