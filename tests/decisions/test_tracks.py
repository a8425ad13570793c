"""Tracks in the decision table, its export, the statistics and the public program."""

import pytest
from django.urls import reverse

from decisions.exports import export_rows
from decisions.selectors import workshop_stats
from decisions.services import decision_set, decisions_release
from tests.reviews.review_builders import (
    add_organizer,
    assign,
    move_to_deciding,
    paper,
    reviewer,
    reviewing_workshop,
    submit,
)
from topics.models import Track

pytestmark = pytest.mark.django_db


@pytest.fixture
def tracked():
    """Two tracks: #1 tiny (oral), #2 full (poster), #3 full (oral), #4 full (reject)."""
    workshop = reviewing_workshop(slug="tr")
    olga = add_organizer(workshop)
    full = Track.objects.create(
        workshop=workshop, name="Full papers", slug="full", order=1, max_pages=4
    )
    tiny = Track.objects.create(
        workshop=workshop, name="Tiny papers", slug="tiny", order=0, max_pages=2
    )
    specs = [(1, tiny, "oral"), (2, full, "poster"), (3, full, "oral"), (4, full, "reject")]
    for number, track, outcome in specs:
        submission = paper(
            workshop,
            number=number,
            track=track,
            title=f"Paper {number} in {track.name}",
            authors=[(f"Author {number}", f"a{number}@x.org")],
        )
        user = reviewer(workshop, f"r{number}@rev.example.org")
        assign(submission, user)
        submit(submission, user, score=number + 2)
        decision_set(submission=submission, outcome=outcome, by=olga)
    move_to_deciding(workshop)
    return workshop, olga, tiny, full


def table_url(workshop, query=""):
    return reverse("decisions:table", kwargs={"workshop": workshop.slug}) + query


def test_decision_table_filters_by_track_and_shows_the_column(client, tracked):
    workshop, olga, tiny, full = tracked
    client.force_login(olga)
    response = client.get(table_url(workshop, f"?track={full.pk}"))
    assert [row.submission.number for row in response.context["rows"]] == [2, 3, 4]
    html = response.content.decode()
    assert 'id="f-track"' in html
    assert "sort=track" in html


def test_decision_table_sorts_by_track_in_track_order(client, tracked):
    workshop, olga, *_ = tracked
    client.force_login(olga)
    rows = client.get(table_url(workshop, "?sort=track")).context["rows"]
    assert [row.submission.track.name for row in rows] == [
        "Tiny papers", "Full papers", "Full papers", "Full papers"
    ]  # fmt: skip


def test_decision_table_without_tracks_has_no_track_filter(client):
    workshop = reviewing_workshop(slug="nt")
    olga = add_organizer(workshop)
    client.force_login(olga)
    html = client.get(table_url(workshop)).content.decode()
    assert 'id="f-track"' not in html


def test_exports_name_the_track(tracked):
    workshop, olga, *_ = tracked
    rows = export_rows(workshop=workshop, user=olga, name="decisions")
    assert [(row["number"], row["track"]) for row in rows] == [
        (1, "Tiny papers"), (2, "Full papers"), (3, "Full papers"), (4, "Full papers")
    ]  # fmt: skip
    submissions = export_rows(workshop=workshop, user=olga, name="submissions")
    assert submissions[0]["track"] == "Tiny papers"


def test_exports_of_a_workshop_without_tracks_have_no_track_column(client):
    workshop = reviewing_workshop(slug="nt")
    olga = add_organizer(workshop)
    paper(workshop, number=1)
    assert "track" not in export_rows(workshop=workshop, user=olga, name="submissions")[0]


def test_statistics_count_papers_and_acceptance_per_track(client, tracked):
    workshop, olga, *_ = tracked
    client.force_login(olga)
    response = client.get(reverse("decisions:stats", kwargs={"workshop": workshop.slug}))
    html = response.content.decode()
    assert "Submissions per track" in html
    assert "Acceptance rate by track (%)" in html
    stats = workshop_stats(workshop=workshop, user=olga)
    assert stats.per_track == [("Tiny papers", 1), ("Full papers", 3)]
    assert stats.acceptance_by_track == [("Tiny papers", 100.0), ("Full papers", 66.7)]


def test_program_groups_accepted_papers_by_track_then_outcome(client, tracked):
    workshop, olga, *_ = tracked
    decisions_release(workshop=workshop, by=olga)
    html = client.get(reverse("program:accepted", kwargs={"workshop": "tr"})).content.decode()
    order = [
        'id="track-tiny"',
        'id="track-tiny-outcome-oral"',
        "Paper 1 in Tiny papers",
        'id="track-full"',
        'id="track-full-outcome-oral"',
        "Paper 3 in Full papers",
        'id="track-full-outcome-poster"',
        "Paper 2 in Full papers",
    ]
    positions = [html.index(marker) for marker in order]
    assert positions == sorted(positions)
    assert "Paper 4" not in html
