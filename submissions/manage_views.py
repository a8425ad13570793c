"""Organizer pages: every submission of a workshop, its CSV export, deadline extensions."""

import csv
from datetime import UTC

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from fomo_site.exports import csv_safe
from submissions import selectors, services
from submissions.forms import DeadlineExtensionForm, OrganizerFilterForm
from topics.aoe import AOE
from topics.models import Workshop
from topics.permissions import organizer_required

CSV_COLUMNS = [
    "id",
    "title",
    "status",
    "primary topic",
    "secondary topics",
    "keywords",
    "authors",
    "emails",
    "affiliations",
    "pages",
    "submitted at (UTC)",
    "deadline extension (AoE)",
    "self-identification flags",
]


def _filtered(request: HttpRequest, workshop: Workshop):
    form = OrganizerFilterForm(request.GET or None, workshop=workshop)
    status, topic, track = "", None, None
    if form.is_valid():
        status, topic = form.cleaned_data["status"], form.cleaned_data["topic"]
        track = form.cleaned_data.get("track")
    return form, selectors.submissions_for_organizer(
        workshop=workshop, status=status, topic=topic, track=track
    )


@organizer_required
def submission_list(request: HttpRequest, workshop: Workshop) -> HttpResponse:
    form, submissions = _filtered(request, workshop)
    return render(
        request,
        "submissions/manage_list.html",
        {
            "workshop": workshop,
            "filter_form": form,
            "has_tracks": "track" in form.fields,
            "submissions": submissions,
            "counts": selectors.submission_status_counts(workshop=workshop),
            "query": request.GET.urlencode(),
        },
    )


def _utc(value) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M") if value else ""


def _aoe(value) -> str:
    return value.astimezone(AOE).strftime("%Y-%m-%d %H:%M") if value else ""


@organizer_required
def submission_export(request: HttpRequest, workshop: Workshop) -> HttpResponse:
    _, submissions = _filtered(request, workshop)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="fomo-{workshop.slug}-submissions.csv"'
    response["Cache-Control"] = "private, no-store"
    writer = csv.writer(response)
    with_track = workshop.tracks.exists()
    writer.writerow(CSV_COLUMNS + ["track"] if with_track else CSV_COLUMNS)
    for submission in submissions:
        authors = list(submission.authorships.all())
        row = [
            submission.public_id,
            submission.title,
            submission.get_status_display(),
            submission.primary_topic.name,
            "; ".join(topic.name for topic in submission.secondary_topics.all()),
            submission.keywords,
            "; ".join(author.name for author in authors),
            "; ".join(author.email for author in authors),
            "; ".join(author.affiliation for author in authors),
            submission.pdf_pages or "",
            _utc(submission.submitted_at) if submission.ever_submitted else "never submitted",
            _aoe(submission.deadline_extension),
            " | ".join(flag["message"] for flag in submission.identity_flags),
        ]
        if with_track:
            row.append(submission.track.name if submission.track else "")
        writer.writerow([csv_safe(cell) for cell in row])
    return response


@organizer_required
@require_http_methods(["GET", "POST"])
def deadline_extension(request: HttpRequest, workshop: Workshop, number: int) -> HttpResponse:
    submission = selectors.submission_get(workshop=workshop, number=number)
    refusal = services.author_refusal(
        submission=submission, user=request.user, action="set its deadline extension"
    )
    if refusal is not None:
        return render(
            request,
            "submissions/manage_extension.html",
            {"workshop": workshop, "submission": submission, "refusal": refusal},
            status=403,
        )
    form = DeadlineExtensionForm(request.POST or None, instance=submission)
    if request.method == "POST" and form.is_valid():
        services.submission_set_deadline_extension(
            submission=submission, deadline_extension=form.cleaned_data["deadline_extension"]
        )
        messages.success(request, f"Deadline extension for {submission.public_id} saved.")
        return redirect(submission.get_absolute_url())
    return render(
        request,
        "submissions/manage_extension.html",
        {"workshop": workshop, "submission": submission, "form": form},
    )
