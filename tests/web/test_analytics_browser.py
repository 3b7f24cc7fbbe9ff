"""Listening analytics in a real browser, under the pages' real CSP: a narrated article is played and
seeked past its quartiles in Chromium, its beacons are counted (one play per page load, each quartile once),
and the counts show in the API and on the dashboard, whose charts break no CSP rule and pass axe-core.
"""

from __future__ import annotations

import time
from typing import Any

import httpx
import pytest
from polling import wait_for_job
from test_player_browser import ARTICLE, ARTIFACTS, describe, serious_violations
from test_security import WATCH_CSP, poll, strict_browser  # noqa: F401 (a fixture)

pytestmark = pytest.mark.slow

VOICE = "espeak:en-us"
SEEK_POINTS = (0.3, 0.55, 0.8)
"""Where the slider is clicked: past the 25, 50 and 75 % quartiles in turn."""


def figures(api: httpx.Client, article_id: str) -> dict[str, Any]:
    response = api.get(f"/api/articles/{article_id}/analytics")
    assert response.status_code == 200, response.text
    return dict(response.json())


def wait_for_totals(api: httpx.Client, article_id: str, **expected: int) -> dict[str, Any]:
    """Beacons arrive when the browser sends them: poll until the counts say ``expected``."""
    totals: dict[str, Any] = {}
    for _ in range(300):
        totals = figures(api, article_id)["totals"]
        if all(totals[name] == value for name, value in expected.items()):
            return totals
        time.sleep(0.1)
    raise AssertionError(f"the counts never became {expected}: {totals}")


def test_listening_in_a_browser_is_counted(
    strict_browser: Any,  # noqa: F811 (the imported fixture)
    live_server: Any,
) -> None:
    with httpx.Client(base_url=live_server.url, timeout=30) as api:
        response = api.post("/api/narrations", json={"text": ARTICLE, "voice": VOICE})
        assert response.status_code == 202, response.text
        job = wait_for_job(api, response.headers["location"])  # type: ignore[arg-type]
        assert job["state"] == "done", job
        article_id = job["article_id"]

        page = strict_browser.new_page()
        page.add_init_script(WATCH_CSP)
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(f"{live_server.url}/articles/{article_id}")
        poll(page, "document.getElementById('audio').readyState >= 1")
        duration_s = page.evaluate("document.getElementById('audio').duration")
        assert duration_s > 4

        # Play, pause, play again: one play for the page load.
        page.click("#play")
        poll(page, "document.getElementById('audio').currentTime > 0.3")
        page.click("#play")
        poll(page, "document.getElementById('audio').paused")
        page.click("#play")
        poll(page, "!document.getElementById('audio').paused")
        wait_for_totals(api, article_id, plays=1, reached_25=0)

        # Seek past each quartile on the slider, then to the end (End key): each counted once.
        box = page.locator("#seek").bounding_box()
        for share in SEEK_POINTS:
            page.mouse.click(box["x"] + box["width"] * share, box["y"] + box["height"] / 2)
            poll(page, f"document.getElementById('audio').currentTime >= {duration_s * (share - 0.02)}")
        page.mouse.click(box["x"] + box["width"] * SEEK_POINTS[0], box["y"] + box["height"] / 2)  # back again
        page.focus("#seek")
        page.keyboard.press("End")
        totals = wait_for_totals(
            api, article_id, plays=1, reached_25=1, reached_50=1, reached_75=1, reached_100=1
        )
        assert totals["average_completion"] == 1.0

        # A second page load at 1.5x that stops early: a second play, no quartile.
        page.goto(f"{live_server.url}/articles/{article_id}?speed=1.5")
        poll(page, "document.getElementById('audio').readyState >= 1")
        page.click("#play")
        poll(page, "document.getElementById('audio').currentTime > 0.2")
        page.click("#play")
        totals = wait_for_totals(api, article_id, plays=2, reached_25=1, reached_100=1)
        assert totals["average_completion"] == 0.5
        answer = figures(api, article_id)
        assert answer["speeds"] == [{"speed": 1.0, "plays": 1}, {"speed": 1.5, "plays": 1}]
        assert answer["voices"] == [{"voice": VOICE, "plays": 2}]
        assert answer["per_day"][-1] == {"day": answer["until"], "plays": 2, "average_completion": 0.5}
        site = api.get("/api/analytics").json()
        assert site["most_listened"][0]["article_id"] == article_id and site["totals"]["plays"] == 2

        # A bad report from the page is a 4xx, and counts nothing.
        status = page.evaluate(
            """fetch('/api/listens', {method: 'POST', headers: {'Content-Type': 'text/plain'},
                 body: JSON.stringify({article_id: document.location.pathname.split('/').pop(),
                                        kind: 'reached_90', voice: 'espeak:en-us', speed: 1})})
               .then((r) => r.status)"""
        )
        assert status == 422
        assert figures(api, article_id)["totals"] == totals

        # The dashboard shows the same figures, drawn without script, CSP-clean and accessible.
        page.goto(f"{live_server.url}/analytics")
        assert page.inner_text("#total-plays") == "2"
        assert page.inner_text("#average-completion") == "50 %"
        assert page.locator("svg.chart").count() == 5
        assert "Island ferry returns after the winter" in page.locator("svg.chart").nth(2).text_content()
        page.set_viewport_size({"width": 1100, "height": 1500})
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "analytics-dashboard.png"), full_page=True)
        violations = serious_violations(page)
        assert not violations, "dashboard accessibility:\n" + describe(violations)
        page.goto(f"{live_server.url}/analytics/articles/{article_id}?days=30")
        assert page.inner_text("h1") == "Listening: Island ferry returns after the winter"
        assert page.locator("svg.chart").count() == 4
        page.screenshot(path=str(ARTIFACTS / "analytics-article.png"), full_page=True)
        violations = serious_violations(page)
        assert not violations, "article dashboard accessibility:\n" + describe(violations)
        assert page.evaluate("window.__cspViolations") == []
        assert errors == [], errors
