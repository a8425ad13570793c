"""Issue 6, the whole way: an author submits; the organizer runs and releases the
assignment; two reviewers review; the organizer decides, releases the decisions and sends
the emails; the author reads the decision and the anonymized reviews; the paper is on the
public program. Between steps the workshop's dates move it to the next phase."""

import re

import pytest
from django.core.management import call_command

from tests.e2e.helpers import (
    accept_dialogs,
    choose_primary_topic,
    last_email_to,
    log_in_as,
    log_out,
    make_organizer,
    make_paper,
    make_pdf,
    make_reviewer,
    make_user,
    move_workshop,
    open_workshop,
    screenshot,
    write_review,
)
from topics.models import Workshop

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Compute-optimal training of small language models"
OTHER_TITLE = "Red-teaming language models with language models"
CONFIDENTIAL = "I suspect the authors are from DeepMind."


def test_paper_goes_from_submission_to_the_public_program(page, tmp_path):
    call_command("load_cfp")
    workshop = Workshop.objects.get(slug="me-fomo")
    organizer = make_organizer(workshop)
    make_user("grace@yale.example.edu", "Grace Hopper", "Yale")
    make_paper(
        workshop,
        title=OTHER_TITLE,
        topic="Safety and Alignment",
        abstract="One language model writes test cases that make another misbehave.",
        author=("Ethan Perez", "ethan@nyu.example.edu", "NYU"),
    )
    make_reviewer(
        workshop, email="barbara@mit.example.edu", name="Barbara Liskov", affiliation="MIT",
        expertise={"Scaling laws": "expert", "Safety and Alignment": "interested"},
    )  # fmt: skip
    make_reviewer(
        workshop, email="dario@anthropic.example.com", name="Dario Amodei",
        affiliation="Anthropic", expertise={"Safety and Alignment": "expert"},
    )  # fmt: skip
    accept_dialogs(page)

    # 1. The author submits.
    log_in_as(page, "grace@yale.example.edu")
    open_workshop(page, re.compile("Mathematical and Empirical"))
    page.get_by_role("link", name="Submit a paper").click()
    page.get_by_label("Title").fill(TITLE)
    page.get_by_label("Abstract").fill("We fit scaling laws for models under 100M parameters.")
    choose_primary_topic(page, "Scaling laws")
    page.get_by_label("Paper (PDF)").set_input_files(make_pdf(tmp_path / "paper.pdf"))
    page.get_by_label("I confirm that the PDF is anonymized for review").check()
    page.get_by_role("button", name="Submit paper").click()
    page.get_by_text("Submission #2 received.").wait_for()

    # 2. Bidding is over: the organizer runs, commits and releases the assignment.
    move_workshop(workshop, "bidding")
    log_in_as(page, organizer.email)
    page.get_by_role("link", name="Assignment", exact=True).click()
    page.get_by_label("Reviewers per paper").fill("2")
    page.get_by_role("button", name="Start run").click()
    page.get_by_role("heading", name="Quality").wait_for()
    page.get_by_role("button", name="Commit this proposal").click()
    page.get_by_text(re.compile(r"Run \d+ committed: 4 added")).wait_for()
    page.get_by_role("button", name="Release 4 new assignment(s)").click()
    page.get_by_text("Release 1: the reviewers concerned are being emailed.").wait_for()

    # 3. Reviewing: both reviewers review the author's paper.
    move_workshop(workshop, "reviewing")
    log_in_as(page, "barbara@mit.example.edu")
    page.get_by_role("link", name="My assignments").click()
    write_review(
        page,
        title=TITLE,
        score="8",
        confidence="4",
        text={
            "Summary of the paper": "Scaling laws for small models.",
            "Strengths": "Careful **experiments**.",
            "Weaknesses": "Only one data set.",
            "Questions and comments to the authors": "Does the law hold for code?",
            "Confidential comments to the organizers": CONFIDENTIAL,
        },
    )
    log_in_as(page, "dario@anthropic.example.com")
    page.get_by_role("link", name="My assignments").click()
    write_review(
        page,
        title=TITLE,
        score="6",
        confidence="3",
        text={"Summary of the paper": "Fits power laws.", "Weaknesses": "Small compute budget."},
    )

    # 4. Deciding: the organizer decides both papers, releases and emails the decisions.
    move_workshop(workshop, "deciding")
    log_in_as(page, organizer.email)
    page.get_by_role("link", name="Decisions", exact=True).click()
    row = page.locator("#decision-table tbody tr").filter(has_text=TITLE)
    cells = row.locator("td").all_inner_texts()
    assert cells[4:6] == ["2", "7.00"]  # reviews, mean
    row.get_by_role("link", name="#2").click()
    assert page.get_by_text(CONFIDENTIAL).is_visible()
    page.get_by_label("Outcome").select_option(label="Accept (poster)")
    page.get_by_label("Meta-review (shown to the authors)").fill("A clear, useful study.")
    page.get_by_role("button", name="Save decision").click()
    page.get_by_text("Decision on #2 saved.").wait_for()
    page.get_by_role("link", name="← Decision table").click()
    page.locator("#decision-table").get_by_role("link", name="#1", exact=True).click()
    page.get_by_label("Outcome").select_option(label="Reject")
    page.get_by_role("button", name="Save decision").click()
    page.get_by_text("Decision on #1 saved.").wait_for()
    page.get_by_role("link", name="← Decision table").click()
    page.get_by_role("button", name="Release decisions to authors").click()
    page.get_by_text("Decisions released: 2 paper(s) now show theirs.").wait_for()
    page.get_by_role("link", name="Decision emails").click()
    page.get_by_role("button", name="Send to those not yet notified").click()
    page.get_by_text("Sending the decision emails").wait_for()

    accepted = last_email_to("grace@yale.example.edu", kind="decision_poster")
    assert "Paper #2 accepted" in accepted.subject
    assert "Does the law hold for code?" in accepted.body_text
    assert CONFIDENTIAL not in accepted.body_text
    assert "Barbara" not in accepted.body_text
    rejected = last_email_to("ethan@nyu.example.edu", kind="decision_reject")
    assert OTHER_TITLE in rejected.body_text

    # 5. The author reads the decision and the reviews, without names or confidential notes.
    log_in_as(page, "grace@yale.example.edu")
    page.get_by_role("link", name=f"#2 · {TITLE}").click()
    assert page.locator("#decision").inner_text().startswith("Decision: Accept (poster).")
    reviews = page.locator("#author-reviews")
    assert reviews.inner_text().count("Decision:") == 1
    assert "Outcome" not in reviews.inner_text()
    assert "A clear, useful study." in reviews.inner_text()
    assert reviews.locator(".review-card .card-header > strong").all_inner_texts() == [
        "Reviewer 1",
        "Reviewer 2",
    ]
    assert "Does the law hold for code?" in reviews.inner_text()
    for hidden in (CONFIDENTIAL, "Barbara", "Liskov", "Dario", "mit.example.edu"):
        assert hidden not in page.locator("main").inner_text()
    screenshot(page, tmp_path, "author-reads-decision")

    # 6. Anyone can read the program: the accepted paper, not the rejected one.
    log_out(page)
    open_workshop(page, re.compile("Mathematical and Empirical"))
    page.get_by_role("link", name="Accepted papers").click()
    page.get_by_role("heading", name=re.compile("^Accepted papers")).wait_for()
    program = page.locator("main").inner_text()
    assert page.locator("#outcome-poster h4").all_inner_texts() == [TITLE]
    assert "Grace Hopper" in page.locator("#outcome-poster").inner_text()
    assert OTHER_TITLE not in program
