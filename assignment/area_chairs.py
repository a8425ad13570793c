"""Area chairs on papers: one per paper, proposed by the assignment engine (k=1 over the
area chairs) or set by hand. Reads first, then writes.

The run is synchronous: a workshop has a handful of area chairs, so the problem is papers ×
area chairs with one pair per paper, solved in well under a second.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from assignment import engine
from assignment.enums import AssignmentOrigin
from assignment.matching import InfeasibleAssignmentError
from assignment.models import AreaChairAssignment
from fomo_site.errors import Refusal
from notifications.services import email_queue
from pool import selectors as pool_selectors
from pool.models import AreaChair, Conflict
from submissions.enums import REVIEWABLE_STATUSES
from submissions.models import Submission
from submissions.services import check_not_author
from topics.models import Workshop

# ---------------------------------------------------------------------------------------
# Reads


@dataclass
class AreaChairRow:
    area_chair: AreaChair
    load: int

    @property
    def over(self) -> bool:
        """Over their own limit (set by hand: the run keeps within it)."""
        return bool(self.area_chair.max_load) and self.load > self.area_chair.max_load


@dataclass
class PaperRow:
    submission: Submission
    assignment: AreaChairAssignment | None
    conflicted: set[int]  # area chairs (user ids) who must not chair it


@dataclass
class AreaChairOverview:
    area_chairs: list[AreaChairRow]
    papers: list[PaperRow]

    @property
    def unassigned(self) -> int:
        return sum(1 for row in self.papers if row.assignment is None)

    @property
    def unannounced(self) -> int:
        """Papers whose area chair was not yet emailed about them."""
        return sum(
            1 for row in self.papers if row.assignment and row.assignment.announced_at is None
        )


def area_chairs_of(*, workshop: Workshop) -> list[AreaChair]:
    return list(AreaChair.objects.filter(workshop=workshop).select_related("user"))


def area_chair_overview(*, workshop: Workshop, user: User) -> AreaChairOverview:
    """Every reviewable paper with its area chair, and each area chair's load (4 queries);
    papers the organizer wrote are left out, as on the other organizer pages."""
    area_chairs = area_chairs_of(workshop=workshop)
    papers = list(
        Submission.objects.filter(workshop=workshop, status__in=REVIEWABLE_STATUSES)
        .exclude(authorships__user=user)
        .select_related("area_chair_assignment")
        .order_by("number")
    )
    conflicted: dict[int, set[int]] = {}
    for submission_id, user_id in Conflict.objects.filter(
        workshop=workshop,
        removed_at__isnull=True,
        reviewer_id__in=[chair.user_id for chair in area_chairs],
    ).values_list("submission_id", "reviewer_id"):
        conflicted.setdefault(submission_id, set()).add(user_id)
    loads = Counter(
        AreaChairAssignment.objects.filter(workshop=workshop).values_list(
            "area_chair_id", flat=True
        )
    )
    return AreaChairOverview(
        area_chairs=[AreaChairRow(chair, loads[chair.user_id]) for chair in area_chairs],
        papers=[
            PaperRow(
                submission=paper,
                assignment=getattr(paper, "area_chair_assignment", None),
                conflicted=conflicted.get(paper.pk, set()),
            )
            for paper in papers
        ],
    )


def chaired_submissions(*, workshop: Workshop, user: User):
    """The papers an area chair may see: chaired by them, reviewable, not conflicted (a
    conflict declared after the assignment hides the paper too)."""
    if not user.is_authenticated:
        return Submission.objects.none()
    return (
        Submission.objects.filter(
            workshop=workshop,
            status__in=REVIEWABLE_STATUSES,
            area_chair_assignment__area_chair=user,
        )
        .exclude(pool_selectors.active_conflict_exists(user.pk))
        .order_by("number")
    )


def chaired_submission_get(*, workshop: Workshop, user: User, number: int) -> Submission:
    submission = chaired_submissions(workshop=workshop, user=user).filter(number=number).first()
    if submission is None:
        raise Http404("No such paper among yours.")
    return submission


def area_chair_of(*, submission: Submission) -> User | None:
    row = (
        AreaChairAssignment.objects.filter(submission=submission)
        .select_related("area_chair")
        .first()
    )
    return row.area_chair if row else None


# ---------------------------------------------------------------------------------------
# Writes


@transaction.atomic
def area_chair_run(*, workshop: Workshop, by: User) -> int:
    """Give every submitted paper an area chair: hand-set ones stay, the rest are proposed
    anew by the engine. Returns how many papers got one from the run."""
    Workshop.objects.select_for_update().filter(pk=workshop.pk).first()
    if not AreaChair.objects.filter(workshop=workshop).exists():
        raise Refusal("Invite area chairs first: this workshop has none.")
    manual = list(
        AreaChairAssignment.objects.filter(
            workshop=workshop, origin=AssignmentOrigin.MANUAL
        ).values_list("submission_id", "area_chair_id")
    )
    instance = engine.load_area_chair_instance(workshop=workshop, fixed=manual)
    if not instance.paper_ids:
        raise Refusal("There are no submitted papers to give area chairs.")
    parameters = engine.RunParameters.defaults(workshop)
    affinity = engine.affinity_on_stored_vectors(instance, parameters)
    try:
        result = engine.solve(instance, affinity, parameters)
    except InfeasibleAssignmentError as infeasible:
        raise Refusal(
            "No area chair for every paper within their limits and conflicts: "
            + " ".join(infeasible.reasons)
        ) from infeasible
    kept = {submission_id for submission_id, _ in manual}
    replaced = AreaChairAssignment.objects.filter(workshop=workshop).exclude(
        origin=AssignmentOrigin.MANUAL
    )
    # a pair the run proposes again stays announced: its area chair is not emailed twice
    announced = {
        (submission_id, chair_id): at
        for submission_id, chair_id, at in replaced.filter(announced_at__isnull=False).values_list(
            "submission_id", "area_chair_id", "announced_at"
        )
    }
    replaced.delete()
    rows = [
        AreaChairAssignment(
            workshop=workshop,
            submission_id=instance.paper_ids[p],
            area_chair_id=instance.reviewer_ids[r],
            origin=AssignmentOrigin.RUN,
            affinity=round(float(affinity.scores[p, r]), 4),
            added_by=by,
            announced_at=announced.get((instance.paper_ids[p], instance.reviewer_ids[r])),
        )
        for p, r in zip(result.paper_idx.tolist(), result.reviewer_idx.tolist(), strict=True)
        if instance.paper_ids[p] not in kept
    ]
    AreaChairAssignment.objects.bulk_create(rows)
    return len(rows)


@transaction.atomic
def area_chair_set(
    *, workshop: Workshop, submission: Submission, area_chair: User | None, by: User
) -> AreaChairAssignment | None:
    """Set (or with None, clear) a paper's area chair by hand; a re-run keeps it."""
    Workshop.objects.select_for_update().filter(pk=workshop.pk).first()
    check_not_author(submission=submission, user=by, action="choose its area chair")
    if area_chair is None:
        AreaChairAssignment.objects.filter(submission=submission).delete()
        return None
    if not AreaChair.objects.filter(workshop=workshop, user=area_chair).exists():
        raise Refusal(f"{area_chair.full_name} is not an area chair of {workshop.short_name}.")
    if Conflict.objects.filter(
        submission=submission, reviewer=area_chair, removed_at__isnull=True
    ).exists():
        raise Refusal(
            f"{area_chair.full_name} has a conflict with {submission.public_id}: "
            "choose another area chair or remove the conflict first."
        )
    before = AreaChairAssignment.objects.filter(submission=submission).first()
    same = before is not None and before.area_chair_id == area_chair.pk
    row, _ = AreaChairAssignment.objects.update_or_create(
        submission=submission,
        defaults={
            "workshop": workshop,
            "area_chair": area_chair,
            "origin": AssignmentOrigin.MANUAL,
            "affinity": None,
            "added_by": by,
            # a new area chair has not been told; the same one keeps their announcement
            "announced_at": before.announced_at if same else None,
        },
    )
    return row


ANNOUNCE_EMAIL_TEMPLATE = "area_chair_assigned"


@transaction.atomic
def area_chair_announce(*, workshop: Workshop, by: User) -> int:
    """Email each area chair who has papers not yet announced to them: one email listing
    all their papers, the new ones marked. Each paper is announced once; returns how many
    area chairs were emailed. A paper they are conflicted with is not listed."""
    Workshop.objects.select_for_update().filter(pk=workshop.pk).first()
    pending = AreaChairAssignment.objects.filter(workshop=workshop, announced_at__isnull=True)
    news: dict[int, set[int]] = {}
    for chair_id, submission_id in pending.values_list("area_chair_id", "submission_id"):
        news.setdefault(chair_id, set()).add(submission_id)
    if not news:
        raise Refusal("Every area chair already knows their papers: nothing new to announce.")
    now = timezone.now()
    emailed = 0
    for chair in User.objects.filter(pk__in=news).order_by("pk"):
        papers = list(
            chaired_submissions(workshop=workshop, user=chair).only("pk", "number", "title")
        )
        new = news[chair.pk]
        if not any(paper.pk in new for paper in papers):
            continue  # what was new to them became a conflict meanwhile
        email_queue(
            template=ANNOUNCE_EMAIL_TEMPLATE,
            to=[chair.email],
            context={
                "workshop": workshop,
                "area_chair": chair,
                "papers": [(paper, paper.pk in new) for paper in papers],
                "console_url": settings.SITE_URL
                + reverse("area_chair:console", kwargs={"workshop": workshop.slug}),
            },
            workshop=workshop,
            # the rows marked announced below keep a second press from mailing again
            idempotency_key=f"area-chair-assigned:{workshop.pk}:{chair.pk}:{now.isoformat()}",
        )
        emailed += 1
    pending.update(announced_at=now, updated_at=now)
    return emailed
