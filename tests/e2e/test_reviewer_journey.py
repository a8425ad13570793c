"""Issue 4: the organizer invites a reviewer, who accepts by the emailed link, fills in
their profile and places bids that are still there after a reload."""

import pytest
from django.core.management import call_command

from tests.e2e.helpers import (
    last_email_to,
    link_in,
    log_in_as,
    log_out,
    make_organizer,
    make_paper,
    make_user,
    screenshot,
)
from topics.models import Workshop

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REVIEWER = ("barbara@mit.example.edu", "Barbara Liskov", "MIT")


def test_reviewer_accepts_invitation_fills_profile_and_bids(page, tmp_path):
    call_command("load_cfp", phase="bidding")
    workshop = Workshop.objects.get(slug="me-fomo")
    organizer = make_organizer(workshop)
    make_paper(
        workshop,
        title="Broken neural scaling laws",
        topic="Scaling laws",
        abstract="A smoothly broken power law fits scaling curves better than a power law.",
        author=("Ethan Caballero", "ethan@mila.example.ca", "Mila"),
    )
    make_paper(
        workshop,
        title="Red-teaming language models with language models",
        topic="Safety and Alignment",
        abstract="One language model writes test cases that make another misbehave.",
        author=("Ethan Perez", "ethan@anthropic.example.com", "Anthropic"),
    )
    make_paper(
        workshop,
        title="Pre-training loss predicts emergent abilities",
        topic="Loss Functions",
        abstract="Abilities emerge once the pre-training loss falls below a threshold.",
        author=("Zhengxiao Du", "du@tsinghua.example.cn", "Tsinghua University"),
    )
    email, name, affiliation = REVIEWER
    make_user(email, name, affiliation)  # she has an account already (no UI in this journey)

    # The organizer invites her from the reviewer pages.
    log_in_as(page, organizer.email)
    page.get_by_role("link", name="Manage").click()
    page.get_by_role("navigation", name="Organizer pages").get_by_role(
        "link", name="Reviewers"
    ).click()
    page.get_by_role("link", name="Invite", exact=True).click()
    page.get_by_label("Name").fill(name)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Affiliation").fill(affiliation)
    page.get_by_role("button", name="Send invitation", exact=True).click()
    page.get_by_role("alert").filter(has_text=email).wait_for()
    page.get_by_role("link", name="Pool").click()
    invitation_row = page.get_by_role("row").filter(has_text=email)
    assert "Sent" in invitation_row.inner_text()
    log_out(page)

    # She follows the link in the email, logs in from there and accepts.
    invitation = last_email_to(email, kind="reviewer_invitation")
    assert "Dear Barbara Liskov" in invitation.body_text
    page.goto(link_in(invitation.body_text, r"/me-fomo/review/invitation/[^\s/]+/"))
    page.get_by_role("heading", name="Review for Workshop on Mathematical").wait_for()
    page.get_by_role("main").get_by_role("link", name="log in").click()
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill("a-long-and-unusual-passphrase")
    page.get_by_role("button", name="Sign In").click()
    page.get_by_role("button", name="Accept the invitation").click()
    page.get_by_text("Welcome to the ME-FoMo reviewers!").wait_for()

    # The profile: topics she knows, a statement, her papers, a lower load.
    page.get_by_role("heading", name="Your reviewer profile for ME-FoMo").wait_for()
    page.get_by_label("Scaling laws", exact=True).select_option(label="Expert")
    page.get_by_label("Loss Functions", exact=True).select_option(label="Knowledgeable")
    page.get_by_label("Safety and Alignment", exact=True).select_option(label="Interested")
    page.get_by_label("Research statement").fill("I study scaling laws of language models.")
    page.get_by_label("Keywords").fill("scaling laws, compute-optimal training")
    page.get_by_label("Maximum number of papers").fill("4")
    page.get_by_role("button", name="Save my profile").click()
    page.get_by_text("Your reviewer profile is saved.").wait_for()
    assert page.get_by_label("Scaling laws", exact=True).input_value() == "expert"
    assert page.get_by_label("Maximum number of papers").input_value() == "4"
    add = page.locator("form", has=page.get_by_role("button", name="Add paper"))
    add.get_by_label("Title").fill("Chinchilla revisited")
    add.get_by_label("Abstract").fill("Compute-optimal scaling laws for language models.")
    add.get_by_role("button", name="Add paper").click()
    page.locator("#papers").get_by_text("Chinchilla revisited").wait_for()

    # Bidding: the best-matching paper comes first; bids save as they are chosen.
    page.get_by_role("link", name="Go to bidding").click()
    page.get_by_role("heading", name="Bidding for ME-FoMo").wait_for()
    titles = page.locator("[data-paper] h2").all_inner_texts()
    assert titles[0] == "#1 Broken neural scaling laws"
    assert len(titles) == 3
    for number, bid in [(1, "Eager"), (3, "Willing"), (2, "Not willing")]:
        page.get_by_label(f"Your bid on paper #{number}").select_option(label=bid)
        page.locator(f"#paper-{number} [data-bid-status]").filter(
            has_text=f"Saved: {bid}"
        ).wait_for()
    assert page.locator("[data-bids-placed]").inner_text() == "3"

    page.reload()
    assert page.get_by_label("Your bid on paper #1").input_value() == "eager"
    assert page.get_by_label("Your bid on paper #3").input_value() == "willing"
    assert page.get_by_label("Your bid on paper #2").input_value() == "not_willing"
    assert page.locator("[data-bids-placed]").inner_text() == "3"
    assert page.locator("[data-bids-total]").inner_text() == "3"
    screenshot(page, tmp_path, "reviewer-bidding")

    # A conflict takes the paper and its bid out of the counts at once, as a reload would.
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_label("Your bid on paper #2").select_option(label="Conflict")
    page.locator("[data-conflict-notice]").filter(has_text="paper #2 is removed").wait_for()
    assert page.locator("#paper-2").is_hidden()
    assert page.locator("[data-bids-placed]").inner_text() == "2"
    assert page.locator("[data-bids-total]").inner_text() == "2"
    page.reload()
    assert page.locator("[data-paper] h2").all_inner_texts() == [
        "#1 Broken neural scaling laws",
        "#3 Pre-training loss predicts emergent abilities",
    ]
    assert page.locator("[data-bids-placed]").inner_text() == "2"
    assert page.locator("[data-bids-total]").inner_text() == "2"

    # The organizer sees her in the pool, with her profile and bids.
    log_in_as(page, organizer.email)
    page.goto("/me-fomo/manage/reviewers/")
    row = page.get_by_role("row").filter(has_text="Barbara Liskov").first
    cells = row.locator("td").all_inner_texts()  # cells[0]: the "Message selected" tick
    assert cells[2] == "MIT"
    assert cells[3] == "3"  # topics
    assert cells[5] == "3"  # bids (the conflict one included)
    assert cells[6] == "4"  # max load

    # She drops out: the organizer removes her from the pool, after a confirmation.
    page.once("dialog", lambda dialog: dialog.accept())
    row.get_by_role("button", name="Remove Barbara Liskov from the pool").click()
    page.get_by_role("alert").filter(has_text="Barbara Liskov is removed").wait_for()
    assert page.get_by_role("row").filter(has_text="Barbara Liskov").count() == 1
    invitation_row = page.get_by_role("row").filter(has_text=email)
    assert "Removed from the pool" in invitation_row.inner_text()
    assert "by Ada Lovelace" in invitation_row.inner_text()
