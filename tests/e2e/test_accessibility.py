"""axe-core (vendored, test-only) finds no serious or critical accessibility violation on
the main page of each role, at laptop and phone widths."""

from pathlib import Path

import pytest
from django.core.management import call_command

from tests.e2e.helpers import log_in_as, make_organizer, make_paper, make_user, screenshot
from tests.factories import ReviewerProfileFactory
from tests.reviews.review_builders import assign
from topics.models import Workshop

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = (Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js").read_text(encoding="utf-8")


def serious_violations(page) -> list[str]:
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE)
    results = page.evaluate(
        """async () => {
            const r = await axe.run(document, {resultTypes: ['violations']});
            return {violations: r.violations, passes: r.passes.length};
        }"""
    )
    assert results["passes"] > 10  # axe did run its rules on the page
    violations = results["violations"]
    print(page.url, [(v["id"], v["impact"]) for v in violations])
    return [
        f"{violation['id']} ({violation['impact']}): "
        + "; ".join(" ".join(node["target"]) for node in violation["nodes"][:5])
        for violation in violations
        if violation["impact"] in ("serious", "critical")
    ]


def check(page, tmp_path, path: str, name: str) -> list[str]:
    found = []
    for width, height in ((1280, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        page.goto(path)
        found += [f"{path} at {width}px: {line}" for line in serious_violations(page)]
        screenshot(page, tmp_path, f"{name}-{width}")
    page.set_viewport_size({"width": 1280, "height": 900})  # the menu open for logging out
    print("\n".join(found))
    return found


def test_main_page_of_each_role_has_no_serious_accessibility_violation(page, tmp_path):
    page.set_default_timeout(60000)  # the shared test machine can be slow
    call_command("load_cfp", slug="me-fomo", phase="reviewing")
    workshop = Workshop.objects.get(slug="me-fomo")
    author = make_user("grace@navy.example.mil", "Grace Hopper", "US Navy")
    paper = make_paper(
        workshop,
        title="Compilers for everyone",
        topic="Scaling laws",
        abstract=r"We show $O(n)$ parsing.",
        author=("Grace Hopper", author.email, "US Navy"),
    )
    paper.authorships.update(user=author)
    reviewer = make_user("barbara@mit.example.edu", "Barbara Liskov", "MIT")
    ReviewerProfileFactory(workshop=workshop, user=reviewer)
    assign(paper, reviewer)
    organizer = make_organizer(workshop)

    found = check(page, tmp_path, "/me-fomo/", "anonymous-cfp")
    log_in_as(page, author.email)
    found += check(page, tmp_path, "/accounts/dashboard/", "author-dashboard")
    found += check(page, tmp_path, "/me-fomo/submissions/1/", "author-paper")
    log_in_as(page, reviewer.email)
    found += check(page, tmp_path, "/accounts/dashboard/", "reviewer-dashboard")
    found += check(page, tmp_path, "/me-fomo/review/assignments/", "reviewer-assignments")
    log_in_as(page, organizer.email)
    found += check(page, tmp_path, "/me-fomo/manage/submissions/", "organizer-submissions")
    found += check(page, tmp_path, "/me-fomo/manage/stats/", "organizer-statistics")
    assert found == []
