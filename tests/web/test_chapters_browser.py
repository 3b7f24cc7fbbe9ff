"""The chapter menu of the article player in a real browser: shown for an article with section headings,
reached with the keyboard, seeking the audio to the chapter's start; absent for an article without
headings. Uses the browser of ``test_player_browser`` (Debian's chromium)."""

from __future__ import annotations

import httpx
import pytest
from polling import wait_for_job
from test_player_browser import browser, describe, serious_violations  # noqa: F401 (a fixture)

pytestmark = pytest.mark.slow

SECTIONED = """# Harbour wall to be rebuilt

The harbour wall will be rebuilt this year, the council said on Monday.

## What it costs

The work will cost four million pounds, paid for by a government grant.

## When it starts

Crews will arrive in March and finish before the summer season.
"""
PLAIN = "# Ferry news\n\nThe ferry sailed again on Monday. Passengers were pleased with the new boats."
THIRD = "Chapter 3: When it starts"
TAB_PRESSES_MAX = 80
"""More than the page's focusable controls before the chapter menu: the menu must come within them."""


def _narrated(base_url: str, text: str) -> str:
    with httpx.Client(base_url=base_url) as client:
        response = client.post("/api/narrations", json={"text": text})
        assert response.status_code == 202, response.text
        job = wait_for_job(client, response.headers["location"], timeout_s=120)  # type: ignore[arg-type]
    assert job["state"] == "done", job
    return str(job["article_url"])


def _audio_time(page) -> float:
    return float(page.evaluate("document.getElementById('audio').currentTime"))


def test_chapter_menu_seeks_and_is_keyboard_reachable(browser, live_server) -> None:  # noqa: F811
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.set_default_timeout(20_000)
    try:
        page.goto(live_server.url + _narrated(live_server.url, SECTIONED))
        page.wait_for_function("document.getElementById('audio').readyState >= 1")
        menu = page.locator("nav#chapters")
        assert menu.is_visible() and page.inner_text("#chapters-title") == "Chapters"
        buttons = page.locator("#chapters button.chapter")
        titles = ["Harbour wall to be rebuilt", "What it costs", "When it starts"]
        assert buttons.all_inner_texts() == titles
        assert buttons.nth(2).get_attribute("aria-label") == THIRD
        # the headings are headings on the page too, and each chapter starts at its heading's sentence
        assert page.locator("#article-body h2.section-heading").all_inner_texts() == titles[1:]

        # Keyboard: Tab reaches the menu, Enter on a chapter seeks there (and plays).
        third = buttons.nth(2)
        for _ in range(TAB_PRESSES_MAX):
            page.keyboard.press("Tab")
            if (
                page.evaluate("document.activeElement.getAttribute('aria-label')")
                == "Chapter 3: When it starts"
            ):
                break
        else:
            pytest.fail("Tab never reached the third chapter")
        start_s = int(third.get_attribute("data-start") or "") / 1000
        heading = page.locator(f".s[data-index='{third.get_attribute('data-sentence')}']")
        assert heading.inner_text() == "When it starts"
        assert int(heading.get_attribute("data-start") or "") / 1000 == start_s
        assert start_s > 3  # really into the audio, not its start
        page.keyboard.press("Enter")
        page.wait_for_function(f"Math.abs(document.getElementById('audio').currentTime - {start_s}) < 1.5")
        assert start_s - 0.05 <= _audio_time(page) < start_s + 1.5
        page.wait_for_function("document.querySelector('.chapter[aria-current=\"true\"]') !== null")
        assert (
            page.get_attribute(".chapter[aria-current='true']", "aria-label") == "Chapter 3: When it starts"
        )
        page.click("#play")  # pause
        page.wait_for_function("document.getElementById('audio').paused")

        # A click on the first chapter goes back to the start.
        buttons.nth(0).click()
        page.wait_for_function("document.getElementById('audio').currentTime < 1.5")
        assert page.get_attribute(".chapter[aria-current='true']", "aria-label") == (
            "Chapter 1: Harbour wall to be rebuilt"
        )
        violations = serious_violations(page)
        assert not violations, "article page with chapters:\n" + describe(violations)

        # An article without headings: no chapter menu, no headings made up.
        page.goto(live_server.url + _narrated(live_server.url, PLAIN))
        page.wait_for_function("document.getElementById('audio').readyState >= 1")
        assert page.locator("#chapters").count() == 0
        assert page.locator(".chapter").count() == 0 and page.locator(".section-heading").count() == 0
        assert errors == []
    finally:
        page.close()
