"""Subreviewers: an assigned reviewer delegates one paper to someone by email; that person
(after a conflict check) drafts the review of that paper only; the reviewer endorses or
edits it and submits it as their own review, which records who wrote it.

Writes (``delegation_*``, ``subreview_*``) run under transaction.atomic; reads are the
``*_get`` / ``*_for`` functions at the end. Every email goes through the outbox once."""

from __future__ import annotations

from collections.abc import Mapping

from django.db import transaction
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from fomo_site.errors import Refusal
from notifications.services import absolute_url, email_queue
from pool import services as pool_services
from reviews import selectors
from reviews.enums import ACTIVE_DELEGATION_STATUSES, DelegationStatus, ReviewStatus
from reviews.models import Delegation, Review
from reviews.services import REVIEW_FIELDS, ReviewContent, review_save_draft, review_submit
from submissions.enums import SubmissionStatus
from submissions.models import Submission
from topics.models import Workshop

# The statuses in which the subreviewer may open the paper.
OPEN_TO_SUBREVIEWER = (
    DelegationStatus.ACCEPTED,
    DelegationStatus.SUBMITTED,
    DelegationStatus.TAKEN,
    DelegationStatus.ENDORSED,
)


def invitation_url(*, delegation: Delegation, token: str) -> str:
    return absolute_url(
        reverse(
            "review:subreview_invitation",
            kwargs={"workshop": delegation.workshop.slug, "token": token},
        )
    )


def _locked(delegation: Delegation) -> Delegation:
    return (
        Delegation.objects.select_for_update()
        .select_related("workshop", "submission")
        .get(pk=delegation.pk)
    )


def _check_open(submission: Submission) -> None:
    if submission.workshop.decisions_released_at is not None:
        raise Refusal("Decisions are out: reviews can no longer change.")
    if submission.status != SubmissionStatus.SUBMITTED:
        raise Refusal("This paper is no longer under review.")


def _invite(delegation: Delegation) -> None:
    token, digest = pool_services.token_new()
    delegation.token_hash = digest
    delegation.status = DelegationStatus.INVITED
    delegation.save(update_fields=["token_hash", "status", "updated_at"])
    email_queue(
        template="subreview_invitation",
        to=[delegation.email],
        context={
            "delegation": delegation,
            "reviewer": delegation.reviewer,
            "submission": delegation.submission,
            "workshop": delegation.workshop,
            "invitation_url": invitation_url(delegation=delegation, token=token),
        },
        workshop=delegation.workshop,
        about=delegation,
        idempotency_key=f"subreview_invitation:{delegation.pk}",
    )


@transaction.atomic
def delegation_create(*, submission: Submission, reviewer: User, email: str) -> Delegation:
    """The reviewer asks ``email`` to write the review (the caller checked the reviewer is
    assigned to the paper). Invited at once, or after an organizer's approval."""
    workshop = submission.workshop
    settings_obj = selectors.review_settings_get(workshop=workshop)
    if not settings_obj.subreviewers_allowed:
        raise Refusal("This workshop does not use subreviewers.")
    _check_open(submission)
    email = email.strip().lower()
    if email == reviewer.email.lower():
        raise Refusal("That is your own address: write the review yourself.")
    if Review.objects.filter(
        submission=submission, reviewer=reviewer, status=ReviewStatus.SUBMITTED
    ).exists():
        raise Refusal("You have submitted your review of this paper already.")
    if Delegation.objects.filter(
        submission=submission, reviewer=reviewer, status__in=ACTIVE_DELEGATION_STATUSES
    ).exists():
        raise Refusal("This paper is delegated already; withdraw that request first.")
    delegation = Delegation.objects.create(
        workshop=workshop,
        submission=submission,
        reviewer=reviewer,
        email=email,
        token_hash=pool_services.token_new()[1],
        status=DelegationStatus.AWAITING_APPROVAL,
    )
    if not settings_obj.subreviewer_approval_required:
        _invite(delegation)
    return delegation


@transaction.atomic
def delegation_approve(*, delegation: Delegation, by: User) -> Delegation:
    delegation = _locked(delegation)
    if delegation.status != DelegationStatus.AWAITING_APPROVAL:
        raise Refusal("This request was answered already.")
    _check_open(delegation.submission)
    _invite(delegation)
    return delegation


@transaction.atomic
def delegation_refuse(*, delegation: Delegation, by: User) -> Delegation:
    delegation = _locked(delegation)
    if delegation.status != DelegationStatus.AWAITING_APPROVAL:
        raise Refusal("This request was answered already.")
    delegation.status = DelegationStatus.REFUSED
    delegation.answered_at = timezone.now()
    delegation.save(update_fields=["status", "answered_at", "updated_at"])
    return delegation


@transaction.atomic
def delegation_withdraw(*, delegation: Delegation) -> Delegation:
    """The reviewer takes the paper back (before submitting the subreview as theirs)."""
    delegation = _locked(delegation)
    if delegation.status not in ACTIVE_DELEGATION_STATUSES:
        raise Refusal("This request is over already.")
    if delegation.status == DelegationStatus.ENDORSED:
        raise Refusal("You have submitted this subreview as your review.")
    delegation.status = DelegationStatus.WITHDRAWN
    delegation.save(update_fields=["status", "updated_at"])
    return delegation


@transaction.atomic
def delegation_accept(*, delegation: Delegation, user: User) -> Delegation:
    """The invitee, logged in with the invited address, takes the paper on: unless they
    conflict with it, in which case the delegation ends with the reason in ``note``."""
    delegation = _locked(delegation)
    if delegation.subreviewer_id == user.pk and delegation.status in OPEN_TO_SUBREVIEWER:
        return delegation
    if delegation.status != DelegationStatus.INVITED:
        raise Refusal("This invitation is no longer open.")
    if user.email.lower() != delegation.email:
        raise Refusal(
            f"This invitation is for {delegation.email}: log in with that address to accept it."
        )
    submission = delegation.submission
    _check_open(submission)
    reasons = pool_services.conflict_reasons_for_person(submission=submission, user=user)
    if user.pk == delegation.reviewer_id or selectors.review_for(submission=submission, user=user):
        reasons.append("You review this paper yourself.")
    delegation.subreviewer = user
    delegation.answered_at = timezone.now()
    if reasons:
        delegation.status = DelegationStatus.CONFLICT
        delegation.note = " ".join(reasons)[:500]
    else:
        delegation.status = DelegationStatus.ACCEPTED
    delegation.save(update_fields=["subreviewer", "answered_at", "status", "note", "updated_at"])
    return delegation


@transaction.atomic
def delegation_decline(*, delegation: Delegation) -> Delegation:
    delegation = _locked(delegation)
    if delegation.status != DelegationStatus.INVITED:
        raise Refusal("This invitation is no longer open.")
    delegation.status = DelegationStatus.DECLINED
    delegation.answered_at = timezone.now()
    delegation.save(update_fields=["status", "answered_at", "updated_at"])
    return delegation


@transaction.atomic
def subreview_save(*, delegation: Delegation, data: Mapping, hand_over: bool) -> Delegation:
    """The subreviewer's text; ``hand_over`` gives it to the reviewer (emailed once)."""
    delegation = _locked(delegation)
    if delegation.status not in (DelegationStatus.ACCEPTED, DelegationStatus.SUBMITTED):
        raise Refusal("The reviewer has taken this paper back or submitted the review.")
    _check_open(delegation.submission)
    delegation.draft = dict(data)
    delegation.draft_saved_at = timezone.now()
    # Handed over only when checked complete; saving a draft again takes it back.
    delegation.status = DelegationStatus.SUBMITTED if hand_over else DelegationStatus.ACCEPTED
    delegation.save(update_fields=["draft", "draft_saved_at", "status", "updated_at"])
    if hand_over:
        submission = delegation.submission
        email_queue(
            template="subreview_ready",
            to=[delegation.reviewer.email],
            context={
                "reviewer": delegation.reviewer,
                "subreviewer": delegation.subreviewer,
                "submission": submission,
                "workshop": delegation.workshop,
                "review_url": absolute_url(
                    reverse(
                        "review:paper",
                        kwargs={"workshop": submission.workshop.slug, "number": submission.number},
                    )
                ),
            },
            workshop=delegation.workshop,
            about=delegation,
            idempotency_key=f"subreview_ready:{delegation.pk}",
        )
    return delegation


def _handed_over(delegation: Delegation) -> None:
    if delegation.status != DelegationStatus.SUBMITTED:
        raise Refusal("The subreviewer has not handed their review to you yet.")


def _take(delegation: Delegation) -> None:
    """From now on the text is the reviewer's to submit (the subreviewer reads only)."""
    delegation.status = DelegationStatus.TAKEN
    delegation.save(update_fields=["status", "updated_at"])


@transaction.atomic
def subreview_take_into_draft(*, delegation: Delegation) -> Review:
    """The reviewer edits the subreview: it becomes their draft, submitted the usual way
    (and that submission records the subreviewer as its writer)."""
    delegation = _locked(delegation)
    _handed_over(delegation)
    review = review_save_draft(
        submission=delegation.submission, reviewer=delegation.reviewer, data=delegation.draft
    )
    _take(delegation)
    return review


@transaction.atomic
def subreview_endorse(*, delegation: Delegation) -> Review:
    """The reviewer submits the subreview as it is, as their review."""
    delegation = _locked(delegation)
    _handed_over(delegation)
    _take(delegation)
    data = {name: delegation.draft.get(name) for name in REVIEW_FIELDS}
    content = ReviewContent(
        **{**data, "no_conflict_confirmed": True},
        custom_answers=delegation.draft.get("custom_answers") or {},
    )
    return review_submit(
        submission=delegation.submission, reviewer=delegation.reviewer, content=content
    )


def subreview_items(*, delegation: Delegation) -> list[tuple[str, object]]:
    """The handed-over subreview as (label, value) rows for the reviewer to read."""
    if delegation.status not in (
        DelegationStatus.SUBMITTED,
        DelegationStatus.TAKEN,
        DelegationStatus.ENDORSED,
    ):
        return []
    draft = delegation.draft
    settings_obj = selectors.review_settings_get(workshop=delegation.workshop)
    rows: list[tuple[str, object]] = [
        ("Overall recommendation", selectors.score_label(settings_obj, draft.get("score"))),
        ("Confidence", selectors.confidence_label(settings_obj, draft.get("confidence"))),
        ("Summary", draft.get("summary", "")),
        ("Strengths", draft.get("strengths", "")),
        ("Weaknesses", draft.get("weaknesses", "")),
        ("Questions and comments to the authors", draft.get("comments_to_authors", "")),
        ("Confidential comments to the organizers", draft.get("confidential_comments", "")),
    ]
    answers = draft.get("custom_answers") or {}
    for form_field in selectors.form_fields(workshop=delegation.workshop):
        if str(form_field.pk) in answers:
            rows.append((form_field.label, answers[str(form_field.pk)]))
    return [(label, value) for label, value in rows if value not in (None, "")]


def delegation_by_token(*, workshop: Workshop, token: str) -> Delegation | None:
    return (
        Delegation.objects.filter(workshop=workshop, token_hash=pool_services.token_hash(token))
        .select_related("submission", "reviewer")
        .first()
    )


def delegation_for_reviewer(*, submission: Submission, reviewer: User) -> Delegation | None:
    """The reviewer's current delegation of this paper, else the last one that ended."""
    delegations = Delegation.objects.filter(submission=submission, reviewer=reviewer)
    return (
        delegations.filter(status__in=ACTIVE_DELEGATION_STATUSES).first()
        or delegations.order_by("-created_at", "-pk").first()
    )


def subreviewer_delegation_get(*, workshop: Workshop, user: User, pk: int) -> Delegation:
    """The one paper this subreviewer may open through this delegation; else a 404."""
    delegation = (
        Delegation.objects.filter(
            workshop=workshop,
            pk=pk,
            subreviewer=user,
            status__in=OPEN_TO_SUBREVIEWER,
            submission__status=SubmissionStatus.SUBMITTED,
        )
        .select_related("submission", "workshop")
        .first()
    )
    if delegation is None:
        raise Http404("No such paper.")
    return delegation


def delegations_of_subreviewer(*, workshop: Workshop, user: User) -> list[Delegation]:
    return list(
        Delegation.objects.filter(
            workshop=workshop, subreviewer=user, status__in=OPEN_TO_SUBREVIEWER
        )
        .select_related("submission")
        .order_by("submission__number")
    )


def delegations_awaiting_approval(*, workshop: Workshop, user: User) -> list[Delegation]:
    """Requests for the organizers to answer, leaving out papers this organizer may not see."""
    visible = selectors.submissions_for_organizer_reviews(workshop=workshop, user=user)
    return list(
        Delegation.objects.filter(
            workshop=workshop,
            status=DelegationStatus.AWAITING_APPROVAL,
            submission__in=visible.values("pk"),
        )
        .select_related("submission", "reviewer")
        .order_by("created_at", "pk")
    )


def delegation_awaiting_get(*, workshop: Workshop, user: User, pk: int) -> Delegation:
    visible = selectors.submissions_for_organizer_reviews(workshop=workshop, user=user)
    delegation = Delegation.objects.filter(
        workshop=workshop,
        pk=pk,
        status=DelegationStatus.AWAITING_APPROVAL,
        submission__in=visible.values("pk"),
    ).first()
    if delegation is None:
        raise Http404("No such request.")
    return delegation


def is_subreviewer_of(*, submission: Submission, user: User) -> bool:
    return Delegation.objects.filter(
        submission=submission, subreviewer=user, status__in=OPEN_TO_SUBREVIEWER
    ).exists()
