"""A track may narrow the decision outcomes its papers can get (e.g. tiny papers are never
orals): the track page offers the choice, deciding and meta-reviewing follow it."""

import pytest
from django.urls import reverse

from assignment.area_chairs import area_chair_set
from decisions.meta_reviews import meta_review_save
from decisions.models import Decision
from decisions.services import decision_set, decisions_bulk_set
from fomo_site.errors import Refusal
from pool.models import AreaChair
from tests.factories import UserFactory
from tests.reviews.review_builders import add_organizer, move_to_deciding, paper, reviewing_workshop
from topics.models import Track
from topics.tracks import TrackData, track_create, track_update

pytestmark = pytest.mark.django_db


@pytest.fixture
def workshop():
    return reviewing_workshop(slug="tro")


@pytest.fixture
def olga(workshop):
    return add_organizer(workshop)


@pytest.fixture
def tiny(workshop):
    return track_create(
        workshop=workshop,
        data=TrackData(name="Tiny papers", max_pages=2, outcomes=("poster", "reject")),
    )


def test_track_keeps_the_chosen_outcomes_and_all_ticked_means_the_workshops(workshop, tiny):
    assert tiny.outcomes == ["poster", "reject"]
    every = ("oral", "spotlight", "poster", "reject")
    track_update(track=tiny, data=TrackData(name="Tiny papers", max_pages=2, outcomes=every))
    assert Track.objects.get(pk=tiny.pk).outcomes == []


def test_track_refuses_an_outcome_the_workshop_does_not_offer(workshop):
    with pytest.raises(Refusal, match="not: maybe"):
        track_create(
            workshop=workshop, data=TrackData(name="Odd", max_pages=2, outcomes=("maybe",))
        )


def test_organizer_chooses_a_tracks_outcomes_on_its_page(client, workshop, olga):
    client.force_login(olga)
    list_url = reverse("tracks:list", kwargs={"workshop": workshop.slug})
    page = client.get(list_url).content.decode()
    assert "Outcomes offered" in page and "Accept (spotlight)" in page
    client.post(
        list_url, {"name": "Tiny papers", "max_pages": "2", "outcomes": ["poster", "reject"]}
    )
    track = Track.objects.get(workshop=workshop)
    assert track.outcomes == ["poster", "reject"]
    assert "outcomes: Accept (poster), Reject" in client.get(list_url).content.decode()


def test_a_paper_gets_only_its_tracks_outcomes(client, workshop, olga, tiny):
    one = paper(workshop, number=1, track=tiny)
    two = paper(workshop, number=2)
    move_to_deciding(workshop)
    with pytest.raises(Refusal, match="not offered in the track “Tiny papers”"):
        decision_set(submission=one, outcome="oral", by=olga)
    decision_set(submission=one, outcome="poster", by=olga)
    decision_set(submission=two, outcome="oral", by=olga)
    client.force_login(olga)
    page = client.get(
        reverse("decisions:paper", kwargs={"workshop": workshop.slug, "number": 1})
    ).content.decode()
    assert 'value="poster"' in page and 'value="oral"' not in page
    with pytest.raises(Refusal, match=r"#1 \(Tiny papers\)"):
        decisions_bulk_set(
            workshop=workshop, submission_ids=[one.pk, two.pk], outcome="spotlight", by=olga
        )
    assert dict(Decision.objects.values_list("submission__number", "outcome")) == {
        1: "poster",
        2: "oral",
    }
    assert (
        decisions_bulk_set(
            workshop=workshop, submission_ids=[one.pk, two.pk], outcome="reject", by=olga
        )
        == 2
    )


def test_area_chair_recommends_only_the_tracks_outcomes(client, workshop, olga, tiny):
    cora = UserFactory(email="cora@chairs.org")
    AreaChair.objects.create(workshop=workshop, user=cora)
    one = paper(workshop, number=1, track=tiny)
    area_chair_set(workshop=workshop, submission=one, area_chair=cora, by=olga)
    with pytest.raises(Refusal, match="outcomes offered for this paper"):
        meta_review_save(submission=one, area_chair=cora, recommendation="oral", text="Great.")
    client.force_login(cora)
    page = client.get(
        reverse("area_chair:paper", kwargs={"workshop": workshop.slug, "number": 1})
    ).content.decode()
    assert 'value="reject"' in page and 'value="oral"' not in page
