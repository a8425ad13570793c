"""The organizers' area-chair page: run the engine for one area chair per paper, set or
clear a paper's area chair by hand."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from assignment import area_chairs
from fomo_site.errors import Refusal
from fomo_site.views import posted_id, run_and_redirect
from pool.models import AreaChair
from submissions.enums import REVIEWABLE_STATUSES
from submissions.models import Submission
from topics.permissions import organizer_required


@organizer_required
@require_GET
def area_chairs_page(request: HttpRequest, workshop) -> HttpResponse:
    return render(
        request,
        "assignment/area_chairs.html",
        {
            "workshop": workshop,
            "overview": area_chairs.area_chair_overview(workshop=workshop, user=request.user),
        },
    )


@organizer_required
@require_POST
def area_chairs_run(request: HttpRequest, workshop) -> HttpResponse:
    return run_and_redirect(
        request,
        lambda: area_chairs.area_chair_run(workshop=workshop, by=request.user),
        success="{result} paper(s) got an area chair from the run; ones set by hand stayed.",
        to=reverse("assignment:area_chairs", kwargs={"workshop": workshop.slug}),
    )


@organizer_required
@require_POST
def area_chairs_announce(request: HttpRequest, workshop) -> HttpResponse:
    return run_and_redirect(
        request,
        lambda: area_chairs.area_chair_announce(workshop=workshop, by=request.user),
        success="Emailed {result} area chair(s) their papers.",
        to=reverse("assignment:area_chairs", kwargs={"workshop": workshop.slug}),
    )


@organizer_required
@require_POST
def area_chair_set(request: HttpRequest, workshop, number: int) -> HttpResponse:
    submission = get_object_or_404(  # a paper the organizer wrote is not theirs to see here
        Submission.objects.exclude(authorships__user=request.user),
        workshop=workshop,
        number=number,
        status__in=REVIEWABLE_STATUSES,
    )
    chair = None
    if request.POST.get("area_chair"):
        chair = get_object_or_404(
            AreaChair, workshop=workshop, pk=posted_id(request, "area_chair")
        ).user
    try:
        area_chairs.area_chair_set(
            workshop=workshop, submission=submission, area_chair=chair, by=request.user
        )
    except Refusal as refused:
        messages.error(request, str(refused))
    else:
        who = chair.full_name if chair else "nobody"
        messages.success(request, f"Area chair of {submission.public_id}: {who}.")
    return redirect("assignment:area_chairs", workshop=workshop.slug)
