import os

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.fail("Debian's chromium is missing: run scripts/install-chromium")
    # Playwright's sync API runs an event loop in this thread; the Django ORM calls the
    # tests make between browser steps are ordinary synchronous calls.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(15000)
    errors: list[str] = []
    console: list[tuple[str, str]] = []
    refused_documents: set[str] = set()

    def on_response(response):
        if response.status >= 500:
            errors.append(f"{response.status} from {response.url}")
        elif response.status >= 400 and response.request.resource_type == "document":
            refused_documents.add(response.url)

    def on_console(msg):
        if msg.type == "error":
            console.append((msg.text, msg.location.get("url", "")))

    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", on_console)
    page.on("response", on_response)
    yield page
    context.close()
    # A page answered with a 4xx on purpose (a form refused after the deadline is a 403)
    # makes Chromium log "Failed to load resource"; the journey asserts what that page says.
    # Any other console error, a failed script or stylesheet, or a 5xx fails the test.
    errors += [
        text
        for text, url in console
        if not (text.startswith("Failed to load resource") and url in refused_documents)
    ]
    assert errors == [], f"the browser reported errors: {errors}"
