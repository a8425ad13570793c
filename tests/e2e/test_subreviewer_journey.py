"""Subreviewers: Rita delegates her paper to Sam by email, Sam follows the link, logs in,
writes the review and hands it back; Rita submits it; the organizer sees Sam wrote it."""

import re

import pytest

from reviews.models import Review, ReviewSettings
from tests.e2e.helpers import last_email_to, link_in, log_in, log_in_as, make_organizer, make_user
from tests.e2e.helpers import screenshot as save_screenshot
from tests.factories import ReviewerProfileFactory
from tests.reviews.review_builders import assign, paper, reviewing_workshop

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (1280, 390)


def shots(page, tmp_path, name: str) -> None:
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        save_screenshot(page, tmp_path, f"{name}-{width}")
    page.set_viewport_size({"width": 1280, "height": 900})


def test_reviewer_delegates_subreviewer_writes_reviewer_submits(page, tmp_path):
    workshop = reviewing_workshop(slug="sub", name="Workshop on Foundation Models")
    ReviewSettings.objects.create(workshop=workshop, subreviewers_allowed=True)
    olga = make_organizer(workshop)
    rita = make_user("rita@uni.example.org", "Rita Reviewer", "Uni")
    ReviewerProfileFactory(workshop=workshop, user=rita)
    grokking = paper(workshop, number=3, title="Grokking revisited")
    paper(workshop, number=4, title="Not Sam's paper")
    assign(grokking, rita)
    sam = make_user("sam@lab.example.com", "Sam Student", "Lab")

    # Rita invites Sam from her paper page.
    log_in_as(page, rita.email)
    page.goto("/sub/review/papers/3/")
    page.get_by_label("Subreviewer's email").fill(sam.email)
    page.get_by_role("button", name="Invite a subreviewer").click()
    page.get_by_text(f"Invitation sent to {sam.email}.").wait_for()

    # Sam follows the emailed link, logs in, accepts, writes and hands the review back.
    page.get_by_role("button", name="Log out").click()
    invitation = last_email_to(sam.email, kind="subreview_invitation")
    link = link_in(invitation.body_text, r"/sub/review/papers/subreviews/invitation/[^\s/]+/")
    page.goto(link)
    page.get_by_role("heading", name="Write a review for Workshop on Foundation Models").wait_for()
    shots(page, tmp_path, "subreview-invitation")
    log_in(page, sam.email)
    page.goto(link)
    page.get_by_role("button", name="Accept and open the paper").click()
    page.get_by_role("heading", name="Your review").wait_for()
    assert "Grokking revisited" in page.content()
    page.get_by_label("Overall recommendation").select_option("7")
    page.get_by_label(re.compile(r"^\s*Confidence\W*$")).select_option("4")
    page.get_by_label("Summary of the paper").fill("Grokking appears after long training.")
    page.get_by_label("I have no conflict of interest with this paper.").check()
    shots(page, tmp_path, "subreviewer-writes")
    page.get_by_role("button", name="Hand to the reviewer").click()
    page.get_by_text("Handed to the reviewer, who is told by email.").wait_for()
    assert page.goto("/sub/review/papers/4/").status == 404

    # Rita reads it and submits it as her review.
    log_in_as(page, rita.email)
    ready = last_email_to(rita.email, kind="subreview_ready")
    page.goto(link_in(ready.body_text, r"/sub/review/papers/3/"))
    page.get_by_text("Grokking appears after long training.").wait_for()
    shots(page, tmp_path, "reviewer-reads-subreview")
    page.get_by_role("button", name="Submit it as my review").click()
    page.get_by_text("Subreview submitted as your review.").wait_for()
    review = Review.objects.get(submission=grokking)
    assert (review.reviewer, review.written_by, review.status) == (rita, sam, "submitted")

    # The organizer sees who wrote it.
    log_in_as(page, olga.email)
    page.goto("/sub/manage/decisions/3/")
    page.get_by_text("written by subreviewer Sam Student").wait_for()
