"""Issue 13: an organizer edits the topic tree without the admin (adds, renames, moves and
reorders a subtopic, is refused deleting a used one and merges it instead) and searches the
mail log."""

import pytest
from django.core.management import call_command

from notifications.models import OutgoingEmail
from pool.models import TopicExpertise
from submissions.models import Submission
from tests.e2e.helpers import log_in_as, make_organizer, make_paper, make_reviewer, screenshot
from topics.models import Topic, Workshop

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (1280, 390)


def setup_workshop() -> Workshop:
    call_command("load_cfp", phase="submission")
    workshop = Workshop.objects.get(slug="me-fomo")
    make_organizer(workshop)
    make_paper(
        workshop, title="A thousand examples suffice", topic="Instruction Tuning",
        abstract="Instruction tuning with little data.",
        author=("Grace Hopper", "grace@navy.example.org", "Navy"),
    )  # fmt: skip
    make_reviewer(
        workshop, email="jason@google.example.com", name="Jason Wei", affiliation="Google",
        expertise={"Instruction Tuning": "expert"},
    )  # fmt: skip
    return workshop


def area_block(page, area: str):
    return page.locator(".topic-area-block").filter(has=page.locator(".topic-name", has_text=area))


def shots(page, tmp_path, name: str) -> None:
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        screenshot(page, tmp_path, f"{name}-{width}")
    page.set_viewport_size({"width": WIDTHS[0], "height": 900})


def test_organizer_edits_the_topic_tree_and_merges_a_used_topic(page, tmp_path):
    workshop = setup_workshop()
    log_in_as(page, "ada@organizers.example.org")
    page.goto(f"/{workshop.slug}/manage/mail/")
    page.get_by_role("navigation", name="Organizer pages").get_by_role(
        "link", name="Topics"
    ).click()
    page.get_by_role("heading", name="Topics").wait_for()

    page.get_by_label("Name").fill("Tokenizers")
    page.get_by_label("Description").fill("Which units should a model read?")
    page.get_by_label("Area").select_option(label="Pre-Training")
    page.get_by_role("button", name="Add topic").click()
    page.get_by_text("Added “Tokenizers”.").wait_for()
    pre_training = area_block(page, "Pre-Training")
    assert pre_training.locator(".topic-name").last.inner_text() == "Tokenizers"

    page.get_by_role("link", name="Edit Tokenizers").click()
    page.get_by_label("Name").fill("Tokenization")
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Saved “Tokenization”.").wait_for()

    page.get_by_role("button", name="Move Tokenization up").click()
    names = pre_training.locator(".topic-name").all_inner_texts()
    assert names[-2:] == ["Tokenization", "Generalization, transfer, and representation learning"]

    page.get_by_role("link", name="Edit Tokenization").click()
    page.get_by_label("Area").select_option(label="Adaptation")
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Saved “Tokenization”.").wait_for()
    adaptation = area_block(page, "Adaptation")
    assert adaptation.locator(".topic-name").last.inner_text() == "Tokenization"
    assert "Tokenization" not in area_block(page, "Pre-Training").inner_text()
    tuning = Topic.objects.get(workshop=workshop, name="Instruction Tuning")
    usage = adaptation.locator(f"#topic-{tuning.pk}")
    assert "used by 1 paper and 1 reviewer's expertise" in usage.inner_text()
    shots(page, tmp_path, "topic-tree")

    page.get_by_role("link", name="Delete Instruction Tuning").click()
    refusal = page.locator("#topic-refusal")
    assert "cannot be deleted: it is used by 1 paper and 1 reviewer's expertise" in (
        refusal.inner_text()
    )
    assert page.get_by_role("button", name="Delete “Instruction Tuning”", exact=True).count() == 0
    page.get_by_label("Merge into").select_option(
        label="Adaptation › Fine-tuning, prompting, in-context learning"
    )
    shots(page, tmp_path, "topic-merge")
    page.get_by_role("button", name="Merge and delete “Instruction Tuning”").click()
    page.get_by_text(
        "Merged “Instruction Tuning” into “Fine-tuning, prompting, in-context learning”."
    ).wait_for()

    assert not Topic.objects.filter(workshop=workshop, name="Instruction Tuning").exists()
    paper = Submission.objects.get(workshop=workshop, number=1)
    assert paper.primary_topic.name == "Fine-tuning, prompting, in-context learning"
    assert list(
        TopicExpertise.objects.filter(profile__workshop=workshop).values_list(
            "topic__name", "level"
        )
    ) == [("Fine-tuning, prompting, in-context learning", "expert")]

    page.get_by_role("link", name="Delete Tokenization").click()
    page.get_by_role("button", name="Delete “Tokenization”", exact=True).click()
    page.get_by_text("Deleted “Tokenization”.").wait_for()
    assert not Topic.objects.filter(workshop=workshop, name="Tokenization").exists()


def test_organizer_searches_and_filters_the_mail_log(page, tmp_path):
    workshop = setup_workshop()
    rows = [
        ("grace@navy.example.org", "Submission #1 received", "submission_received", "sent"),
        ("jason@google.example.com", "Invitation to review for ME-FoMo", "reviewer_invitation",
         "failed"),
        ("percy@stanford.example.edu", "Invitation to review for ME-FoMo",
         "reviewer_invitation", "sent"),
        ("alan@bletchley.example.org", "Submission #2 received", "submission_received",
         "queued"),
    ]  # fmt: skip
    for n, (to, subject, kind, status) in enumerate(rows):
        OutgoingEmail.objects.create(
            workshop=workshop, to=[to], subject=subject, body_text="…", kind=kind,
            status=status, idempotency_key=f"journey-{n}",
        )  # fmt: skip
    log_in_as(page, "ada@organizers.example.org")
    page.goto(f"/{workshop.slug}/manage/mail/")
    page.get_by_text("4 emails.").wait_for()

    page.get_by_label("Search").fill("invitation")
    page.get_by_label("Status").select_option(label="Failed")
    page.get_by_role("button", name="Filter").click()
    page.get_by_text("1 email matches.").wait_for()
    assert "jason@google.example.com" in page.locator("tbody").inner_text()
    assert "status=failed" in page.url and "q=invitation" in page.url

    page.get_by_label("Search").fill("example.org")
    page.get_by_label("Kind").select_option("submission_received")
    page.get_by_label("Status").select_option(label="Any status")
    page.get_by_role("button", name="Filter").click()
    page.get_by_text("2 emails match.").wait_for()
    body = page.locator("tbody").inner_text()
    assert "grace@navy.example.org" in body and "alan@bletchley.example.org" in body
    assert page.get_by_label("Kind").input_value() == "submission_received"
    shots(page, tmp_path, "mail-log-filtered")
    page.get_by_role("link", name="Clear").click()
    page.get_by_text("4 emails.").wait_for()
