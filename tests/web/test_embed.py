"""The embeddable player: /embed/articles/{id} over HTTP (framing headers, voices, themes, 404), the
snippet on the article page and in the API, and the player in an <iframe> on a publisher's page in a real
browser (play, speed, on-demand narration, axe-core), under the real CSP.
"""

from __future__ import annotations

import dataclasses
import html
import json
import re
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from polling import wait_for_job
from test_player_browser import ARTIFACTS, describe, serious_violations
from test_security import WATCH_CSP, poll, strict_browser  # noqa: F401 (a fixture)
from web_support import framing_server, web_settings

from newscaster.config import Settings
from newscaster.models import Article
from newscaster.web.app import create_app

TEXT = (
    "# Harbour lights switched on\n\n"
    "The harbour lights were switched on again on Friday evening. "
    "Families walked along the pier to watch the boats come in."
)
US, GB = "espeak:en-us", "espeak:en-gb"
PUBLISHER = "http://news.example"
"""A publisher's site, allowed to frame the player (NEWSCASTER_FRAME_ANCESTORS)."""


def snippet(base: str, article_id: str) -> str:
    return (
        f'<iframe src="{base}/embed/articles/{article_id}" title="Listen to this article" width="100%" '
        'height="96" style="border:0" loading="lazy" allow="autoplay"></iframe>'
    )


def player_data(page_html: str) -> dict[str, Any]:
    found = re.search(r'<script type="application/json" id="player-data">(.*?)</script>', page_html, re.S)
    assert found, "the page has no player data"
    return json.loads(found.group(1))


def narrate(client: httpx.Client, **body: Any) -> dict:
    response = client.post("/api/narrations", json=body)
    assert response.status_code == 202, response.text
    job = wait_for_job(client, response.headers["location"])  # type: ignore[arg-type]
    assert job["state"] == "done", job
    return job


# --- Over HTTP ------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory, settings: Settings) -> Iterator[TestClient]:
    with framing_server(tmp_path_factory.mktemp("embed-data"), settings, PUBLISHER) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def article_id(client: TestClient) -> str:
    return narrate(client, text=TEXT, voice=US)["article_id"]


def test_embed_page_is_frameable_by_the_publishers(client: TestClient, article_id: str) -> None:
    response = client.get(f"/embed/articles/{article_id}")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    csp = response.headers["content-security-policy"]
    assert csp.endswith(f"frame-ancestors 'self' {PUBLISHER}")
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "x-frame-options" not in response.headers
    page = response.text
    assert 'role="slider"' in page and 'aria-valuetext="0:' in page
    assert (
        'Listen<span class="embed__title-more"> to this article</span></span>'
        '<span id="listen-time" data-template="{minutes} min">1 min</span>' in page
    )
    assert 'id="speed-cycle"' in page and "1×" in page
    assert 'id="voice-select"' not in page  # only with ?voices=1
    full_page = f'href="/articles/{article_id}?voice=espeak%3Aen-us" target="_blank" rel="noopener"'
    assert full_page in page and "Open full transcript" in page
    # No inline script: only /static files and the JSON data block.
    for tag in re.findall(r"<script\b[^>]*>", page):
        assert 'src="/static/' in tag or 'type="application/json"' in tag, tag
    data = player_data(page)
    assert data["narration"]["voice"] == US and data["speed_cycle"] == [1, 1.25, 1.5, 2, 0.75]


def test_unknown_article_is_a_small_404_page(client: TestClient, tmp_path: Path, settings: Settings) -> None:
    response = client.get("/embed/articles/no-such-article")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "Audio not available" in response.text and '"error"' not in response.text
    assert response.headers["content-security-policy"].endswith(f"frame-ancestors 'self' {PUBLISHER}")
    # With the default policy ('self'), the embed still sends no X-Frame-Options; other pages do.
    own = web_settings(tmp_path / "data", settings)
    default = TestClient(create_app(own, job_threads=1, synthesis_processes=1))
    embed = default.get("/embed/articles/nope")
    assert embed.status_code == 404 and "x-frame-options" not in embed.headers
    assert embed.headers["content-security-policy"].endswith("frame-ancestors 'self'")
    assert default.get("/articles/nope").headers["x-frame-options"] == "SAMEORIGIN"


def test_the_embed_finds_an_article_by_its_url(client: TestClient) -> None:
    """A publisher's template knows its page's address, not our article id."""
    published = "https://news.example/2024/harbour-lights"
    job = narrate(client, text=TEXT, url=published, voice=US)
    by_id = client.get(f"/embed/articles/{job['article_id']}", params={"theme": "dark"})
    by_url = client.get("/embed", params={"url": published + "#listen", "theme": "dark"})
    assert by_url.status_code == 200 and by_url.text == by_id.text
    assert "x-frame-options" not in by_url.headers
    assert by_url.headers["content-security-policy"].endswith(f"frame-ancestors 'self' {PUBLISHER}")
    missing = client.get("/embed", params={"url": "https://news.example/not-narrated"})
    assert missing.status_code == 404 and "Audio not available" in missing.text
    assert "x-frame-options" not in missing.headers
    assert client.get("/embed").status_code == 422  # no url: a JSON error saying so


def test_voice_theme_and_voice_menu(client: TestClient, article_id: str) -> None:
    url = f"/embed/articles/{article_id}"
    asked = client.get(url, params={"voice": US}).text
    assert f"voice={US}&amp;speed=1" in asked  # the audio element's URL
    # A voice that has not read the article: no other voice plays instead; "Listen" narrates with it.
    missing = client.get(url, params={"voice": GB})
    assert missing.status_code == 200
    data = player_data(missing.text)
    assert data["narration"] is None and data["listen_voice"] == GB and data["can_narrate"] is True
    assert '<audio id="audio" preload="metadata"></audio>' in missing.text
    assert 'id="narrate-voice"' in missing.text and 'data-template="{minutes} min"></span>' in missing.text
    # An unknown voice is ignored: the default narration, as on the full page.
    assert player_data(client.get(url, params={"voice": "nope:nobody"}).text)["narration"]["voice"] == US
    assert '<html lang="en" data-theme="dark">' in client.get(url, params={"theme": "dark"}).text
    assert "data-theme" not in client.get(url, params={"theme": "<b>"}).text.split(">", 2)[1]
    menu = client.get(url, params={"voices": "1"}).text
    assert 'id="voice-select"' in menu
    assert f'<option value="{US}" selected>' in menu and f'<option value="{GB}">' in menu


def test_no_listen_button_where_writes_need_a_token(client: TestClient, article_id: str) -> None:
    state = client.app.state.newscaster  # type: ignore[attr-defined]
    open_security = state.security
    state.security = dataclasses.replace(open_security, require_token=True)
    try:
        page = client.get(f"/embed/articles/{article_id}", params={"voice": GB, "voices": "1"}).text
    finally:
        state.security = open_security
    data = player_data(page)
    assert data["can_narrate"] is False and data["pending_voice"] is None
    assert "Audio for this article is not ready yet." in page
    assert f'<option value="{GB}"' not in page  # the menu offers only voices that have read it


def test_listening_in_another_voice_leaves_the_default_embed_alone(client: TestClient) -> None:
    """A reader pressing "Listen" in a voice= embed narrates in that voice: every embed without voice=
    keeps playing the voice the article was first narrated in."""
    first = narrate(client, text=TEXT.replace("Harbour lights", "Pier lights"), voice=US)
    article = first["article_id"]
    time.sleep(1.1)  # narrations are stamped to the second: this one is later, not a tie
    narrate(client, article_id=article, voice=GB)  # what the Listen button of a voice=GB embed does
    assert player_data(client.get(f"/embed/articles/{article}").text)["narration"]["voice"] == US
    assert (
        player_data(client.get(f"/embed/articles/{article}", params={"voice": GB}).text)["narration"]["voice"]
        == GB
    )


def test_the_snippet_says_which_sites_may_show_it(
    client: TestClient, article_id: str, tmp_path: Path, settings: Settings
) -> None:
    page = client.get(f"/articles/{article_id}").text
    assert f"now this server and {PUBLISHER}." in page and "NEWSCASTER_FRAME_ANCESTORS" in page
    own = web_settings(tmp_path / "data", settings)
    default = TestClient(create_app(own, job_threads=1, synthesis_processes=1))
    stored = default.app.state.newscaster.library.save_article(Article("Tides", ("The tide was high.",)), 1)  # type: ignore[attr-defined]
    page = default.get(f"/articles/{stored.id}").text
    assert "now no site but this server itself." in page and "refused to connect" in page


def test_embed_snippet_in_the_api_and_on_the_article_page(client: TestClient, article_id: str) -> None:
    expected = snippet("http://testserver", article_id)
    article = client.get(f"/api/articles/{article_id}").json()
    assert article["embed_html"] == expected
    page = client.get(f"/articles/{article_id}").text
    assert "Embed this player" in page
    code = re.search(r'<textarea id="embed-code"[^>]*>(.*?)</textarea>', page, re.S)
    assert code and html.unescape(code.group(1)) == expected
    schema = client.get("/openapi.json").json()
    assert not any(path.startswith("/embed") for path in schema["paths"])


# --- In a browser, framed by a publisher's page -----------------------------------------------------------


class PublisherSite:
    """A publisher's article page with the embed snippet, served on another loopback port (another
    origin: Chromium would not let a public page frame a loopback server at all)."""

    def __init__(self) -> None:
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (the http.server name)
                body = site.page.encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: Any) -> None:
                pass

        self.page = ""
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def show(self, iframe: str) -> None:
        self.page = (
            '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Harbour lights</title></head>'
            '<body style="margin:0;padding:12px;font-family:Georgia,serif;max-width:760px">'
            f"<main><h1>Harbour lights switched on</h1>{iframe}"
            "<p>The harbour lights were switched on again on Friday evening.</p></main></body></html>"
        )

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="module")
def sites() -> Iterator[tuple[PublisherSite, PublisherSite]]:
    """The publisher, named in NEWSCASTER_FRAME_ANCESTORS, and a stranger, who is not."""
    publisher, stranger = PublisherSite(), PublisherSite()
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("NEWSCASTER_FRAME_ANCESTORS", f"'self' {publisher.url}")
        yield publisher, stranger
    publisher.close()
    stranger.close()


@pytest.fixture(scope="module")
def live_server(sites: tuple[PublisherSite, PublisherSite], live_server: Any) -> Any:
    """The shared live server, made while NEWSCASTER_FRAME_ANCESTORS names the publisher."""
    return live_server


def embed_frame(page: Any) -> Any:
    for _ in range(100):
        frame = page.frame(url=re.compile(r"/embed/articles/"))
        if frame is not None:
            return frame
        page.wait_for_timeout(100)
    raise AssertionError("the embed did not load")


@pytest.mark.slow
def test_embedded_player_in_a_browser(
    strict_browser: Any,  # noqa: F811 (the imported fixture)
    live_server: Any,
    sites: tuple[PublisherSite, PublisherSite],
) -> None:
    publisher, stranger = sites
    with httpx.Client(base_url=live_server.url, timeout=30) as api:
        job = narrate(api, text=TEXT, voice=US)
        iframe = api.get(f"/api/articles/{job['article_id']}").json()["embed_html"]
    assert iframe == snippet(live_server.url, job["article_id"])
    publisher.show(iframe)
    stranger.show(iframe)

    page = strict_browser.new_page()
    page.set_viewport_size({"width": 800, "height": 400})
    page.add_init_script(WATCH_CSP)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    # Another site may not frame it: the browser blocks the frame (frame-ancestors).
    page.goto(f"{stranger.url}/story")
    for _ in range(100):
        if len(page.frames) == 2 and page.frames[1].url:
            break
        page.wait_for_timeout(100)
    assert page.frames[1].url.startswith("chrome-error:"), page.frames[1].url

    # The publisher's page frames it.
    page.goto(f"{publisher.url}/story")
    frame = embed_frame(page)
    poll(frame, "document.getElementById('audio') && document.getElementById('audio').readyState >= 1")
    assert frame.inner_text("#listen-time") == "1 min"  # after "Listen to this article · " (the CSS's dot)
    assert (
        frame.evaluate("getComputedStyle(document.getElementById('listen-time'), '::before').content")
        == '" · "'
    )
    valuetext = frame.get_attribute("#seek", "aria-valuetext")
    assert re.fullmatch(r"0:00 of \d+:\d\d", valuetext), valuetext

    # Play: time advances, and the slider says so.
    frame.click("#play")
    poll(frame, "document.getElementById('audio').currentTime > 0.3")
    assert frame.get_attribute("#play", "aria-label") == "Pause"
    poll(frame, "!document.getElementById('seek').getAttribute('aria-valuetext').startsWith('0:00 of')")
    assert frame.inner_text("#elapsed") != "0:00"

    # Speed: one button cycles 1× → 1.25× → 1.5× → 2× → 0.75× → 1×, pitch preserved.
    for label, rate in (("1.25×", 1.25), ("1.5×", 1.5), ("2×", 2), ("0.75×", 0.75), ("1×", 1)):
        frame.click("#speed-cycle")
        assert frame.inner_text("#speed-cycle") == label
        assert frame.get_attribute("#speed-cycle", "aria-label") == f"Playback speed {label}"
        assert frame.evaluate("document.getElementById('audio').playbackRate") == rate
    assert frame.evaluate("document.getElementById('audio').preservesPitch") is True
    frame.click("#speed-cycle")
    frame.click("#speed-cycle")  # 1.5×: pause there for the screenshot

    # Keyboard: Space on the focused play button pauses.
    frame.focus("#play")
    page.keyboard.press("Space")
    poll(frame, "document.getElementById('audio').paused")
    # The label follows the "pause" event, which comes a moment after ``paused`` turns true.
    poll(frame, "document.getElementById('play').getAttribute('aria-label') === 'Play'")

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "embed-player.png"))
    violations = serious_violations(frame)
    assert not violations, "embedded player accessibility:\n" + describe(violations)
    assert frame.evaluate("window.__cspViolations") == []

    # Narrow: 320 px wide, nothing scrolls sideways, the player stays within the iframe's 96 px.
    page.set_viewport_size({"width": 344, "height": 400})
    poll(frame, "document.documentElement.clientWidth <= 320")
    assert frame.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    assert frame.evaluate("document.getElementById('player').getBoundingClientRect().height") <= 96
    page.screenshot(path=str(ARTIFACTS / "embed-player-320.png"))

    # A voice that has not read it yet: "Listen" narrates on demand, with progress, then plays.
    page.goto(f"{live_server.url}/embed/articles/{job['article_id']}?voice={GB}&theme=dark")
    assert page.is_visible("#narrate-voice") and not page.is_visible("#play")
    page.set_viewport_size({"width": 480, "height": 96})
    page.screenshot(path=str(ARTIFACTS / "embed-player-listen-dark.png"))
    page.click("#narrate-voice")
    poll(page, f"document.getElementById('audio').src.includes('voice={GB}')", timeout_s=90)
    poll(page, "!document.getElementById('audio').paused && document.getElementById('audio').currentTime > 0")
    assert page.is_visible("#play") and not page.is_visible("#narrate-voice")
    page.screenshot(path=str(ARTIFACTS / "embed-player-dark.png"))
    assert page.evaluate("getComputedStyle(document.body).colorScheme") == "dark"
    violations = serious_violations(page)
    assert not violations, "embed page (dark) accessibility:\n" + describe(violations)
    assert page.evaluate("window.__cspViolations") == []

    # ?voices=1: a voice menu in the footer, still within 120 px.
    page.goto(f"{live_server.url}/embed/articles/{job['article_id']}?voices=1")
    poll(page, "document.getElementById('audio').readyState >= 1")
    assert page.evaluate("document.getElementById('player').getBoundingClientRect().height") <= 120
    assert page.inner_text(f"#voice-select option[value='{US}']").endswith(" ✓")  # ready to play
    page.screenshot(path=str(ARTIFACTS / "embed-player-voices.png"))
    violations = serious_violations(page)
    assert not violations, "embed page (voices) accessibility:\n" + describe(violations)
    assert errors == [], errors
