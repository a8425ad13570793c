"""Issue 5: the organizer runs the assignment, inspects it (quality figures, why a reviewer
got a paper), commits and releases it; a reviewer then sees their papers."""

import re

import pytest
from django.core.management import call_command

from assignment.models import Assignment
from tests.e2e.helpers import (
    accept_dialogs,
    last_email_to,
    log_in_as,
    make_organizer,
    make_paper,
    make_reviewer,
    screenshot,
)
from topics.models import Workshop

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAPERS = [
    ("Broken neural scaling laws", "Scaling laws", "Broken power laws fit scaling curves."),
    ("Red-teaming language models", "Safety and Alignment", "Language models red-team others."),
    ("Loss thresholds predict emergence", "Loss Functions", "Abilities emerge below a loss."),
    ("Instruction tuning with little data", "Instruction Tuning", "A thousand examples suffice."),
]


def setup_workshop() -> Workshop:
    call_command("load_cfp", phase="bidding")
    workshop = Workshop.objects.get(slug="me-fomo")
    for index, (title, topic, abstract) in enumerate(PAPERS, start=1):
        author = (f"Author {index}", f"author{index}@lab{index}.example.org", f"Lab {index}")
        make_paper(workshop, title=title, topic=topic, abstract=abstract, author=author)
    make_reviewer(
        workshop, email="barbara@mit.example.edu", name="Barbara Liskov", affiliation="MIT",
        expertise={"Scaling laws": "expert", "Loss Functions": "knowledgeable"},
        bids={1: "eager", 3: "willing", 2: "not_willing"},
        statement="I study scaling laws and the loss curves of language models.",
    )  # fmt: skip
    make_reviewer(
        workshop, email="dario@anthropic.example.com", name="Dario Amodei",
        affiliation="Anthropic", expertise={"Safety and Alignment": "expert"},
        bids={2: "eager"},
    )  # fmt: skip
    make_reviewer(
        workshop, email="jason@google.example.com", name="Jason Wei", affiliation="Google",
        expertise={"Instruction Tuning": "expert", "Scale-driven capabilities": "expert"},
        bids={4: "eager", 3: "willing"},
    )  # fmt: skip
    make_reviewer(
        workshop, email="percy@stanford.example.edu", name="Percy Liang",
        affiliation="Stanford", expertise={"Robustness, Calibration, and Biases": "expert"},
        bids={2: "willing", 4: "in_a_pinch"},
    )  # fmt: skip
    return workshop


def test_organizer_runs_inspects_commits_and_releases_the_assignment(page, tmp_path):
    workshop = setup_workshop()
    organizer = make_organizer(workshop)
    accept_dialogs(page)

    log_in_as(page, organizer.email)
    page.get_by_role("link", name="Assignment", exact=True).click()
    page.get_by_text("4 submitted papers · 0 assignments").wait_for()
    page.get_by_label("Reviewers per paper").fill("2")
    page.get_by_label("Max papers per reviewer").fill("2")
    page.get_by_role("button", name="Start run").click()

    # Celery runs eagerly here; with a worker the page reloads itself until the run ends.
    page.get_by_role("heading", name="Quality").wait_for()
    run = re.search(r"/runs/(\d+)/$", page.url).group(1)  # ids are not reset between tests
    assert page.get_by_text(f"Run {run} started.").is_visible()
    quality = {
        row.locator("th").inner_text(): row.locator("td").inner_text()
        for row in page.locator("table").first.locator("tr").all()
    }
    assert quality["Papers · reviewers · pairs"] == "4 · 4 · 8 (0 must-assign kept)"
    assert quality["Coverage"] == "100%"
    assert quality["Load histogram (papers: reviewers)"] == "2: 4"
    assert page.get_by_text("8 added · 0 removed · 0 kept").is_visible()
    screenshot(page, tmp_path, "assignment-run")

    # Why Barbara for paper #1: her expert topic and her eager bid.
    proposal = page.get_by_role("row").filter(has_text="Broken neural scaling laws")
    assert "Barbara Liskov" in proposal.inner_text()
    barbara = proposal.locator("span").filter(has_text="Barbara Liskov")
    barbara.get_by_role("link").click()
    page.get_by_role("heading", name="Barbara Liskov for #1 Broken neural scaling laws").wait_for()
    why = page.locator("main").inner_text()
    assert f"(from proposal of run {run})" in why
    assert "Bid: eager" in why
    assert "“Scaling laws”" in why and "(expert)" in why
    page.go_back()

    # Commit, then release: the reviewers concerned get one email each.
    page.get_by_role("button", name="Commit this proposal").click()
    page.get_by_text(f"Run {run} committed: 8 added, 0 removed, 0 kept.").wait_for()
    assert page.get_by_text("4 submitted papers · 8 assignments").is_visible()
    page.get_by_role("button", name="Release 8 new assignment(s)").click()
    page.get_by_text("Release 1: the reviewers concerned are being emailed.").wait_for()
    assert page.get_by_text("Nothing new to release.").is_visible()

    mine = sorted(
        Assignment.objects.filter(reviewer__email="barbara@mit.example.edu").values_list(
            "submission__number", flat=True
        )
    )
    assert 1 in mine and len(mine) == 2
    released = last_email_to("barbara@mit.example.edu", kind="assignment_released")
    for number in mine:
        assert f"#{number} " in released.body_text

    # Barbara sees exactly her papers, without the authors.
    log_in_as(page, "barbara@mit.example.edu")
    page.get_by_role("link", name="My assignments").click()
    page.get_by_role("heading", name="My assigned papers for ME-FoMo").wait_for()
    titles = page.locator("article h2").all_inner_texts()
    assert titles == [f"#{number} {PAPERS[number - 1][0]}" for number in mine]
    assert "Author 1" not in page.locator("main").inner_text()
