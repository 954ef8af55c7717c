"""Browser tests: Playwright for Python drives Debian's Chromium against pytest-django's live
server, each person in their own browser context (their own cookies, their own session).

Playwright's sync API runs an event loop in the test's thread, so Django would refuse the
ORM calls that a test makes to arrange or check data: they are safe here (the test's thread
makes them one at a time; the live server answers in its own threads), hence
DJANGO_ALLOW_ASYNC_UNSAFE.

The browser is the system's (``/usr/bin/chromium``, installed by .ci/run), never one that
``playwright install`` downloads.
"""

import os
import shutil
from collections.abc import Callable, Iterator

import pytest
from django.db import connections
from playwright.sync_api import (
    Browser,
    BrowserContext,
    Page,
    Request,
    Response,
    expect,
    sync_playwright,
)

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("E2E_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Long enough for a loaded CI machine, short enough that a broken page fails quickly.
TIMEOUT_MS = 15_000


@pytest.fixture
def browser() -> Iterator[Browser]:
    """Chromium for one test. Not shared between tests: while Playwright's event loop runs,
    Django hands this thread other database connections than the test case's own (asgiref
    keys them by context), so the loop must not run while pytest-django sets up or flushes
    the database, nor during the tests that come after the browser tests."""
    if shutil.which(CHROMIUM) is None and not os.path.exists(CHROMIUM):
        pytest.fail(
            f"No Chromium at {CHROMIUM}: apt-get install chromium (.ci/run does)", pytrace=False
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
            # The connections opened under the event loop, before it stops.
            connections.close_all()


@pytest.fixture(autouse=True)
def _site_settings(settings, live_server) -> None:
    """E-mails land in ``mail.outbox``; their links point at the live server."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SITE_URL = live_server.url
    expect.set_options(timeout=TIMEOUT_MS)


@pytest.fixture
def new_page(browser: Browser, live_server) -> Iterator[Callable[[], Page]]:
    """``new_page()``: a page in a fresh browser context, i.e. another person at another
    computer. Browsers speak English unless a test says otherwise; ``viewport=(390, 844)``
    is a phone.

    Every stylesheet, script and icon that a page asks for must load, from this site: a
    broken asset fails the test.
    """
    contexts: list[BrowserContext] = []
    broken_assets: list[str] = []

    def watch(response: Response) -> None:
        if response.request.resource_type != "document" and response.status >= 400:
            broken_assets.append(f"{response.status} {response.url}")

    def watch_failure(request: Request) -> None:
        # Leaving a page before it finished loading aborts its requests: that is no failure
        # (a missing file answers 404, above; an unreachable host fails otherwise).
        if request.failure != "net::ERR_ABORTED":
            broken_assets.append(f"{request.failure} {request.url}")

    def open_page(locale: str = "en-US", viewport: tuple[int, int] | None = None) -> Page:
        size = {"viewport": {"width": viewport[0], "height": viewport[1]}} if viewport else {}
        context = browser.new_context(base_url=live_server.url, locale=locale, **size)
        context.set_default_timeout(TIMEOUT_MS)
        context.on("response", watch)
        context.on("requestfailed", watch_failure)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()
    assert not broken_assets, broken_assets
