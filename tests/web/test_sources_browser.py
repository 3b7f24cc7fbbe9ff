"""The sources page in a real browser under the pages' CSP: add a feed through the form (the ping secret is
shown once), see the server's poll and its error, remove it; no CSP violation, axe-core clean."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from test_player_browser import ARTIFACTS, describe, serious_violations
from test_security import WATCH_CSP, poll, strict_browser  # noqa: F401 (a fixture)
from web_support import serving, web_settings

from newscaster.config import Settings
from newscaster.web.app import create_app

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "sources"))
from site_support import serve_site  # noqa: E402

pytestmark = pytest.mark.slow


def test_add_see_the_polls_error_and_remove_a_source(
    strict_browser: Any,  # noqa: F811 (the fixture)
    tmp_path: Path,
    settings: Settings,
) -> None:
    own = replace(web_settings(tmp_path / "data", settings), allow_private_urls=True)
    with serve_site() as site, serving(create_app(own, job_threads=1, synthesis_processes=1)) as server:
        site.failing.add("/feed.xml")
        page = strict_browser.new_page()
        page.add_init_script(WATCH_CSP)
        page.goto(f"{server.url}/sources")
        assert page.inner_text("#no-sources") == "No sources yet."

        page.fill("#source-url", f"{site.base}/feed.xml")
        page.fill("#source-every", "1h")
        page.check("#source-intro")
        page.click("#source-form button[type=submit]")
        assert "Ping secret (shown once): " in poll(
            page, "document.getElementById('source-status').textContent"
        )

        # The server polls the new source at once; the page (reloaded by its script) shows the failure.
        def shows_the_error() -> bool:
            page.goto(f"{server.url}/sources")
            return "HTTP 500" in page.inner_text(".sources__error")

        for _ in range(60):
            if shows_the_error():
                break
            page.wait_for_timeout(500)
        else:
            raise AssertionError("the poll's error never showed")
        assert "1 in a row" in page.inner_text(".sources__error")
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "sources-page.png"), full_page=True)
        violations = serious_violations(page)
        assert not violations, "sources page accessibility:\n" + describe(violations)

        with page.expect_navigation():  # removed, the page reloads its list
            page.click(".source-remove")
        assert page.inner_text("#no-sources") == "No sources yet."
        assert page.evaluate("window.__cspViolations") == []
