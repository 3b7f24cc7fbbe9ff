"""The narrate form in a real browser (Chromium): a link pasted without its scheme is fetched as an
https:// link, not narrated as a three-second text."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from chromium import launch
from web_support import LiveServer

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        context = launch(playwright, tmp_path_factory.mktemp("chromium-profile"), bypass_csp=True)
        try:
            yield context.new_page()
        finally:
            context.close()


def test_a_link_without_its_scheme_is_fetched(page, live_server: LiveServer) -> None:
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
