"""Signing in, in a real browser, on a server whose writes need a token: the anonymous visitor sees no
Narrate form; signed in (with an API token), the visitor narrates a short text and signs out again.

Screenshots of the sign-in page and the signed-in home page go to /tmp (``SCREENSHOTS``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from chromium import chromium_context
from web_support import LiveServer, serving, web_settings

from newscaster.config import Settings
from newscaster.web.app import create_app
from newscaster.web.security import SecuritySettings

SCREENSHOTS = Path("/tmp")
SHORT_TEXT = "# Harbour reopens\n\nThe harbour reopened on Monday. Fishing boats returned before noon."

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def shared_server(tmp_path_factory: pytest.TempPathFactory, settings: Settings) -> Iterator[LiveServer]:
    """A live server whose writes need a token, as with ``serve --host 0.0.0.0``."""
    app = create_app(
        web_settings(tmp_path_factory.mktemp("signin-data"), settings),
        job_threads=1,
        synthesis_processes=1,
        security=SecuritySettings(require_token=True),
    )
    with serving(app) as server:
        yield server


def test_sign_in_then_narrate_in_a_browser(shared_server: LiveServer, tmp_path: Path) -> None:
    _, token = shared_server.server.config.app.state.newscaster.tokens.create("browser test")
    # The pages' real CSP (no bypass): sign-in, narrate and the player must work under it.
    with chromium_context(tmp_path / "profile", viewport={"width": 1280, "height": 900}) as browser:
        page = browser.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.set_default_timeout(20_000)

        page.goto(shared_server.url + "/")
        assert page.locator("#narrate-form").count() == 0  # nothing that would only fail
        assert page.locator("#signin-needed").is_visible()
        page.click("header >> text=Sign in")
        page.wait_for_url(re.compile(r"/signin\?next=/$"))
        page.fill("#credential", "nct_00000000_not-a-real-token-at-all")
        page.click("#signin-button")
        assert "not a valid API token" in page.inner_text("#signin-error")
        page.screenshot(path=str(SCREENSHOTS / "newscaster-signin.png"), full_page=True)

        page.fill("#credential", token)
        page.click("#signin-button")
        page.wait_for_url(shared_server.url + "/")
        assert page.locator("#narrate-form").is_visible()
        assert page.locator("header >> text=Sign out").is_visible()
        cookie = next(c for c in browser.cookies() if c["name"] == "newscaster_session")
        assert cookie["httpOnly"] and cookie["sameSite"] == "Lax"
        assert page.evaluate("document.cookie") == ""  # no script can read it
        page.screenshot(path=str(SCREENSHOTS / "newscaster-signed-in-home.png"), full_page=True)

        page.fill("#source", SHORT_TEXT)
        page.click("#narrate-button")
        page.wait_for_url(re.compile(r"/articles/[0-9a-f]+(\?.*)?$"), timeout=90_000)
        assert page.inner_text("h1") == "Harbour reopens"
        page.locator("#play:not([disabled])").wait_for()

        page.click("header >> text=Sign out")
        page.wait_for_url(shared_server.url + "/")
        assert page.locator("#narrate-form").count() == 0
        assert not [c for c in browser.cookies() if c["name"] == "newscaster_session"]
        assert not errors, errors
