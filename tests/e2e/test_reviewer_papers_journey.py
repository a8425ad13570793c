"""Issue 12: a reviewer whose dashboard asks for their papers adds two by hand, reorders
them, pastes a BibTeX file (a broken entry first: told which, nothing lost), edits and
removes one, at 1280 and 390 px; reordering also works with JavaScript off."""

import pytest

from pool.models import ReviewerProfile
from pool.services import reviewer_profile_ensure
from tests.e2e.helpers import PASSWORD, accept_dialogs, log_in, make_user, screenshot
from tests.factories import WorkshopFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDE, NARROW = {"width": 1280, "height": 900}, {"width": 390, "height": 844}

BIBTEX_BROKEN = """@inproceedings{hopper52,
  title = {The Education of a {C}omputer},
  abstract = {On compilers: subroutines {\\em written once} and used again.},
  year = 1952, doi = {10.1145/609784.609818}}

@article{noTitle, year = 1959}
"""
BIBTEX_FIXED = BIBTEX_BROKEN.replace(
    "@article{noTitle, year = 1959}",
    "@article{cobol59, title = {COBOL: a common business-oriented language}, year = 1959}",
)


def assert_fits(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


def paper_titles(page) -> list[str]:
    return page.locator("#paper-list > li").evaluate_all(
        "items => items.map(item => item.dataset.paperTitle)"
    )


def test_reviewer_lists_reorders_and_pastes_their_papers(page, browser, live_server, tmp_path):
    workshop = WorkshopFactory(phase="bidding", slug="fm-ws", short_name="FM-WS")
    grace = make_user("grace@navy.example.org", "Grace Hopper", "Navy Lab")
    reviewer_profile_ensure(workshop=workshop, user=grace)
    accept_dialogs(page)

    page.set_viewport_size(WIDE)
    log_in(page, grace.email)
    page.get_by_text("Your reviewer profile lists none of your own papers.").wait_for()
    page.get_by_role("link", name="Add my papers").click()
    page.get_by_role("heading", name="Your papers").wait_for()
    page.get_by_text("You have listed no papers yet").wait_for()

    add = page.locator("form", has=page.get_by_role("button", name="Add paper"))
    add.get_by_role("button", name="Add paper").click()  # nothing typed: told, not lost
    add.get_by_text("This field is required.").wait_for()
    add.get_by_label("Abstract").fill("A compiler translates mathematical notation.")
    add.get_by_label("Year").fill("1955")
    add.get_by_role("button", name="Add paper").click()
    assert add.get_by_label("Abstract").input_value() == (
        "A compiler translates mathematical notation."
    )
    add.get_by_label("Title").fill("A-0: the first compiler")
    add.get_by_role("button", name="Add paper").click()
    page.get_by_text("“A-0: the first compiler” is added to your papers.").wait_for()
    add = page.locator("form", has=page.get_by_role("button", name="Add paper"))
    add.get_by_label("Title").fill("FLOW-MATIC")
    add.get_by_label("Link").fill("example.org/flow-matic")
    add.get_by_role("button", name="Add paper").click()
    page.get_by_text("“FLOW-MATIC” is added to your papers.").wait_for()
    assert paper_titles(page) == ["A-0: the first compiler", "FLOW-MATIC"]

    page.get_by_role("button", name="Move “FLOW-MATIC” up").click()
    page.wait_for_url("**/review/profile/#paper-*")
    assert paper_titles(page) == ["FLOW-MATIC", "A-0: the first compiler"]
    assert page.get_by_role("button", name="Move “FLOW-MATIC” up").is_disabled()

    paste = page.get_by_label("Paste a BibTeX file or a list of papers")
    paste.fill(BIBTEX_BROKEN)
    page.get_by_role("button", name="Add these papers").click()
    problems = page.locator("#paste-problems")
    problems.get_by_text("Nothing was added: 1 entry could not be read.").wait_for()
    assert "entry 2 (noTitle, line 6): no title" in problems.inner_text()
    assert page.get_by_label("Paste a BibTeX file or a list of papers").input_value() == (
        BIBTEX_BROKEN
    )
    assert len(paper_titles(page)) == 2
    assert_fits(page)
    screenshot(page, tmp_path, "papers-paste-refused-1280")
    page.get_by_label("Paste a BibTeX file or a list of papers").fill(BIBTEX_FIXED)
    page.get_by_role("button", name="Add these papers").click()
    page.get_by_text("2 papers are added to your list.").wait_for()
    assert paper_titles(page) == [
        "FLOW-MATIC",
        "A-0: the first compiler",
        "The Education of a Computer",
        "COBOL: a common business-oriented language",
    ]
    education = page.locator("#paper-list > li", has_text="The Education of a Computer")
    assert "On compilers: subroutines written once and used again." in education.inner_text()
    assert "1952" in education.inner_text()

    page.set_viewport_size(NARROW)
    assert_fits(page)
    page.get_by_role("button", name="Move “The Education of a Computer” down").click()
    page.wait_for_url("**/review/profile/#paper-*")
    assert paper_titles(page)[2:] == [
        "COBOL: a common business-oriented language",
        "The Education of a Computer",
    ]
    page.get_by_role("link", name="Edit “FLOW-MATIC”").click()
    page.get_by_label("Abstract").fill("English-like data processing.")
    page.get_by_label("Year").fill("1957")
    assert_fits(page)
    page.get_by_role("button", name="Save the paper").click()
    page.get_by_text("Your paper is saved.").wait_for()
    flow = page.locator("#paper-list > li", has_text="FLOW-MATIC")
    assert "English-like data processing." in flow.inner_text()
    assert "https://example.org/flow-matic" in flow.inner_text()
    page.get_by_role("button", name="Remove “A-0: the first compiler”").click()
    page.get_by_text("“A-0: the first compiler” is removed from your papers.").wait_for()
    assert_fits(page)
    screenshot(page, tmp_path, "papers-list-390")

    # Without JavaScript the up and down buttons are plain forms: they work the same.
    plain = browser.new_context(
        base_url=live_server.url, java_script_enabled=False, viewport=NARROW
    )
    try:
        nojs = plain.new_page()
        nojs.goto("/accounts/login/")
        nojs.locator("#id_login").fill(grace.email)
        nojs.locator("#id_password").fill(PASSWORD)
        nojs.get_by_role("button", name="Sign In").click()
        nojs.goto("/fm-ws/review/profile/#papers")
        nojs.get_by_role("button", name="Move “FLOW-MATIC” down").click()
        nojs.get_by_role("heading", name="Your papers").wait_for()
        assert "#paper-" in nojs.url
    finally:
        plain.close()
    profile = ReviewerProfile.objects.get(user=grace)
    assert [paper.title for paper in profile.papers.all()] == [
        "COBOL: a common business-oriented language",
        "FLOW-MATIC",
        "The Education of a Computer",
    ]
    page.goto("/accounts/dashboard/")
    assert page.get_by_role("link", name="Add my papers").count() == 0
