"""``/api/sources`` and the ``/sources`` page: add, list, remove (guarded like every write), the server
polling a new source at once, and the CMS's signed ping (202), badly signed (401) or for another site."""

from __future__ import annotations

import hashlib
import hmac
import json
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from web_support import TEST_CLIENT_HOSTS

from newscaster.config import Settings
from newscaster.jobs.base import JobState
from newscaster.store.tokens import TokenStore
from newscaster.web.app import create_app
from newscaster.web.security import SecuritySettings
from newscaster.web.state import open_database

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "sources"))
from site_support import VOICE, Site, run_queued_jobs, serve_site, wait_for  # noqa: E402

PARAGRAPHS = ("The harbour reopened on Monday after long repairs.", "Fishing boats returned to the quay.")


@pytest.fixture
def site() -> Iterator[Site]:
    with serve_site() as served:
        yield served


@pytest.fixture
def own_settings(tmp_path: Path, settings: Settings) -> Settings:
    return Settings(
        data_dir=tmp_path / "data",
        rebuildable_cache_dir=settings.cache_dir,
        allow_private_urls=True,
        allowed_hosts=TEST_CLIENT_HOSTS,
    )


def _client(settings: Settings, **security: object) -> TestClient:
    """Without entering it (no lifespan): no workers or scheduler, the test polls and narrates itself."""
    app = create_app(settings, job_threads=1, synthesis_processes=1, security=SecuritySettings(**security))
    return TestClient(app)


def _signed(secret: str, body: bytes) -> dict[str, str]:
    digest = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return {"X-Hub-Signature-256": f"sha256={digest}", "Content-Type": "application/json"}


def test_add_list_and_remove_a_source(site: Site, own_settings: Settings) -> None:
    feed = site.feed("/feed.xml", [])
    client = _client(own_settings)
    added = client.post("/api/sources", json={"url": feed, "voice": VOICE, "intro": True, "every": "1h"})
    assert added.status_code == 201, added.text
    created = added.json()
    assert created["secret"] and created["ping_url"] == f"/api/sources/{created['id']}/ping"
    assert created["every_s"] == 3600 and created["intro"].startswith("You are listening to")
    assert added.headers["location"] == f"/api/sources/{created['id']}"

    listed = client.get("/api/sources").json()
    assert [s["id"] for s in listed] == [created["id"]] and "secret" not in listed[0]
    assert client.post("/api/sources", json={"url": feed}).status_code == 409

    assert client.delete(f"/api/sources/{created['id']}").status_code == 204
    assert client.get("/api/sources").json() == []
    assert client.delete(f"/api/sources/{created['id']}").status_code == 404


@pytest.mark.parametrize(
    ("body", "mentions"),
    [
        ({"url": "ftp://example.com/feed"}, "http(s)"),
        ({"url": "https://example.com/feed", "every": "5 fortnights"}, "interval"),
        ({"url": "https://example.com/feed", "every": "10s"}, "1m–7d"),
        ({"url": "https://example.com/feed", "voice": "no-such-voice"}, "Unknown voice"),
        ({"url": "https://example.com/feed", "speed": 7}, "Speed"),
        ({"url": "https://example.com/feed", "outro": "x" * 501}, "outro"),
        ({}, "url"),
    ],
)
def test_bad_input_is_a_422_naming_the_field(own_settings: Settings, body: dict, mentions: str) -> None:
    answer = _client(own_settings).post("/api/sources", json=body)
    assert answer.status_code == 422 and mentions in answer.text, answer.text


def test_a_private_address_is_refused_where_private_addresses_are(tmp_path: Path, settings: Settings) -> None:
    public_only = Settings(data_dir=tmp_path / "d", rebuildable_cache_dir=settings.cache_dir)
    answer = _client(public_only).post("/api/sources", json={"url": "http://127.0.0.1:9/feed.xml"})
    assert answer.status_code == 422 and "private" in answer.json()["error"]


def test_sources_are_writes_guarded_like_others(own_settings: Settings) -> None:
    client = _client(own_settings, require_token=True)
    assert client.post("/api/sources", json={"url": "https://example.com/feed"}).status_code == 401
    assert client.delete("/api/sources/abc").status_code == 401
    page = client.get("/sources", follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"].startswith("/signin")
    token = TokenStore(open_database(own_settings)).create("cms")[1]
    added = client.post(
        "/api/sources", json={"url": "https://example.com/feed"}, headers={"Authorization": f"Bearer {token}"}
    )
    assert added.status_code == 201


def test_the_sources_page_lists_last_poll_error_and_next_poll(site: Site, own_settings: Settings) -> None:
    site.failing.add("/feed.xml")
    client = _client(own_settings)
    source = client.post("/api/sources", json={"url": f"{site.base}/feed.xml"}).json()
    state = client.app.state.newscaster  # type: ignore[attr-defined]
    state.source_poller.poll_due()
    page = client.get("/sources")
    assert page.status_code == 200
    assert f"{site.base}/feed.xml" in page.text and "HTTP 500" in page.text and "1 in a row" in page.text
    listed = client.get(f"/api/sources/{source['id']}").json()
    assert (
        listed["last_error"] and listed["failures"] == 1 and listed["next_poll_at"] > listed["last_poll_at"]
    )
    assert 'href="/sources"' in page.text  # in the navigation


@pytest.mark.slow
def test_a_signed_ping_narrates_the_article_a_bad_signature_is_401(
    site: Site, own_settings: Settings
) -> None:
    client = _client(own_settings)
    feed = site.feed("/feed.xml", [])
    source = client.post("/api/sources", json={"url": feed, "voice": VOICE}).json()
    ping = f"/api/sources/{source['id']}/ping"
    article = site.article("/breaking.html", "Harbour reopens", *PARAGRAPHS)
    body = json.dumps({"url": article}).encode()

    assert client.post(ping, content=body, headers=_signed("wrong secret", body)).status_code == 401
    assert client.post(ping, content=body, headers={"Content-Type": "application/json"}).status_code == 401
    assert client.post(ping, content=body, headers=_signed(source["secret"], body + b" ")).status_code == 401
    other = json.dumps({"url": "https://elsewhere.example/story.html"}).encode()
    elsewhere = client.post(ping, content=other, headers=_signed(source["secret"], other))
    assert elsewhere.status_code == 422 and "not on the site" in elsewhere.json()["error"]
    unknown = client.post("/api/sources/nope/ping", content=body, headers=_signed(source["secret"], body))
    assert unknown.status_code == 404
    assert run_queued_jobs(own_settings) == []  # nothing was queued by the refused pings

    accepted = client.post(ping, content=body, headers=_signed(source["secret"], body))
    assert accepted.status_code == 202 and accepted.json()["url"] == article
    [job] = run_queued_jobs(own_settings)
    assert job.state is JobState.DONE and job.id == accepted.json()["job"]["id"]
    assert client.get(f"/api/articles/{job.article_id}").json()["title"] == "Harbour reopens"


def test_a_ping_needs_no_token_but_its_signature(site: Site, own_settings: Settings) -> None:
    client = _client(own_settings, require_token=True)
    token = TokenStore(open_database(own_settings)).create("cms")[1]
    source = client.post(
        "/api/sources", json={"url": site.feed("/feed.xml", [])}, headers={"Authorization": f"Bearer {token}"}
    ).json()
    body = f"{site.base}/story.html".encode()  # a bare URL as the body works too
    answer = client.post(
        f"/api/sources/{source['id']}/ping", content=body, headers=_signed(source["secret"], body)
    )
    assert answer.status_code == 202, answer.text
    schema = client.get("/openapi.json").json()["paths"]["/api/sources/{source_id}/ping"]["post"]
    assert "401" in schema["responses"] and "security" not in schema


@pytest.mark.slow
def test_the_running_server_polls_a_new_source_at_once_and_narrates_it(
    site: Site, own_settings: Settings
) -> None:
    article = site.article("/harbour.html", "Harbour reopens", *PARAGRAPHS)
    feed = site.feed("/feed.xml", [(article, "Mon, 01 Dec 2025 09:00:00 GMT")])
    app = create_app(own_settings, job_threads=1, synthesis_processes=1)
    with TestClient(app) as client:  # the lifespan starts the workers and the scheduler
        assert client.post("/api/sources", json={"url": feed, "voice": VOICE}).status_code == 201

        def narrated() -> bool:
            return any(
                a.get("title") == "Harbour reopens" and a.get("narrations")
                for a in client.get("/api/articles").json()
            )

        wait_for(narrated, timeout_s=180)
        [listed] = client.get("/api/sources").json()
        assert listed["kind"] == "feed" and listed["last_poll_at"] and listed["last_error"] is None

    # A new app on the same data folder (a restart) remembers the source and what it saw.
    restarted = _client(own_settings)
    state = restarted.app.state.newscaster  # type: ignore[attr-defined]
    site.put("/feed.xml", site.pages["/feed.xml"].body.decode() + "\n", "application/rss+xml")  # a new ETag
    state.sources.make_due(listed["id"])
    assert [r.queued for r in state.source_poller.poll_due()] == [[]]
