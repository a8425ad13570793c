"""Issue 15, the rest: an area chair declares the topics they can chair; the organizer
declares a conflict for the other area chair, runs the area-chair assignment (which keeps
to it), emails the area chairs their papers and asks for the missing meta-reviews; the
area chair opens the anonymized PDF. Then tracks: a track restricted to two outcomes, and
an assignment run for that track only."""

import pytest
from django.core.files.base import ContentFile

from assignment.models import AreaChairAssignment, AssignmentRun
from pool.models import AreaChair
from tests.e2e.helpers import last_email_to, log_in_as, make_user, screenshot
from tests.reviews.review_builders import (
    add_organizer,
    assign,
    paper,
    reviewer,
    reviewing_workshop,
    submit,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDE, NARROW = {"width": 1280, "height": 900}, {"width": 390, "height": 844}


def assert_fits(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


def both_widths(page, tmp_path, name: str) -> None:
    assert_fits(page)
    screenshot(page, tmp_path, f"{name}-1280")
    page.set_viewport_size(NARROW)
    assert_fits(page)
    screenshot(page, tmp_path, f"{name}-390")
    page.set_viewport_size(WIDE)  # the log-out button hides in the narrow menu


def test_area_chair_expertise_conflict_emails_pdf_then_track_outcomes_and_run(page, tmp_path):
    workshop = reviewing_workshop(slug="ace2", short_name="ACE2")
    olga = add_organizer(workshop)
    olga.set_password("a-long-and-unusual-passphrase")
    olga.save()
    olga.emailaddress_set.create(email=olga.email, verified=True, primary=True)
    cora = make_user("cora@chairs.example.org", "Cora Chair", "Chair University")
    AreaChair.objects.create(workshop=workshop, user=cora)
    otto = make_user("otto@chairs.example.org", "Otto Chair", "Other University")
    AreaChair.objects.create(workshop=workshop, user=otto)
    first = paper(
        workshop,
        number=1,
        title="Grokking as a phase transition",
        authors=[("Ann Authorname", "ann@lab.example.org")],
    )
    first.reviewer_pdf.save("paper.pdf", ContentFile(b"%PDF-1.4 anonymized"), save=True)
    paper(workshop, number=2, title="Data pruning beats scaling", slug="data")
    rex = reviewer(workshop, "rex@rev.example.org", name="Rex Reviewername")
    assign(first, rex)
    submit(first, rex, score=7, summary="A careful study of grokking.")

    # Cora declares what she can chair, from her dashboard.
    page.set_viewport_size(WIDE)
    log_in_as(page, cora.email)
    page.get_by_role("link", name="your topics and keywords").click()
    page.get_by_label("Scaling laws").check()
    page.get_by_label("Keywords").fill("grokking, scaling laws")
    page.get_by_role("button", name="Save my profile").click()
    page.get_by_text("Your area chair profile is saved.").wait_for()
    assert page.get_by_label("Scaling laws").is_checked()
    both_widths(page, tmp_path, "area-chair-profile")

    # The organizer declares a conflict for Otto with paper 1 and gives the papers chairs.
    log_in_as(page, olga.email)
    page.goto("/ace2/manage/reviewers/conflicts/")
    page.get_by_label("Submission").select_option(label="#1 Grokking as a phase transition")
    page.get_by_label("Reviewer or area chair").select_option(
        label="Otto Chair <otto@chairs.example.org> (area chair)"
    )
    page.get_by_label("Reason").fill("Same lab as an author last year")
    page.get_by_role("button", name="Add conflict").click()
    page.get_by_text("Conflict added: Otto Chair on #1.").wait_for()
    page.goto("/ace2/manage/assignment/area-chairs/")
    page.get_by_role("button", name="Give every paper an area chair").click()
    page.get_by_text("2 paper(s) got an area chair from the run").wait_for()
    assert AreaChairAssignment.objects.get(submission=first).area_chair_id == cora.pk
    page.get_by_text("2 not yet emailed to their area chair").wait_for()
    page.get_by_role("button", name="Email the area chairs their papers").click()
    page.get_by_text("Emailed 2 area chair(s) their papers.").wait_for()
    mail = last_email_to(cora.email, kind="area_chair_assigned")
    assert "#1 Grokking as a phase transition (new)" in mail.body_text
    assert "Ann Authorname" not in mail.body_text
    page.get_by_role("button", name="Ask for the missing meta-reviews").click()
    page.get_by_text("Asked 2 area chair(s) for their missing meta-reviews.").wait_for()
    both_widths(page, tmp_path, "area-chairs-emailed")

    # Cora follows the emailed link and opens the anonymized PDF of her paper.
    log_in_as(page, cora.email)
    request_mail = last_email_to(cora.email, kind="meta_review_request")
    assert "#1 Grokking as a phase transition (1 of 1 review in)" in request_mail.body_text
    page.goto("/ace2/ac/")
    page.get_by_role("link", name="#1 Grokking as a phase transition").click()
    link = page.get_by_role("link", name="Anonymized PDF")
    download = page.request.get(link.get_attribute("href"))
    assert download.status == 200
    assert download.body() == b"%PDF-1.4 anonymized"
    assert "Ann Authorname" not in page.locator("body").inner_text()

    # Tracks: the organizer restricts tiny papers to poster or reject and runs their
    # assignment alone.
    log_in_as(page, olga.email)
    page.goto("/ace2/manage/tracks/")
    form = page.locator("#track-add")
    form.get_by_label("Name").fill("Tiny papers")
    form.get_by_label("Page limit").fill("2")
    form.get_by_label("Accept (poster)").check()
    form.get_by_label("Reject").check()
    form.get_by_role("button", name="Add track").click()
    page.get_by_text("outcomes: Accept (poster), Reject").wait_for()
    both_widths(page, tmp_path, "track-outcomes")
    tiny = workshop.tracks.get()
    first.track = tiny
    first.save(update_fields=["track"])
    page.goto("/ace2/manage/assignment/")
    page.get_by_label("Reviewers per paper").fill("1")
    page.get_by_label("Which papers").select_option(label="Tiny papers only")
    page.get_by_role("button", name="Start run").click()
    page.get_by_text("papers of “Tiny papers” only").wait_for()
    run = AssignmentRun.objects.get(workshop=workshop)
    assert run.parameters["track_id"] == tiny.pk
    both_widths(page, tmp_path, "track-run")
