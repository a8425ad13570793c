"""Formulas in abstracts are typeset by the vendored KaTeX, under the site's CSP."""

import pytest
from django.core.management import call_command

from tests.e2e.helpers import log_in, make_paper, make_user, screenshot
from tests.factories import ReviewerProfileFactory
from topics.models import Workshop

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_inline_math_in_an_abstract_is_typeset_and_broken_math_stays_as_typed(page):
    call_command("load_cfp", phase="bidding")
    workshop = Workshop.objects.get(slug="me-fomo")
    make_paper(
        workshop,
        title="Broken neural scaling laws",
        topic="Scaling laws",
        abstract=r"The loss follows $L(N) = a N^{-\alpha} + b$, not $\frac{1}{$ a power law.",
        author=("Ethan Caballero", "ethan@mila.example.ca", "Mila"),
    )
    reviewer = make_user("barbara@mit.example.edu", "Barbara Liskov", "MIT")
    ReviewerProfileFactory(workshop=workshop, user=reviewer)

    log_in(page, reviewer.email)
    page.goto("/me-fomo/review/bids/")
    formula = page.locator("#paper-1 span.math-typeset")
    formula.wait_for()
    assert formula.get_attribute("title") == r"$L(N) = a N^{-\alpha} + b$"
    assert formula.locator(".katex-html").is_visible()
    assert "α" in formula.locator("math").text_content()  # MathML for screen readers
    broken = page.locator("#paper-1 span.math-unparsed")
    assert broken.inner_text() == r"$\frac{1}{$"
    assert page.locator("link[href*='katex.min.css']").count() == 1

    page.goto("/me-fomo/")  # no formula on the page: KaTeX is not fetched
    assert page.locator("script[src*='katex.min.js']").count() == 0


def test_inline_math_on_the_bid_detail_page_is_typeset(page, tmp_path):
    call_command("load_cfp", phase="bidding")
    workshop = Workshop.objects.get(slug="me-fomo")
    make_paper(
        workshop,
        title="Broken neural scaling laws",
        topic="Scaling laws",
        abstract=r"The loss follows $L(N) = a N^{-\alpha} + b$ over many decades.",
        author=("Ethan Caballero", "ethan@mila.example.ca", "Mila"),
    )
    reviewer = make_user("barbara@mit.example.edu", "Barbara Liskov", "MIT")
    ReviewerProfileFactory(workshop=workshop, user=reviewer)

    log_in(page, reviewer.email)
    for width, height in ((1280, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        page.goto("/me-fomo/review/bids/1/")
        formula = page.locator("article span.math-typeset")
        formula.wait_for()
        assert formula.get_attribute("title") == r"$L(N) = a N^{-\alpha} + b$"
        assert "$" not in page.locator("article .text-abstract").inner_text()
        screenshot(page, tmp_path, f"bid-detail-{width}")
