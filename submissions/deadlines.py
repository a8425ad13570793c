"""When each author action is open, from the workshop's dates (all datetimes are UTC-aware)."""

from datetime import datetime

from submissions.enums import SubmissionStatus
from submissions.models import Submission
from topics.models import Track, Workshop


def track_deadline(workshop: Workshop, track: Track | None) -> datetime:
    """A track's own deadline overrides the workshop's for its papers."""
    return track.deadline if track is not None and track.deadline else workshop.submission_deadline


def last_submission_deadline(workshop: Workshop) -> datetime:
    """The latest deadline of the workshop and its tracks: new papers are welcome until then."""
    overrides = [t.deadline for t in workshop.tracks.all() if t.deadline]
    return max([workshop.submission_deadline, *overrides])


def creation_open(workshop: Workshop, now: datetime) -> bool:
    return workshop.submission_opens_at <= now < last_submission_deadline(workshop)


def track_open(workshop: Workshop, track: Track | None, now: datetime) -> bool:
    return workshop.submission_opens_at <= now < track_deadline(workshop, track)


def edit_deadline(submission: Submission) -> datetime:
    deadline = track_deadline(submission.workshop, submission.track)
    extension = submission.deadline_extension
    return extension if extension and extension > deadline else deadline


def edit_open(submission: Submission, now: datetime) -> bool:
    return submission.is_editable_status and now < edit_deadline(submission)


def decisions_released(workshop: Workshop, now: datetime) -> bool:
    released_at = workshop.decisions_released_at
    return released_at is not None and released_at <= now


def withdraw_open(submission: Submission, now: datetime) -> bool:
    return submission.status != SubmissionStatus.WITHDRAWN and not decisions_released(
        submission.workshop, now
    )


def camera_ready_open(submission: Submission, now: datetime) -> bool:
    return (
        submission.status == SubmissionStatus.ACCEPTED
        and decisions_released(submission.workshop, now)
        and now < submission.workshop.camera_ready_deadline
    )


def conflicts_open(submission: Submission, now: datetime) -> bool:
    """Authors declare conflicts of interest until bidding ends (the assignment follows)."""
    return (
        submission.status != SubmissionStatus.WITHDRAWN
        and now < submission.workshop.bidding_deadline
    )


def decision_visible(submission: Submission, now: datetime) -> bool:
    return submission.status in (
        SubmissionStatus.ACCEPTED,
        SubmissionStatus.REJECTED,
    ) and decisions_released(submission.workshop, now)
