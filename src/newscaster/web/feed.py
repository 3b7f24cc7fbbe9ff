"""``/feed.xml``: the narrated articles as a podcast (RSS 2.0, iTunes and Podcasting 2.0 tags).

One episode per article with an MP3 narration of its current text: the enclosure is the API's audio URL
(Range requests, so podcast apps can seek and resume), the transcript the API's WebVTT, and the chapters
(``podcast:chapters``, JSON chapters 1.2.0) when the article has section headings. An episode's
guid is the article and its text's hash, so narrating the same text again (another voice, a lexicon
change) keeps the episode, and only an edited article becomes a new one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import xml.etree.ElementTree as ET
from email.utils import format_datetime
from html import escape
from pathlib import Path
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request, Response

from .. import __version__
from ..audio.encode import encoder_for
from ..chapters import PODCAST_CHAPTERS_MEDIA_TYPE, stored_chapters
from ..config import Settings
from ..store.library import StoredArticle, StoredNarration
from ..store.narration_files import LocalDiskStorage
from ..store.storage import NarrationStorage
from .api import (
    LIMITED_READ,
    READ_LIMIT_RESPONSE,
    UNKNOWN_HOST_RESPONSE,
    ErrorOut,
    chapters_url,
    narration_json,
)
from .state import AppState

router = APIRouter(tags=["feed"])

FEED_FORMAT = "mp3"
"""Every podcast app plays MP3; Opus in an RSS enclosure is not supported by Apple Podcasts."""
MAX_ITEMS = 100
"""Podcast apps fetch the whole feed on every refresh: 100 episodes keep it around 100 KB, which covers
months of a newsroom's narrations; older ones stay in the library and the API."""
FEED_CACHE_CONTROL = "public, max-age=300"
"""Apps poll every hour or so; five minutes of caching never holds a new episode back for long."""
MEDIA_TYPE = "application/rss+xml; charset=utf-8"

ITUNES = "http://www.itunes.com/dtds/podcast-1.0.dtd"
ATOM = "http://www.w3.org/2005/Atom"
PODCAST = "https://podcastindex.org/namespace/1.0"
for _prefix, _uri in (("itunes", ITUNES), ("atom", ATOM), ("podcast", PODCAST)):
    ET.register_namespace(_prefix, _uri)

_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
"""Characters XML 1.0 cannot hold at all, not even escaped (control characters, lone surrogates)."""


def _clean(value: str) -> str:
    return _NOT_XML.sub("", value)


def _add(parent: ET.Element, tag: str, text: str | None = None, /, **attributes: str) -> ET.Element:
    """A child element; ElementTree escapes its text and attributes, characters XML forbids are dropped."""
    element = ET.SubElement(parent, tag, {name: _clean(value) for name, value in attributes.items()})
    if text is not None:
        element.text = _clean(text)
    return element


def _instant(value: str | None) -> dt.datetime | None:
    """An ISO 8601 date or timestamp (UTC when it names no zone); None when missing or unparsable."""
    if not value:
        return None
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _rfc822(moment: dt.datetime) -> str:
    """RSS dates (RFC 822), which are also HTTP dates: "Tue, 12 Mar 2024 00:00:00 GMT"."""
    return format_datetime(moment.astimezone(dt.UTC), usegmt=True)


def _summary(stored: StoredArticle) -> str:
    """The episode's ``<description>``, which feed readers and podcast apps render as HTML: the key points
    as a list, else the first paragraph. Article text is escaped, so it shows as written and never runs
    as markup (ElementTree's own escaping only protects the XML, which the reader undoes first)."""
    article = stored.article
    if article.key_points:
        return "<ul>" + "".join(f"<li>{escape(point)}</li>" for point in article.key_points) + "</ul>"
    return f"<p>{escape(article.paragraphs[0] if article.paragraphs else article.title)}</p>"


def _episode(
    channel: ET.Element,
    site: str,
    stored: StoredArticle,
    narration: StoredNarration,
    published: dt.datetime,
    storage: NarrationStorage,
) -> None:
    """The item for one narration; nothing when its file went away since the query (never a wrong length)."""
    size = storage.size_bytes(narration.audio_path)
    if size is None:
        return
    urls = narration_json(narration)
    item = _add(channel, "item")
    _add(item, "title", stored.article.title)
    _add(item, "description", _summary(stored))
    _add(item, "link", f"{site}/articles/{stored.id}")
    _add(item, "guid", f"newscaster:{stored.id}:{stored.content_hash[:16]}", isPermaLink="false")
    _add(item, "pubDate", _rfc822(published))
    media_type = encoder_for(narration.audio_format).media_type
    _add(item, "enclosure", url=site + urls["audio_url"], length=str(size), type=media_type)
    _add(item, f"{{{ITUNES}}}duration", str((narration.duration_ms + 500) // 1000))
    _add(
        item,
        f"{{{PODCAST}}}transcript",
        url=site + urls["transcript_url"],
        type="text/vtt",
        language=stored.article.language,
    )
    if stored_chapters(storage, narration.json_path):  # an article without section headings gets no chapters
        chapters = site + chapters_url(narration)
        _add(item, f"{{{PODCAST}}}chapters", url=chapters, type=PODCAST_CHAPTERS_MEDIA_TYPE)


def build_feed(
    settings: Settings,
    site: str,
    self_url: str,
    episodes: list[tuple[StoredArticle, StoredNarration]],
    title_suffix: str = "",
    storage: NarrationStorage | None = None,
) -> tuple[bytes, dt.datetime | None]:
    """The feed document for ``site`` (its base URL, without the trailing slash) and when it last changed
    (the newest narration; None for an empty feed). ``storage`` holds the narrations' files (the
    enclosure's length, the chapters); default: on local disk."""
    storage = storage or LocalDiskStorage(Path())
    rss = ET.Element("rss", version="2.0")
    channel = _add(rss, "channel")
    _add(channel, "title", settings.feed_title + title_suffix)
    _add(channel, "link", site + "/")
    _add(channel, "description", settings.feed_description)
    _add(channel, "language", settings.feed_language)
    _add(channel, "generator", f"newscaster {__version__}")
    _add(channel, f"{{{ATOM}}}link", href=self_url, rel="self", type="application/rss+xml")
    _add(channel, f"{{{ITUNES}}}author", settings.feed_author or settings.feed_title)
    _add(channel, f"{{{ITUNES}}}explicit", "false")
    _add(channel, f"{{{ITUNES}}}category", text=settings.feed_category)
    if settings.feed_image_url:
        _add(channel, f"{{{ITUNES}}}image", href=settings.feed_image_url)
    narrated = [_instant(n.created_at) or dt.datetime.min.replace(tzinfo=dt.UTC) for _, n in episodes]
    changed = max(narrated, default=None)
    if changed is not None:
        _add(channel, "lastBuildDate", _rfc822(changed))
    # Podcast apps order by pubDate: the article's own date when known, else when it was narrated.
    dated = [
        (_instant(stored.article.published) or made, stored, narration)
        for (stored, narration), made in zip(episodes, narrated, strict=True)
    ]
    for published, stored, narration in sorted(dated, key=lambda entry: entry[0], reverse=True):
        _episode(channel, site, stored, narration, published, storage)
    ET.indent(rss)
    return ET.tostring(rss, encoding="utf-8", xml_declaration=True), changed


VoiceFilter = Annotated[
    str | None,
    Query(max_length=200, description="Only this voice's narrations; default: each article's newest MP3"),
]


@router.get(
    "/feed.xml",
    response_class=Response,
    dependencies=LIMITED_READ,
    responses={
        200: {
            "description": "The podcast feed: RSS 2.0 with iTunes and Podcasting 2.0 tags",
            "content": {"application/rss+xml": {"schema": {"type": "string"}}},
        },
        304: {"description": "Not modified since the ETag sent in If-None-Match"},
        400: UNKNOWN_HOST_RESPONSE,
        429: READ_LIMIT_RESPONSE,
        422: {"model": ErrorOut, "description": "An unknown or ambiguous voice, or a malformed query"},
    },
)
def podcast_feed(request: Request, voice: VoiceFilter = None) -> Response:
    """The narrated articles as a podcast feed, newest first: one episode per article with an MP3
    narration, its enclosure the audio download and its transcript the WebVTT."""
    state: AppState = request.app.state.newscaster
    settings = state.settings
    site = state.site.origin(request)  # a configured base URL, or an allowed Host; never any Host
    voice_id, suffix, self_url = None, "", f"{site}/feed.xml"
    if voice:
        chosen = state.registry.get(voice)  # unknown voice: 422, as the API answers it
        voice_id, suffix = chosen.id, f" ({chosen.display_name})"
        self_url += "?" + urlencode({"voice": chosen.id})
    episodes = state.library.latest_narrated(FEED_FORMAT, voice_id, limit=MAX_ITEMS)
    body, changed = build_feed(settings, site, self_url, episodes, suffix, state.storage)
    etag = f'"{hashlib.sha256(body).hexdigest()[:32]}"'
    headers = {"ETag": etag, "Cache-Control": FEED_CACHE_CONTROL}
    if changed is not None:
        headers["Last-Modified"] = _rfc822(changed)
    wanted = request.headers.get("if-none-match", "")
    if etag in {tag.strip() for tag in wanted.split(",")}:
        return Response(status_code=304, headers=headers)
    return Response(body, media_type=MEDIA_TYPE, headers=headers)
