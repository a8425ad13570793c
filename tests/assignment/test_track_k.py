"""One joint run over all tracks: each paper gets its track's reviewers per paper (or the
run's k when its track sets none)."""

import pytest
from django.urls import reverse

from assignment.enums import RunStatus
from assignment.services import assignment_run_commit
from tests.assignment.helpers import run_now, two_area_workshop
from topics.models import Track

pytestmark = pytest.mark.django_db


def test_run_gives_each_paper_its_tracks_reviewers_per_paper(workshop, topics):
    papers, _ = two_area_workshop(workshop, topics)
    tiny = Track.objects.create(
        workshop=workshop, name="Tiny", slug="tiny", max_pages=2, reviewers_per_paper=1
    )
    full = Track.objects.create(workshop=workshop, name="Full", slug="full", max_pages=4)
    for number, track in [(1, tiny), (2, full), (3, tiny), (4, full)]:
        papers[number].track = track
        papers[number].save(update_fields=["track"])

    run = run_now(workshop, k=2, max_load=3)

    assert run.status == RunStatus.DONE
    assert {n: run.pairs.filter(submission__number=n).count() for n in (1, 2, 3, 4)} == {
        1: 1,
        2: 2,
        3: 1,
        4: 2,
    }


def test_overview_counts_a_paper_short_of_its_tracks_k(client, workshop, topics, organizer):
    papers, _ = two_area_workshop(workshop, topics)
    tiny = Track.objects.create(
        workshop=workshop, name="Tiny", slug="tiny", max_pages=2, reviewers_per_paper=1
    )
    papers[1].track = tiny
    papers[1].save(update_fields=["track"])
    assignment_run_commit(run=run_now(workshop, k=2, max_load=3), by=organizer)
    tiny.reviewers_per_paper = 3
    tiny.save()
    client.force_login(organizer)
    overview = client.get(
        reverse("assignment:overview", kwargs={"workshop": workshop.slug})
    ).context["overview"]
    assert [(row.submission.number, row.missing) for row in overview.under_k] == [(1, 2)]
