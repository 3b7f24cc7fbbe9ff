"""``/docs`` in a real browser, under the server's real CSP: Swagger UI from the installed package renders
the operations, and nothing is refused or fails (the page loads nothing from another origin)."""

from __future__ import annotations

from pathlib import Path

import pytest
from chromium import chromium_context
from web_support import LiveServer

pytestmark = pytest.mark.slow


def test_docs_page_renders_the_operations_with_no_console_errors(
    live_server: LiveServer, tmp_path: Path
) -> None:
    problems: list[str] = []
    foreign: list[str] = []
    with chromium_context(tmp_path / "profile") as context:
        page = context.new_page()
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda error: problems.append(str(error)))
        page.on(
            "request",
            lambda r: foreign.append(r.url) if not r.url.startswith((live_server.url, "data:")) else None,
        )
        page.goto(f"{live_server.url}/", wait_until="load")
        page.get_by_role("link", name="API").click()  # the footer links the docs
        page.wait_for_url(f"{live_server.url}/docs")
        page.locator(".opblock").first.wait_for(timeout=30_000)
        paths = page.locator(".opblock-summary-path").all_inner_texts()
        assert "/api/narrations" in paths and "/api/articles/{article_id}/audio" in paths
        assert page.locator(".opblock-summary-method").first.inner_text() in {"GET", "POST"}
        page.locator(".opblock").first.click()  # an operation opens: the UI is live, not a picture
        page.locator(".opblock-body").first.wait_for(timeout=10_000)
    assert problems == [] and foreign == []
