"""A workshop's review form per track: an extra question may be limited to some tracks
(e.g. "Is the code released?" for full papers only); reviews of other papers do not ask it."""

import pytest
from django.urls import reverse

from reviews.models import ReviewFormField
from reviews.services import review_form_field_create
from tests.reviews.review_builders import (
    add_organizer,
    assign,
    paper,
    reviewer,
    reviewing_workshop,
)
from topics.models import Track
from topics.services import workshop_copy

pytestmark = pytest.mark.django_db


@pytest.fixture
def workshop():
    return reviewing_workshop(slug="trq")


@pytest.fixture
def tracks(workshop):
    tiny = Track.objects.create(workshop=workshop, name="Tiny", slug="tiny", max_pages=2)
    full = Track.objects.create(workshop=workshop, name="Full", slug="full", max_pages=4, order=1)
    return tiny, full


def test_organizer_limits_a_question_to_a_track_and_only_its_reviews_ask_it(
    client, workshop, tracks
):
    tiny, full = tracks
    olga = add_organizer(workshop)
    client.force_login(olga)
    settings_url = reverse("reviews_manage:settings", kwargs={"workshop": workshop.slug})
    assert "Only in these tracks" in client.get(settings_url).content.decode()
    client.post(
        settings_url,
        {"form": "field", "kind": "text", "label": "Is the code released?",
         "score_min": 1, "score_max": 5, "tracks": [full.pk]},
    )  # fmt: skip
    review_form_field_create(workshop=workshop, kind="text", label="Any ethical concerns?")
    code = ReviewFormField.objects.get(label="Is the code released?")
    assert list(code.tracks.all()) == [full]
    assert "only in Full" in client.get(settings_url).content.decode()

    rex = reviewer(workshop, "rex@rev.org")
    small = paper(workshop, number=1, track=tiny)
    large = paper(workshop, number=2, track=full)
    assign(small, rex)
    assign(large, rex)
    client.force_login(rex)

    def asked(number):
        page = client.get(
            reverse("review:paper", kwargs={"workshop": workshop.slug, "number": number})
        ).content.decode()
        return ("Is the code released?" in page, "Any ethical concerns?" in page)

    assert asked(1) == (False, True)
    assert asked(2) == (True, True)


def test_copy_keeps_a_questions_tracks(workshop, tracks):
    _, full = tracks
    olga = add_organizer(workshop)
    review_form_field_create(
        workshop=workshop, kind="text", label="Is the code released?", tracks=[full]
    )
    copy = workshop_copy(
        source=workshop, by=olga, name="TRQ 2", short_name="TRQ2", slug="trq-2", offset_days=365
    )
    copied = ReviewFormField.objects.get(workshop=copy)
    assert [track.slug for track in copied.tracks.all()] == ["full"]
    assert copied.tracks.get().workshop == copy
