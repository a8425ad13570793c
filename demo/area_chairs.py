"""Two area chairs for the workshop in review: each chairs half the papers (by the run),
and the first has written one meta-review."""

from accounts.models import User
from assignment.area_chairs import area_chair_run
from assignment.models import AreaChairAssignment
from decisions.meta_reviews import meta_review_save
from decisions.models import MetaReview
from pool.services import area_chair_ensure
from reviews.enums import ReviewStatus
from topics.models import Workshop

META_REVIEW = (
    "The reviewers agree the question matters and the experiments are careful; the main "
    "concern is scale. A clear poster."
)


def demo_area_chairs_create(*, workshop: Workshop, chairs: list[User], organizer: User) -> int:
    """Returns how many area chairs were new (running it again changes nothing)."""
    new = sum(area_chair_ensure(workshop=workshop, user=user)[1] for user in chairs)
    if not AreaChairAssignment.objects.filter(workshop=workshop).exists():
        area_chair_run(workshop=workshop, by=organizer)
    if not MetaReview.objects.filter(submission__workshop=workshop).exists():
        reviewed = (
            AreaChairAssignment.objects.filter(
                workshop=workshop,
                area_chair=chairs[0],
                submission__reviews__status=ReviewStatus.SUBMITTED,
            )
            .select_related("submission")
            .order_by("submission__number")
            .first()
        )
        if reviewed is not None:
            meta_review_save(
                submission=reviewed.submission,
                area_chair=chairs[0],
                recommendation="poster",
                text=META_REVIEW,
            )
    return new
