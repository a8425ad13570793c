"""One joint run over all tracks: each paper gets its track's reviewers per paper (or the
run's k when its track sets none); or a run for one track, which leaves the others alone."""

from collections import Counter

import pytest
from django.urls import reverse

from accounts.models import User
from assignment.enums import RunStatus
from assignment.models import Assignment, AssignmentRun
from assignment.services import assignment_run_commit
from tests.assignment.helpers import pairs_of, run_now, two_area_workshop
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


# Runs for one track ---------------------------------------------------------------------


def _two_tracks(workshop, papers):
    tiny = Track.objects.create(workshop=workshop, name="Tiny", slug="tiny", max_pages=2)
    full = Track.objects.create(workshop=workshop, name="Full", slug="full", max_pages=4)
    for number, track in [(1, tiny), (2, full), (3, tiny), (4, full)]:
        papers[number].track = track
        papers[number].save(update_fields=["track"])
    return tiny, full


def test_run_for_one_track_matches_its_papers_and_commit_keeps_the_other_tracks(
    workshop, topics, organizer
):
    papers, _ = two_area_workshop(workshop, topics)
    tiny, full = _two_tracks(workshop, papers)
    assignment_run_commit(run=run_now(workshop, k=2, max_load=4), by=organizer)
    full_pairs = pairs_of(Assignment.objects.filter(submission__track=full))
    assert len(full_pairs) == 4

    run = run_now(workshop, k=1, max_load=4, track_id=tiny.pk)
    assert run.status == RunStatus.DONE
    assert sorted(run.pairs.values_list("submission__number", flat=True)) == [1, 3]
    summary = assignment_run_commit(run=run, by=organizer)
    assert summary.added + summary.kept == 2
    assert pairs_of(Assignment.objects.filter(submission__track=full)) == full_pairs
    assert Assignment.objects.filter(submission__track=tiny).count() == 2


def test_run_for_one_track_counts_the_other_tracks_papers_against_the_limits(
    workshop, topics, organizer
):
    papers, _ = two_area_workshop(workshop, topics)
    tiny, full = _two_tracks(workshop, papers)
    # every reviewer holds both full papers already: one more each at most within 3
    for user in User.objects.filter(reviewer_profiles__workshop=workshop):
        for number in (2, 4):
            Assignment.objects.create(
                workshop=workshop, submission=papers[number], reviewer=user, origin="manual"
            )
    run = run_now(workshop, k=2, max_load=3, track_id=tiny.pk)
    assert run.status == RunStatus.DONE
    loads = Counter(run.pairs.values_list("reviewer_id", flat=True))
    assert max(loads.values()) == 1
    assert sum(loads.values()) == 4
    failed = run_now(workshop, k=3, max_load=3, track_id=tiny.pk)
    assert failed.status == RunStatus.FAILED


def test_run_form_offers_the_tracks_and_the_run_page_names_it(client, workshop, organizer):
    tiny = Track.objects.create(workshop=workshop, name="Tiny", slug="tiny", max_pages=2)
    client.force_login(organizer)
    overview_url = reverse("assignment:overview", kwargs={"workshop": workshop.slug})
    page = client.get(overview_url).content.decode()
    assert "All tracks together (each track&#x27;s k)" in page
    assert "Tiny only" in page
    response = client.post(
        reverse("assignment:run_start", kwargs={"workshop": workshop.slug}),
        {
            "k": 2,
            "max_load": 3,
            "topic_weight": 1,
            "text_weight": 0,
            "bid_weight": 0,
            "track": tiny.pk,
        },
    )
    run = AssignmentRun.objects.get(workshop=workshop)
    assert run.parameters["track_id"] == tiny.pk
    assert "papers of “Tiny” only" in client.get(response["Location"]).content.decode()
    assert "Tiny only" in client.get(overview_url).content.decode()
