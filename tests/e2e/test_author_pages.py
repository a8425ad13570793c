"""Issue 13's author pages in the browser: more author rows without a save, the conflicts
link, and the camera-ready corrections, at laptop and phone widths."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from submissions.models import Submission, SubmissionChange
from tests.e2e.helpers import (
    choose_primary_topic,
    log_in,
    make_paper,
    make_pdf,
    make_user,
    screenshot,
)
from topics.models import Workshop

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES = ((1280, 900), (390, 844))


def test_add_author_row_clones_an_empty_row_and_the_paper_is_saved_with_it(page, tmp_path):
    page.set_default_timeout(60000)  # the shared test machine can be slow
    call_command("load_cfp")
    author = make_user("grace@yale.example.edu", "Grace Hopper", "Yale")
    pdf = make_pdf(tmp_path / "paper.pdf")
    log_in(page, author.email)
    page.goto("/me-fomo/submissions/new/")
    page.get_by_label("Title").fill("Compilers for everyone")
    page.get_by_label("Abstract").fill("We parse in $O(n)$.")
    choose_primary_topic(page, "Scaling laws")
    page.get_by_label("Paper (PDF)").set_input_files(pdf)
    page.get_by_label("I confirm that the PDF is anonymized for review").check()
    rows = page.locator("#author-rows [data-author-row]")
    assert rows.count() == 3
    for _ in range(2):
        page.get_by_role("button", name="Add another author row").click()
    assert rows.count() == 5  # no reload: what was typed above is still there
    assert page.locator("input[name='authors-TOTAL_FORMS']").input_value() == "5"
    page.locator("#id_authors-4-name").fill("Ada Lovelace")
    page.locator("#id_authors-4-email").fill("ada@analytical.example.org")
    for width, height in SIZES:
        page.set_viewport_size({"width": width, "height": height})
        screenshot(page, tmp_path, f"submission-form-{width}")
    page.get_by_role("button", name="Submit paper").click()
    page.get_by_text("received").first.wait_for()
    paper = Submission.objects.get()
    assert [a.email for a in paper.authorships.order_by("order")] == [
        "grace@yale.example.edu", "ada@analytical.example.org"
    ]  # fmt: skip
    assert page.get_by_role("link", name="Conflicts of interest").is_visible()
    for width, height in SIZES:
        page.set_viewport_size({"width": width, "height": height})
        screenshot(page, tmp_path, f"paper-page-{width}")


def test_accepted_paper_uploads_camera_ready_and_corrects_its_authors(page, tmp_path):
    page.set_default_timeout(60000)  # the shared test machine can be slow
    call_command("load_cfp", phase="camera_ready")
    workshop = Workshop.objects.get(slug="me-fomo")
    Workshop.objects.filter(pk=workshop.pk).update(
        decisions_released_at=timezone.now() - timedelta(days=1)
    )
    author = make_user("grace@yale.example.edu", "Grace Hopper", "Yale")
    paper = make_paper(
        workshop,
        title="Compilers for everone",
        topic="Scaling laws",
        abstract="We parse fast.",
        author=("Grace Hopper", author.email, "Yale"),
    )
    Submission.objects.filter(pk=paper.pk).update(status="accepted")
    paper.authorships.update(user=author)
    log_in(page, author.email)
    page.goto("/me-fomo/submissions/1/")
    page.get_by_role("link", name="Upload camera-ready").click()
    page.get_by_label("Camera-ready PDF").set_input_files(make_pdf(tmp_path / "f.pdf", pages=1))
    page.get_by_role("button", name="Upload").click()
    page.get_by_text("Camera-ready version received").wait_for()
    assert page.get_by_role("link", name="Upload camera-ready").count() == 0
    assert "(1 page)" in page.locator("#camera-ready-received").inner_text()

    page.get_by_role("link", name="Correct title, abstract or authors").click()
    page.get_by_label("Title").fill("Compilers for everyone")
    page.get_by_role("button", name="Add another author row").click()
    page.locator("#id_authors-3-name").fill("Ada Lovelace")
    page.locator("#id_authors-3-email").fill("ada@analytical.example.org")
    for width, height in SIZES:
        page.set_viewport_size({"width": width, "height": height})
        screenshot(page, tmp_path, f"camera-ready-details-{width}")
    page.get_by_role("button", name="Save corrections").click()
    page.get_by_text("Corrections saved.").wait_for()
    change = SubmissionChange.objects.get()
    assert change.changes["title"] == ["Compilers for everone", "Compilers for everyone"]
    page.get_by_role("tab", name="As organizers see it").click()
    assert "Ada Lovelace" in page.locator("#camera-ready-changes").inner_text()
    for width, height in SIZES:
        page.set_viewport_size({"width": width, "height": height})
        screenshot(page, tmp_path, f"paper-after-camera-ready-{width}")
