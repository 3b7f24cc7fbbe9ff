"""The podcast feed through an ASGI client: real SQLite, real espeak narrations, every URL fetched back."""

from __future__ import annotations

import dataclasses
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from email.utils import parsedate_to_datetime
from html import escape
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from web_support import web_settings

from newscaster.config import Settings
from newscaster.models import Article
from newscaster.web.app import create_app
from newscaster.web.security import SecuritySettings

ITUNES = "{http://www.itunes.com/dtds/podcast-1.0.dtd}"
ATOM = "{http://www.w3.org/2005/Atom}"
PODCAST = "{https://podcastindex.org/namespace/1.0}"
US, GB = "espeak:en-us", "espeak:en-gb"

FERRY = "# Ferry news\n\nThe ferry sailed again on Monday. Passengers were pleased with the new boats."
FISH_TITLE = "Fish & <chips> cost < 5 pounds"
# Pasted text loses inline tags (it is read as Markdown), so the headline comes in a saved page.
FISH_PAGE = f"""<!doctype html><html lang="en"><head><title>{escape(FISH_TITLE)}</title></head><body><article>
<h1>{escape(FISH_TITLE)}</h1>
<p>The harbour café cut its prices on Friday. Queues reached the pier by noon.</p>
</article></body></html>"""
OPUS_ONLY = "# Opus only\n\nThis article was narrated as Opus, which podcast apps do not all play."
HARBOUR_URL = "https://news.example/harbour"


def _client(
    tmp_path: Path, settings: Settings, security: SecuritySettings | None = None, **feed: str
) -> TestClient:
    own = dataclasses.replace(web_settings(tmp_path, settings), **feed)
    return TestClient(create_app(own, job_threads=1, synthesis_processes=1, security=security))


def _narrate(client: TestClient, wait: Callable[..., dict], **body: str) -> dict:
    response = client.post("/api/narrations", json=body)
    assert response.status_code == 202, response.text
    job = wait(client, response.headers["location"], timeout_s=60)
    assert job["state"] == "done", job
    return job


def _channel(client: TestClient, **params: str) -> ET.Element:
    response = client.get("/feed.xml", params=params)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/rss+xml; charset=utf-8"
    rss = ET.fromstring(response.content)
    assert rss.tag == "rss" and rss.get("version") == "2.0"
    channel = rss.find("channel")
    assert channel is not None
    return channel


def _items(client: TestClient, **params: str) -> dict[str, ET.Element]:
    """The feed's items by article id (from their link)."""
    items = _channel(client, **params).findall("item")
    by_article = {item.findtext("link", "").rsplit("/", 1)[-1]: item for item in items}
    assert len(by_article) == len(items), "one item per article"
    return by_article


@pytest.fixture(scope="module")
def library(
    tmp_path_factory: pytest.TempPathFactory, settings: Settings, wait_for_job: Callable[..., dict]
) -> Iterator[tuple[TestClient, dict[str, str]]]:
    """A library with: ferry (narrated by US, then GB), fish (GB), opus only, and one never narrated."""
    with _client(tmp_path_factory.mktemp("feed-data"), settings) as client:
        ferry = _narrate(client, wait_for_job, text=FERRY, voice=US)
        _narrate(client, wait_for_job, article_id=ferry["article_id"], voice=GB)
        fish = _narrate(client, wait_for_job, html=FISH_PAGE, voice=GB)
        opus = _narrate(client, wait_for_job, text=OPUS_ONLY, voice=US, format="opus")
        store = client.app.state.newscaster.library  # type: ignore[attr-defined]
        draft = store.save_article(Article("An unnarrated draft", ("Nothing to hear yet.",)), 1)
        ids = {"ferry": ferry["article_id"], "fish": fish["article_id"], "opus": opus["article_id"]}
        yield client, {**ids, "draft": draft.id}


def test_back_to_back_narrations_are_newest_first_on_every_page(
    tmp_path: Path, settings: Settings, wait_for_job: Callable[..., dict]
) -> None:
    """Two narrations of one article made one right after the other (often within the same second): the
    newer one is the article page's default, the library's and the feed's, every time."""
    with _client(tmp_path, settings, SecuritySettings(narrations_per_minute=0)) as client:
        names = {voice["id"]: voice["name"] for voice in client.get("/api/voices").json()}
        for n in range(20):
            older, newer = (US, GB) if n % 2 else (GB, US)
            text = f"# Ferry news {n}\n\nThe ferry sailed {n} times on Monday."
            # Both queued at once: the one worker makes them back to back, with no polling in between.
            jobs = [
                client.post("/api/narrations", json={"text": text, "voice": voice})
                for voice in (older, newer)
            ]
            assert [job.status_code for job in jobs] == [202, 202], jobs[-1].text
            done = [wait_for_job(client, job.headers["location"], timeout_s=60) for job in jobs]
            assert [job["state"] for job in done] == ["done", "done"], done
            article_id = done[0]["article_id"]

            page = client.get(f"/articles/{article_id}").text
            player = re.search(r'<script type="application/json" id="player-data">(.*?)</script>', page, re.S)
            assert player is not None and json.loads(player.group(1))["narration"]["voice"] == newer, n

            library = client.get("/library").text
            row = re.search(rf'<a href="/articles/{article_id}">.*?</tr>', library, re.S)
            assert row is not None and f"<td>{escape(names[newer])}</td>" in row.group(0), n

            enclosure = _items(client)[article_id].find("enclosure")
            assert enclosure is not None and f"voice={newer}&" in enclosure.get("url", ""), n


def test_empty_library_is_a_valid_empty_feed(tmp_path: Path, settings: Settings) -> None:
    with _client(tmp_path, settings) as client:
        response = client.get("/feed.xml")
        channel = _channel(client)
    assert 'xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"' in response.text
    assert channel.findall("item") == []
    assert channel.findtext("title") == "newscaster"
    assert channel.findtext("link") == "http://testserver/"
    assert channel.findtext("description") and channel.findtext("language") == "en"
    assert channel.findtext(f"{ITUNES}author") == "newscaster"
    assert channel.findtext(f"{ITUNES}explicit") == "false"
    assert channel.find(f"{ITUNES}image") is None  # none configured, none invented
    self_link = channel.find(f"{ATOM}link")
    assert self_link is not None
    assert self_link.attrib == {
        "href": "http://testserver/feed.xml",
        "rel": "self",
        "type": "application/rss+xml",
    }


def test_configured_title_author_and_image(tmp_path: Path, settings: Settings) -> None:
    feed = {"feed_title": "Harbour Times, read aloud", "feed_author": "Harbour Times"}
    with _client(tmp_path, settings, **feed, feed_image_url="https://news.example/cover.png") as client:
        channel = _channel(client)
    assert channel.findtext("title") == "Harbour Times, read aloud"
    assert channel.findtext(f"{ITUNES}author") == "Harbour Times"
    image = channel.find(f"{ITUNES}image")
    assert image is not None and image.get("href") == "https://news.example/cover.png"


def test_feed_settings_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSCASTER_FEED_TITLE", "Harbour Times")
    monkeypatch.setenv("NEWSCASTER_FEED_IMAGE_URL", "https://news.example/cover.png")
    monkeypatch.delenv("NEWSCASTER_FEED_AUTHOR", raising=False)
    configured = Settings.from_env()
    assert configured.feed_title == "Harbour Times"
    assert configured.feed_image_url == "https://news.example/cover.png"
    assert configured.feed_author is None and configured.feed_category == "News"


def test_an_item_per_narrated_article_with_working_urls(library: tuple[TestClient, dict[str, str]]) -> None:
    client, ids = library
    response = client.get("/feed.xml")
    for prefix in ("itunes", "atom", "podcast"):
        assert f"xmlns:{prefix}=" in response.text
    items = _items(client)
    assert set(items) == {ids["ferry"], ids["fish"]}  # neither the Opus-only nor the draft
    for article_id, item in items.items():
        article = client.get(f"/api/articles/{article_id}").json()
        assert item.findtext("title") == article["title"]
        assert item.findtext("link") == f"http://testserver/articles/{article_id}"
        assert client.get(item.findtext("link", "")).status_code == 200
        guid = item.find("guid")
        assert guid is not None and guid.get("isPermaLink") == "false" and article_id in (guid.text or "")
        assert parsedate_to_datetime(item.findtext("pubDate", "")).tzinfo is not None

        enclosure = item.find("enclosure")
        assert enclosure is not None and enclosure.get("type") == "audio/mpeg"
        url = enclosure.get("url", "")
        assert url.startswith(f"http://testserver/api/articles/{article_id}/audio?")
        audio = client.get(url)
        assert audio.status_code == 200 and audio.headers["content-type"] == "audio/mpeg"
        assert int(enclosure.get("length", "")) == len(audio.content)

        newest = article["narrations"][0]  # the newest narration of the current text
        assert url == "http://testserver" + newest["audio_url"]
        assert item.findtext(f"{ITUNES}duration") == str((newest["duration_ms"] + 500) // 1000)

        transcript = item.find(f"{PODCAST}transcript")
        assert transcript is not None and transcript.get("type") == "text/vtt"
        vtt = client.get(transcript.get("url", ""))
        assert vtt.status_code == 200 and vtt.text.startswith("WEBVTT")
    assert items[ids["ferry"]].findtext("description") == (
        "<p>The ferry sailed again on Monday. Passengers were pleased with the new boats.</p>"
    )


def test_headline_is_escaped(library: tuple[TestClient, dict[str, str]]) -> None:
    client, ids = library
    text = client.get("/feed.xml").text
    assert "<title>Fish &amp; &lt;chips&gt; cost &lt; 5 pounds</title>" in text
    assert _items(client)[ids["fish"]].findtext("title") == FISH_TITLE


def test_voice_filter(library: tuple[TestClient, dict[str, str]]) -> None:
    client, ids = library
    newest = _items(client)
    only_us = _channel(client, voice=US)
    names = {voice["id"]: voice["name"] for voice in client.get("/api/voices").json()}
    assert only_us.findtext("title") == f"newscaster ({names[US]})"
    self_link = only_us.find(f"{ATOM}link")
    assert (
        self_link is not None and self_link.get("href") == "http://testserver/feed.xml?voice=espeak%3Aen-us"
    )
    us = _items(client, voice=US)
    assert set(us) == {ids["ferry"]}
    us_enclosure = us[ids["ferry"]].find("enclosure")
    assert us_enclosure is not None and "voice=espeak:en-us&" in us_enclosure.get("url", "")
    assert set(_items(client, voice=GB)) == {ids["ferry"], ids["fish"]}
    # By default the newest narration (GB); another voice of the same text is the same episode.
    enclosure = newest[ids["ferry"]].find("enclosure")
    assert enclosure is not None and "voice=espeak:en-gb&" in enclosure.get("url", "")
    assert newest[ids["ferry"]].findtext("guid") == us[ids["ferry"]].findtext("guid")
    assert _items(client, voice="espeak:en-gb-scotland") == {}


def test_unknown_voice_is_422_json(library: tuple[TestClient, dict[str, str]]) -> None:
    client, _ = library
    response = client.get("/feed.xml", params={"voice": "nobody"})
    assert response.status_code == 422
    assert response.json() == {
        "error": "Unknown voice 'nobody'; run 'newscaster voices' to list the installed voices",
        "status": 422,
    }
    api = client.post("/api/narrations", json={"text": "Hello.", "voice": "nobody"})
    assert api.status_code == 422 and api.json()["error"] == response.json()["error"]
    assert client.get("/feed.xml", params={"voice": "x" * 201}).status_code == 422


def test_revalidation(library: tuple[TestClient, dict[str, str]]) -> None:
    client, _ = library
    first = client.get("/feed.xml")
    assert "max-age" in first.headers["cache-control"]
    assert parsedate_to_datetime(first.headers["last-modified"]).tzinfo is not None
    again = client.get("/feed.xml", headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304 and again.headers["etag"] == first.headers["etag"]
    assert again.content == b""
    assert client.get("/feed.xml", headers={"If-None-Match": '"other"'}).status_code == 200


def test_an_edited_article_is_a_new_episode(
    library: tuple[TestClient, dict[str, str]], wait_for_job: Callable[..., dict]
) -> None:
    client, _ = library
    store = client.app.state.newscaster.library  # type: ignore[attr-defined]
    original = Article(
        "Harbour reopens",
        ("The harbour reopened on Monday.",),
        key_points=("Boats are back.", "Tides\x0b are high."),  # a control character XML cannot hold
        published="2024-03-12",
        url=HARBOUR_URL,
    )
    stored = store.save_article(original, 1)
    _narrate(client, wait_for_job, article_id=stored.id, voice=US)
    item = _items(client)[stored.id]
    assert item.findtext("pubDate") == "Tue, 12 Mar 2024 00:00:00 GMT"  # the article's date, not today
    assert item.findtext("description") == "<ul><li>Boats are back.</li><li>Tides are high.</li></ul>"
    guid = item.findtext("guid")

    _narrate(client, wait_for_job, article_id=stored.id, voice=US)  # the same text again: same episode
    assert _items(client)[stored.id].findtext("guid") == guid

    edited = Article(**{**original.__dict__, "paragraphs": ("The harbour reopened on Tuesday.",)})
    store.save_article(edited, 1)
    assert stored.id not in _items(client)  # no narration of the current text yet
    _narrate(client, wait_for_job, article_id=stored.id, voice=US)
    assert _items(client)[stored.id].findtext("guid") not in {None, guid}


def test_library_page_links_the_feed(library: tuple[TestClient, dict[str, str]]) -> None:
    client, _ = library
    html = client.get("/library").text
    assert '<link rel="alternate" type="application/rss+xml" title="Podcast feed" href="/feed.xml">' in html
    assert '<a href="/feed.xml">Podcast feed</a>' in html


class _Markup(HTMLParser):
    """What a feed reader sees in an HTML description: its tags and its text."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text += data


def _as_html(description: str) -> _Markup:
    markup = _Markup()
    markup.feed(description)
    markup.close()
    return markup


def test_article_text_in_a_description_is_text_not_markup(
    library: tuple[TestClient, dict[str, str]], wait_for_job: Callable[..., dict]
) -> None:
    """Feed readers render ``<description>`` as HTML: an article's words must reach them as words."""
    client, _ = library
    store = client.app.state.newscaster.library  # type: ignore[attr-defined]
    points = ("Key point one <script>alert('kp')</script>", "Fish & <b>chips</b> &amp; more")
    with_points = store.save_article(Article("Pointed", ("Body.",), key_points=points), 1)
    first = "A <img src=x onerror=alert(1)> tag & an &lt;escaped&gt; one."
    plain = store.save_article(Article("Plain", (first, "Second paragraph.")), 1)
    for stored in (with_points, plain):
        _narrate(client, wait_for_job, article_id=stored.id, voice=US)
    items = _items(client)

    listed = _as_html(items[with_points.id].findtext("description", ""))
    assert listed.tags == ["ul", "li", "li"]  # the key points as a list, and no other element
    assert listed.text == "".join(points)
    paragraph = _as_html(items[plain.id].findtext("description", ""))
    assert paragraph.tags == ["p"] and paragraph.text == first


SECTIONED = """# Harbour works

The harbour wall will be rebuilt this year.

## What it costs

The work costs four million pounds.

## When it starts

Crews arrive in March.
"""


def test_an_article_with_sections_has_podcast_chapters_and_one_without_has_none(
    tmp_path: Path, settings: Settings, wait_for_job: Callable[..., dict]
) -> None:
    with _client(tmp_path, settings) as client:
        sectioned = _narrate(client, wait_for_job, text=SECTIONED, voice=US)["article_id"]
        plain = _narrate(client, wait_for_job, text=FERRY, voice=US)["article_id"]
        items = _items(client)

        chapters = items[sectioned].find(f"{PODCAST}chapters")
        assert chapters is not None and chapters.get("type") == "application/json+chapters"
        response = client.get(chapters.get("url", ""))
        assert response.status_code == 200
        assert response.headers["content-type"] == "application/json+chapters"
        document = response.json()
        assert document["version"] == "1.2.0"
        titles = [chapter["title"] for chapter in document["chapters"]]
        assert titles == ["Harbour works", "What it costs", "When it starts"]
        starts = [chapter["startTime"] for chapter in document["chapters"]]
        assert starts[0] == 0 and starts == sorted(starts) and len(set(starts)) == 3
        timings = client.get(f"/api/articles/{sectioned}/timings.json").json()
        assert [c["start_ms"] / 1000 for c in timings["chapters"]] == starts

        assert items[plain].find(f"{PODCAST}chapters") is None
        missing = client.get(f"/api/articles/{plain}/chapters.json")
        assert missing.status_code == 404 and "no section headings" in missing.json()["error"]
        assert client.get(f"/api/articles/{plain}/timings.json").json()["chapters"] == []
