"""Issue 15, author response: the organizer shows the reviews to the authors, the author
reads them (anonymized) and responds (refused over the limit, text kept), a reviewer reads
the response and raises their score, and the organizer sees the change in the decision
table. Screenshots at 1280 and 390 px."""

from datetime import timedelta

import pytest
from django.utils import timezone

from pool.models import ReviewerProfile
from reviews.response_services import response_settings_save
from tests.e2e.helpers import accept_dialogs, log_in_as, make_user, screenshot
from tests.reviews.review_builders import (
    assign,
    move_to_deciding,
    paper,
    reviewing_workshop,
    submit,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDE, NARROW = {"width": 1280, "height": 900}, {"width": 390, "height": 844}


def _world():
    workshop = reviewing_workshop(slug="rb", short_name="RB")
    ada = make_user("ada@lab.example.org", "Ada Author", "Lab A")
    submission = paper(workshop, authors=[ada], number=1, title="Sparse attention at scale")
    rita = make_user("rita@uni.example.org", "Rita Reviewer", "Uni R")
    omar = make_user("omar@inst.example.org", "Omar Other", "Inst O")
    for user, score in ((rita, 4), (omar, 7)):
        ReviewerProfile.objects.create(workshop=workshop, user=user)
        assign(submission, user)
        submit(submission, user, score=score)
    olga = make_user("olga@org.example.net", "Olga Organizer", "Org")
    workshop.organizers.add(olga)
    move_to_deciding(workshop)
    now = timezone.now()
    response_settings_save(
        workshop=workshop,
        values={
            "response_enabled": True,
            "response_opens_at": now - timedelta(hours=1),
            "response_closes_at": now + timedelta(days=2),
            "response_max_chars": 200,
            "response_per_review": False,
        },
    )
    return workshop


def test_author_responds_reviewer_updates_organizer_sees_the_change(page, tmp_path):
    _world()
    accept_dialogs(page)
    page.set_viewport_size(WIDE)

    # The organizer shows the reviews to the authors for the response.
    log_in_as(page, "olga@org.example.net")
    page.goto("/rb/manage/reviews/settings/")
    page.get_by_role("button", name="Show reviews to authors for the response").click()
    page.locator("#reviews-shown").wait_for()
    screenshot(page, tmp_path, "response-settings-1280")

    # The author reads the anonymized reviews and responds.
    log_in_as(page, "ada@lab.example.org")
    page.goto("/rb/submissions/1/")
    page.get_by_role("link", name="Read the reviews and respond").click()
    page.get_by_text("Reviewer 2").first.wait_for()
    body = page.content()
    assert "Rita" not in body and "Omar" not in body
    box = page.get_by_label("Your response")
    too_long = "We ran five seeds. " * 12
    box.fill(too_long)
    page.get_by_text("over the limit").wait_for()
    page.get_by_role("button", name="Post response").click()
    page.get_by_text("the limit is 200").wait_for()
    assert page.get_by_label("Your response").input_value() == too_long
    page.get_by_label("Your response").fill("We added error bars: $\\sigma \\le 0.4$.")
    page.get_by_role("button", name="Post response").click()
    page.get_by_text("Response posted").wait_for()
    screenshot(page, tmp_path, "author-response-1280")
    page.set_viewport_size(NARROW)
    screenshot(page, tmp_path, "author-response-390")
    page.set_viewport_size(WIDE)

    # A reviewer reads it and raises the score.
    log_in_as(page, "rita@uni.example.org")
    page.goto("/rb/review/papers/1/")
    page.locator("#author-responses").get_by_text("We added error bars").wait_for()
    assert "Ada" not in page.content()
    page.get_by_label("Overall recommendation").select_option("6")
    page.get_by_role("button", name="Update review").click()
    page.locator("#updated-after-response").wait_for()
    screenshot(page, tmp_path, "reviewer-after-response-1280")
    page.set_viewport_size(NARROW)
    screenshot(page, tmp_path, "reviewer-after-response-390")
    page.set_viewport_size(WIDE)

    # The organizer sees the score change in the decision table.
    log_in_as(page, "olga@org.example.net")
    page.goto("/rb/manage/decisions/")
    page.locator("#decision-table").get_by_text("4 → 6").wait_for()
    screenshot(page, tmp_path, "decision-table-1280")
    page.set_viewport_size(NARROW)
    screenshot(page, tmp_path, "decision-table-390")

    # Its paper page has the response, the marked update and every version.
    page.set_viewport_size(WIDE)
    page.locator("#decision-table").get_by_role("link", name="#1").click()
    page.locator("#author-responses").get_by_text("We added error bars").wait_for()
    page.get_by_text("Updated after the response").wait_for()
    page.get_by_text("History (2 versions)").click()
    page.get_by_text("Version 2 (after the response)").wait_for()
    screenshot(page, tmp_path, "organizer-paper-1280")
    page.set_viewport_size(NARROW)
    screenshot(page, tmp_path, "organizer-paper-390")
