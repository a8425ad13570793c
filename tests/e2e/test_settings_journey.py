"""Issue 13: an organizer moves a deadline on the settings page (typed and shown in AoE, with
the change in the log), then creates the workshop's next edition as a copy."""

from datetime import timedelta

import pytest
from django.core.management import call_command

from tests.e2e.helpers import accept_dialogs, last_email_to, log_in, make_user, screenshot
from topics.aoe import AOE, aoe_format
from topics.models import Workshop

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDE, NARROW = {"width": 1280, "height": 900}, {"width": 390, "height": 844}


def assert_fits(page) -> None:
    """Nothing sticks out sideways at the current width."""
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


def test_organizer_moves_a_deadline_and_creates_the_next_edition(page, tmp_path):
    call_command("load_cfp", phase="submission")
    workshop = Workshop.objects.get(slug="me-fomo")
    ada = make_user(
        "ada@organizers.example.org",
        "Ada Lovelace",
        "Analytical Engines",
        may_create_workshops=True,
    )
    workshop.organizers.add(ada)
    new_deadline = (workshop.submission_deadline + timedelta(days=3)).astimezone(AOE)
    typed = new_deadline.strftime("%Y-%m-%dT23:59")
    shown = aoe_format(new_deadline.replace(hour=23, minute=59))

    page.set_viewport_size(WIDE)
    log_in(page, ada.email)
    page.get_by_role("link", name="Manage").click()
    page.get_by_role("link", name="Settings").click()
    page.get_by_role("heading", name="Settings").wait_for()
    page.get_by_label("Submission deadline (AoE)").fill(typed)
    page.locator("[data-local-for=id_submission_deadline]").get_by_text("Your time:").wait_for()
    page.get_by_role("button", name="Save settings").click()
    page.get_by_text("Saved: 1 change.").wait_for()
    log_row = page.locator("#change-log li").first
    assert "Submission deadline" in log_row.inner_text()
    assert shown in log_row.inner_text()
    assert "Ada Lovelace" in log_row.inner_text()
    assert page.get_by_label("Submission deadline (AoE)").input_value() == typed
    screenshot(page, tmp_path, "settings-1280")
    page.set_viewport_size(NARROW)
    assert_fits(page)
    screenshot(page, tmp_path, "settings-390")
    workshop.refresh_from_db()
    assert aoe_format(workshop.submission_deadline) == shown

    page.set_viewport_size(WIDE)
    page.goto("/accounts/dashboard/")
    page.get_by_role("link", name="New workshop").click()
    page.get_by_label("Copy of").select_option(label=workshop.short_name)
    page.locator("#id_copy-name").fill("Mechanistic Explanations of Foundation Models 2027")
    page.locator("#id_copy-short_name").fill("ME-FoMo 2027")
    page.locator("#id_copy-slug").fill("me-fomo-2027")
    screenshot(page, tmp_path, "new-workshop-1280")
    page.set_viewport_size(NARROW)
    assert_fits(page)
    screenshot(page, tmp_path, "new-workshop-390")
    page.get_by_role("button", name="Create the next edition").click()
    page.get_by_text("ME-FoMo 2027 is created: check its settings.").wait_for()
    next_edition = Workshop.objects.get(slug="me-fomo-2027")
    assert next_edition.submission_deadline == workshop.submission_deadline + timedelta(days=365)
    assert next_edition.topics.count() == workshop.topics.count()
    expected = next_edition.submission_deadline.astimezone(AOE).strftime("%Y-%m-%dT%H:%M")
    assert page.get_by_label("Submission deadline (AoE)").input_value() == expected
    screenshot(page, tmp_path, "next-edition-390")


def test_organizer_adds_and_removes_a_co_organizer(page, tmp_path):
    call_command("load_cfp", phase="submission")
    workshop = Workshop.objects.get(slug="me-fomo")
    ada = make_user("ada@organizers.example.org", "Ada Lovelace", "Analytical Engines")
    workshop.organizers.add(ada)
    make_user("grace@navy.example.mil", "Grace Hopper", "US Navy")
    accept_dialogs(page)

    page.set_viewport_size(WIDE)
    log_in(page, ada.email)
    page.goto("/me-fomo/manage/settings/")
    page.get_by_role("link", name="Organizers").click()
    page.get_by_label("Email address").fill("grace@navy.example.mil")
    page.get_by_role("button", name="Invite").click()
    page.get_by_text("Grace Hopper is now an organizer; we told them by email.").wait_for()
    assert last_email_to("grace@navy.example.mil").kind == "organizer_added"
    page.get_by_label("Email address").fill("alan@bletchley.example.org")
    page.get_by_role("button", name="Invite").click()
    page.get_by_text("alan@bletchley.example.org has no account yet").wait_for()
    screenshot(page, tmp_path, "organizers-1280")
    page.set_viewport_size(NARROW)
    assert_fits(page)
    screenshot(page, tmp_path, "organizers-390")

    page.locator("li", has_text="Grace Hopper").get_by_role("button", name="Remove").click()
    page.get_by_text("Grace Hopper is no longer an organizer.").wait_for()
    page.locator("li", has_text="Ada Lovelace").get_by_role("button", name="Remove").click()
    page.get_by_text("Ada Lovelace is the last organizer").wait_for()
    assert list(workshop.organizers.all()) == [ada]
