"""Issue 3: an author signs up, submits a real PDF with two co-authors, edits it, gets the
confirmation email, and is refused (keeping what they typed) once the deadline has passed."""

import re

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from submissions.models import Submission
from tests.e2e.helpers import (
    choose_primary_topic,
    emails_to,
    log_in_as,
    make_organizer,
    make_pdf,
    move_workshop,
    open_workshop,
    screenshot,
    sign_up,
)
from topics.models import Workshop

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Grokking as a phase transition in transformer training"
ABSTRACT = "We show that grokking coincides with a sharp change in the weight norm, $\\|W\\|_2$."
CO_AUTHORS = [
    ("Alan Turing", "alan@cam.example.ac.uk", "University of Cambridge"),
    ("Katherine Johnson", "katherine@nasa.example.gov", "NASA Langley"),
]


def test_author_submits_edits_and_is_refused_after_the_deadline(page, tmp_path):
    call_command("load_cfp")
    workshop = Workshop.objects.get(slug="me-fomo")
    organizer = make_organizer(workshop)
    pdf = make_pdf(tmp_path / "grokking.pdf", pages=2, author="Grace Hopper")

    sign_up(page, email="grace@yale.example.edu", name="Grace Hopper", affiliation="Yale")

    # Submit: every field of the form, a real PDF, two co-authors after the submitter.
    open_workshop(page, re.compile("Mathematical and Empirical"))
    page.get_by_role("link", name="Submit a paper").click()
    page.get_by_role("heading", name="Submit a paper to ME-FoMo").wait_for()
    page.get_by_label("Title").fill(TITLE)
    page.get_by_label("Abstract").fill(ABSTRACT)
    page.get_by_label("Keywords").fill("grokking, phase transitions, weight norm")
    choose_primary_topic(page, "Generalization, transfer, and representation learning")
    page.get_by_label("Scaling laws").check()
    page.get_by_label("Scale-driven capabilities").check()
    page.get_by_label("Paper (PDF)").set_input_files(pdf)
    page.get_by_label("I confirm that the PDF is anonymized for review").check()
    assert page.locator("#id_authors-0-email").input_value() == "grace@yale.example.edu"
    for row, (name, email, affiliation) in enumerate(CO_AUTHORS, start=1):
        page.locator(f"#id_authors-{row}-name").fill(name)
        page.locator(f"#id_authors-{row}-email").fill(email)
        page.locator(f"#id_authors-{row}-affiliation").fill(affiliation)
    page.get_by_role("button", name="Submit paper").click()

    page.get_by_text("Submission #1 received. The authors get a confirmation email.").wait_for()
    assert page.locator("#status").inner_text() == "Submitted"
    assert page.locator("h1").inner_text() == f"#1 · {TITLE}"
    page.get_by_role("tab", name="As organizers see it").click()
    authors = page.locator("#as-organizers ol li").all_inner_texts()
    assert [author.split(" <")[0] for author in authors] == [
        "Grace Hopper",
        "Alan Turing",
        "Katherine Johnson",
    ]
    assert "(2 pages)" in page.locator("#as-organizers").inner_text()

    # What reviewers will download has lost the PDF's Author metadata.
    page.get_by_role("tab", name="As reviewers see it").click()
    with page.expect_download() as download:
        page.locator("#as-reviewers").get_by_role("link", name="anonymized PDF").click()
    reviewer_copy = PdfReader(download.value.path())
    assert len(reviewer_copy.pages) == 2
    assert "/Author" not in (reviewer_copy.metadata or {})

    # Every author got the confirmation, with the paper's summary.
    received = emails_to("alan@cam.example.ac.uk", kind="submission_received")
    assert len(received) == 1
    assert received[0].to == [
        "grace@yale.example.edu",
        "alan@cam.example.ac.uk",
        "katherine@nasa.example.gov",
    ]
    assert f"Title: {TITLE}" in received[0].body_text
    assert "Secondary topics: Scale-driven capabilities, Scaling laws" in received[0].body_text
    assert "PDF: 2 pages" in received[0].body_text

    # Edit: a better title, saved.
    page.get_by_role("link", name="Edit", exact=True).click()
    page.get_by_role("heading", name="Edit submission #1").wait_for()
    assert page.get_by_label("Title").input_value() == TITLE
    assert page.get_by_label("Scaling laws").is_checked()
    page.get_by_label("Title").fill("Grokking is a phase transition")
    page.get_by_role("button", name="Save changes").click()
    page.get_by_text("Submission #1 saved.").wait_for()
    assert page.locator("h1").inner_text() == "#1 · Grokking is a phase transition"

    # The author opens the form again and types; meanwhile the deadline passes.
    page.get_by_role("link", name="Edit", exact=True).click()
    page.get_by_label("Title").fill("Grokking is a first-order phase transition")
    page.get_by_label("Keywords").fill("grokking, late edits")
    move_workshop(workshop, "bidding")
    page.get_by_role("button", name="Save changes").click()

    refusal = page.get_by_role("alert").filter(has_text="deadline passed")
    refusal.wait_for()
    assert "The submission deadline passed" in refusal.inner_text()
    assert "Nothing was saved." in refusal.inner_text()
    assert page.get_by_label("Title").input_value() == "Grokking is a first-order phase transition"
    assert page.get_by_label("Keywords").input_value() == "grokking, late edits"
    assert page.locator("#id_authors-2-name").input_value() == "Katherine Johnson"
    screenshot(page, tmp_path, "author-refused-after-deadline")
    saved = Submission.objects.get(workshop=workshop, number=1)
    assert saved.title == "Grokking is a phase transition"

    # The organizer reads both emails in the workshop's mail log.
    log_in_as(page, organizer.email)
    page.get_by_role("link", name="Manage").click()
    page.get_by_role("link", name="Mail log").click()
    page.get_by_role("heading", name="Mail log").wait_for()
    subjects = page.locator("tbody tr td:nth-child(3)").all_inner_texts()
    assert subjects == [
        "[ME-FoMo] Submission #1 edited: Grokking is a phase transition",
        f"[ME-FoMo] Submission #1 received: {TITLE}",
    ]
    page.get_by_role("link", name=f"[ME-FoMo] Submission #1 received: {TITLE}").click()
    body = page.locator("pre").inner_text()
    assert "Your paper was submitted to Workshop on Mathematical and Empirical" in body
    assert (
        "Authors: Grace Hopper (Yale); Alan Turing (University of Cambridge); "
        "Katherine Johnson (NASA Langley)" in body
    )
