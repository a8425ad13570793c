"""Two tracks for a demo workshop, its papers sorted into them by page count."""

from datetime import timedelta

from submissions.models import Submission
from topics.models import Track, Workshop
from topics.tracks import TrackData, track_create

TINY = TrackData(
    name="Tiny papers (2 pages)",
    max_pages=2,
    description="Early ideas and small results in at most two pages. Two reviewers each.",
    reviewers_per_paper=2,
)
FULL = TrackData(
    name="Full papers (4 pages)",
    max_pages=4,
    description="Complete work in at most four pages, reviewed by three reviewers.",
)


def demo_tracks_create(
    *, workshop: Workshop, tiny_extra_days: int = 0, tiny_outcomes: tuple[str, ...] = ()
) -> int:
    """Create the two tracks (tiny papers may get a later deadline and fewer outcomes) and
    put every paper without a track into one: two pages or fewer is tiny; running it again
    adds nothing."""
    if workshop.tracks.exists():
        return 0
    tiny_deadline = (
        workshop.submission_deadline + timedelta(days=tiny_extra_days) if tiny_extra_days else None
    )
    tiny = track_create(
        workshop=workshop,
        data=TrackData(**{**TINY.__dict__, "deadline": tiny_deadline, "outcomes": tiny_outcomes}),
    )
    full = track_create(workshop=workshop, data=FULL)
    papers = Submission.objects.filter(workshop=workshop, track__isnull=True)
    papers.filter(pdf_pages__lte=tiny.max_pages).update(track=tiny)
    papers.filter(track__isnull=True).update(track=full)
    return Track.objects.filter(workshop=workshop).count()
