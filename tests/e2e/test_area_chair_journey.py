"""Issue 15, area chairs: the organizer gives every paper an area chair, the area chair reads
the reviews (reviewers by number, no authors) and writes a meta-review, and the organizer
sees its recommendation on the decision table."""

import pytest

from pool.models import AreaChair
from tests.e2e.helpers import log_in_as, make_user, screenshot
from tests.reviews.review_builders import (
    add_organizer,
    assign,
    paper,
    reviewer,
    reviewing_workshop,
    submit,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDE, NARROW = {"width": 1280, "height": 900}, {"width": 390, "height": 844}


def assert_fits(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


def test_organizer_assigns_area_chairs_who_write_a_meta_review_seen_on_the_decisions(
    page, tmp_path
):
    workshop = reviewing_workshop(slug="acj", short_name="ACJ")
    olga = add_organizer(workshop)
    olga.set_password("a-long-and-unusual-passphrase")
    olga.save()
    olga.emailaddress_set.create(email=olga.email, verified=True, primary=True)
    cora = make_user("cora@chairs.example.org", "Cora Chair", "Chair University")
    AreaChair.objects.create(workshop=workshop, user=cora, max_load=1)
    otto = make_user("otto@chairs.example.org", "Otto Chair", "Other University")
    AreaChair.objects.create(workshop=workshop, user=otto, max_load=1)
    first = paper(
        workshop,
        number=1,
        title="Grokking as a phase transition",
        authors=[("Ann Authorname", "ann@lab.example.org")],
    )
    paper(workshop, number=2, title="Data pruning beats scaling", slug="data")
    rex = reviewer(workshop, "rex@rev.example.org", name="Rex Reviewername")
    assign(first, rex)
    submit(first, rex, score=7, summary="A careful study of grokking.")

    # The organizer gives every paper an area chair.
    page.set_viewport_size(WIDE)  # the log-out button hides in the narrow menu
    log_in_as(page, olga.email)
    page.goto("/acj/manage/assignment/area-chairs/")
    page.get_by_role("button", name="Give every paper an area chair").click()
    page.get_by_text("2 paper(s) got an area chair from the run").wait_for()
    page.get_by_label("Area chair of #1").select_option(label="Cora Chair")
    page.get_by_role("button", name="Set").first.click()
    page.get_by_text("Area chair of #1: Cora Chair.").wait_for()
    # and #2 too, whichever of the two the run gave her: one paper over her limit
    page.get_by_label("Area chair of #2").select_option(label="Cora Chair")
    page.get_by_role("button", name="Set").nth(1).click()
    page.get_by_text("Area chair of #2: Cora Chair.").wait_for()
    page.get_by_text("Cora Chair: 2 papers (at most 1) · over the limit").wait_for()
    assert_fits(page)
    screenshot(page, tmp_path, "area-chairs-1280")
    page.set_viewport_size(NARROW)
    assert_fits(page)
    screenshot(page, tmp_path, "area-chairs-390")

    # Cora reads the paper's review and writes her meta-review.
    page.set_viewport_size(WIDE)  # the log-out button hides in the narrow menu
    log_in_as(page, cora.email)
    page.goto("/acj/ac/")
    page.get_by_role("link", name="#1 Grokking as a phase transition").click()
    page.get_by_text("A careful study of grokking.").wait_for()
    body = page.locator("body").inner_text()
    assert "Reviewer 1" in body
    assert "Rex Reviewername" not in body
    assert "Ann Authorname" not in body
    page.get_by_label("Your recommendation").select_option(label="Accept (poster)")
    page.get_by_label("Meta-review").fill("The reviewers agree: a clear poster.")
    page.get_by_role("button", name="Save meta-review").click()
    page.get_by_text("Meta-review of").wait_for()
    assert_fits(page)
    screenshot(page, tmp_path, "area-chair-paper-1280")
    page.set_viewport_size(NARROW)
    assert_fits(page)
    screenshot(page, tmp_path, "area-chair-paper-390")
    page.goto("/acj/ac/")
    screenshot(page, tmp_path, "area-chair-console-390")

    # The organizer sees the recommendation on the decision table and takes the text over.
    page.set_viewport_size(WIDE)  # the log-out button hides in the narrow menu
    log_in_as(page, olga.email)
    page.goto("/acj/manage/decisions/")
    row = page.locator("tr", has_text="Grokking as a phase transition")
    assert "Accept (poster)" in row.inner_text()
    assert "Cora Chair" in row.inner_text()
    screenshot(page, tmp_path, "decision-table-1280")
    page.set_viewport_size(NARROW)
    screenshot(page, tmp_path, "decision-table-390")
    page.set_viewport_size(WIDE)
    page.goto("/acj/manage/decisions/1/")
    page.get_by_role("link", name="Use the area chair's meta-review").click()
    assert page.get_by_label("Meta-review (shown to the authors)").input_value() == (
        "The reviewers agree: a clear poster."
    )
