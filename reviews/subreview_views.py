"""Subreviewer pages: the reviewer delegates from their paper page and uses the subreview;
the invitee answers the invitation and writes on a page that shows that paper only; the
organizers answer requests that need their approval. Thin: forms + reads + services."""

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from fomo_site.errors import Refusal
from reviews import selectors, subreviews
from reviews.enums import DelegationStatus
from reviews.forms import DelegateForm, ReviewForm, review_form_initial
from reviews.models import Delegation
from reviews.views import _paper_context, reviewer_paper
from topics.permissions import organizer_required
from topics.selectors import workshop_get


@reviewer_paper
@require_POST
def delegate(request: HttpRequest, workshop, submission) -> HttpResponse:
    form = DelegateForm(request.POST)
    if form.is_valid():
        try:
            delegation = subreviews.delegation_create(
                submission=submission, reviewer=request.user, email=form.cleaned_data["email"]
            )
        except Refusal as refused:
            messages.error(request, str(refused))
        else:
            if delegation.status == DelegationStatus.AWAITING_APPROVAL:
                messages.success(request, "Asked the organizers to approve your subreviewer.")
            else:
                messages.success(request, f"Invitation sent to {delegation.email}.")
            return redirect("review:paper", workshop=workshop.slug, number=submission.number)
    review = selectors.review_for(submission=submission, user=request.user)
    review_form = ReviewForm(
        instance=review,
        initial=review_form_initial(review),
        workshop=workshop,
        submission=submission,
    )
    context = _paper_context(request, workshop, submission, review_form, delegate_form=form)
    return render(request, "reviews/paper.html", context, status=400)


def _reviewer_delegation(request, submission) -> Delegation:
    delegation = subreviews.delegation_for_reviewer(submission=submission, reviewer=request.user)
    if delegation is None:
        raise Http404("Nothing is delegated.")
    return delegation


@reviewer_paper
@require_POST
def subreview_use(request: HttpRequest, workshop, submission) -> HttpResponse:
    """The reviewer's answer to a subreview: withdraw, edit it as a draft, or submit it."""
    delegation = _reviewer_delegation(request, submission)
    action = request.POST.get("action")
    try:
        if action == "withdraw":
            subreviews.delegation_withdraw(delegation=delegation)
            messages.success(request, "You took the paper back; the subreviewer no longer sees it.")
        elif action == "edit":
            subreviews.subreview_take_into_draft(delegation=delegation)
            messages.success(request, "The subreview is now your draft: edit it and submit.")
        elif action == "endorse":
            subreviews.subreview_endorse(delegation=delegation)
            messages.success(request, "Subreview submitted as your review.")
        else:
            messages.error(request, "Choose what to do with the subreview.")
    except Refusal as refused:
        messages.error(request, str(refused))
    return redirect(
        reverse("review:paper", kwargs={"workshop": workshop.slug, "number": submission.number})
        + "#subreviewer"
    )


@require_http_methods(["GET", "POST"])
def invitation(request: HttpRequest, workshop: str, token: str) -> HttpResponse:
    """The link in the invitation: accept (logged in with the invited address) or decline."""
    workshop_obj = workshop_get(slug=workshop)
    delegation = subreviews.delegation_by_token(workshop=workshop_obj, token=token)
    user = request.user
    if delegation is None or delegation.status not in (
        DelegationStatus.INVITED,
        *subreviews.OPEN_TO_SUBREVIEWER,
    ):
        return render(
            request, "reviews/subreview_invitation.html", {"workshop": workshop_obj}, status=404
        )
    if user.is_authenticated and delegation.subreviewer_id == user.pk:
        return redirect("review:subreview", workshop=workshop_obj.slug, pk=delegation.pk)
    if delegation.status != DelegationStatus.INVITED:
        return render(
            request, "reviews/subreview_invitation.html", {"workshop": workshop_obj}, status=404
        )
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "decline":
                subreviews.delegation_decline(delegation=delegation)
                messages.success(request, "You declined; the reviewer sees your answer.")
                return redirect("topics:cfp", workshop=workshop_obj.slug)
            if action == "accept" and user.is_authenticated:
                delegation = subreviews.delegation_accept(delegation=delegation, user=user)
                if delegation.status == DelegationStatus.CONFLICT:
                    messages.error(
                        request,
                        "You cannot review this paper: you have a conflict of interest with "
                        f"its authors. {delegation.note} The reviewer is told to ask someone "
                        "else.",
                    )
                    return redirect("topics:cfp", workshop=workshop_obj.slug)
                messages.success(request, "Thank you! Here is the paper and the review form.")
                return redirect("review:subreview", workshop=workshop_obj.slug, pk=delegation.pk)
        except Refusal as refused:
            messages.error(request, str(refused))
    return render(
        request,
        "reviews/subreview_invitation.html",
        {
            "workshop": workshop_obj,
            "delegation": delegation,
            "mismatch": user.is_authenticated and user.email.lower() != delegation.email,
            "login_url": reverse("account_login") + "?next=" + request.path,
            "signup_url": reverse("account_signup") + "?next=" + request.path,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def subreview(request: HttpRequest, workshop: str, pk: int) -> HttpResponse:
    """The subreviewer's page: that paper (anonymized) and the review form."""
    workshop_obj = workshop_get(slug=workshop)
    delegation = subreviews.subreviewer_delegation_get(
        workshop=workshop_obj, user=request.user, pk=pk
    )
    submission = delegation.submission
    if not rules.has_perm("submissions.download_reviewer_pdf", request.user, submission):
        raise Http404("No such paper.")
    status = 200
    writable = delegation.status in (DelegationStatus.ACCEPTED, DelegationStatus.SUBMITTED)
    form = ReviewForm(
        initial=_draft_initial(delegation), workshop=workshop_obj, submission=submission
    )
    if request.method == "POST":
        hand_over = request.POST.get("action") == "hand_over"
        form = ReviewForm(
            request.POST, workshop=workshop_obj, submit=hand_over, submission=submission
        )
        try:
            if not hand_over:
                subreviews.subreview_save(
                    delegation=delegation, data=form.draft_data(), hand_over=False
                )
                messages.success(request, "Draft saved. The reviewer does not see it yet.")
                return redirect("review:subreview", workshop=workshop_obj.slug, pk=pk)
            if form.is_valid():
                subreviews.subreview_save(
                    delegation=delegation, data=form.content().as_data(), hand_over=True
                )
                messages.success(request, "Handed to the reviewer, who is told by email.")
                return redirect("review:subreview", workshop=workshop_obj.slug, pk=pk)
        except Refusal as refused:
            form.add_error(None, str(refused))
        except ValidationError as invalid:
            form.add_error(None, invalid)
        status = 400
    return render(
        request,
        "reviews/subreview.html",
        {
            "workshop": workshop_obj,
            "delegation": delegation,
            "submission": submission,
            "secondary_topics": list(submission.secondary_topics.all()),
            "form": form,
            "writable": writable,
        },
        status=status,
    )


def _draft_initial(delegation: Delegation) -> dict:
    draft = delegation.draft or {}
    initial = {name: value for name, value in draft.items() if name != "custom_answers"}
    for key, value in (draft.get("custom_answers") or {}).items():
        initial[f"custom_{key}"] = value
    return initial


@organizer_required
@require_POST
def delegation_answer(request: HttpRequest, workshop, pk: int) -> HttpResponse:
    delegation = subreviews.delegation_awaiting_get(workshop=workshop, user=request.user, pk=pk)
    try:
        if request.POST.get("action") == "approve":
            subreviews.delegation_approve(delegation=delegation, by=request.user)
            messages.success(request, f"Approved; {delegation.email} is invited.")
        else:
            subreviews.delegation_refuse(delegation=delegation, by=request.user)
            messages.success(request, "Refused; the reviewer sees it on their paper page.")
    except Refusal as refused:
        messages.error(request, str(refused))
    return redirect(reverse("reviews_manage:progress", kwargs={"workshop": workshop.slug}))
