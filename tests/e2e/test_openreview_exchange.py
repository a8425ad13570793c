"""Issue 16: the organizer downloads the files for openreview-matcher, imports the matcher's
assignment back (a conflicted pair is left out and said so), and imports external scores."""

import csv
import json

import pytest
from django.core.management import call_command

from assignment.models import ProposedPair
from pool.enums import ConflictSource
from pool.models import Conflict
from tests.e2e.helpers import log_in_as, make_organizer, make_paper, make_reviewer, screenshot
from topics.models import Workshop

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (1280, 390)


def shots(page, tmp_path, name: str) -> None:
    for width in (*WIDTHS, WIDTHS[0]):
        page.set_viewport_size({"width": width, "height": 900})
        screenshot(page, tmp_path, f"{name}-{width}")


def setup_workshop() -> Workshop:
    call_command("load_cfp", phase="bidding")
    workshop = Workshop.objects.get(slug="me-fomo")
    for number, (title, topic) in enumerate(
        [("Broken neural scaling laws", "Scaling laws"), ("Red-teaming", "Safety and Alignment")],
        start=1,
    ):
        author = (f"Author {number}", f"author{number}@lab{number}.example.org", "Lab")
        make_paper(workshop, title=title, topic=topic, abstract="An abstract.", author=author)
    for email, name, topic in (
        ("barbara@mit.example.edu", "Barbara Liskov", "Scaling laws"),
        ("dario@anthropic.example.com", "Dario Amodei", "Safety and Alignment"),
    ):
        make_reviewer(
            workshop, email=email, name=name, affiliation="Uni", expertise={topic: "expert"}
        )
    Conflict.objects.create(
        workshop=workshop,
        submission=workshop.submissions.get(number=2),
        reviewer=workshop.reviewer_profiles.get(user__email="dario@anthropic.example.com").user,
        source=ConflictSource.ORGANIZER,
        reason="Former student",
    )
    return workshop


def test_organizer_exchanges_files_with_openreview(page, tmp_path):
    page.set_default_timeout(60000)  # the shared test machine is slow under load
    workshop = setup_workshop()
    organizer = make_organizer(workshop)
    log_in_as(page, organizer.email)
    page.goto(f"/{workshop.slug}/manage/assignment/")
    page.get_by_role("link", name="OpenReview exchange").click()
    shots(page, tmp_path, "openreview-exchange")

    with page.expect_download() as info:
        page.get_by_role("link", name="Constraints (CSV: paper_id,reviewer,-1 or 1)").click()
    path = tmp_path / "constraints.csv"
    info.value.save_as(path)
    assert list(csv.reader(path.open())) == [["2", "dario@anthropic.example.com", "-1"]]

    matcher_output = {
        "1": [{"user": "barbara@mit.example.edu", "aggregate_score": 0.9}],
        "2": [
            {"user": "dario@anthropic.example.com", "aggregate_score": 0.8},
            {"user": "barbara@mit.example.edu", "aggregate_score": 0.1},
        ],
    }
    upload = tmp_path / "assignments.json"
    upload.write_text(json.dumps(matcher_output))
    page.locator("#import-assignment input[type=file]").set_input_files(str(upload))
    page.get_by_role("button", name="Import as a proposal").click()
    page.get_by_text("reviewer dario@anthropic.example.com has a conflict; left out").wait_for()
    shots(page, tmp_path, "openreview-imported-run")
    assert set(ProposedPair.objects.values_list("submission__number", "reviewer__email")) == {
        (1, "barbara@mit.example.edu"),
        (2, "barbara@mit.example.edu"),
    }
    assert page.get_by_role("button", name="Commit this proposal").is_visible()

    page.get_by_role("link", name="OpenReview exchange").click()
    page.locator("#import-scores textarea").fill(
        "1,barbara@mit.example.edu,0.9\n2,nobody@example.org,0.5\n"
    )
    page.get_by_label("Weight in the affinity").fill("0.4")
    page.get_by_role("button", name="Import scores").click()
    page.get_by_text("nobody@example.org is not a reviewer of this workshop").wait_for()
    assert page.get_by_text("1 external score from pasted text").is_visible()
    shots(page, tmp_path, "openreview-scores-imported")
