"""What a publisher's site uses, over HTTP: oEmbed, the lookup by canonical URL (and its CORS, for allowed
origins only), the embed's request for a narration (off by default), the plain-link target and the script.
The one-line embed in a browser on another origin is in test_publisher_browser.py.
"""

from __future__ import annotations

import dataclasses
import html
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from test_embed import narrate
from web_support import framing_server, web_settings

from newscaster.config import Settings
from newscaster.web.app import create_app
from newscaster.web.cors import origin_allowed
from newscaster.web.security import SecuritySettings

PUBLISHER = "https://news.example"
STRANGER = "https://elsewhere.example"
CANONICAL = f"{PUBLISHER}/2024/03/ferry-returns"
PAGE = f"""<!doctype html><html lang="en"><head><title>Ferry returns after the winter</title>
<link rel="canonical" href="{CANONICAL}"></head><body><article><h1>Ferry returns after the winter</h1>
<p>The island ferry sailed again on Monday after a long winter break.</p>
<p>Passengers on the early crossing said the new boats felt calm and quiet.</p></article></body></html>"""


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory, settings: Settings) -> Iterator[TestClient]:
    """A server that lets ``PUBLISHER`` frame the player."""
    with framing_server(tmp_path_factory.mktemp("publisher-data"), settings, PUBLISHER) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def article_id(client: TestClient) -> str:
    return str(narrate(client, html=PAGE, voice="espeak:en-us")["article_id"])  # type: ignore[arg-type]


def test_oembed_answers_for_the_canonical_url_and_the_page_here(client: TestClient, article_id: str) -> None:
    for url in (CANONICAL, f"http://testserver/articles/{article_id}", f"{CANONICAL}#listen"):
        response = client.get("/oembed", params={"url": url, "format": "json"})
        assert response.status_code == 200, (url, response.text)
        answer = response.json()
        assert answer == {
            "version": "1.0",
            "type": "rich",
            "provider_name": "newscaster",
            "provider_url": "http://testserver/",
            "title": "Ferry returns after the winter",
            "html": (
                f'<iframe src="http://testserver/embed/articles/{article_id}" title="Listen to this article" '
                'width="100%" height="96" style="border:0" loading="lazy" allow="autoplay"></iframe>'
            ),
            "width": 640,
            "height": 96,
            "cache_age": 3600,
        }
        assert response.headers["content-type"] == "application/json"
    narrow = client.get("/oembed", params={"url": CANONICAL, "maxwidth": 400}).json()
    assert narrow["width"] == 400 and narrow["type"] == "rich"  # format defaults to json
    assert client.get("/oembed", params={"url": CANONICAL, "maxwidth": 100}).json()["width"] == 320


@pytest.mark.parametrize(
    ("params", "status"),
    [
        ({"url": f"{PUBLISHER}/not-narrated"}, 404),
        ({"url": CANONICAL, "format": "xml"}, 501),
        ({"url": "javascript:alert(1)"}, 422),
        ({}, 422),
        ({"url": CANONICAL, "maxwidth": "wide"}, 422),
    ],
)
def test_oembed_refuses_what_it_cannot_answer(
    client: TestClient, article_id: str, params: dict[str, str], status: int
) -> None:
    response = client.get("/oembed", params=params)
    assert response.status_code == status
    assert response.json()["status"] == status
    if status == 404:  # this route's answer, not the one for a path that does not exist
        assert response.json()["error"] == "No article here has this URL"


def test_article_pages_advertise_oembed(client: TestClient, article_id: str) -> None:
    page = client.get(f"/articles/{article_id}").text
    href = html.escape(
        f"http://testserver/oembed?url=http%3A%2F%2Ftestserver%2Farticles%2F{article_id}&format=json"
    )
    link = (
        f'<link rel="alternate" type="application/json+oembed" href="{href}" '
        'title="Ferry returns after the winter">'
    )
    assert link in page
    found = client.get(html.unescape(href).removeprefix("http://testserver"))
    assert found.status_code == 200 and found.json()["title"] == "Ferry returns after the winter"


def test_lookup_by_canonical_url(client: TestClient, article_id: str) -> None:
    found = client.get("/api/lookup", params={"url": CANONICAL + "/"})  # a trailing slash is the same page
    assert found.status_code == 200
    assert found.json() == {
        "article_id": article_id,
        "title": "Ferry returns after the winter",
        "url": CANONICAL,
        "narrated": True,
        "embed_url": f"http://testserver/embed/articles/{article_id}",
        "page_url": f"http://testserver/articles/{article_id}",
    }
    missing = client.get("/api/lookup", params={"url": f"{PUBLISHER}/other"})
    assert missing.status_code == 404 and missing.json()["can_request"] is False
    assert client.get("/api/lookup", params={"url": "ftp://x/y"}).status_code == 422
    # The plain link the embed falls back to leads to the article's page.
    listen = client.get("/listen", params={"url": CANONICAL}, follow_redirects=False)
    assert listen.status_code == 303 and listen.headers["location"] == f"/articles/{article_id}"
    assert client.get("/listen", params={"url": f"{PUBLISHER}/other"}).status_code == 404


def test_cross_origin_reads_only_for_origins_that_may_embed(client: TestClient, article_id: str) -> None:
    allowed = client.get("/api/lookup", params={"url": CANONICAL}, headers={"Origin": PUBLISHER})
    assert allowed.headers["access-control-allow-origin"] == PUBLISHER
    assert "access-control-allow-credentials" not in allowed.headers
    assert "Origin" in allowed.headers["vary"]
    missing = client.get("/api/lookup", params={"url": f"{PUBLISHER}/x"}, headers={"Origin": PUBLISHER})
    assert missing.status_code == 404 and missing.headers["access-control-allow-origin"] == PUBLISHER
    oembed = client.get("/oembed", params={"url": CANONICAL}, headers={"Origin": PUBLISHER})
    assert oembed.headers["access-control-allow-origin"] == PUBLISHER
    refused = client.get("/api/lookup", params={"url": CANONICAL}, headers={"Origin": STRANGER})
    assert "access-control-allow-origin" not in refused.headers
    # Nothing else is readable cross-origin, even for the publisher.
    for path in (f"/api/articles/{article_id}", "/api/voices", f"/embed/articles/{article_id}"):
        other = client.get(path, headers={"Origin": PUBLISHER})
        assert "access-control-allow-origin" not in other.headers, path
    preflight = client.options(
        "/api/lookup", headers={"Origin": PUBLISHER, "Access-Control-Request-Method": "POST"}
    )
    assert preflight.status_code == 204 and preflight.headers["access-control-allow-methods"] == "GET, POST"
    strange = client.options(
        "/api/lookup", headers={"Origin": STRANGER, "Access-Control-Request-Method": "POST"}
    )
    assert strange.status_code == 403 and "access-control-allow-origin" not in strange.headers


@pytest.mark.parametrize(
    ("origin", "ancestors", "allowed"),
    [
        ("https://news.example", "'self' https://news.example", True),
        ("https://news.example:443", "https://news.example", True),
        ("http://news.example", "https://news.example", False),
        ("https://news.example:8443", "https://news.example", False),
        ("https://a.news.example", "https://*.news.example", True),
        ("https://news.example", "https://*.news.example", False),
        ("https://evilnews.example", "https://*.news.example", False),
        ("https://anything.example", "https:", True),
        ("https://news.example", "'self'", False),
        ("https://news.example", "'none'", False),
        ("null", "https:", False),
        ("https://news.example/path", "https://news.example", False),
    ],
)
def test_which_origins_may_embed(origin: str, ancestors: str, allowed: bool) -> None:
    assert origin_allowed(origin, ancestors) is allowed


def test_the_embed_script_is_served(client: TestClient) -> None:
    script = client.get("/embed.js")
    assert script.status_code == 200
    assert script.headers["content-type"] == "text/javascript; charset=utf-8"
    assert script.headers["cache-control"] == "public, max-age=3600"
    assert "data-article-url" in script.text and "newscaster:height" in script.text


def test_asking_for_a_narration_is_off_by_default(client: TestClient, article_id: str) -> None:
    body = json.dumps({"url": f"{PUBLISHER}/2024/03/new-story"})
    refused = client.post(
        "/api/lookup", content=body, headers={"Origin": PUBLISHER, "Content-Type": "text/plain"}
    )
    assert refused.status_code == 403 and "NEWSCASTER_EMBED_REQUESTS" in refused.json()["error"]
    assert refused.headers["access-control-allow-origin"] == PUBLISHER  # so the script can read why


class ArticleSite:
    """A publisher's site on a loopback port, serving one article page."""

    def __init__(self) -> None:
        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (the http.server name)
                body = PAGE.replace(CANONICAL, site.url + "/story").encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: Any) -> None:
                pass

        site = self
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def test_an_embed_asks_for_its_own_page_where_allowed(tmp_path: Path, settings: Settings) -> None:
    site = ArticleSite()
    try:
        own = dataclasses.replace(web_settings(tmp_path / "data", settings), allow_private_urls=True)
        security = SecuritySettings(frame_ancestors=f"'self' {site.url}", embed_requests=True)
        app = create_app(own, job_threads=1, synthesis_processes=1, security=security)
        story = f"{site.url}/story"
        with TestClient(app) as test_client:

            def ask(url: str, origin: str = site.url) -> Any:
                return test_client.post(
                    "/api/lookup",
                    content=json.dumps({"url": url}),
                    headers={"Origin": origin, "Content-Type": "text/plain"},
                )

            assert test_client.get("/api/lookup", params={"url": story}).json()["can_request"] is True
            assert ask(story, origin=STRANGER).status_code == 403  # not a site that may embed
            other_site = ask("https://elsewhere.example/story")
            assert other_site.status_code == 403 and "its own site" in other_site.json()["error"]
            assert ask(story, origin="").status_code == 403  # no Origin: not a browser on that site
            first = ask(story)
            assert first.status_code == 202 and first.json()["state"] in {"queued", "running"}
            again = ask(story)  # another reader's page load meanwhile: no second job
            assert again.status_code in {200, 202}
            database = test_client.app.state.newscaster.queue.db  # type: ignore[attr-defined]
            assert database.connection().execute("SELECT count(*) FROM jobs").fetchone()[0] == 1
            for _ in range(600):
                found = test_client.get("/api/lookup", params={"url": story})
                if found.status_code == 200 and found.json()["narrated"]:
                    break
                threading.Event().wait(0.2)
            assert found.status_code == 200 and found.json()["narrated"] is True
            done = ask(story)
            assert done.status_code == 200 and done.json()["title"] == "Ferry returns after the winter"
            assert database.connection().execute("SELECT count(*) FROM jobs").fetchone()[0] == 1
    finally:
        site.close()


def test_a_withdrawn_article_leaves_the_publishers_lookups(
    tmp_path: Path, settings: Settings, wait_for_job
) -> None:
    """Unpublished by the newsroom: the embed script, oEmbed, the plain link and the lookups find nothing
    for readers, and an embed may not ask for it to be narrated again; the newsroom still finds it."""
    own = web_settings(tmp_path / "data", settings)
    security = SecuritySettings(
        frame_ancestors=f"'self' {PUBLISHER}", require_token=True, embed_requests=True
    )
    with TestClient(create_app(own, job_threads=1, synthesis_processes=1, security=security)) as client:
        _, token = client.app.state.newscaster.tokens.create("newsroom")  # type: ignore[attr-defined]
        newsroom = {"Authorization": f"Bearer {token}"}
        response = client.post(
            "/api/narrations", json={"html": PAGE, "voice": "espeak:en-us"}, headers=newsroom
        )
        article_id = wait_for_job(client, response.headers["location"])["article_id"]
        assert client.get("/api/lookup", params={"url": CANONICAL}).status_code == 200
        withdrawn = client.patch(f"/api/articles/{article_id}", json={"unpublished": True}, headers=newsroom)
        assert withdrawn.status_code == 200

        assert client.get("/api/lookup", params={"url": CANONICAL}).status_code == 404
        assert client.get("/oembed", params={"url": CANONICAL}).status_code == 404
        assert (
            client.get("/oembed", params={"url": f"http://testserver/articles/{article_id}"}).status_code
            == 404
        )
        assert client.get("/listen", params={"url": CANONICAL}, follow_redirects=False).status_code == 404
        assert client.get("/embed", params={"url": CANONICAL}).status_code == 404
        assert client.get("/api/articles", params={"url": CANONICAL}).json() == []
        again = client.post(
            "/api/lookup",
            content=json.dumps({"url": CANONICAL}),
            headers={"Origin": PUBLISHER, "Content-Type": "text/plain"},
        )
        assert again.status_code == 403 and "withdrawn" in again.json()["error"]
        database = client.app.state.newscaster.queue.db  # type: ignore[attr-defined]
        assert database.connection().execute("SELECT count(*) FROM jobs").fetchone()[0] == 1

        found = client.get("/api/lookup", params={"url": CANONICAL}, headers=newsroom)
        assert found.status_code == 200 and found.json()["article_id"] == article_id
