"""Organizer pages of a workshop's tracks: list and add, edit, delete."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from fomo_site.errors import Refusal
from topics.models import Track, Workshop
from topics.permissions import organizer_required
from topics.track_forms import TrackForm
from topics.tracks import (
    track_create,
    track_delete,
    track_list,
    track_paper_counts,
    track_update,
    workshop_outcomes,
)


@organizer_required
@require_http_methods(["GET", "POST"])
def tracks(request: HttpRequest, workshop: Workshop) -> HttpResponse:
    offered = workshop_outcomes(workshop=workshop)
    form = TrackForm(request.POST or None, outcomes=offered)
    if request.method == "POST" and form.is_valid():
        try:
            track = track_create(workshop=workshop, data=form.data_object())
        except Refusal as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, f"Added the track “{track.name}”.")
            return redirect("tracks:list", workshop=workshop.slug)
    rows = list(track_list(workshop=workshop))
    counts = track_paper_counts(workshop=workshop)
    labels = dict(offered)
    for track in rows:
        track.workshop = workshop
        track.papers = counts.get(track.pk, 0)
        track.outcome_labels = [labels[value] for value in track.outcomes if value in labels]
    return render(
        request, "topics/tracks.html", {"workshop": workshop, "tracks": rows, "form": form}
    )


@organizer_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, workshop: Workshop, track: int) -> HttpResponse:
    track_obj = get_object_or_404(Track, workshop=workshop, pk=track)
    form = TrackForm(
        request.POST or None, outcomes=workshop_outcomes(workshop=workshop), track=track_obj
    )
    if request.method == "POST" and form.is_valid():
        try:
            track_update(track=track_obj, data=form.data_object())
        except Refusal as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, f"Saved the track “{track_obj.name}”.")
            return redirect("tracks:list", workshop=workshop.slug)
    return render(
        request, "topics/track_edit.html", {"workshop": workshop, "track": track_obj, "form": form}
    )


@organizer_required
@require_POST
def delete(request: HttpRequest, workshop: Workshop, track: int) -> HttpResponse:
    track_obj = get_object_or_404(Track, workshop=workshop, pk=track)
    name = track_obj.name
    try:
        track_delete(track=track_obj)
    except Refusal as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, f"Deleted the track “{name}”.")
    return redirect("tracks:list", workshop=workshop.slug)
