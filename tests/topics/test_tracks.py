"""Tracks of a workshop: the services, the organizers' page, the call for papers and the
next edition's copy."""

from datetime import timedelta

import pytest
from django.urls import reverse

from fomo_site.errors import Refusal
from tests.factories import SubmissionFactory, UserFactory
from topics.models import Track
from topics.services import workshop_copy
from topics.tracks import TrackData, track_create, track_delete, track_update

pytestmark = pytest.mark.django_db

TINY = TrackData(name="Tiny papers (2 pages)", max_pages=2, description="Early *ideas*.")
FULL = TrackData(name="Full papers (4 pages)", max_pages=4, reviewers_per_paper=3)


def url(workshop, name="list", **kwargs) -> str:
    return reverse(f"tracks:{name}", kwargs={"workshop": workshop.slug, **kwargs})


# Services ---------------------------------------------------------------------------------


def test_track_create_orders_tracks_and_gives_them_slugs(workshop):
    tiny = track_create(workshop=workshop, data=TINY)
    full = track_create(workshop=workshop, data=FULL)
    assert [(t.name, t.slug, t.order) for t in workshop.tracks.all()] == [
        ("Tiny papers (2 pages)", "tiny-papers-2-pages", 0),
        ("Full papers (4 pages)", "full-papers-4-pages", 1),
    ]
    assert (tiny.k, full.k) == (workshop.reviewers_per_paper, 3)
    assert tiny.submission_deadline == workshop.submission_deadline


def test_track_create_refuses_a_second_track_of_the_same_name(workshop):
    track_create(workshop=workshop, data=TINY)
    with pytest.raises(Refusal, match="already has a track named"):
        track_create(workshop=workshop, data=TrackData(name="tiny papers (2 pages)", max_pages=3))
    assert workshop.tracks.count() == 1


def test_track_deadline_after_bidding_deadline_is_refused(workshop):
    late = TrackData(name="Late", max_pages=2, deadline=workshop.bidding_deadline + timedelta(1))
    with pytest.raises(Refusal, match="must not come after the bidding deadline"):
        track_create(workshop=workshop, data=late)


def test_track_update_changes_limit_and_deadline(workshop):
    track = track_create(workshop=workshop, data=TINY)
    later = workshop.submission_deadline + timedelta(hours=12)
    track_update(track=track, data=TrackData(name="Tiny", max_pages=3, deadline=later))
    track.refresh_from_db()
    assert (track.name, track.slug, track.max_pages, track.deadline) == ("Tiny", "tiny", 3, later)
    assert track.submission_deadline == later


def test_track_delete_is_refused_while_papers_use_it_and_counts_them(workshop):
    track = track_create(workshop=workshop, data=TINY)
    topic = workshop.topics.exclude(parent=None).first()
    SubmissionFactory(workshop=workshop, primary_topic=topic, track=track)
    SubmissionFactory(workshop=workshop, primary_topic=topic, track=track)
    with pytest.raises(Refusal) as refusal:
        track_delete(track=track)
    assert str(refusal.value) == (
        "“Tiny papers (2 pages)” cannot be deleted: 2 papers use it. "
        "Move those papers to another track first."
    )
    assert Track.objects.filter(pk=track.pk).exists()


def test_track_delete_of_an_unused_track(workshop):
    track = track_create(workshop=workshop, data=TINY)
    track_delete(track=track)
    assert not workshop.tracks.exists()


def test_workshop_copy_copies_the_tracks_with_their_deadlines_moved(workshop):
    creator = UserFactory()
    workshop.organizers.add(creator)
    deadline = workshop.submission_deadline + timedelta(days=2)
    track_create(workshop=workshop, data=TrackData(**{**TINY.__dict__, "deadline": deadline}))
    track_create(workshop=workshop, data=FULL)
    copy = workshop_copy(
        source=workshop, by=creator, name="FM-WS 2", short_name="FM-WS2", slug="fm-ws-2",
        offset_days=365,
    )  # fmt: skip
    assert list(
        copy.tracks.values_list("name", "max_pages", "deadline", "reviewers_per_paper", "order")
    ) == [
        ("Tiny papers (2 pages)", 2, deadline + timedelta(days=365), None, 0),
        ("Full papers (4 pages)", 4, None, 3, 1),
    ]


# Pages ------------------------------------------------------------------------------------


def test_organizer_adds_a_track_on_the_page(client, workshop, organizer):
    client.force_login(organizer)
    response = client.post(
        url(workshop),
        {"name": "Tiny papers", "max_pages": "2", "description": "", "deadline": "2099-01-01"},
    )
    # a deadline past bidding is refused and the typing is kept
    assert response.status_code == 200
    assert "must not come after the bidding deadline" in response.content.decode()
    assert 'value="Tiny papers"' in response.content.decode()
    response = client.post(
        url(workshop), {"name": "Tiny papers", "max_pages": "2", "reviewers_per_paper": "2"}
    )
    assert response.status_code == 302
    track = workshop.tracks.get()
    assert (track.name, track.max_pages, track.reviewers_per_paper) == ("Tiny papers", 2, 2)
    page = client.get(url(workshop)).content.decode()
    assert "at most 2 pages" in page
    assert "2 reviewers per paper" in page


def test_organizer_edits_a_track(client, workshop, organizer):
    track = track_create(workshop=workshop, data=TINY)
    client.force_login(organizer)
    response = client.post(
        url(workshop, "edit", track=track.pk),
        {"name": "Tiny papers", "max_pages": "3", "deadline": "2026-01-01T23:59"},
    )
    assert response.status_code == 200  # before submissions open: refused
    assert "must come after submissions open" in response.content.decode()
    response = client.post(
        url(workshop, "edit", track=track.pk), {"name": "Tiny", "max_pages": "3"}
    )
    assert response.status_code == 302
    track.refresh_from_db()
    assert (track.name, track.max_pages) == ("Tiny", 3)


def test_organizer_delete_of_a_used_track_is_refused_with_the_count(client, workshop, organizer):
    track = track_create(workshop=workshop, data=TINY)
    SubmissionFactory(
        workshop=workshop, primary_topic=workshop.topics.exclude(parent=None).first(), track=track
    )
    client.force_login(organizer)
    response = client.post(url(workshop, "delete", track=track.pk), follow=True)
    assert "cannot be deleted: 1 paper uses it" in response.content.decode()
    assert workshop.tracks.count() == 1


def test_track_list_page_queries_do_not_grow_with_tracks(
    client, workshop, organizer, django_assert_num_queries
):
    client.force_login(organizer)
    track_create(workshop=workshop, data=TINY)
    with django_assert_num_queries(TRACK_PAGE_QUERIES):
        client.get(url(workshop))
    for n in range(5):
        track_create(workshop=workshop, data=TrackData(name=f"Track {n}", max_pages=4))
    with django_assert_num_queries(TRACK_PAGE_QUERIES):
        client.get(url(workshop))


# session, user, workshop, organizer check, the workshop's outcomes, tracks, paper counts
TRACK_PAGE_QUERIES = 7


def test_call_for_papers_lists_the_tracks_with_limits_and_descriptions(client, workshop):
    track_create(workshop=workshop, data=TINY)
    track_create(workshop=workshop, data=FULL)
    page = client.get(reverse("topics:cfp", kwargs={"workshop": workshop.slug})).content.decode()
    assert page.index("Tiny papers (2 pages)") < page.index("Full papers (4 pages)")
    assert "At most 2 pages" in page
    assert "At most 4 pages" in page
    assert "<em>ideas</em>" in page
    assert "the page limit of their track" in page


def test_call_for_papers_without_tracks_shows_the_workshop_limit(client, workshop):
    page = client.get(reverse("topics:cfp", kwargs={"workshop": workshop.slug})).content.decode()
    assert 'id="tracks"' not in page
    assert f"at most {workshop.max_pages} pages" in page
