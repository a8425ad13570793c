"""Issue 13: an organizer ticks two papers in the submission table, writes to their authors
(a mistyped placeholder is refused without losing the text), previews one author's mail,
sends, and finds one email per author in the mail log."""

import pytest
from django.core.management import call_command

from tests.e2e.helpers import (
    emails_to,
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
]
WIDE, NARROW = {"width": 1280, "height": 900}, {"width": 390, "height": 844}


def setup_workshop() -> Workshop:
    call_command("load_cfp", phase="reviewing")
    workshop = Workshop.objects.get(slug="me-fomo")
    for index, (title, topic, abstract) in enumerate(PAPERS, start=1):
        author = (f"Author {index}", f"author{index}@lab{index}.example.org", f"Lab {index}")
        make_paper(workshop, title=title, topic=topic, abstract=abstract, author=author)
    return workshop


def test_organizer_messages_the_authors_of_two_ticked_papers(page, tmp_path):
    workshop = setup_workshop()
    organizer = make_organizer(workshop)
    page.set_viewport_size(WIDE)
    log_in_as(page, organizer.email)
    page.goto(f"/{workshop.slug}/manage/submissions/")
    page.get_by_label("Select #1").check()
    page.get_by_label("Select #3").check()
    screenshot(page, tmp_path, "submission-table-1280")
    page.set_viewport_size(NARROW)
    screenshot(page, tmp_path, "submission-table-390")
    page.set_viewport_size(WIDE)
    page.get_by_role("button", name="Message selected").click()

    page.get_by_role("heading", name="New message").wait_for()
    assert page.get_by_label("To").input_value() == "authors_selected"
    assert page.locator("#recipient-count").inner_text().startswith("2 recipients")
    page.get_by_label("Subject").fill("A note for {{ nam }}")
    body = "Dear {{ name }},\n\nabout your paper {{ papers }}: the room changed.\n\nThe organizers"
    page.get_by_label("Body").fill(body)
    page.get_by_role("button", name="Preview").click()
    page.get_by_text("Unknown placeholders: {{ nam }}").wait_for()
    assert page.get_by_label("Body").input_value() == body

    page.get_by_label("Subject").fill("A note for {{ name }}")
    page.get_by_label("Preview the mail of").select_option("author3@lab3.example.org")
    page.get_by_role("button", name="Preview").click()
    page.locator("#preview").wait_for()
    assert page.locator("#preview-to").inner_text() == "author3@lab3.example.org"
    assert page.locator("#preview-subject").inner_text() == "A note for Author 3"
    assert (
        "about your paper #3 Loss thresholds predict emergence:"
        in page.locator("#preview-body").inner_text()
    )
    screenshot(page, tmp_path, "message-compose-1280")
    page.set_viewport_size(NARROW)
    screenshot(page, tmp_path, "message-compose-390")
    page.set_viewport_size(WIDE)

    page.get_by_role("button", name="Send to 2").click()
    page.get_by_text("Message queued: 2 email(s), one per recipient.").wait_for()
    row = page.locator("#message-list tbody tr").first
    assert "Authors of 2 selected papers" in row.inner_text()
    assert "2 sent" in row.inner_text()
    screenshot(page, tmp_path, "message-list-1280")
    page.set_viewport_size(NARROW)
    screenshot(page, tmp_path, "message-list-390")
    page.set_viewport_size(WIDE)

    page.get_by_role("link", name="Mail log").click()
    log = page.locator("table tbody").inner_text()
    assert "A note for Author 1" in log and "A note for Author 3" in log
    assert log.count("group_message_authors") == 2
    assert "Author 2" not in log
    screenshot(page, tmp_path, "message-mail-log-1280")
    (first,) = emails_to("author1@lab1.example.org", "group_message_authors")
    assert first.to == ["author1@lab1.example.org"]
    assert "#1 Broken neural scaling laws" in first.body_text
    assert "Loss thresholds" not in first.body_text


def test_organizer_messages_ticked_reviewers_and_ticked_decision_rows(page, tmp_path):
    workshop = setup_workshop()
    organizer = make_organizer(workshop)
    for email, name in [
        ("barbara@mit.example.edu", "Barbara Liskov"),
        ("jason@g.example.com", "Jason Wei"),
    ]:
        make_reviewer(workshop, email=email, name=name, affiliation="Lab", expertise={})
    page.set_viewport_size(WIDE)
    log_in_as(page, organizer.email)

    page.goto(f"/{workshop.slug}/manage/reviewers/")
    page.get_by_label("Select Jason Wei").check()
    screenshot(page, tmp_path, "pool-table-1280")
    page.set_viewport_size(NARROW)
    screenshot(page, tmp_path, "pool-table-390")
    page.set_viewport_size(WIDE)
    page.get_by_role("button", name="Message selected").click()
    assert page.get_by_label("To").input_value() == "reviewers_selected"
    assert page.locator("#recipient-count").inner_text().startswith("1 recipient,")
    assert (
        page.get_by_label("Preview the mail of").inner_text() == "Jason Wei <jason@g.example.com>"
    )

    page.goto(f"/{workshop.slug}/manage/decisions/")
    page.get_by_label("Select #2").check()
    screenshot(page, tmp_path, "decision-table-1280")
    page.set_viewport_size(NARROW)
    screenshot(page, tmp_path, "decision-table-390")
    page.set_viewport_size(WIDE)
    page.get_by_role("button", name="Message selected").click()
    assert page.get_by_label("To").input_value() == "authors_selected"
    assert page.get_by_label("Preview the mail of").inner_text() == (
        "Author 2 <author2@lab2.example.org>"
    )
    # Another group for the same ticked paper: its reviewers (none assigned yet).
    page.get_by_label("To").select_option("reviewers_of_selected")
    page.get_by_role("button", name="Show group").click()
    page.get_by_text("Nobody is in this group: there is no one to send to.").wait_for()
    assert page.get_by_role("button", name="Send to 0").is_disabled()
