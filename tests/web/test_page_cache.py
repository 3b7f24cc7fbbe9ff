"""Rendered article pages are built once per change: a second GET is served from memory, and every change
the page shows (text, metadata, a new or removed narration, its timings, the query) makes a fresh page."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from polling import wait_for_job
from web_support import web_settings

from newscaster.config import Settings
from newscaster.models import Article
from newscaster.web.app import create_app

US, GB = "espeak:en-us", "espeak:en-gb"
ARTICLE = Article(
    "Harbour lights",
    ("The harbour lights were switched on again on Friday.", "Families walked along the pier."),
    url="https://news.example/harbour-lights",
)


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory, settings: Settings) -> Iterator[TestClient]:
    own = web_settings(tmp_path_factory.mktemp("page-cache"), settings)
    with TestClient(create_app(own, job_threads=1, synthesis_processes=1)) as test_client:
        yield test_client


def _narrate(client: TestClient, article_id: str, voice: str) -> dict:
    response = client.post("/api/narrations", json={"article_id": article_id, "voice": voice})
    assert response.status_code == 202, response.text
    job = wait_for_job(client, response.headers["location"])
    assert job["state"] == "done", job
    return job


def _cache(client: TestClient) -> Any:
    return client.app.state.newscaster.page_cache  # type: ignore[attr-defined]


def _page(client: TestClient, article_id: str, **query: str) -> tuple[str, bool]:
    """The page's HTML, and whether it came from the cache (a hit) rather than a new rendering."""
    hits = _cache(client).hits
    response = client.get(f"/articles/{article_id}", params=query)
    assert response.status_code == 200 and response.headers["content-type"] == "text/html; charset=utf-8"
    return response.text, _cache(client).hits == hits + 1


def test_a_page_is_rendered_once_and_again_after_each_change(client: TestClient) -> None:
    library = client.app.state.newscaster.library  # type: ignore[attr-defined]
    stored = library.save_article(ARTICLE, 1)
    first, cached = _page(client, stored.id)
    assert not cached and "This article has no narration yet" in first
    assert _page(client, stored.id) == (first, True)

    _narrate(client, stored.id, US)  # a narration: the page gets the player and its sentence spans
    narrated, cached = _page(client, stored.id)
    assert not cached and 'class="s"' in narrated and 'class="s"' not in first
    assert _page(client, stored.id) == (narrated, True)

    _narrate(client, stored.id, GB)  # another voice: its newer narration plays by default
    with_gb, cached = _page(client, stored.id)
    assert not cached and "voice=espeak:en-gb" in with_gb and "voice=espeak:en-gb" not in narrated
    as_asked, cached = _page(client, stored.id, voice=US)  # the query is part of what a page shows
    assert not cached and as_asked != with_gb and _page(client, stored.id, voice=US) == (as_asked, True)
    faster, cached = _page(client, stored.id, speed="1.5")
    assert not cached and faster != with_gb

    renamed = dataclasses.replace(ARTICLE, site_name="Harbour Times")  # metadata only: same content hash
    assert library.save_article(renamed, 1).content_hash == stored.content_hash
    page, cached = _page(client, stored.id)
    assert not cached and "Harbour Times" in page

    newest = client.get(f"/api/articles/{stored.id}").json()["narrations"][0]
    Path(library.narrations_of(stored)[0].audio_path).unlink()  # its audio went away: not offered
    page, cached = _page(client, stored.id)
    assert not cached and newest["audio_url"].replace("&", "&amp;") not in page

    edited = dataclasses.replace(renamed, paragraphs=("The harbour lights failed on Saturday.",))
    library.save_article(edited, 1)  # an edited text: the old narrations no longer fit it
    page, cached = _page(client, stored.id)
    assert not cached and "failed on Saturday" in page and "switched on again" not in page


def test_the_cache_holds_what_fits_and_forgets_the_least_recently_read() -> None:
    from newscaster.web.page_cache import PageCache

    cache = PageCache(max_bytes=100)
    cache.put("a", b"a" * 25)
    cache.put("b", b"b" * 25)
    cache.put("c", b"c" * 25)
    assert cache.get("a") == b"a" * 25  # now the most recently read
    cache.put("d", b"d" * 25)
    cache.put("e", b"e" * 20)  # over 100 bytes: "b", the least recently read, goes
    assert cache.get("b") is None and cache.get("a") is not None and cache.get("e") is not None
    assert cache.size_bytes <= 100
    cache.put("huge", b"h" * 26)  # over a quarter of the cache: never stored, nothing evicted for it
    assert cache.get("huge") is None and cache.get("c") is not None
    assert (cache.hits, cache.misses) == (4, 2)
