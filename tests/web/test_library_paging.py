"""The library page and /api/articles a page at a time, on SQLite and on PostgreSQL."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from web_support import web_settings

from library_rows import GENERATED_VOICE, insert_articles
from newscaster.config import Settings
from newscaster.web.app import create_app
from newscaster.web.security import SecuritySettings

ARCHIVE_ARTICLES = 100_000
DEEP_PAGE = 500
SAME_ORDER_RATIO = 5
TIMER_FLOOR_S = 0.01
"""A request through the ASGI client costs milliseconds of its own: ratios below this measure it."""


@pytest.fixture(params=["sqlite", "postgresql"])
def client(request: pytest.FixtureRequest, tmp_path: Path, settings: Settings) -> Iterator[TestClient]:
    """The app on a fresh database of either kind (no job is submitted: its workers stay idle)."""
    base = web_settings(tmp_path / "data", settings)
    if request.param == "postgresql":
        base = Settings(**{**base.__dict__, "database_url": request.getfixturevalue("postgres_url")})
    # A client walking 500 pages reads far faster than the per-client read limit lets a scraper.
    security = SecuritySettings(reads_per_minute=100_000, read_burst=10_000)
    # Started (one event loop and its thread pool for every request, as under uvicorn): each worker thread
    # opens its database connection once, not once per request.
    with TestClient(create_app(base, job_threads=1, synthesis_processes=1, security=security)) as client:
        yield client


def database_of(client: TestClient):  # type: ignore[no-untyped-def]
    return client.app.state.newscaster.library.db  # type: ignore[attr-defined]


def next_link(response) -> str | None:  # type: ignore[no-untyped-def]
    match = re.fullmatch(r'<([^>]+)>; rel="next"', response.headers.get("link", ""))
    return match.group(1) if match else None


def test_the_api_pages_with_a_next_link_and_answers_lookups(client: TestClient) -> None:
    insert_articles(database_of(client), 12)
    first = client.get("/api/articles", params={"limit": 5})
    assert first.status_code == 200 and [a["id"] for a in first.json()] == [
        f"gen-{n}" for n in range(12, 7, -1)
    ]
    link = next_link(first)
    assert link is not None and f"cursor={first.headers['x-next-cursor']}" in link and "limit=5" in link
    second = client.get(link)
    assert [a["id"] for a in second.json()] == [f"gen-{n}" for n in range(7, 2, -1)]
    last = client.get(next_link(second) or "")
    assert [a["id"] for a in last.json()] == ["gen-2", "gen-1"] and next_link(last) is None

    narrated = client.get("/api/articles", params={"voice": GENERATED_VOICE, "q": "STORY 1"}).json()
    assert [a["id"] for a in narrated] == ["gen-10"] and narrated[0]["narrations"][0][
        "voice"
    ] == GENERATED_VOICE
    assert [
        a["id"] for a in client.get("/api/articles", params={"state": "unnarrated", "limit": 1}).json()
    ] == ["gen-12"]
    found = client.get("/api/articles", params={"url": "https://example.com/news/7"}).json()
    assert [a["id"] for a in found] == ["gen-7"]
    assert client.get("/api/articles", params={"url": "https://example.com/news/70"}).json() == []


@pytest.mark.parametrize(
    "query",
    [{"cursor": "not-a-cursor"}, {"state": "lost"}, {"limit": "0"}, {"limit": "201"}, {"q": "x" * 201}],
)
def test_a_bad_page_request_is_a_422_that_says_why(client: TestClient, query: dict[str, str]) -> None:
    response = client.get("/api/articles", params=query)
    assert response.status_code == 422 and response.json()["error"], response.text


def test_the_library_page_searches_filters_and_pages(client: TestClient) -> None:
    insert_articles(database_of(client), 60)
    page = client.get("/library")
    assert page.status_code == 200
    assert (
        page.text.count('href="/articles/gen-') == 50 and "gen-60" in page.text and "gen-10" not in page.text
    )
    older = re.search(r'href="(/library\?cursor=[^"]+)" rel="next"', page.text)
    assert older is not None and 'rel="first"' not in page.text
    rest = client.get(older.group(1).replace("&amp;", "&"))
    assert rest.text.count('href="/articles/gen-') == 10 and 'rel="next"' not in rest.text
    assert 'href="/library" rel="first"' in rest.text

    searched = client.get("/library", params={"q": "story 5", "state": "narrated"})
    assert re.findall(r'href="/articles/(gen-\d+)"', searched.text) == ["gen-50"]
    assert 'value="story 5"' in searched.text and '<option value="narrated" selected>' in searched.text
    nothing = client.get("/library", params={"q": "no such story"})
    assert "No article matches" in nothing.text
    assert client.get("/library", params={"cursor": "bad"}).status_code == 400


@pytest.mark.slow
def test_an_archive_of_100000_articles_pages_to_the_500th_page_as_fast(client: TestClient) -> None:
    insert_articles(database_of(client), ARCHIVE_ARTICLES)
    link: str | None = "/api/articles"
    for _ in range(DEEP_PAGE - 1):
        assert link is not None
        response = client.get(link)
        assert response.status_code == 200, response.text
        link = next_link(response)
    assert link is not None
    deep = client.get(link).json()
    assert deep[0]["id"] == f"gen-{ARCHIVE_ARTICLES - (DEEP_PAGE - 1) * len(deep)}"

    def fastest(address: str) -> float:
        timings = []
        for _ in range(7):
            start = time.perf_counter()
            assert client.get(address).status_code == 200
            timings.append(time.perf_counter() - start)
        return min(timings)

    first_s, deep_s = fastest("/api/articles"), fastest(link)
    print(f"\nGET /api/articles page 1 {first_s * 1000:.1f} ms, page {DEEP_PAGE} {deep_s * 1000:.1f} ms")
    assert deep_s <= SAME_ORDER_RATIO * max(first_s, TIMER_FLOOR_S)
    older = re.search(r'href="(/library\?cursor=[^"]+)" rel="next"', client.get("/library").text)
    assert older is not None and client.get(older.group(1)).status_code == 200
