"""The area chair's console (/<workshop>/ac/): their papers, the reviews and discussion of
each, reminders to its late reviewers, and the meta-review. Authors are never named here;
reviewers only when the workshop lets area chairs see them."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from assignment import area_chairs
from decisions import meta_reviews
from decisions.forms import MetaReviewForm
from fomo_site.errors import Refusal
from fomo_site.views import run_and_redirect
from pool import selectors as pool_selectors
from pool import services as pool_services
from pool.forms import AreaChairProfileForm
from reviews import selectors as review_selectors
from reviews import services as review_services
from reviews.forms import DiscussionCommentForm
from topics.permissions import organizer_required
from topics.selectors import topics_with_depth, workshop_get


def area_chair_required(view):
    """Load the workshop; only its area chairs get in (others a 403)."""

    @wraps(view)
    def wrapper(request: HttpRequest, workshop: str, *args, **kwargs):
        workshop_obj = workshop_get(slug=workshop)
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if pool_selectors.area_chair_get(workshop=workshop_obj, user=request.user) is None:
            raise PermissionDenied("You are not an area chair of this workshop.")
        return view(request, workshop_obj, *args, **kwargs)

    return wrapper


@area_chair_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest, workshop) -> HttpResponse:
    """The area chair's expertise: topics and keywords the papers are matched on."""
    area_chair = pool_selectors.area_chair_get(workshop=workshop, user=request.user)
    area_chair.workshop = workshop
    form = AreaChairProfileForm(
        request.POST or None, instance=area_chair, topics=topics_with_depth(workshop=workshop)
    )
    if request.method == "POST" and form.is_valid():
        try:
            pool_services.area_chair_profile_update(
                area_chair=area_chair,
                affiliation=form.cleaned_data["affiliation"],
                keywords=form.cleaned_data["keywords"],
                max_load=form.cleaned_data["max_load"],
                topic_ids=form.cleaned_data["topic_ids"],
            )
        except Refusal as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, "Your area chair profile is saved.")
            return redirect("area_chair:profile", workshop=workshop.slug)
    return render(
        request, "decisions/area_chair/profile.html", {"workshop": workshop, "form": form}
    )


@area_chair_required
@require_GET
def console(request: HttpRequest, workshop) -> HttpResponse:
    return render(
        request,
        "decisions/area_chair/console.html",
        {
            "workshop": workshop,
            "papers": meta_reviews.console_papers(workshop=workshop, user=request.user),
        },
    )


@area_chair_required
@require_http_methods(["GET", "POST"])
def paper(request: HttpRequest, workshop, number: int) -> HttpResponse:
    submission = area_chairs.chaired_submission_get(
        workshop=workshop, user=request.user, number=number
    )
    meta_review = meta_reviews.meta_review_get(submission=submission)
    action = request.POST.get("form")
    form = MetaReviewForm(
        request.POST if action == "meta_review" else None,
        workshop=workshop,
        track=submission.track,
        initial={"recommendation": meta_review.recommendation, "text": meta_review.text}
        if meta_review
        else {},
    )
    comment_form = DiscussionCommentForm(request.POST if action == "comment" else None)
    if request.method == "POST":
        try:
            if action == "meta_review" and form.is_valid():
                meta_reviews.meta_review_save(
                    submission=submission, area_chair=request.user, **form.cleaned_data
                )
                messages.success(request, f"Meta-review of {submission.public_id} saved.")
                return redirect("area_chair:paper", workshop=workshop.slug, number=number)
            if action == "comment" and comment_form.is_valid():
                review_services.discussion_comment_add(
                    submission=submission,
                    author=request.user,
                    body=comment_form.cleaned_data["body"],
                )
                return redirect("area_chair:paper", workshop=workshop.slug, number=number)
        except Refusal as refused:
            messages.error(request, str(refused))
    names = workshop.area_chairs_see_reviewer_names
    missing = [
        user
        for submission_id, user in review_selectors.missing_review_pairs(workshop=workshop)
        if submission_id == submission.pk
    ]
    return render(
        request,
        "decisions/area_chair/paper.html",
        {
            "workshop": workshop,
            "submission": submission,
            "reviews": review_selectors.reviews_for_area_chair(submission=submission, names=names),
            "missing": len(missing),
            "names": names,
            "meta_review": meta_review,
            "form": form,
            "comment_form": comment_form,
            "discussion": review_selectors.discussion_for(
                submission=submission, viewer=request.user, organizer=names
            ),
            "released": workshop.decisions_released_at is not None,
        },
    )


@area_chair_required
@require_POST
def remind(request: HttpRequest, workshop, number: int) -> HttpResponse:
    submission = area_chairs.chaired_submission_get(
        workshop=workshop, user=request.user, number=number
    )
    sent = review_services.review_remind_paper(submission=submission, by=request.user)
    if sent:
        messages.success(request, f"Reminded {sent} reviewer(s) of {submission.public_id}.")
    else:
        messages.info(request, "Nobody to remind: reviews are in, or were reminded today.")
    return redirect("area_chair:paper", workshop=workshop.slug, number=number)


@organizer_required
@require_POST
def meta_review_request(request: HttpRequest, workshop) -> HttpResponse:
    """The organizers ask the area chairs for their missing meta-reviews (one email each)."""
    return run_and_redirect(
        request,
        lambda: meta_reviews.meta_review_request(workshop=workshop, by=request.user),
        success="Asked {result} area chair(s) for their missing meta-reviews.",
        to=reverse("assignment:area_chairs", kwargs={"workshop": workshop.slug}),
    )
