import re

import pytest
from django.core.management import call_command

from notifications.models import OutgoingEmail

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_visitor_reads_cfp_signs_up_confirms_and_logs_in(page):
    call_command("load_cfp")

    page.goto("/")
    page.get_by_role("link", name=re.compile("Mathematical and Empirical")).click()
    assert page.locator("h1").inner_text().startswith("Workshop on Mathematical and Empirical")
    assert page.locator(".topic-area").all_inner_texts() == [
        "Pre-Training",
        "Adaptation",
        "Emergent phenomena",
    ]
    assert page.locator(".topic-subtopic").count() == 12
    assert "left" in page.locator(".fomo-countdown").inner_text()
    assert "your time:" in page.locator(".fomo-local").first.inner_text()

    page.get_by_role("link", name="Sign up").click()
    page.locator("#id_email").fill("grace@example.org")
    page.locator("#id_full_name").fill("Grace Hopper")
    page.locator("#id_affiliation").fill("Yale")
    page.locator("#id_password1").fill("a-long-and-unusual-passphrase")
    page.locator("#id_password2").fill("a-long-and-unusual-passphrase")
    page.get_by_role("button", name="Sign Up").click()
    page.get_by_text("We have sent an email to you for verification").wait_for()

    body = OutgoingEmail.objects.get(to=["grace@example.org"]).body_text
    link = re.search(r"/accounts/confirm-email/[^\s]+/", body).group(0)
    page.goto(link)
    page.get_by_role("button", name="Confirm").click()
    page.get_by_role("heading", name="My dashboard").wait_for()

    page.get_by_role("button", name="Log out").click()
    page.get_by_role("link", name="Log in").click()
    page.locator("#id_login").fill("grace@example.org")
    page.locator("#id_password").fill("a-long-and-unusual-passphrase")
    page.get_by_role("button", name="Sign In").click()
    page.get_by_role("heading", name="My dashboard").wait_for()
    assert page.get_by_role("link", name="Grace Hopper").is_visible()
