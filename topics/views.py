from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from topics import selectors
from topics.tracks import track_list


def workshop_list(request: HttpRequest) -> HttpResponse:
    return render(request, "topics/workshop_list.html", {"workshops": selectors.workshop_list()})


def call_for_papers(request: HttpRequest, workshop: str) -> HttpResponse:
    workshop_obj = selectors.workshop_get(slug=workshop)
    now = timezone.now()
    return render(
        request,
        "topics/cfp.html",
        {
            "workshop": workshop_obj,
            "tree": selectors.topic_tree(workshop=workshop_obj),
            "tracks": list(track_list(workshop=workshop_obj).select_related("workshop")),
            "next_deadline": workshop_obj.next_deadline(now),
            "phase": workshop_obj.phase_at(now),
            "now": now,
        },
    )
