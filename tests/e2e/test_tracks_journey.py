"""Issue 15, tracks: an organizer adds two tracks, an author submits to one (a PDF over
its page limit is refused with the track's limit named), and the organizer filters the
submissions by track."""

import pytest
from django.core.management import call_command

from submissions.models import Submission
from tests.e2e.helpers import (
    choose_primary_topic,
    log_in_as,
    log_out,
    make_organizer,
    make_pdf,
    make_user,
    screenshot,
)
from topics.models import Workshop

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (1280, 390)


def shots(page, tmp_path, name: str) -> None:
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        screenshot(page, tmp_path, f"{name}-{width}")
    page.set_viewport_size({"width": WIDTHS[0], "height": 900})


def add_track(page, name: str, pages: str, description: str) -> None:
    form = page.locator("#track-add")
    form.get_by_label("Name").fill(name)
    form.get_by_label("Description").fill(description)
    form.get_by_label("Page limit").fill(pages)
    form.get_by_role("button", name="Add track").click()
    page.get_by_text(f"Added the track “{name}”.").wait_for()


def test_organizer_adds_tracks_author_submits_to_one_organizer_filters(page, tmp_path):
    call_command("load_cfp", phase="submission")
    workshop = Workshop.objects.get(slug="me-fomo")
    make_organizer(workshop)
    make_user("grace@yale.example.edu", "Grace Hopper", "Yale")

    log_in_as(page, "ada@organizers.example.org")
    page.goto(f"/{workshop.slug}/manage/submissions/")
    page.get_by_role("navigation", name="Organizer pages").get_by_role(
        "link", name="Tracks"
    ).click()
    page.get_by_role("heading", name="Tracks").wait_for()
    add_track(page, "Tiny papers (2 pages)", "2", "Early ideas in **two** pages.")
    add_track(page, "Full papers (4 pages)", "4", "Complete work in four pages.")
    assert page.locator("#track-list .track-name").all_inner_texts() == [
        "Tiny papers (2 pages)",
        "Full papers (4 pages)",
    ]
    shots(page, tmp_path, "tracks-page")
    log_out(page)

    log_in_as(page, "grace@yale.example.edu")
    page.goto(f"/{workshop.slug}/")
    assert page.locator(".track-card h3").all_inner_texts() == [
        "Tiny papers (2 pages)",
        "Full papers (4 pages)",
    ]
    shots(page, tmp_path, "cfp-tracks")
    page.get_by_role("link", name="Submit a paper").first.click()
    page.get_by_label("Track").select_option(label="Tiny papers (2 pages) (at most 2 pages)")
    page.get_by_label("Title").fill("Grokking in three pages")
    page.get_by_label("Abstract").fill("We study grokking.")
    choose_primary_topic(page, "Scaling laws")
    page.get_by_label("Paper (PDF)").set_input_files(make_pdf(tmp_path / "long.pdf", pages=3))
    page.get_by_label("I confirm that the PDF is anonymized for review").check()
    page.get_by_role("button", name="Submit paper").click()
    page.get_by_text("The PDF has 3 pages; the limit of “Tiny papers (2 pages)” is 2.").wait_for()
    assert page.get_by_label("Title").input_value() == "Grokking in three pages"
    shots(page, tmp_path, "submission-refused")

    page.get_by_label("Track").select_option(label="Full papers (4 pages) (at most 4 pages)")
    page.get_by_label("Paper (PDF)").set_input_files(make_pdf(tmp_path / "long.pdf", pages=3))
    page.get_by_role("button", name="Submit paper").click()
    page.get_by_text("Submission #1 received.").wait_for()
    assert Submission.objects.get().track.name == "Full papers (4 pages)"
    log_out(page)

    log_in_as(page, "ada@organizers.example.org")
    page.goto(f"/{workshop.slug}/manage/submissions/")
    page.get_by_label("Track").select_option(label="Tiny papers (2 pages)")
    page.get_by_role("button", name="Filter").click()
    page.get_by_text("No submissions match.").wait_for()
    page.get_by_label("Track").select_option(label="Full papers (4 pages)")
    page.get_by_role("button", name="Filter").click()
    row = page.locator("tbody tr").first
    assert "Grokking in three pages" in row.inner_text()
    assert "Full papers (4 pages)" in row.inner_text()
    shots(page, tmp_path, "submissions-by-track")
