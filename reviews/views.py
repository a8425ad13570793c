"""Reviewer pages (the paper, the review form, discussion, decline) and the organizers'
review progress, review settings and reviewer removal. Thin: forms + selectors + services."""

from functools import wraps

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from fomo_site.errors import Refusal
from fomo_site.views import posted_id
from pool.models import ReviewerProfile
from reviews import response_selectors, response_services, selectors, services, subreviews
from reviews.forms import (
    DeclineForm,
    DelegateForm,
    DiscussionCommentForm,
    ReviewForm,
    ReviewFormFieldForm,
    ReviewSettingsForm,
    review_form_initial,
)
from reviews.models import ReviewFormField
from reviews.response_forms import ResponseSettingsForm
from topics.permissions import organizer_required
from topics.selectors import workshop_get


def reviewer_paper(view):
    """Load the workshop and an assigned, non-conflicted paper; anything else is a 404."""

    @wraps(view)
    def wrapper(request: HttpRequest, workshop: str, number: int, *args, **kwargs):
        workshop_obj = workshop_get(slug=workshop)
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        submission = selectors.reviewer_paper_get(
            workshop=workshop_obj, user=request.user, number=number
        )
        if not rules.has_perm("reviews.review_paper", request.user, submission):
            raise Http404("No such paper.")
        return view(request, workshop_obj, submission, *args, **kwargs)

    return wrapper


@login_required
def my_reviews(request: HttpRequest, workshop: str) -> HttpResponse:
    workshop_obj = workshop_get(slug=workshop)
    return render(
        request,
        "reviews/my_reviews.html",
        {
            "workshop": workshop_obj,
            "papers": selectors.reviewer_assignments(workshop=workshop_obj, user=request.user),
            "subreviews": subreviews.delegations_of_subreviewer(
                workshop=workshop_obj, user=request.user
            ),
            "deadline_open": selectors.review_deadline_open(workshop_obj),
        },
    )


def _paper_context(request, workshop, submission, form, **extra) -> dict:
    review = selectors.review_for(submission=submission, user=request.user)
    return {
        "workshop": workshop,
        "submission": submission,
        "secondary_topics": list(submission.secondary_topics.all()),
        "review": review,
        "form": form,
        "declined": submission.assignment_declines.filter(reviewer=request.user).exists(),
        "other_reviews": selectors.reviews_for_reviewer(submission=submission, user=request.user),
        "can_discuss": rules.has_perm("reviews.discuss_paper", request.user, submission),
        "discussion": selectors.discussion_for(
            submission=submission, viewer=request.user, organizer=False
        ),
        "comment_form": DiscussionCommentForm(),
        "deadline_open": selectors.review_deadline_open(workshop),
        "released": workshop.decisions_released_at is not None,
        "responses": response_selectors.responses_for_reviewer(
            submission=submission, user=request.user
        ),
        "open_after_response": review is not None
        and review.is_submitted
        and services.review_open_after_response(review=review),
        **_subreviewer_context(request, submission),
        **extra,
    }


def _subreviewer_context(request, submission) -> dict:
    settings_obj = selectors.review_settings_get(workshop=submission.workshop)
    if not settings_obj.subreviewers_allowed:
        return {"subreviewers_allowed": False}
    delegation = subreviews.delegation_for_reviewer(submission=submission, reviewer=request.user)
    return {
        "subreviewers_allowed": True,
        "delegation": delegation,
        "subreview": subreviews.subreview_items(delegation=delegation) if delegation else [],
        "delegate_form": DelegateForm(),
    }


@reviewer_paper
@require_http_methods(["GET", "POST"])
def paper(request: HttpRequest, workshop, submission) -> HttpResponse:
    """The paper (anonymized), the review form; after submitting, the other reviews."""
    review = selectors.review_for(submission=submission, user=request.user)
    if request.method == "GET":
        form = ReviewForm(
            instance=review,
            initial=review_form_initial(review),
            workshop=workshop,
            submission=submission,
        )
        return render(
            request,
            "reviews/paper.html",
            _paper_context(request, workshop, submission, form),
        )
    action = request.POST.get("action", "submit")
    form = ReviewForm(
        request.POST,
        instance=review,
        workshop=workshop,
        submit=action == "submit",
        submission=submission,
    )
    try:
        if action == "draft":
            services.review_save_draft(
                submission=submission, reviewer=request.user, data=form.draft_data()
            )
            messages.success(request, "Draft saved. It is not submitted yet.")
            return redirect("review:paper", workshop=workshop.slug, number=submission.number)
        if form.is_valid():
            services.review_submit(
                submission=submission, reviewer=request.user, content=form.content()
            )
            messages.success(request, "Review submitted. You get a receipt by email.")
            return redirect("review:paper", workshop=workshop.slug, number=submission.number)
    except Refusal as refused:
        form.add_error(None, str(refused))
    except ValidationError as invalid:  # a draft with a NUL character
        form.add_error(None, invalid)
    return render(
        request,
        "reviews/paper.html",
        _paper_context(request, workshop, submission, form),
        status=400,
    )


@reviewer_paper
@require_POST
def draft(request: HttpRequest, workshop, submission) -> JsonResponse:
    """Autosave endpoint: the static JS posts the form here every few seconds."""
    review = selectors.review_for(submission=submission, user=request.user)
    form = ReviewForm(
        request.POST, instance=review, workshop=workshop, submit=False, submission=submission
    )
    try:
        saved = services.review_save_draft(
            submission=submission, reviewer=request.user, data=form.draft_data()
        )
    except Refusal as refused:
        return JsonResponse({"ok": False, "error": str(refused)}, status=409)
    except ValidationError as invalid:
        return JsonResponse({"ok": False, "error": " ".join(invalid.messages)}, status=400)
    return JsonResponse({"ok": True, "saved_at": saved.draft_saved_at.isoformat()})


@reviewer_paper
@require_POST
def discussion(request: HttpRequest, workshop, submission) -> HttpResponse:
    if not rules.has_perm("reviews.discuss_paper", request.user, submission):
        raise PermissionDenied("Submit your review to join the discussion.")
    form = DiscussionCommentForm(request.POST)
    if form.is_valid():
        try:
            services.discussion_comment_add(
                submission=submission, author=request.user, body=form.cleaned_data["body"]
            )
        except Refusal as refused:
            messages.error(request, str(refused))
    return redirect(
        reverse("review:paper", kwargs={"workshop": workshop.slug, "number": submission.number})
        + "#discussion"
    )


@reviewer_paper
@require_http_methods(["GET", "POST"])
def decline(request: HttpRequest, workshop, submission) -> HttpResponse:
    form = DeclineForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.review_decline(
                submission=submission, reviewer=request.user, reason=form.cleaned_data["reason"]
            )
        except Refusal as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, "You declined this paper; the organizers are told.")
            return redirect("review:my_reviews", workshop=workshop.slug)
    return render(
        request,
        "reviews/decline.html",
        {"workshop": workshop, "submission": submission, "form": form},
    )


@organizer_required
def progress(request: HttpRequest, workshop) -> HttpResponse:
    data = selectors.review_progress(workshop=workshop, user=request.user)
    show = request.GET.get("show", "")
    papers = data.papers
    reviewers = data.reviewers
    if show == "incomplete":
        papers = [row for row in papers if not row.complete]
    if show == "late":
        reviewers = [row for row in reviewers if row.late]
    return render(
        request,
        "reviews/manage/progress.html",
        {
            "workshop": workshop,
            "papers": papers,
            "reviewers": reviewers,
            "overdue": data.overdue,
            "show": show,
            "delegations_awaiting": subreviews.delegations_awaiting_approval(
                workshop=workshop, user=request.user
            ),
        },
    )


@organizer_required
@require_POST
def remind_late(request: HttpRequest, workshop) -> HttpResponse:
    sent = services.review_remind_late(workshop=workshop, by=request.user)
    messages.success(request, f"{sent} reminder(s) queued.")
    return redirect("reviews_manage:progress", workshop=workshop.slug)


@organizer_required
@require_http_methods(["GET", "POST"])
def review_settings(request: HttpRequest, workshop) -> HttpResponse:
    settings_obj = selectors.review_settings_get(workshop=workshop)
    form = ReviewSettingsForm(
        request.POST if request.POST.get("form") == "settings" else None,
        instance=settings_obj,
        reminder_texts=services.reminder_texts_stored(workshop=workshop),
    )
    tracks = list(workshop.tracks.order_by("order", "name"))
    field_form = ReviewFormFieldForm(
        request.POST if request.POST.get("form") == "field" else None, tracks=tracks
    )
    response_form = ResponseSettingsForm(
        request.POST if request.POST.get("form") == "response" else None, instance=settings_obj
    )
    if request.method == "POST":
        try:
            if request.POST.get("form") == "response" and response_form.is_valid():
                response_services.response_settings_save(
                    workshop=workshop, values=response_form.cleaned_data
                )
                messages.success(request, "Author response settings saved.")
                return redirect("reviews_manage:settings", workshop=workshop.slug)
            if request.POST.get("form") == "show_reviews":
                response_services.reviews_show_to_authors(workshop=workshop)
                messages.success(
                    request,
                    "The authors can now read the anonymized reviews of their papers and "
                    "respond when the response phase is open. Decisions stay hidden.",
                )
                return redirect("reviews_manage:settings", workshop=workshop.slug)
            if request.POST.get("form") == "settings" and form.is_valid():
                services.review_settings_save(
                    workshop=workshop,
                    values={name: form.cleaned_data[name] for name in form.fields},
                )
                messages.success(request, "Review settings saved.")
                return redirect("reviews_manage:settings", workshop=workshop.slug)
            if request.POST.get("form") == "field" and field_form.is_valid():
                services.review_form_field_create(workshop=workshop, **field_form.cleaned_data)
                messages.success(request, "Question added to the review form.")
                return redirect("reviews_manage:settings", workshop=workshop.slug)
            if request.POST.get("form") == "delete":
                form_field = get_object_or_404(
                    ReviewFormField, workshop=workshop, pk=posted_id(request, "pk")
                )
                services.review_form_field_delete(form_field=form_field)
                messages.success(request, "Question removed.")
                return redirect("reviews_manage:settings", workshop=workshop.slug)
        except ValidationError as invalid:
            if request.POST.get("form") == "response" and hasattr(invalid, "error_dict"):
                for name, errors in invalid.error_dict.items():
                    response_form.add_error(name, errors)
            else:
                messages.error(request, "; ".join(invalid.messages))
        except Refusal as refused:
            messages.error(request, str(refused))
    return render(
        request,
        "reviews/manage/settings.html",
        {
            "workshop": workshop,
            "form": form,
            "response_form": response_form,
            "response_window": response_selectors.response_window(settings_obj),
            "field_form": field_form,
            "custom_fields": selectors.form_fields_with_tracks(workshop=workshop),
        },
    )


@organizer_required
@require_POST
def manage_reviewer_remove(request: HttpRequest, workshop, pk: int) -> HttpResponse:
    profile = get_object_or_404(ReviewerProfile, workshop=workshop, pk=pk)
    try:
        removal = services.reviewer_remove(profile=profile, by=request.user)
    except Refusal as refused:
        messages.error(request, str(refused))
    else:
        # No counts: they would include papers this organizer may be an author of.
        messages.success(
            request,
            f"{removal.reviewer.full_name or removal.reviewer.email} is removed from the "
            "reviewer pool and told by email. Their submitted reviews are kept; the papers "
            "they had not reviewed are short of a reviewer on the assignment page.",
        )
    return redirect("pool_manage:pool", workshop=workshop.slug)
