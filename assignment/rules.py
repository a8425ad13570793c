"""Permissions of the assignment pages.

Organizer pages use topics.permissions.organizer_required ("topics.manage_workshop");
which assigned papers a reviewer may open is decided by
assignment.selectors.submissions_for_assigned_reviewer. A paper's area chair reads its
anonymized PDF as its reviewers do, unless conflicted (the submissions app leaves that door
to the apps above it)."""

import rules

from assignment.models import AreaChairAssignment
from pool.rules import has_conflict, is_reviewer
from submissions.enums import REVIEWABLE_STATUSES
from submissions.rules import add_reviewer_pdf_reader


@rules.predicate
def is_area_chair_of_paper(user, submission) -> bool:
    if submission is None or not user.is_authenticated:
        return False
    return (
        submission.status in REVIEWABLE_STATUSES
        and AreaChairAssignment.objects.filter(submission=submission, area_chair=user).exists()
    )


def register_permissions() -> None:
    """Called once, from this app's AppConfig.ready()."""
    rules.add_perm("assignment.view_my_assignments", is_reviewer)
    add_reviewer_pdf_reader(is_area_chair_of_paper & ~has_conflict)
