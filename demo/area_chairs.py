"""Two area chairs for the workshop in review: each declared their topics and keywords,
the second has a conflict the organizers declared with paper 1; each chairs about half the
papers (by the run) and was emailed their papers; the first has written one meta-review and
the organizers asked both for the missing ones."""

from accounts.models import User
from assignment.area_chairs import area_chair_announce, area_chair_run
from assignment.models import AreaChairAssignment
from decisions.meta_reviews import meta_review_request, meta_review_save
from decisions.models import MetaReview
from notifications.models import OutgoingEmail
from pool.models import AreaChair, Conflict
from pool.services import area_chair_ensure, area_chair_profile_update, conflict_add_by_organizer
from reviews.enums import ReviewStatus
from submissions.models import Submission
from topics.models import Topic, Workshop

# Each area chair's keywords and the areas (top-level topics, by position) they chair.
PROFILES = [
    ("scaling laws, pre-training, data curation", (0, 1)),
    ("fine-tuning, alignment, evaluation, efficiency", (1, 2, 3)),
]
CONFLICT_REASON = "Co-authored with an author of this paper last year."

META_REVIEW = (
    "The reviewers agree the question matters and the experiments are careful; the main "
    "concern is scale. A clear poster."
)


def demo_area_chairs_create(*, workshop: Workshop, chairs: list[User], organizer: User) -> int:
    """Returns how many area chairs were new (running it again changes nothing)."""
    new = sum(area_chair_ensure(workshop=workshop, user=user)[1] for user in chairs)
    areas = list(Topic.objects.filter(workshop=workshop, parent__isnull=True).order_by("order"))
    for user, (keywords, positions) in zip(chairs, PROFILES, strict=False):
        chair = AreaChair.objects.get(workshop=workshop, user=user)
        if not chair.keywords:
            area_chair_profile_update(
                area_chair=chair,
                affiliation=chair.affiliation,
                keywords=keywords,
                max_load=None,
                topic_ids=[areas[i].pk for i in positions if i < len(areas)],
            )
    first = Submission.objects.filter(workshop=workshop, number=1).first()
    if first is not None and len(chairs) > 1:
        if not Conflict.objects.filter(submission=first, reviewer=chairs[1]).exists():
            conflict_add_by_organizer(
                submission=first, reviewer=chairs[1], reason=CONFLICT_REASON, by=organizer
            )
    if not AreaChairAssignment.objects.filter(workshop=workshop).exists():
        area_chair_run(workshop=workshop, by=organizer)
    if AreaChairAssignment.objects.filter(workshop=workshop, announced_at__isnull=True).exists():
        area_chair_announce(workshop=workshop, by=organizer)
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
    if not OutgoingEmail.objects.filter(workshop=workshop, kind="meta_review_request").exists():
        meta_review_request(workshop=workshop, by=organizer)
    return new
