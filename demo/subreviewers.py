"""Demo subreviewers: the workshop in review lets reviewers delegate, and one reviewer has
had a paper written by a student, handed back and waiting to be submitted (once)."""

from django.db import transaction

from accounts.models import User
from assignment.models import Assignment
from reviews.enums import DelegationStatus
from reviews.models import Delegation, Review, ReviewSettings
from reviews.services import ReviewContent
from reviews.subreviews import delegation_accept, delegation_create, subreview_save
from topics.models import Workshop


@transaction.atomic
def demo_subreview_create(*, workshop: Workshop, subreviewer: User) -> int:
    ReviewSettings.objects.update_or_create(
        workshop=workshop, defaults={"subreviewers_allowed": True}
    )
    if Delegation.objects.filter(workshop=workshop).exists():
        return 0
    reviewed = Review.objects.filter(workshop=workshop).values_list("submission_id", "reviewer_id")
    done = set(reviewed)
    for assignment in Assignment.objects.filter(workshop=workshop).order_by(
        "reviewer__email", "submission__number"
    ):
        if (assignment.submission_id, assignment.reviewer_id) in done:
            continue
        delegation = delegation_create(
            submission=assignment.submission,
            reviewer=assignment.reviewer,
            email=subreviewer.email,
        )
        delegation = delegation_accept(delegation=delegation, user=subreviewer)
        if delegation.status != DelegationStatus.ACCEPTED:
            continue  # a conflict: the delegation stays refused, try the next paper
        content = ReviewContent(
            score=6,
            confidence=3,
            summary=f"The paper studies {assignment.submission.title.lower()}.",
            strengths="Clear experiments on several model sizes.",
            weaknesses="The related work misses recent scaling studies.",
            comments_to_authors="Please report the variance over seeds.",
            no_conflict_confirmed=True,
        )
        subreview_save(delegation=delegation, data=content.as_data(), hand_over=True)
        return 1
    return 0
