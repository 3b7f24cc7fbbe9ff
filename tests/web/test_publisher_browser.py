"""The one-line embed in a real browser: a publisher's page on ANOTHER origin (a second local HTTP server)
carries ``<script src=".../embed.js" data-article-url="…" async>``; the player iframe appears, sized to the
height the player reports (and to no one else's message), plays, is counted, and passes axe-core; with the
server unreachable the script leaves a plain link.
"""

from __future__ import annotations

import html
import socket
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from polling import wait_for_job
from test_embed import PublisherSite, embed_frame
from test_player_browser import ARTIFACTS, describe, serious_violations
from test_security import WATCH_CSP, poll, strict_browser  # noqa: F401 (a fixture)
from web_support import LiveServer, serving, web_settings

from newscaster.config import Settings
from newscaster.web.app import create_app
from newscaster.web.security import SecuritySettings

pytestmark = pytest.mark.slow

EMBED_SCRIPT = Path(__file__).resolve().parents[2] / "src" / "newscaster" / "web" / "static" / "embed.js"
TITLE = "Harbour lights switched on"


def article_html(canonical: str) -> str:
    return (
        f'<!doctype html><html lang="en"><head><title>{TITLE}</title>'
        f'<link rel="canonical" href="{canonical}"></head><body><article><h1>{TITLE}</h1>'
        "<p>The harbour lights were switched on again on Friday evening after a winter of repairs.</p>"
        "<p>Families walked along the pier to watch the boats come in, and the band played until nine.</p>"
        "</article></body></html>"
    )


def publisher_page(script: str) -> str:
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{TITLE}</title></head>'
        "<body><main><h1>Harbour lights switched on</h1>"
        f"{script}<p>The harbour lights were switched on again on Friday evening.</p></main></body></html>"
    )


def one_line(server: str, canonical: str, extra: str = "") -> str:
    return (
        f'<script src="{server}/embed.js" data-article-url="{html.escape(canonical)}"{extra} async></script>'
    )


@pytest.fixture(scope="module")
def publisher() -> Iterator[PublisherSite]:
    site = PublisherSite()
    yield site
    site.close()


@pytest.fixture(scope="module")
def server(
    publisher: PublisherSite, tmp_path_factory: pytest.TempPathFactory, settings: Settings
) -> Iterator[LiveServer]:
    """newscaster on its own loopback port, letting the publisher's origin (and only it) embed the player."""
    own = web_settings(tmp_path_factory.mktemp("publisher-live"), settings)
    security = SecuritySettings(frame_ancestors=f"'self' {publisher.url}")
    with serving(create_app(own, job_threads=1, synthesis_processes=1, security=security)) as live:
        yield live


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_the_one_line_embed_on_another_origin(
    strict_browser: Any,  # noqa: F811 (the imported fixture)
    server: LiveServer,
    publisher: PublisherSite,
) -> None:
    canonical = f"{publisher.url}/2024/harbour-lights"
    assert publisher.url != server.url  # two origins: another port
    with httpx.Client(base_url=server.url, timeout=30) as api:
        response = api.post(
            "/api/narrations", json={"html": article_html(canonical), "voice": "espeak:en-us"}
        )
        job = wait_for_job(api, response.headers["location"])  # type: ignore[arg-type]
        assert job["state"] == "done", job
        article_id = job["article_id"]

        # data-voices="1": the player has a voice menu, two rows tall, so the frame must grow to it.
        publisher.page = publisher_page(one_line(server.url, canonical, ' data-voices="1"'))
        page = strict_browser.new_page()
        page.set_viewport_size({"width": 800, "height": 600})
        page.add_init_script(WATCH_CSP)
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(f"{publisher.url}/story")
        poll(page, "document.querySelector('.newscaster-embed iframe') !== null")
        frame = embed_frame(page)
        assert frame.url == f"{server.url}/embed/articles/{article_id}?voices=1"
        poll(frame, "document.getElementById('audio') && document.getElementById('audio').readyState >= 1")

        # The frame takes the height the player reports (postMessage). How tall the player is depends on
        # the machine's fonts and voices, so the player is then made taller and the frame must follow it.
        player_height_js = (
            "Math.ceil(document.querySelector('main').getBoundingClientRect().bottom + window.scrollY"
            " + parseFloat(getComputedStyle(document.body).marginBottom))"  # in the document, scrolled or not
        )
        frame_height_js = "document.querySelector('.newscaster-embed iframe').style.height"

        def frame_follows_player() -> int:
            """The player's height once the frame has taken it (both read again until they agree)."""
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                player_px = frame.evaluate(player_height_js)
                if page.evaluate(frame_height_js) == f"{player_px}px":
                    return int(player_px)
                time.sleep(0.1)
            frame_px, player_px = page.evaluate(frame_height_js), frame.evaluate(player_height_js)
            raise AssertionError(f"the frame is {frame_px}, the player {player_px} px")

        frame_follows_player()
        frame.evaluate("document.querySelector('main').style.minHeight = '180px'")
        player_px = frame_follows_player()
        assert player_px >= 180
        # A message from anyone else (here the publisher's own page) does not resize it.
        page.evaluate("window.postMessage({type: 'newscaster:height', height: 300}, '*')")
        time.sleep(0.5)
        assert (
            page.evaluate("document.querySelector('.newscaster-embed iframe').style.height")
            == f"{player_px}px"
        )
        title = page.get_attribute(".newscaster-embed iframe", "title")
        assert title == f"Listen to this article: {TITLE}"

        # It plays, and the play is counted.
        frame.click("#play")
        poll(frame, "document.getElementById('audio').currentTime > 0.3")
        assert frame.get_attribute("#play", "aria-label") == "Pause"
        for _ in range(100):
            if api.get(f"/api/articles/{article_id}/analytics").json()["totals"]["plays"] == 1:
                break
            time.sleep(0.1)
        assert api.get(f"/api/articles/{article_id}/analytics").json()["totals"]["plays"] == 1
        frame.click("#play")

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "one-line-embed.png"))
    for scanned, name in ((page, "publisher page"), (frame, "embedded player")):
        violations = serious_violations(scanned)
        assert not violations, f"{name} accessibility:\n" + describe(violations)
    assert page.evaluate("window.__cspViolations") == [] and frame.evaluate("window.__cspViolations") == []
    assert errors == [], errors


def test_the_embed_degrades_to_a_link_when_the_server_is_unreachable(
    strict_browser: Any,  # noqa: F811 (the imported fixture)
    publisher: PublisherSite,
) -> None:
    down = f"http://127.0.0.1:{closed_port()}"
    canonical = f"{publisher.url}/2024/harbour-lights"
    publisher.page = publisher_page(one_line(down, canonical))
    page = strict_browser.new_page()
    # The browser still has embed.js from an earlier visit (it is cached for an hour); the server is gone.
    page.route(
        f"{down}/embed.js",
        lambda route: route.fulfill(body=EMBED_SCRIPT.read_text(), content_type="text/javascript"),
    )
    page.goto(f"{publisher.url}/story")
    poll(page, "document.querySelector('.newscaster-embed a') !== null", timeout_s=20)
    link = page.locator(".newscaster-embed a")
    assert link.inner_text() == "Listen to this article"
    href = link.get_attribute("href")
    assert href == f"{down}/listen?url=" + page.evaluate(f"encodeURIComponent({canonical!r})")
    assert page.locator(".newscaster-embed iframe").count() == 0


def test_no_narration_and_none_to_be_had_leaves_the_page_alone(
    strict_browser: Any,  # noqa: F811 (the imported fixture)
    server: LiveServer,
    publisher: PublisherSite,
) -> None:
    publisher.page = publisher_page(one_line(server.url, f"{publisher.url}/not-narrated"))
    page = strict_browser.new_page()
    with page.expect_response(lambda response: "/api/lookup" in response.url) as answer:
        page.goto(f"{publisher.url}/story")
    assert answer.value.status == 404
    time.sleep(0.5)
    assert page.evaluate("document.querySelector('.newscaster-embed').childElementCount") == 0
