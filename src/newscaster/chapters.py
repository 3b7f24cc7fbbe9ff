"""Chapters: an article's section headings as places in its narration.

A chapter opens at each section heading (``Article.headings``) that has text of its own before the next
one; headings in a row ("Part two" over "The vote") make one chapter, their titles joined. What comes
before the first heading is a chapter titled with the headline. An article without headings, or with one
heading and nothing before it, has no chapters: a single chapter the length of the file helps no one, and
none is invented from paragraph breaks.

The chapters go into the MP3 (ID3 ``CHAP``/``CTOC``, ``audio/encode``), the ``.json`` timings (``chapters``),
the podcast feed (``podcast:chapters``, JSON chapters format 1.2.0) and the player's chapter menu.
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .models import Article, Chapter, Part, Timing
from .store.storage import Location, NarrationStorage

MIN_CHAPTERS = 2
"""Fewer chapters than this is no table of contents."""
HEADING_JOINER = ": "
"""Between the titles of headings that stand in a row ("Part two: The vote")."""
OPENING_TITLE = "Introduction"
"""The first chapter's title when the article has no headline."""
PODCAST_CHAPTERS_VERSION = "1.2.0"
"""The Podcasting 2.0 JSON chapters format written for ``podcast:chapters``."""
PODCAST_CHAPTERS_MEDIA_TYPE = "application/json+chapters"
STORED_CHAPTERS_CACHED = 512
"""Narrations whose chapters are kept in memory: the feed asks for up to 100 episodes' on every refresh, and
reading their timings files each time would cost more than building the feed."""


@dataclass(frozen=True)
class Section:
    """Where a chapter opens in the article's text: its first body paragraph (None: the very start)."""

    title: str
    paragraph_index: int | None


def sections_of(article: Article) -> tuple[Section, ...]:
    """The article's chapters by paragraph, before there is any audio; empty when it has none."""
    headings = set(article.headings)
    sections: list[Section] = []
    run: list[int] = []  # headings in a row, not yet followed by text
    for index in range(len(article.paragraphs)):
        if index in headings:
            run.append(index)
            continue
        if run:
            title = HEADING_JOINER.join(article.paragraphs[i] for i in run)
            sections.append(Section(title, run[0]))
            run = []
        elif not sections:
            sections.append(Section(article.title.strip() or OPENING_TITLE, None))
    # a trailing heading with no text after it opens nothing: it stays in the chapter it ends
    return tuple(sections) if len(sections) >= MIN_CHAPTERS else ()


def chapters_of(article: Article, timings: Sequence[Timing], duration_ms: int) -> tuple[Chapter, ...]:
    """The sections placed in the narration: each starts where its first sentence starts (the first chapter
    at 0, so the chapters cover the whole file, intro included) and ends where the next starts."""
    sections = sections_of(article)
    if not sections or not timings:
        return ()
    first_of_paragraph: dict[int, Timing] = {}
    for timing in timings:
        if timing.sentence.part is Part.BODY:
            first_of_paragraph.setdefault(timing.sentence.paragraph_index, timing)
    starts: list[tuple[str, int, int]] = []  # title, start_ms, first sentence index
    for section in sections:
        index = section.paragraph_index
        opening = None if index is None else first_of_paragraph.get(index)
        if not starts:
            starts.append((section.title, 0, timings[0].sentence.index))
        elif opening is not None:  # a heading with nothing speakable is no place to seek to
            starts.append((section.title, opening.start_ms, opening.sentence.index))
    if len(starts) < MIN_CHAPTERS:
        return ()
    ends = [start_ms for _, start_ms, _ in starts[1:]] + [duration_ms]
    return tuple(
        Chapter(title, start_ms, end_ms, first)
        for (title, start_ms, first), end_ms in zip(starts, ends, strict=True)
    )


def chapter_to_dict(chapter: Chapter) -> dict[str, Any]:
    return {
        "title": chapter.title,
        "start_ms": chapter.start_ms,
        "end_ms": chapter.end_ms,
        "first_sentence_index": chapter.first_sentence_index,
    }


def podcast_chapters(chapters: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """The Podcasting 2.0 JSON chapters document for the ``chapters`` of a ``.json`` timings file."""
    return {
        "version": PODCAST_CHAPTERS_VERSION,
        "chapters": [
            {
                "startTime": round(chapter["start_ms"] / 1000, 3),
                "endTime": round(chapter["end_ms"] / 1000, 3),
                "title": chapter["title"],
            }
            for chapter in chapters
        ],
    }


def stored_chapters(storage: NarrationStorage, json_path: Location) -> tuple[dict[str, Any], ...]:
    """The ``chapters`` of a stored narration's ``.json``, read through the narration storage (local disk or
    object storage); empty when it has none, or the file is gone."""
    # Cached by location: a stored narration's files are written once under a name of their own
    # (store/narration_files.py, store/s3_storage.py), so the same location always holds the same chapters.
    key = str(json_path)
    with _CACHE_LOCK:
        if key in _CACHE:
            _CACHE.move_to_end(key)
            return _CACHE[key]
    try:
        document = json.loads(storage.read_text(json_path))
    except (OSError, ValueError):  # not cached: a missing file is no answer to remember
        return ()
    found = document.get("chapters") if isinstance(document, dict) else None
    chapters = tuple(c for c in found if isinstance(c, dict)) if isinstance(found, list) else ()
    with _CACHE_LOCK:
        _CACHE[key] = chapters
        while len(_CACHE) > STORED_CHAPTERS_CACHED:
            _CACHE.popitem(last=False)
    return chapters


_CACHE: OrderedDict[str, tuple[dict[str, Any], ...]] = OrderedDict()
_CACHE_LOCK = threading.Lock()
