"""Who may do what with a submission. Views ask `rules.has_perm` (not `user.has_perm`,
which lets superusers past every deadline). Apps above this one add who else may read a
paper's anonymized PDF (its assigned reviewers) with `add_reviewer_pdf_reader`."""

import rules
from django.utils import timezone

from submissions import deadlines
from submissions.models import Submission
from topics.rules import is_organizer


@rules.predicate
def is_author(user, submission: Submission | None) -> bool:
    if submission is None or not user.is_authenticated:
        return False
    return any(authorship.user_id == user.pk for authorship in submission.authorships.all())


@rules.predicate
def is_submission_organizer(user, submission: Submission | None) -> bool:
    return submission is not None and is_organizer(user, submission.workshop)


@rules.predicate
def edit_open(user, submission: Submission | None) -> bool:
    return submission is not None and deadlines.edit_open(submission, timezone.now())


@rules.predicate
def withdraw_open(user, submission: Submission | None) -> bool:
    return submission is not None and deadlines.withdraw_open(submission, timezone.now())


@rules.predicate
def camera_ready_open(user, submission: Submission | None) -> bool:
    return submission is not None and deadlines.camera_ready_open(submission, timezone.now())


is_staff_organizer = is_submission_organizer | rules.is_superuser

_reviewer_pdf_readers: list[rules.Predicate] = []


def add_reviewer_pdf_reader(predicate: rules.Predicate) -> None:
    """Let whoever ``predicate(user, submission)`` holds for download the reviewer copy."""
    _reviewer_pdf_readers.append(predicate)


@rules.predicate
def is_reviewer_pdf_reader(user, submission: Submission | None) -> bool:
    return any(predicate.test(user, submission) for predicate in _reviewer_pdf_readers)


def register_permissions() -> None:
    """Called once, from this app's AppConfig.ready()."""
    rules.add_perm("submissions.see_submission", is_author | is_staff_organizer)
    rules.add_perm("submissions.edit_submission", is_author & edit_open)
    rules.add_perm("submissions.withdraw_submission", is_author & withdraw_open)
    rules.add_perm("submissions.upload_camera_ready", is_author & camera_ready_open)
    rules.add_perm("submissions.download_pdf", is_author | is_staff_organizer)
    rules.add_perm(
        "submissions.download_reviewer_pdf",
        is_author | is_staff_organizer | is_reviewer_pdf_reader,
    )
    rules.add_perm("submissions.grant_extension", is_staff_organizer & ~is_author)
