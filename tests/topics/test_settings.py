"""Issue 13: organizers change their workshop's settings without the admin, every change
logged; dates are typed and shown in Anywhere on Earth (UTC−12)."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse

from fomo_site.errors import Refusal
from tests.factories import SubmissionFactory, UserFactory
from topics.aoe import AOE
from topics.forms import WorkshopSettingsForm
from topics.models import Workshop, WorkshopChange
from topics.services import workshop_update

pytestmark = pytest.mark.django_db


def settings_data(workshop: Workshop, **changes) -> dict:
    """The settings form as the page shows it, with some values changed."""
    form = WorkshopSettingsForm(instance=workshop)
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if isinstance(value, datetime):
            value = field.widget.format_value(value)
        data[name] = "" if value is None else value
    if not data["show_other_reviews_after_submit"]:
        del data["show_other_reviews_after_submit"]
    data.update(changes)
    return data


# A later edition's dates, as an organizer types them (AoE).
DATES_2031 = {
    "submission_opens_at": "2031-09-01 00:00",
    "submission_deadline": "2031-12-15 23:59",
    "bidding_deadline": "2031-12-22 23:59",
    "review_deadline": "2032-01-20 23:59",
    "decision_notification_at": "2032-02-01 12:00",
    "camera_ready_deadline": "2032-02-20 23:59",
}


def settings_url(workshop: Workshop) -> str:
    return reverse("topics:settings", kwargs={"workshop": workshop.slug})


def test_settings_deadline_typed_in_aoe_is_stored_as_that_instant(client, workshop, organizer):
    client.force_login(organizer)
    response = client.post(settings_url(workshop), settings_data(workshop, **DATES_2031))
    assert response.status_code == 302
    workshop.refresh_from_db()
    assert workshop.bidding_deadline == datetime(2031, 12, 23, 11, 59, tzinfo=UTC)
    page = client.get(settings_url(workshop)).content.decode()
    assert 'value="2031-12-22T23:59"' in page  # shown again in AoE, as typed
    assert "Tue 23 Dec 2031" not in page


def test_settings_aoe_round_trip_keeps_every_date(client, workshop, organizer):
    client.force_login(organizer)
    before = {field: getattr(workshop, field).replace(second=0, microsecond=0) for field in (
        "submission_opens_at", "submission_deadline", "camera_ready_deadline"
    )}  # fmt: skip
    response = client.post(settings_url(workshop), settings_data(workshop))
    assert response.status_code == 302
    workshop.refresh_from_db()
    assert {field: getattr(workshop, field) for field in before} == before
    assert WorkshopChange.objects.filter(workshop=workshop).count() == 0


def test_settings_dates_out_of_order_named_in_the_message(client, workshop, organizer):
    client.force_login(organizer)
    data = settings_data(
        workshop,
        name="A name typed before the error",
        submission_deadline="2031-06-01 23:59",
        bidding_deadline="2031-05-01 23:59",
        review_deadline="2031-07-01 23:59",
        decision_notification_at="2031-08-01 23:59",
        camera_ready_deadline="2031-09-01 23:59",
    )
    response = client.post(settings_url(workshop), data)
    assert response.status_code == 200
    assert response.context["form"].errors["bidding_deadline"] == [
        "Bidding ends (Thu 01 May 2031, 23:59 AoE) must be on or after the submission "
        "deadline (Sun 01 Jun 2031, 23:59 AoE)."
    ]
    assert 'value="A name typed before the error"' in response.content.decode()
    workshop.refresh_from_db()
    assert workshop.name != "A name typed before the error"


def test_settings_review_deadline_equal_to_bidding_end_refused(workshop, organizer):
    with pytest.raises(Refusal) as refused:
        workshop_update(
            workshop=workshop, by=organizer, values={"review_deadline": workshop.bidding_deadline}
        )
    assert str(refused.value).startswith("The review deadline (")
    assert "must be after bidding ends (" in str(refused.value)


def test_settings_change_logged_with_who_old_and_new(client, workshop, organizer):
    client.force_login(organizer)
    old_pages = workshop.max_pages
    client.post(
        settings_url(workshop),
        settings_data(workshop, **{**DATES_2031, "max_pages": old_pages + 2}),
    )
    changes = {
        change.field: change
        for change in WorkshopChange.objects.filter(workshop=workshop).select_related("changed_by")
    }
    assert set(changes) == {"max_pages", *DATES_2031}
    assert (changes["max_pages"].old_value, changes["max_pages"].new_value) == (
        str(old_pages),
        str(old_pages + 2),
    )
    assert changes["bidding_deadline"].new_value == "Mon 22 Dec 2031, 23:59 AoE"
    assert changes["max_pages"].changed_by == organizer
    page = client.get(settings_url(workshop)).content.decode()
    assert "Mon 22 Dec 2031, 23:59 AoE" in page
    assert "Olivia Organizer" in page


def test_settings_slug_fixed_once_papers_exist(client, workshop, organizer):
    SubmissionFactory(workshop=workshop)
    client.force_login(organizer)
    page = client.get(settings_url(workshop)).content.decode()
    assert "Fixed: papers have been submitted" in page
    client.post(settings_url(workshop), settings_data(workshop, slug="another-address"))
    workshop.refresh_from_db()
    assert workshop.slug == "fm-ws"
    with pytest.raises(Refusal, match="cannot change: papers have been submitted"):
        workshop_update(workshop=workshop, by=organizer, values={"slug": "another-address"})


def test_settings_slug_changes_while_no_paper_exists(client, workshop, organizer):
    client.force_login(organizer)
    response = client.post(settings_url(workshop), settings_data(workshop, slug="fm-ws-2031"))
    assert response.headers["Location"] == "/fm-ws-2031/manage/settings/"
    assert Workshop.objects.get(pk=workshop.pk).slug == "fm-ws-2031"


def test_settings_preview_button_renders_markdown_without_saving(client, workshop, organizer):
    client.force_login(organizer)
    response = client.post(
        settings_url(workshop),
        settings_data(
            workshop, description="## Topics\n\n*New* text <script>x</script>", preview="1"
        ),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "<em>New</em> text" in page
    assert "<script>x</script>" not in page
    workshop.refresh_from_db()
    assert workshop.description == "Understanding **foundation models**."


def test_settings_preview_endpoint_uses_the_site_markdown(client, workshop, organizer):
    client.force_login(organizer)
    response = client.post(
        reverse("topics:settings_preview", kwargs={"workshop": workshop.slug}),
        {"description": "**bold** [link](https://example.org)"},
    )
    assert response.content.decode() == (
        '<p><strong>bold</strong> <a href="https://example.org" rel="nofollow noopener">'
        "link</a></p>"
    )


def test_settings_refused_to_a_non_organizer(client, workshop):
    client.force_login(UserFactory())
    assert client.get(settings_url(workshop)).status_code == 403


def test_aoe_field_reads_a_date_typed_with_a_space():
    form = WorkshopSettingsForm()
    value = form.fields["submission_deadline"].clean("2026-12-22 23:59")
    assert value == datetime(2026, 12, 22, 23, 59, tzinfo=AOE)
    assert value.astimezone(UTC) == datetime(2026, 12, 23, 11, 59, tzinfo=UTC)


def test_settings_page_change_log_with_constant_queries(
    client, workshop, organizer, django_assert_num_queries
):
    client.force_login(organizer)
    workshop_update(workshop=workshop, by=organizer, values={"max_pages": 5})
    client.get(settings_url(workshop))
    with django_assert_num_queries(7) as one:
        client.get(settings_url(workshop))
    for pages in range(6, 16):
        workshop_update(workshop=workshop, by=organizer, values={"max_pages": pages})
    with django_assert_num_queries(len(one.captured_queries)):
        page = client.get(settings_url(workshop)).content.decode()
    assert page.count("<strong>Max pages</strong>") == 11
