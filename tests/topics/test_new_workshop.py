"""Issue 13: people the site lets create workshops start one from scratch or as the next
edition of one they organize (topics, settings, review form, mail texts; dates moved)."""

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse

from notifications.models import MailTemplate, OutgoingEmail
from pool.models import ReviewerInvitation
from reviews.models import ReviewFormField, ReviewSettings
from tests.factories import ReviewerProfileFactory, UserFactory
from topics.models import Workshop
from topics.services import DATE_FIELDS, workshop_copy

pytestmark = pytest.mark.django_db

NEW_URL = reverse("topics:workshop_new")


@pytest.fixture
def creator(organizer):
    organizer.may_create_workshops = True
    organizer.save(update_fields=["may_create_workshops"])
    return organizer


def test_new_workshop_refused_without_the_flag(client, organizer):
    client.force_login(organizer)
    assert client.get(NEW_URL).status_code == 403
    assert client.post(NEW_URL, {"form": "new"}).status_code == 403
    assert "New workshop" not in client.get(reverse("topics:workshop_list")).content.decode()


def test_new_workshop_link_shown_with_the_flag(client, creator):
    client.force_login(creator)
    assert "New workshop" in client.get(reverse("topics:workshop_list")).content.decode()
    assert "New workshop" in client.get(reverse("accounts:dashboard")).content.decode()


def test_new_workshop_from_scratch_dates_in_aoe_creator_organizes(client):
    creator = UserFactory(may_create_workshops=True)
    client.force_login(creator)
    response = client.post(
        NEW_URL,
        {
            "form": "new",
            "new-name": "Workshop on Small Models",
            "new-short_name": "SMOL 2031",
            "new-slug": "smol-2031",
            "new-submission_opens_at": "2031-01-10 00:00",
            "new-submission_deadline": "2031-03-01 23:59",
            "new-bidding_deadline": "2031-03-08 23:59",
            "new-review_deadline": "2031-04-01 23:59",
            "new-decision_notification_at": "2031-04-15 12:00",
            "new-camera_ready_deadline": "2031-05-01 23:59",
        },
    )
    assert response.status_code == 302
    workshop = Workshop.objects.get(slug="smol-2031")
    assert response.headers["Location"] == "/smol-2031/manage/settings/"
    assert workshop.submission_deadline == datetime(2031, 3, 2, 11, 59, tzinfo=UTC)
    assert list(workshop.organizers.all()) == [creator]


def test_new_workshop_dates_out_of_order_message(client, creator):
    client.force_login(creator)
    response = client.post(
        NEW_URL,
        {
            "form": "new",
            "new-name": "Typed name",
            "new-short_name": "T",
            "new-slug": "typed",
            "new-submission_opens_at": "2031-03-10 00:00",
            "new-submission_deadline": "2031-03-01 23:59",
            "new-bidding_deadline": "2031-03-08 23:59",
            "new-review_deadline": "2031-04-01 23:59",
            "new-decision_notification_at": "2031-04-15 12:00",
            "new-camera_ready_deadline": "2031-05-01 23:59",
        },
    )
    assert response.context["new_form"].errors["submission_deadline"] == [
        "The submission deadline (Sat 01 Mar 2031, 23:59 AoE) must be after submission opens "
        "(Mon 10 Mar 2031, 00:00 AoE)."
    ]
    assert 'value="Typed name"' in response.content.decode()
    assert not Workshop.objects.filter(slug="typed").exists()


def test_copy_takes_tree_settings_forms_mail_and_shifts_dates_exactly(workshop, creator):
    workshop.max_pages = 8
    workshop.show_other_reviews_after_submit = False
    workshop.save()
    ReviewSettings.objects.create(workshop=workshop, score_max=7, reminder_days_before=5)
    ReviewFormField.objects.create(
        workshop=workshop, kind="text", label="Is the code released?", required=True, order=2
    )
    MailTemplate.objects.create(
        workshop=workshop,
        name="reviewer_invitation",
        subject="Join us",
        body="{{ invitation_url }}",
    )
    copy = workshop_copy(
        source=workshop, by=creator, name="FM-WS 2", short_name="FM-WS2", slug="fm-ws-2",
        offset_days=365,
    )  # fmt: skip
    for field in DATE_FIELDS:
        assert getattr(copy, field) == getattr(workshop, field) + timedelta(days=365)
    assert (copy.max_pages, copy.show_other_reviews_after_submit) == (8, False)
    tree = sorted(copy.topics.values_list("slug", "parent__slug", "order"))
    assert tree == sorted(workshop.topics.values_list("slug", "parent__slug", "order"))
    assert copy.topics.count() == 5
    settings = ReviewSettings.objects.get(workshop=copy)
    assert (settings.score_max, settings.reminder_days_before) == (7, 5)
    field = ReviewFormField.objects.get(workshop=copy)
    assert (field.label, field.required, field.order) == ("Is the code released?", True, 2)
    text = MailTemplate.objects.get(workshop=copy)
    assert (text.name, text.subject) == ("reviewer_invitation", "Join us")
    assert list(copy.organizers.all()) == [creator]
    assert ReviewerInvitation.objects.filter(workshop=copy).count() == 0


def test_copy_invites_the_earlier_pool_through_the_outbox(workshop, creator):
    reviewer = ReviewerProfileFactory(workshop=workshop).user
    copy = workshop_copy(
        source=workshop, by=creator, name="FM-WS 2", short_name="FM-WS2", slug="fm-ws-2",
        offset_days=30, invite_reviewers=True,
    )  # fmt: skip
    invitation = ReviewerInvitation.objects.get(workshop=copy)
    assert (invitation.email, invitation.invited_by) == (reviewer.email, creator)
    mail = OutgoingEmail.objects.get(kind="reviewer_invitation")
    assert mail.to == [reviewer.email]
    assert mail.workshop == copy


def test_copy_page_offers_only_workshops_one_organizes(client, workshop, creator):
    elsewhere = Workshop.objects.create(
        name="Not mine", short_name="NM", slug="not-mine",
        **{field: getattr(workshop, field) for field in DATE_FIELDS},
    )  # fmt: skip
    client.force_login(creator)
    response = client.post(
        NEW_URL,
        {"form": "copy", "copy-source": elsewhere.pk, "copy-name": "X", "copy-short_name": "X",
         "copy-slug": "x", "copy-offset_days": 365},
    )  # fmt: skip
    assert response.context["copy_form"].errors["source"]
    assert not Workshop.objects.filter(slug="x").exists()


def test_copy_through_the_page_to_a_taken_address_says_so(client, workshop, creator):
    client.force_login(creator)
    response = client.post(
        NEW_URL,
        {"form": "copy", "copy-source": workshop.pk, "copy-name": "Again", "copy-short_name": "A",
         "copy-slug": "fm-ws", "copy-offset_days": 365},
    )  # fmt: skip
    assert response.status_code == 200
    assert "The address “fm-ws” is taken by another workshop." in response.content.decode()
    assert 'value="Again"' in response.content.decode()


def test_copy_takes_the_response_subreviewer_and_area_chair_settings(workshop, creator):
    """Issue 15: the author response (its dates moved), subreviewers, area chairs' view of
    reviewer names and the outcomes a track offers come along to the next edition."""
    from pool.models import AreaChair
    from topics.models import Track

    workshop.area_chairs_see_reviewer_names = True
    workshop.save()
    opens = workshop.review_deadline + timedelta(days=1)
    ReviewSettings.objects.create(
        workshop=workshop,
        response_enabled=True,
        response_opens_at=opens,
        response_closes_at=opens + timedelta(days=5),
        response_max_chars=2500,
        response_per_review=True,
        subreviewers_allowed=True,
        subreviewer_approval_required=True,
    )
    Track.objects.create(
        workshop=workshop, name="Tiny", slug="tiny", max_pages=2, outcomes=["poster", "reject"]
    )
    chair = UserFactory(email="cora@chairs.org", full_name="Cora Chair")
    AreaChair.objects.create(workshop=workshop, user=chair, affiliation="Chair U")
    copy = workshop_copy(
        source=workshop, by=creator, name="FM-WS 2", short_name="FM-WS2", slug="fm-ws-2",
        offset_days=365, invite_reviewers=True,
    )  # fmt: skip
    settings = ReviewSettings.objects.get(workshop=copy)
    assert (
        settings.response_enabled,
        settings.response_max_chars,
        settings.response_per_review,
        settings.subreviewers_allowed,
        settings.subreviewer_approval_required,
    ) == (True, 2500, True, True, True)
    assert settings.response_opens_at == opens + timedelta(days=365)
    assert settings.response_closes_at == opens + timedelta(days=370)
    assert copy.area_chairs_see_reviewer_names is True
    assert list(copy.tracks.values_list("name", "outcomes")) == [("Tiny", ["poster", "reject"])]
    invitation = ReviewerInvitation.objects.get(workshop=copy, email="cora@chairs.org")
    assert (invitation.role, invitation.affiliation) == ("area_chair", "Chair U")
    assert not AreaChair.objects.filter(workshop=copy).exists()  # until Cora accepts
