"""Issue 16: a person creates a personal API token on their profile, a script uses it (the
page shows when), the person revokes it and the script is refused; the API's docs render
from our own static files."""

import pytest

from tests.e2e.helpers import log_in, make_user, screenshot
from tests.factories import WorkshopFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDE, NARROW = {"width": 1280, "height": 900}, {"width": 390, "height": 844}


def assert_fits(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


def test_person_creates_uses_and_revokes_an_api_token(page, tmp_path):
    WorkshopFactory(slug="fm-ws")
    grace = make_user("grace@lab.example.org", "Grace Hopper", "Navy Lab")
    api_url = "/api/v1/workshops/fm-ws/my/submissions/"

    page.set_viewport_size(WIDE)
    log_in(page, grace.email)
    page.goto("/accounts/profile/")
    page.get_by_role("link", name="API tokens").click()
    page.get_by_role("heading", name="API tokens").wait_for()
    page.get_by_text("You have no tokens yet.").wait_for()
    page.get_by_role("button", name="Create token").click()
    page.get_by_text("This field is required.").wait_for()
    page.get_by_label("Name").fill("poster session app")
    page.get_by_role("button", name="Create token").click()
    key = page.get_by_label("The new token's key").input_value()
    assert key.startswith("fomo_")
    row = page.get_by_role("row", name="poster session app")
    assert key[:12] in row.inner_text() and "never" in row.inner_text()
    assert_fits(page)
    screenshot(page, tmp_path, "api-token-created-1280")

    script = page.context.request  # a script: no cookies, only the token
    answer = script.get(api_url, headers={"Authorization": f"Token {key}", "Cookie": ""})
    assert answer.status == 200
    assert answer.json()["results"] == []

    page.goto("/accounts/tokens/")
    assert page.get_by_label("The new token's key").count() == 0  # shown only once
    assert "never" not in page.get_by_role("row", name="poster session app").inner_text()
    page.set_viewport_size(NARROW)
    assert_fits(page)
    screenshot(page, tmp_path, "api-token-list-390")

    page.get_by_role("button", name="Revoke poster session app").click()
    page.get_by_text("The token “poster session app” is revoked").wait_for()
    assert "revoked" in page.get_by_role("row", name="poster session app").inner_text()
    refused = script.get(api_url, headers={"Authorization": f"Token {key}", "Cookie": ""})
    assert refused.status == 401
    assert_fits(page)
    screenshot(page, tmp_path, "api-token-revoked-390")


def test_api_docs_render_offline(browser, live_server, tmp_path):
    """Redoc from our static files; its one remote asset (a logo in the sidebar's footer,
    from Redocly's CDN) is blocked by the page's Content-Security-Policy."""
    context = browser.new_context(base_url=live_server.url, viewport=WIDE)
    page = context.new_page()
    console = []
    page.on("console", lambda msg: console.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda error: console.append(str(error)))
    page.goto("/api/v1/docs/")
    page.get_by_role("heading", name="fomo API").first.wait_for()
    page.get_by_text("Your own submissions to this workshop").first.wait_for(state="attached")
    screenshot(page, tmp_path, "api-docs-1280")
    context.close()
    assert [text for text in console if "cdn.redoc.ly" not in text] == []
