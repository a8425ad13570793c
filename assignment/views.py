"""Assignment pages: organizers (/<workshop>/manage/assignment/…) and reviewers
(/<workshop>/review/assignments/…). Thin: forms validate, services write, selectors read."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from assignment import engine, selectors, services
from assignment.forms import (
    AddReviewerForm,
    FixedForm,
    RemoveReviewerForm,
    RunForm,
    SwapReviewerForm,
)
from fomo_site.errors import Refusal
from fomo_site.views import run_and_redirect
from fomo_site.zipstream import Member, paper_file_name, zip_response
from pool import selectors as pool_selectors
from topics.permissions import organizer_required
from topics.selectors import workshop_get


def _overview(workshop, user, tracks):
    """The overview, each run named with its track when it ran for one."""
    overview = selectors.assignment_overview(workshop=workshop, user=user)
    names = {track.pk: track.name for track in tracks}
    for run in overview.runs:
        run.track_name = names.get((run.parameters or {}).get("track_id"), "")
    return overview


@organizer_required
def overview(request: HttpRequest, workshop) -> HttpResponse:
    tracks = list(workshop.tracks.order_by("order", "name"))
    return render(
        request,
        "assignment/overview.html",
        {
            "workshop": workshop,
            "overview": _overview(workshop, request.user, tracks),
            "form": RunForm.for_workshop(workshop, tracks=tracks),
        },
    )


@organizer_required
@require_POST
def run_start(request: HttpRequest, workshop) -> HttpResponse:
    tracks = list(workshop.tracks.order_by("order", "name"))
    form = RunForm.for_workshop(workshop, data=request.POST, tracks=tracks)
    if not form.is_valid():
        return render(
            request,
            "assignment/overview.html",
            {
                "workshop": workshop,
                "overview": _overview(workshop, request.user, tracks),
                "form": form,
            },
            status=400,
        )
    run = services.assignment_run_create(
        workshop=workshop, parameters=form.parameters(), by=request.user
    )
    messages.info(request, f"Run {run.pk} started.")
    return redirect(run.get_absolute_url())


@organizer_required
def run_detail(request: HttpRequest, workshop, pk: int) -> HttpResponse:
    run = selectors.run_get(workshop=workshop, pk=pk)
    detail = selectors.run_detail(run=run, user=request.user) if run.status == "done" else None
    return render(
        request,
        "assignment/run.html",
        {
            "workshop": workshop,
            "run": run,
            "detail": detail,
            "import_notes": selectors.import_notes(run=run, user=request.user),
            "parameters": (parameters := engine.RunParameters.from_json(run.parameters)),
            "track": workshop.tracks.filter(pk=parameters.track_id).first()
            if parameters.track_id
            else None,
        },
    )


def _run_action(request: HttpRequest, workshop, pk: int, action) -> HttpResponse:
    run = selectors.run_get(workshop=workshop, pk=pk)
    try:
        message = action(run)
    except Refusal as refused:
        messages.error(request, str(refused))
        return redirect(run.get_absolute_url())
    messages.success(request, message)
    return redirect("assignment:overview", workshop=workshop.slug)


@organizer_required
@require_POST
def run_commit(request: HttpRequest, workshop, pk: int) -> HttpResponse:
    def commit(run):
        summary = services.assignment_run_commit(run=run, by=request.user)
        return (
            f"Run {run.pk} committed: {summary.added} added, {summary.removed} removed, "
            f"{summary.kept} kept"
            + (
                f", {summary.started_kept} kept as their review has started."
                if summary.started_kept
                else "."
            )
        )

    return _run_action(request, workshop, pk, commit)


@organizer_required
@require_POST
def run_discard(request: HttpRequest, workshop, pk: int) -> HttpResponse:
    def discard(run):
        services.assignment_run_discard(run=run)
        return f"Run {run.pk} discarded."

    return _run_action(request, workshop, pk, discard)


@organizer_required
@require_POST
def run_retry(request: HttpRequest, workshop, pk: int) -> HttpResponse:
    run = selectors.run_get(workshop=workshop, pk=pk)
    try:
        retry = services.assignment_run_retry(run=run, by=request.user)
    except Refusal as refused:
        messages.error(request, str(refused))
        return redirect(run.get_absolute_url())
    messages.info(request, f"Run {retry.pk} started with the parameters of run {run.pk}.")
    return redirect(retry.get_absolute_url())


@organizer_required
@require_POST
def release(request: HttpRequest, workshop) -> HttpResponse:
    return run_and_redirect(
        request,
        lambda: services.assignment_release_create(workshop=workshop, by=request.user),
        success="Release {result.number}: the reviewers concerned are being emailed.",
        to=reverse("assignment:overview", kwargs={"workshop": workshop.slug}),
    )


@organizer_required
def edit_log(request: HttpRequest, workshop) -> HttpResponse:
    return render(
        request,
        "assignment/log.html",
        {"workshop": workshop, "edits": selectors.edit_log(workshop=workshop, user=request.user)},
    )


@organizer_required
def paper(request: HttpRequest, workshop, number: int) -> HttpResponse:
    submission = selectors.assigned_submission_get(
        workshop=workshop, number=number, user=request.user
    )
    pool = pool_selectors.pool_users(workshop=workshop)
    return render(
        request,
        "assignment/paper.html",
        {
            "workshop": workshop,
            "page": selectors.paper_page(workshop=workshop, submission=submission),
            "add_form": AddReviewerForm(pool=pool),
            "pool": list(pool),
        },
    )


def _edit(request: HttpRequest, workshop, number: int, form_class, apply) -> HttpResponse:
    submission = selectors.assigned_submission_get(
        workshop=workshop, number=number, user=request.user
    )
    form = form_class(request.POST, pool=pool_selectors.pool_users(workshop=workshop))
    if not form.is_valid():
        messages.error(request, "Choose a reviewer of this workshop.")
    else:
        try:
            result = apply(submission, form.cleaned_data)
        except Refusal as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, result[0])
            for warning in result[1]:
                messages.warning(request, warning)
    return redirect("assignment:paper", workshop=workshop.slug, number=number)


@organizer_required
@require_POST
def paper_add(request: HttpRequest, workshop, number: int) -> HttpResponse:
    def add(submission, data):
        result = services.assignment_add(
            workshop=workshop, submission=submission, reviewer=data["reviewer"],
            by=request.user, is_fixed=data["is_fixed"],
        )  # fmt: skip
        return f"{data['reviewer']} added to paper #{number}.", result.warnings

    return _edit(request, workshop, number, AddReviewerForm, add)


@organizer_required
@require_POST
def paper_remove(request: HttpRequest, workshop, number: int) -> HttpResponse:
    def remove(submission, data):
        result = services.assignment_remove(
            workshop=workshop, submission=submission, reviewer=data["reviewer"], by=request.user
        )
        return f"{data['reviewer']} removed from paper #{number}.", result.warnings

    return _edit(request, workshop, number, RemoveReviewerForm, remove)


@organizer_required
@require_POST
def paper_swap(request: HttpRequest, workshop, number: int) -> HttpResponse:
    def swap(submission, data):
        result = services.assignment_swap(
            workshop=workshop, submission=submission, old_reviewer=data["old_reviewer"],
            new_reviewer=data["new_reviewer"], by=request.user, is_fixed=data["is_fixed"],
        )  # fmt: skip
        return (
            f"{data['new_reviewer']} replaces {data['old_reviewer']} on paper #{number}.",
            result.warnings,
        )

    return _edit(request, workshop, number, SwapReviewerForm, swap)


@organizer_required
@require_POST
def paper_fixed(request: HttpRequest, workshop, number: int) -> HttpResponse:
    def set_fixed(submission, data):
        services.assignment_set_fixed(
            workshop=workshop, submission=submission, reviewer=data["reviewer"],
            is_fixed=data["is_fixed"], by=request.user,
        )  # fmt: skip
        state = "must assign" if data["is_fixed"] else "free for re-runs"
        return f"{data['reviewer']} on paper #{number} is now {state}.", []

    return _edit(request, workshop, number, FixedForm, set_fixed)


@organizer_required
def explain(request: HttpRequest, workshop, number: int, reviewer: int) -> HttpResponse:
    submission = selectors.assigned_submission_get(
        workshop=workshop, number=number, user=request.user
    )
    user = get_object_or_404(pool_selectors.pool_users(workshop=workshop), pk=reviewer)
    run_id = request.GET.get("run", "")
    # Only a plain id: "²" passes isdigit() but not int(), and a huge number overflows SQL.
    valid_id = run_id.isascii() and run_id.isdigit() and len(run_id) <= 18
    stored = selectors.stored_explanation(
        submission=submission, user=user, run_id=int(run_id) if valid_id else None
    )
    if stored is None:
        explanation = engine.explain_now(workshop=workshop, submission=submission, user=user)
        if explanation is None:
            raise Http404("This paper or reviewer is not part of the matching.")
        stored = (explanation, explanation["score"], "computed now from the current data")
    explanation, affinity, source = stored
    return render(
        request,
        "assignment/explain.html",
        {
            "workshop": workshop,
            "submission": submission,
            "reviewer": user,
            "explanation": explanation,
            "affinity": affinity,
            "source": source,
        },
    )


def my_assignments(request: HttpRequest, workshop: str) -> HttpResponse:
    """The reviewer's released papers: titles, abstracts, topics; never the authors."""
    workshop_obj = workshop_get(slug=workshop)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not request.user.has_perm("assignment.view_my_assignments", workshop_obj):
        raise PermissionDenied("You are not a reviewer of this workshop.")
    return render(
        request,
        "assignment/my_list.html",
        {
            "workshop": workshop_obj,
            "papers": selectors.submissions_for_assigned_reviewer(
                workshop=workshop_obj, user=request.user
            ),
        },
    )


def my_assignments_zip(request: HttpRequest, workshop: str) -> StreamingHttpResponse:
    """The anonymized copies of the reviewer's papers, those the single "anonymized PDF"
    link would also serve them (the same selector), as one streamed zip."""
    workshop_obj = workshop_get(slug=workshop)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not request.user.has_perm("assignment.view_my_assignments", workshop_obj):
        raise PermissionDenied("You are not a reviewer of this workshop.")
    papers = (
        selectors.submissions_for_assigned_reviewer(workshop=workshop_obj, user=request.user)
        .exclude(reviewer_pdf="")
        .select_related(None)
        .prefetch_related(None)
        .only("pk", "number", "title", "reviewer_pdf", "workshop_id")
    )
    members = [
        Member(name=paper_file_name(paper.number, paper.title), open=paper.reviewer_pdf.open)
        for paper in papers
    ]
    return zip_response(members, filename=f"fomo-{workshop_obj.slug}-assigned-papers.zip")
