"""The library page's Unpublish / Publish / Delete buttons in a real browser (Chromium, as in
test_player_browser.py): they change the library through the API and the page follows."""

from __future__ import annotations

import pytest
from web_support import LiveServer

from newscaster.models import Article

pytestmark = pytest.mark.slow


def test_unpublish_publish_and_delete_from_the_library(browser_page, live_server: LiveServer) -> None:
    page = browser_page
    library = live_server.server.config.app.state.newscaster.library
    kept = library.save_article(Article("Harbour reopens", ("The harbour reopened.",)), 1)
    gone = library.save_article(Article("Ferry strike ends", ("The strike ended.",)), 1)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("dialog", lambda dialog: dialog.accept())
    page.goto(live_server.url + "/library")
    row = page.locator(f"#article-{kept.id}")

    row.get_by_role("button", name="Unpublish “Harbour reopens”").click()
    page.wait_for_function("document.getElementById('library-status').textContent.startsWith('Unpublished')")
    assert row.locator(".badge").text_content() == "Unpublished"
    assert not library.get_article(kept.id).is_published
    row.get_by_role("button", name="Publish “Harbour reopens”").click()
    page.wait_for_function("document.getElementById('library-status').textContent.startsWith('Published')")
    assert library.get_article(kept.id).is_published and row.locator(".badge").count() == 0

    page.locator(f"#article-{gone.id}").get_by_role("button", name="Delete “Ferry strike ends”").click()
    page.wait_for_function(f"!document.getElementById('article-{gone.id}')")
    assert library.get_article(gone.id) is None
    assert "Ferry strike ends" not in page.goto(live_server.url + "/library").text()
    assert errors == []
