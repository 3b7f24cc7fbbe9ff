"""Polling a feed or a sitemap on loopback: new articles narrated, edited ones re-narrated with only their
changed sentences synthesized, conditional requests honoured, failing sources backed off, and what was seen
remembered across a restart."""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from site_support import VOICE, Site, done_urls, run_queued_jobs, serve_site

from newscaster.config import Settings
from newscaster.jobs.sqlite_queue import SqliteJobQueue
from newscaster.models import SpeechAudio, Voice
from newscaster.sources.poller import MAX_BACKOFF_S, SourcePoller, backoff_s
from newscaster.store.library import Library
from newscaster.store.sources import SourceRecord, SourceSettings, SourceStore
from newscaster.voices.espeak import EspeakEngine
from newscaster.web.state import open_database

HARBOUR = (
    "The harbour reopened on Monday after long repairs.",
    "Fishing boats returned to the quay in the morning.",
    "The mayor thanked the workers for their patience.",
)
HARBOUR_EDITED = "Fishing boats returned to the quay on Wednesday instead."
MARKET = ("The covered market opened its doors to shoppers.", "Stall holders sold bread, cheese and flowers.")
FERRY = (
    "The ferry crossing resumed after the storm passed.",
    "Passengers queued along the pier before dawn.",
)
INTRO = "You are listening to {site}, narrated by newscaster."


@pytest.fixture
def site() -> Iterator[Site]:
    with serve_site() as served:
        yield served


@pytest.fixture
def own_settings(tmp_path: Path, settings: Settings) -> Settings:
    return Settings(
        data_dir=tmp_path / "data", rebuildable_cache_dir=settings.cache_dir, allow_private_urls=True
    )


@pytest.fixture
def engine_calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every sentence the real espeak engine is asked to synthesize (it still synthesizes it)."""
    calls: list[str] = []
    synthesize = EspeakEngine.synthesize

    def counted(self: EspeakEngine, text: str, voice: Voice, speed: float = 1.0) -> SpeechAudio:
        calls.append(text)
        return synthesize(self, text, voice, speed)

    monkeypatch.setattr(EspeakEngine, "synthesize", counted)
    return calls


def _poller(settings: Settings) -> tuple[SourcePoller, SourceStore]:
    database = open_database(settings)
    store = SourceStore(database)
    return SourcePoller(settings, store, SqliteJobQueue(database)), store


def _add(store: SourceStore, url: str, **options: object) -> SourceRecord:
    added = store.add(url, SourceSettings(voice_id=VOICE, **options))  # type: ignore[arg-type]
    assert added is not None
    return added


def _poll(poller: SourcePoller, source_id: str) -> list[str]:
    source = poller.sources.get(source_id)
    assert source is not None
    result = poller.poll(source)
    assert result.error is None, result.error
    return sorted(result.queued)


def _sentences(settings: Settings, url: str) -> list[tuple[str, int]]:
    """(text, duration in ms) of each sentence of the article's current narration."""
    library = Library(open_database(settings))
    stored = library.find_by_url(url)
    assert stored is not None
    narrations = library.current_narrations(stored.id)
    assert narrations
    timings = json.loads(narrations[0].json_path.read_text(encoding="utf-8"))
    return [(s["text"], s["end_ms"] - s["start_ms"]) for s in timings["sentences"]]


@pytest.mark.slow
def test_a_feed_is_narrated_then_polled_conditionally_then_only_changes_are_synthesized(
    site: Site, own_settings: Settings, engine_calls: list[str]
) -> None:
    harbour = site.article("/harbour.html", "Harbour reopens", *HARBOUR)
    market = site.article("/market.html", "Market opens", *MARKET)
    feed = site.feed(
        "/feed.xml", [(harbour, "Mon, 01 Dec 2025 09:00:00 GMT"), (market, "Mon, 01 Dec 2025 08:00:00 GMT")]
    )
    poller, store = _poller(own_settings)
    source = _add(store, feed, intro=INTRO)

    assert _poll(poller, source.id) == sorted([harbour, market])
    assert done_urls(run_queued_jobs(own_settings)) == sorted([harbour, market])
    harbour_before = _sentences(own_settings, harbour)
    assert harbour_before[1][0] == "You are listening to 127.0.0.1, narrated by newscaster."  # spoken, timed
    assert store.get(source.id).kind == "feed"  # type: ignore[union-attr]

    # Nothing changed: the poll asks conditionally, the server answers 304, nothing is queued.
    assert _poll(poller, source.id) == []
    conditional = site.requests_for("/feed.xml")[-1]
    assert conditional.get("if-none-match") and conditional.get("if-modified-since")
    assert run_queued_jobs(own_settings) == []

    # One article added, one sentence of another edited.
    engine_calls.clear()
    ferry = site.article("/ferry.html", "Ferry returns", *FERRY)
    site.article("/harbour.html", "Harbour reopens", HARBOUR[0], HARBOUR_EDITED, HARBOUR[2])
    site.feed(
        "/feed.xml",
        [
            (ferry, "Tue, 02 Dec 2025 07:00:00 GMT"),
            (harbour, "Tue, 02 Dec 2025 06:00:00 GMT"),
            (market, "Mon, 01 Dec 2025 08:00:00 GMT"),
        ],
    )
    assert _poll(poller, source.id) == sorted([ferry, harbour])  # the market is untouched
    assert done_urls(run_queued_jobs(own_settings)) == sorted([ferry, harbour])

    # The engine spoke the ferry's sentences (title and body; the intro was cached) and, of the harbour,
    # only the edited sentence; the rest came from the sentence cache.
    assert sorted(engine_calls) == sorted(["Ferry returns.", *FERRY, HARBOUR_EDITED])
    harbour_after = _sentences(own_settings, harbour)
    assert [text for text, _ in harbour_after] == [
        "Harbour reopens",
        "You are listening to 127.0.0.1, narrated by newscaster.",
        HARBOUR[0],
        HARBOUR_EDITED,
        HARBOUR[2],
    ]
    unchanged = [pair for pair in harbour_before if pair[0] != HARBOUR[1]]
    kept = [pair for pair in harbour_after if pair[0] != HARBOUR_EDITED]
    assert [text for text, _ in kept] == [text for text, _ in unchanged]
    for (_, after_ms), (_, before_ms) in zip(kept, unchanged, strict=True):
        assert abs(after_ms - before_ms) <= 2  # the same audio (positions are rounded to the millisecond)


@pytest.mark.slow
def test_a_sitemap_index_and_a_news_sitemap_are_polled_the_same_way(
    site: Site, own_settings: Settings, engine_calls: list[str]
) -> None:
    harbour = site.article("/harbour.html", "Harbour reopens", *HARBOUR)
    market = site.article("/market.html", "Market opens", *MARKET)
    pages = site.sitemap("/sitemap-pages.xml", [(harbour, "2025-12-01T09:00:00Z")])
    news = site.sitemap("/sitemap-news.xml", [(market, "2025-12-01T08:00:00Z")], news=True)
    index = site.sitemap_index("/sitemap.xml", [(pages, "2025-12-01"), (news, "2025-12-01")])
    poller, store = _poller(own_settings)
    source = _add(store, index)

    assert _poll(poller, source.id) == sorted([harbour, market])
    assert done_urls(run_queued_jobs(own_settings)) == sorted([harbour, market])
    assert store.get(source.id).kind == "sitemap"  # type: ignore[union-attr]
    assert _poll(poller, source.id) == []  # the index answered 304
    assert site.requests_for("/sitemap.xml")[-1].get("if-none-match")

    engine_calls.clear()
    ferry = site.article("/ferry.html", "Ferry returns", *FERRY)
    site.article("/harbour.html", "Harbour reopens", HARBOUR[0], HARBOUR_EDITED, HARBOUR[2])
    site.sitemap("/sitemap-pages.xml", [(harbour, "2025-12-02T06:00:00Z"), (ferry, "2025-12-02T07:00:00Z")])
    site.sitemap_index("/sitemap.xml", [(pages, "2025-12-02"), (news, "2025-12-01")])
    assert _poll(poller, source.id) == sorted([ferry, harbour])
    assert done_urls(run_queued_jobs(own_settings)) == sorted([ferry, harbour])
    assert sorted(engine_calls) == sorted(["Ferry returns.", *FERRY, HARBOUR_EDITED])


def test_a_plain_sitemap_is_read_and_its_unchanged_entries_are_not_queued_again(
    site: Site, own_settings: Settings
) -> None:
    first = site.article("/one.html", "One", *HARBOUR)
    second = site.article("/two.html", "Two", *MARKET)
    sitemap = site.sitemap("/sitemap.xml", [(first, "2025-12-01"), (second, "2025-11-30")])
    poller, store = _poller(own_settings)
    source = _add(store, sitemap)
    assert _poll(poller, source.id) == sorted([first, second])
    site.sitemap("/sitemap.xml", [(first, "2025-12-01"), (second, "2025-12-03")])  # only the second edited
    assert _poll(poller, source.id) == [second]


def test_a_failing_source_backs_off_and_shows_its_error_until_it_recovers(
    site: Site, own_settings: Settings
) -> None:
    feed = site.feed("/feed.xml", [(site.article("/a.html", "A", *HARBOUR), "Mon, 01 Dec 2025 09:00:00 GMT")])
    site.failing.add("/feed.xml")
    poller, store = _poller(own_settings)
    source = _add(store, feed, every_s=600)

    waits_s = []
    for failures in (1, 2, 3):
        before = dt.datetime.now(dt.UTC)
        result = poller.poll(store.get(source.id))  # type: ignore[arg-type]
        assert result.error and "500" in result.error and result.queued == []
        shown = store.get(source.id)
        assert shown is not None and shown.failures == failures and shown.last_error == result.error
        waits_s.append((dt.datetime.fromisoformat(shown.next_poll_at) - before).total_seconds())
    assert [round(w / 600) for w in waits_s] == [2, 4, 8]  # the interval doubled each time
    assert store.due(dt.datetime.now(dt.UTC)) == []  # not polled again meanwhile
    assert backoff_s(600, 30) == MAX_BACKOFF_S  # capped

    site.failing.clear()
    assert poller.poll(store.get(source.id)).queued  # type: ignore[arg-type]
    recovered = store.get(source.id)
    assert recovered is not None and recovered.failures == 0 and recovered.last_error is None


def test_a_restart_remembers_what_was_seen(site: Site, own_settings: Settings) -> None:
    harbour = site.article("/harbour.html", "Harbour reopens", *HARBOUR)
    feed = site.feed("/feed.xml", [(harbour, "Mon, 01 Dec 2025 09:00:00 GMT")])
    poller, store = _poller(own_settings)
    source = _add(store, feed)
    assert _poll(poller, source.id) == [harbour]

    site.put("/feed.xml", site.pages["/feed.xml"].body.decode() + " ", "application/rss+xml")  # new ETag
    restarted, _ = _poller(own_settings)  # a new process on the same data folder
    assert _poll(restarted, source.id) == []  # the feed changed, its entries did not


def test_a_first_poll_of_a_long_sitemap_narrates_only_the_newest(site: Site, own_settings: Settings) -> None:
    entries = [(f"{site.base}/archive/{n}.html", f"2025-01-{n:02d}") for n in range(1, 31)]
    poller, store = _poller(own_settings)
    source = _add(store, site.sitemap("/sitemap.xml", entries))
    queued = _poll(poller, source.id)
    assert sorted(queued) == sorted(url for url, _ in entries[-20:])  # newest 20; the rest noted as seen
    assert _poll(poller, source.id) == []


def test_servers_sharing_a_database_poll_a_source_once(site: Site, own_settings: Settings) -> None:
    """Each server's scheduler looks at the shared sources table at its own time; when two look at once,
    the feed is fetched once and each article queued once."""
    harbour = site.article("/harbour.html", "Harbour reopens", *HARBOUR)
    market = site.article("/market.html", "Market opens", *MARKET)
    feed = site.feed(
        "/feed.xml", [(harbour, "Mon, 01 Dec 2025 09:00:00 GMT"), (market, "Mon, 01 Dec 2025 10:00:00 GMT")]
    )
    pollers = [_poller(own_settings)[0] for _ in range(4)]  # four servers, each its own connection
    _add(pollers[0].sources, feed)
    start = threading.Barrier(len(pollers))

    def poll_when_all_are_ready(poller: SourcePoller) -> list[str]:
        start.wait()
        return [url for result in poller.poll_due() for url in result.queued]

    with ThreadPoolExecutor(len(pollers)) as threads:
        queued = [url for urls in threads.map(poll_when_all_are_ready, pollers) for url in urls]
    assert sorted(queued) == sorted([harbour, market])
    assert len(site.requests_for("/feed.xml")) == 1
    jobs = open_database(own_settings).connection().execute("SELECT count(*) FROM jobs").fetchone()[0]
    assert jobs == 2
