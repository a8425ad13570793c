"""The reviewer's dashboard says what is due: reviews to write, bids to place, invitations
to answer, each with its count and deadline (AoE); "Nothing due" when all is done."""

import re

import pytest

from pool.enums import BidValue, InvitationStatus
from pool.models import Bid, ReviewerInvitation
from tests.factories import TopicFactory, WorkshopFactory
from tests.reviews.review_builders import assign, paper, reviewer, reviewing_workshop, submit
from topics.templatetags.fomo import aoe

pytestmark = pytest.mark.django_db


def due_section(client) -> str:
    html = client.get("/accounts/dashboard/").content.decode()
    match = re.search(r'<section id="reviewer-due".*?</section>', html, re.S)
    assert match, "no 'what is due' section"
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", match.group(0)))


def test_reviews_to_write_are_counted_with_their_aoe_deadline(client):
    workshop = reviewing_workshop(short_name="FM-REV")
    rita = reviewer(workshop, "rita@mit.example.edu")
    first, second, third = (paper(workshop) for _ in range(3))
    for submission in (first, second, third):
        assign(submission, rita)
    submit(first, rita)
    client.force_login(rita)
    text = due_section(client)
    assert "FM-REV: 2 reviews to write by " + aoe(workshop.review_deadline) in text


def test_bids_to_place_are_counted_during_bidding(client):
    workshop = WorkshopFactory(phase="bidding", short_name="FM-BID")
    TopicFactory(workshop=workshop, slug="scaling")
    rita = reviewer(workshop, "rita@mit.example.edu")
    papers = [paper(workshop) for _ in range(3)]
    Bid.objects.create(submission=papers[0], reviewer=rita, value=BidValue.EAGER)
    client.force_login(rita)
    text = due_section(client)
    assert "FM-BID: 2 papers to bid on by " + aoe(workshop.bidding_deadline) in text


def test_invitations_to_answer_are_counted(client):
    workshop = reviewing_workshop(short_name="FM-INV")
    rita = reviewer(workshop, "rita@mit.example.edu")
    other = WorkshopFactory(phase="submission", short_name="FM-NEW")
    ReviewerInvitation.objects.create(
        workshop=other, email=rita.email, name="Rita", status=InvitationStatus.SENT, token_hash="x"
    )
    client.force_login(rita)
    assert "1 invitation to answer" in due_section(client)


def test_a_reviewer_with_everything_done_sees_nothing_due(client):
    workshop = reviewing_workshop(short_name="FM-DONE")
    rita = reviewer(workshop, "rita@mit.example.edu")
    done = paper(workshop)
    assign(done, rita)
    submit(done, rita)
    client.force_login(rita)
    assert due_section(client).strip().endswith("Nothing due.")
