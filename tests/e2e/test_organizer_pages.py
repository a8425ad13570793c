"""An organizer's pages touched by issue 13: the review progress (its remind button and the
standard deviation), the submission list, the extension form and the mail log, in AoE."""

from datetime import timedelta

import pytest

from submissions.models import Submission
from tests.e2e.helpers import accept_dialogs, log_in, make_user, screenshot
from tests.reviews.review_builders import assign, paper, reviewer, reviewing_workshop, submit
from topics.aoe import AOE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (1280, 390)


def test_organizer_pages_show_aoe_and_the_true_remind_button(page, tmp_path):
    workshop = reviewing_workshop(slug="ws13", name="Workshop Thirteen", short_name="WS13")
    organizer = make_user("olga@org.example.net", "Olga Organizer", "Org")
    workshop.organizers.add(organizer)
    one = paper(workshop, number=1, title="Scaling laws revisited", authors=[("A", "a@x.org")])
    rita = reviewer(workshop, "rita@uni.example.org", "Rita Reviewer")
    lars = reviewer(workshop, "lars@uni.example.org", "Lars Late")
    assign(one, rita)
    assign(one, lars)
    submit(one, rita, score=8)
    accept_dialogs(page)
    log_in(page, organizer.email)

    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto("/ws13/manage/reviews/")
        page.get_by_role("columnheader", name="Std. dev.").wait_for()
        screenshot(page, tmp_path, f"progress-{width}")
    page.get_by_role("button", name="Remind reviewers with reviews due").click()
    page.get_by_text("1 reminder(s) queued.").wait_for()

    later = (workshop.submission_deadline + timedelta(days=3)).astimezone(AOE)
    page.goto("/ws13/manage/submissions/1/extension/")
    page.get_by_text("In AoE (UTC−12)").wait_for()
    page.locator("#id_deadline_extension").fill(later.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Deadline extension for #1 saved.").wait_for()
    stored = Submission.objects.get(pk=one.pk).deadline_extension
    assert stored == later.replace(second=0, microsecond=0)

    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto("/ws13/manage/submissions/")
        assert "AoE" in page.locator("tbody tr").first.inner_text()
        screenshot(page, tmp_path, f"submissions-{width}")
        page.goto("/ws13/manage/mail/")
        assert "AoE" in page.locator("tbody tr").first.inner_text()
        screenshot(page, tmp_path, f"mail-log-{width}")
