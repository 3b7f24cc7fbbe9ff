"""The narrate form in a real browser (Chromium): a link pasted without its scheme is fetched as an
https:// link, not narrated as a three-second text."""

from __future__ import annotations

import pytest
from web_support import LiveServer

pytestmark = pytest.mark.slow


def test_a_link_without_its_scheme_is_fetched(browser_page, live_server: LiveServer) -> None:
    page = browser_page
    sent: list[str] = []
    page.on(
        "request", lambda request: sent.append(request.post_data or "") if request.method == "POST" else None
    )
    page.goto(live_server.url + "/")
    page.fill("#source", "nonexistent.invalid/news/story")
    page.click("#narrate-button")
    page.wait_for_function("document.getElementById('narrate-error').textContent.length > 0", timeout=30_000)
    assert sent == ['{"url":"https://nonexistent.invalid/news/story"}']
    assert "nonexistent.invalid" in page.inner_text("#narrate-error")
