"""The top navigation of a reviewer: one line per item on a laptop, a working menu on a phone."""

import pytest
from django.core.management import call_command

from tests.e2e.helpers import log_in, make_user, screenshot
from tests.factories import ReviewerProfileFactory
from topics.models import Workshop

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def nav_items(page) -> list[dict]:
    return page.eval_on_selector_all(
        "#nav .nav-link",
        """links => links.map(link => {
            const box = link.getBoundingClientRect();
            const style = getComputedStyle(link);
            return {text: link.textContent.trim(), height: box.height, top: box.top,
                    line: parseFloat(style.lineHeight), padding: parseFloat(style.paddingTop)
                          + parseFloat(style.paddingBottom), visible: box.width > 0};
        })""",
    )


def test_reviewer_navigation_fits_each_item_on_one_line_and_collapses_on_a_phone(page, tmp_path):
    page.set_default_timeout(60000)  # the shared test machine can be slow
    call_command("load_cfp", slug="me-fomo-reviewing", phase="reviewing")
    workshop = Workshop.objects.get(slug="me-fomo-reviewing")
    Workshop.objects.filter(pk=workshop.pk).update(short_name="ME-FoMo (in review)")
    reviewer = make_user("riya@berkeley.example.edu", "Riya Ramaswamy-Reviewer", "UC Berkeley")
    ReviewerProfileFactory(workshop=workshop, user=reviewer)

    page.set_viewport_size({"width": 1280, "height": 800})
    log_in(page, reviewer.email)
    page.goto("/me-fomo-reviewing/review/bids/")
    items = nav_items(page)
    assert [item["text"] for item in items][:6] == [
        "Workshops", "ME-FoMo (in review)", "My assignments", "My reviews", "Bidding",
        "Reviewer profile",
    ]  # fmt: skip
    for item in items:
        assert item["height"] <= item["line"] + item["padding"] + 1, item
    assert len({round(item["top"]) for item in items}) == 1  # and all in one row
    assert items[7]["text"] == "Riya Ramaswamy-Reviewer"  # cut short on screen only
    screenshot(page, tmp_path, "reviewer-nav-1280")

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/me-fomo-reviewing/review/bids/")
    toggler = page.get_by_role("button", name="Menu")
    assert toggler.is_visible()
    assert not page.get_by_role("link", name="My reviews").is_visible()
    toggler.click()
    page.get_by_role("link", name="My reviews").wait_for(state="visible")
    items = [item for item in nav_items(page) if item["visible"]]
    tops = [item["top"] for item in items]
    assert tops == sorted(tops) and len(set(tops)) == len(tops)  # stacked, one per row
    for item in items:
        assert item["height"] <= item["line"] + item["padding"] + 1, item
    page.wait_for_timeout(400)  # the collapse animation
    screenshot(page, tmp_path, "reviewer-nav-390-open")
