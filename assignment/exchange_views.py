"""The OpenReview exchange tab (/<workshop>/manage/assignment/openreview/…): files for
openreview-matcher and openreview-expertise, an assignment and external scores back in."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from assignment import exchange, selectors
from assignment.forms import ExternalScoresForm, ImportAssignmentForm
from fomo_site.zipstream import zip_response
from topics.permissions import organizer_required


def _page(request, workshop, *, assignment_form=None, scores_form=None, problems=(), status=200):
    settings = selectors.external_affinity_settings(workshop=workshop)
    return render(
        request,
        "assignment/openreview.html",
        {
            "workshop": workshop,
            "assignment_form": assignment_form or ImportAssignmentForm(),
            "scores_form": scores_form
            or ExternalScoresForm(initial={"weight": settings.weight if settings else 0.3}),
            "external": settings,
            "external_count": selectors.external_affinity_count(workshop=workshop),
            "problems": problems,
        },
        status=status,
    )


@organizer_required
def page(request: HttpRequest, workshop) -> HttpResponse:
    return _page(request, workshop)


def _csv(text: str, filename: str) -> HttpResponse:
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@organizer_required
def scores_csv(request: HttpRequest, workshop) -> HttpResponse:
    text = exchange.matcher_scores_csv(workshop=workshop, user=request.user)
    return _csv(text, f"{workshop.slug}-affinity-scores.csv")


@organizer_required
def constraints_csv(request: HttpRequest, workshop) -> HttpResponse:
    text = exchange.matcher_constraints_csv(workshop=workshop, user=request.user)
    return _csv(text, f"{workshop.slug}-constraints.csv")


@organizer_required
def expertise_zip(request: HttpRequest, workshop) -> HttpResponse:
    members = exchange.expertise_members(workshop=workshop, user=request.user)
    return zip_response(members, filename=f"{workshop.slug}-expertise-dataset.zip")


@organizer_required
@require_POST
def import_assignment(request: HttpRequest, workshop) -> HttpResponse:
    form = ImportAssignmentForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, workshop, assignment_form=form, status=400)
    try:
        run, problems = exchange.assignment_import_create(
            workshop=workshop,
            text=form.cleaned_data["content"],
            source_name=form.cleaned_data["source_name"],
            by=request.user,
        )
    except exchange.ImportRefused as refused:
        form.add_error(None, str(refused))
        return _page(request, workshop, assignment_form=form, problems=refused.problems, status=400)
    left = f"; {len(problems)} note{'s' if len(problems) != 1 else ''} below" if problems else ""
    messages.success(
        request,
        f"Imported as run {run.pk}: {run.quality['n_pairs']} pairs to review and commit{left}.",
    )
    return redirect(run.get_absolute_url())


@organizer_required
@require_POST
def import_scores(request: HttpRequest, workshop) -> HttpResponse:
    form = ExternalScoresForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, workshop, scores_form=form, status=400)
    try:
        summary = exchange.external_affinity_import(
            workshop=workshop,
            text=form.cleaned_data["content"],
            weight=form.cleaned_data["weight"],
            source_name=form.cleaned_data["source_name"],
            by=request.user,
        )
    except exchange.ImportRefused as refused:
        form.add_error(None, str(refused))
        return _page(request, workshop, scores_form=form, problems=refused.problems, status=400)
    messages.success(
        request,
        f"{summary.count} external scores imported with weight {form.cleaned_data['weight']}; "
        "new runs use them.",
    )
    if summary.problems:
        return _page(request, workshop, problems=summary.problems)
    return redirect("assignment:openreview", workshop=workshop.slug)


@organizer_required
@require_POST
def clear_scores(request: HttpRequest, workshop) -> HttpResponse:
    deleted = exchange.external_affinity_clear(workshop=workshop)
    messages.success(request, f"{deleted} external scores removed.")
    return redirect("assignment:openreview", workshop=workshop.slug)
