"""The HTML pages: narrate (home), the library, and an article with its read-along player.

Server-rendered with Jinja2 (autoescaped); the player is a small script on top of the JSON API. Each
sentence of the article is wrapped in ``<span class="s">`` built from the narration's timings, so the
player can highlight the sentence being spoken and seek to a sentence when it is clicked.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import re
from collections.abc import Hashable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import jinja2
from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from .. import __version__
from ..chapters import stored_chapters
from ..durations import format_clock
from ..errors import NewscasterError
from ..jobs.base import JobState
from ..language_tags import language_name, spoken_language
from ..models import Voice
from ..speed import PLAYER_SPEEDS, SPEED_PRESETS, parse_speed
from ..store.library import ARTICLE_STATES, ArticleQuery, CursorError, StoredArticle, StoredNarration
from ..store.storage import NarrationStorage
from ..text.reading_time import format_minutes
from ..voices.registry import best_first
from .access import WriteAccess, may_administer, page_context, write_access
from .api import LIMITED_READ, embed_snippet, job_json, narration_json, oembed_url, streamable
from .site import root_of
from .state import AppState

TEMPLATES_DIR = Path(__file__).parent / "templates"
STATIC_DIR = Path(__file__).parent / "static"

router = APIRouter(tags=["pages"], include_in_schema=False)


def _static_version() -> str:
    """A short hash of the static files, appended to their URLs so a new release is never served stale."""
    digest = hashlib.sha256(__version__.encode())
    if STATIC_DIR.is_dir():
        for path in sorted(STATIC_DIR.iterdir()):
            if path.is_file():
                digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()[:10]


def format_date(value: str | None) -> str:
    """An ISO date or timestamp → "12 March 2024"; anything unparsable is shown as given."""
    if not value:
        return ""
    try:
        day = dt.date.fromisoformat(value[:10])
    except ValueError:
        return value
    return f"{day.day} {day:%B %Y}"


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["clock"] = format_clock
    env.filters["date"] = format_date
    env.globals["static_version"] = _static_version()
    env.globals["version"] = __version__
    return env


templates = Jinja2Templates(env=_environment(), context_processors=[page_context])


# ----------------------------------------------------------------------------------------------------
# Sentence spans


@dataclass(frozen=True)
class Segment:
    """A run of a paragraph's text: a sentence (with its timing) or the text between sentences."""

    text: str
    index: int | None = None
    start_char: int = 0
    end_char: int = 0
    start_ms: int = 0
    end_ms: int = 0
    language: str | None = None
    """A passage in another language (``Sentence.language``): the page marks it ``lang`` for screen
    readers, translation and hyphenation."""

    @property
    def is_sentence(self) -> bool:
        return self.index is not None


def split_into_segments(text: str, sentences: list[dict[str, Any]]) -> list[Segment]:
    """Cut ``text`` at its sentences' ``start_char``/``end_char``; text outside sentences stays plain.

    Sentences whose offsets do not fit the text (out of range or overlapping an earlier one) are
    left unwrapped rather than mangling the paragraph.
    """
    segments: list[Segment] = []
    position = 0
    for sentence in sorted(sentences, key=lambda s: (s["start_char"], s["end_char"])):
        start, end = int(sentence["start_char"]), int(sentence["end_char"])
        if start < position or end <= start or end > len(text):
            continue
        if start > position:
            segments.append(Segment(text[position:start]))
        segments.append(
            Segment(
                text[start:end],
                index=int(sentence["index"]),
                start_char=start,
                end_char=end,
                start_ms=int(sentence["start_ms"]),
                end_ms=int(sentence["end_ms"]),
                language=sentence.get("language"),
            )
        )
        position = end
    if position < len(text):
        segments.append(Segment(text[position:]))
    return segments


@dataclass(frozen=True)
class ArticleText:
    """The article split for rendering: title, key points, byline and body, each a list of segments."""

    title: list[Segment]
    key_points: list[list[Segment]]
    byline: list[Segment] | None
    paragraphs: list[list[Segment]]


def article_text(stored: StoredArticle, sentences: list[dict[str, Any]]) -> ArticleText:
    article = stored.article
    by_place: dict[tuple[str, int], list[dict[str, Any]]] = {}
    for sentence in sentences:
        by_place.setdefault((sentence["part"], int(sentence["paragraph_index"])), []).append(sentence)

    def cut(part: str, number: int, text: str) -> list[Segment]:
        return split_into_segments(text, by_place.get((part, number), []))

    return ArticleText(
        title=cut("title", 0, article.title),
        key_points=[cut("key_point", i, point) for i, point in enumerate(article.key_points)],
        byline=cut("byline", 0, article.byline) if article.byline else None,
        paragraphs=[cut("body", i, paragraph) for i, paragraph in enumerate(article.paragraphs)],
    )


def read_timings(storage: NarrationStorage, narration: StoredNarration) -> list[dict[str, Any]]:
    try:
        document = json.loads(storage.read_text(narration.json_path))
    except (OSError, ValueError):
        return []
    sentences = document.get("sentences", [])
    return sentences if isinstance(sentences, list) else []


# ----------------------------------------------------------------------------------------------------
# Choosing what to play


def choose_narration(
    narrations: list[StoredNarration], voice_id: str | None, speed: float | None
) -> StoredNarration | None:
    """The narration to play among ``narrations`` (those whose audio is there, newest first): of the asked
    voice (if it has one), at the asked speed, else 1x, else newest."""
    playable = narrations
    if voice_id:
        playable = [n for n in playable if n.voice_id == voice_id] or playable
    for wanted in (speed, 1.0):
        if wanted is not None:
            exact = [n for n in playable if abs(n.speed - wanted) < 0.001]
            if exact:
                return exact[0]
    return playable[0] if playable else None


@dataclass(frozen=True)
class NarrationChoice:
    """What a player page plays: the article's narrations, the one chosen, and what the query asked for."""

    narrations: list[StoredNarration]
    """Those whose audio is there (an interrupted cleanup or a lost file must not offer a dead player)."""
    current: StoredNarration | None
    voice_id: str | None
    """The asked voice (``?voice=``), if the registry knows it."""
    rate: float | None
    """The asked listening speed (``?speed=``), if it parses."""

    @property
    def pending_voice(self) -> str | None:
        """The asked voice when it has not read the article yet: the player offers to narrate with it."""
        if self.voice_id and (self.current is None or self.current.voice_id != self.voice_id):
            return self.voice_id
        return None


def narration_choice(
    state: AppState, stored: StoredArticle, voice: str | None, speed: str | None = None
) -> NarrationChoice:
    """Resolve ``?voice=`` and ``?speed=`` (unknown or malformed ones are ignored) and pick the narration."""
    voice_id: str | None = None
    if voice:
        try:
            voice_id = state.registry.get(voice).id
        except NewscasterError:
            voice_id = None
    rate: float | None = None
    if speed:
        try:
            rate = parse_speed(speed)
        except NewscasterError:
            rate = None
    narrations = [n for n in state.library.narrations_of(stored) if state.storage.exists(n.audio_path)]
    return NarrationChoice(narrations, choose_narration(narrations, voice_id, rate), voice_id, rate)


def player_data(
    stored: StoredArticle,
    choice: NarrationChoice,
    voices: list[Voice],
    can_narrate: bool = True,
    root: str = "",
) -> dict[str, Any]:
    """The JSON player.js starts from (``<script type="application/json" id="player-data">``);
    ``can_narrate``: the reader may start narrations (else only voices already narrated are offered);
    ``root``: the sub-path the server is under, which the audio and timings URLs start with."""
    current = choice.current
    current_json = narration_json(current, root) if current else None
    if current is not None and current_json is not None:
        names = {v.id: v.display_name for v in voices}
        current_json["voice_name"] = names.get(current.voice_id, current.voice_id)
    article = stored.article
    return {
        "article_id": stored.id,
        "title": article.title,
        "byline": article.byline,
        "site_name": article.site_name,
        "narrations": [narration_json(n, root) for n in choice.narrations],
        "narration": current_json,
        "pending_voice": choice.pending_voice if can_narrate else None,
        "can_narrate": can_narrate,
        "rate": choice.rate,
        "speeds": list(PLAYER_SPEEDS),
        "presets": SPEED_PRESETS,
    }


def voice_groups(voices: list[Voice], language: str) -> list[tuple[str, list[Voice]]]:
    """Select Voice: the voices that speak the article's language first (best first, as the registry ranks
    them, so the one it would pick leads), then every other voice grouped by language."""
    fitting = best_first([v for v in voices if v.speaks(language or "en")], language or "en")
    others = [v for v in voices if not v.speaks(language or "en")]
    groups: list[tuple[str, list[Voice]]] = []
    if fitting:
        groups.append((f"For this article: {language_name(language or 'en')}", fitting))
    return groups + language_groups(others)


_PARENTHESES = re.compile(r"\s*\(.*$")


def language_groups(voices: list[Voice]) -> list[tuple[str, list[Voice]]]:
    """Voices grouped by the language they speak, for ``<optgroup>``s: languages with a neural voice first
    (best voice first), then the rest by name; inside a group, the registry's order (best first)."""
    by_language: dict[str, list[Voice]] = {}
    for voice in voices:
        by_language.setdefault(spoken_language(voice.language), []).append(voice)
    labels: dict[str, str] = {}
    for spoken, group in by_language.items():
        # A language newscaster has no name for is named as its voice names it ("Afrikaans (eSpeak NG)").
        labels[spoken] = language_name(spoken, _PARENTHESES.sub("", group[0].display_name).strip())
    named = [labels[spoken] for spoken in by_language]
    groups = [
        (label if named.count(label) == 1 else f"{label} ({spoken})", by_language[spoken])
        for spoken, label in labels.items()
    ]  # two languages named alike ("Gaelic" for ga and gd) are told apart by their tags
    return sorted(groups, key=lambda item: (-max(v.quality for v in item[1]), item[0].casefold()))


def speed_label(rate: float, wpm_at_1x: float) -> str:
    """ "1.25x · 250 WPM": the multiplier and the words per minute it means (rounded half up, as in JS)."""
    multiplier = f"{rate:g}x"
    return f"{multiplier} · {math.floor(wpm_at_1x * rate + 0.5)} WPM" if wpm_at_1x else multiplier


def _wpm_at_1x(narration: StoredNarration | None) -> float:
    if narration is None or not narration.measured_wpm or not narration.speed:
        return 0.0
    return narration.measured_wpm / narration.speed


def _page_key(
    storage: NarrationStorage,
    stored: StoredArticle,
    choice: NarrationChoice,
    voices: list[Voice],
    origin: str,
    access: WriteAccess,
) -> Hashable:
    """Everything an article page shows, for ``PageCache``: the text (its hash) and metadata, every
    narration (and whether its audio is there), the chosen one's timings file, the query, the voices
    offered, the site address in the embed snippet, and the reader's write access (a signed-in reader's
    page holds the session's CSRF token: it is that session's page alone). Any change is a new key, never
    a stale page."""
    article = stored.article
    metadata = (article.published, article.language, article.url, article.site_name, stored.reading_minutes)
    narrations = tuple((n.id, n.created_at) for n in choice.narrations)
    timings = storage.stamp(choice.current.json_path) if choice.current else None
    voice_ids = tuple(v.id for v in voices)
    return (stored.id, stored.content_hash, metadata, narrations, timings, choice.voice_id, choice.rate,
            voice_ids, origin, access.can_write, access.csrf, stored.unpublished_at)  # fmt: skip


def frame_policy(frame_ancestors: str) -> str:
    """Who may frame the pages (CSP ``frame-ancestors``), in words for the publisher reading the snippet."""
    others = [source for source in frame_ancestors.split() if source not in {"'self'", "'none'"}]
    if not others:
        return "no site but this server itself" if "'self'" in frame_ancestors else "no site at all"
    return "this server and " + ", ".join(others) if "'self'" in frame_ancestors else ", ".join(others)


def not_found_page(request: Request, message: str) -> HTMLResponse:
    """The site's 404 page, saying what was not found."""
    return templates.TemplateResponse(
        request, "not_found.html", {"message": message, "page": None}, status_code=404
    )


def _state(request: Request) -> AppState:
    return request.app.state.newscaster  # type: ignore[no-any-return]


# ----------------------------------------------------------------------------------------------------
# Routes


@router.get("/", response_class=HTMLResponse)
def home_page(request: Request) -> HTMLResponse:
    state = _state(request)
    recent = state.library.list_articles(limit=5)
    return templates.TemplateResponse(
        request,
        "home.html",
        {"voice_groups": language_groups(state.registry.voices()), "recent": recent, "page": "home"},
    )


@router.get("/library", response_class=HTMLResponse, dependencies=LIMITED_READ)
def library_page(
    request: Request,
    q: str | None = Query(None, max_length=200),
    voice: str | None = Query(None, max_length=200),
    state: str | None = Query(None, pattern="^(" + "|".join(ARTICLE_STATES) + ")?$"),
    cursor: str | None = Query(None, max_length=100),
) -> HTMLResponse:
    app_state = _state(request)
    voices = app_state.registry.voices()
    names = {v.id: v.display_name for v in voices}
    can_manage = may_administer(request)  # withdrawn articles and the buttons: the newsroom only
    query = ArticleQuery(
        cursor=cursor,
        search=q or None,
        voice=voice or None,
        state=state or None,
        include_unpublished=can_manage,
    )
    try:
        page = app_state.library.page_articles(query)
    except CursorError as error:
        return templates.TemplateResponse(
            request, "not_found.html", {"message": str(error), "page": None}, status_code=400
        )
    rows = [
        {
            "stored": stored,
            "narration": latest,
            "voice_name": names.get(latest.voice_id, latest.voice_id) if latest else None,
            "reading": format_minutes(stored.reading_minutes),
        }
        for stored, latest in page.items
    ]
    filters = {"q": q or "", "voice": voice or "", "state": state or ""}
    older = (
        urlencode({**{k: v for k, v in filters.items() if v}, "cursor": page.next_cursor})
        if page.next_cursor
        else None
    )
    context = {
        "rows": rows,
        "page": "library",
        "filters": filters,
        "filtered": any(filters.values()),
        "voices": sorted(voices, key=lambda v: v.display_name),
        "states": list(ARTICLE_STATES),
        "older": older,
        "paged": cursor is not None,
        "can_manage": can_manage,
    }
    return templates.TemplateResponse(request, "library.html", context)


@router.get("/articles/{article_id}", response_class=HTMLResponse, dependencies=LIMITED_READ)
def article_page(
    request: Request,
    article_id: str,
    voice: str | None = Query(None, max_length=200),
    speed: str | None = Query(None, max_length=10),
    job: str | None = Query(None, max_length=64),
) -> HTMLResponse:
    state = _state(request)
    stored = state.library.get_article(article_id)
    if stored is not None and not stored.is_published and not may_administer(request):
        stored = None  # withdrawn: as if it were not there, except for those who may publish it again
    if stored is None:
        return not_found_page(request, f"There is no article {article_id!r} in the library.")
    voices = state.registry.voices()
    choice = narration_choice(state, stored, voice, speed)
    live = live_narration(state, article_id, job, root_of(request.scope))
    if live is not None:  # the article is being narrated: play that, as it is made
        choice = replace(choice, current=None, voice_id=None)
    origin = state.site.origin(request)
    access = write_access(request)
    key = _page_key(state.storage, stored, choice, voices, origin, access)
    headers = {"Cache-Control": "private, no-store"} if access.signed_in else None
    cached = state.page_cache.get(key) if live is None else None
    if cached is not None:
        return HTMLResponse(cached, headers=headers)
    current = choice.current
    sentences = read_timings(state.storage, current) if current else []
    text = article_text(stored, sentences)
    player = {
        **player_data(stored, choice, voices, access.can_write, root_of(request.scope)),
        "live": live,
    }
    if not access.can_write:  # only the voices that have read it: picking another would narrate
        ready = {n["voice"] for n in player["narrations"]}
        voices = [v for v in voices if v.id in ready]
    current_json = player["narration"]
    article = stored.article
    default_rate = choice.rate if choice.rate is not None else 1.0
    page = templates.TemplateResponse(
        request,
        "article.html",
        {
            "page": None,
            "stored": stored,
            "article": article,
            "text": text,
            "narration": current,
            "narration_json": current_json,
            "voice_groups": voice_groups(voices, article.language),
            "selected_voice": current.voice_id if current else (choice.voice_id or ""),
            "reading_label": f"Reading Time: {format_minutes(stored.reading_minutes)}",
            "speeds": PLAYER_SPEEDS,
            "presets": SPEED_PRESETS,
            "rate": default_rate,
            "speed_label": speed_label(default_rate, _wpm_at_1x(current)),
            "player": player,
            "chapters": stored_chapters(state.storage, current.json_path) if current else (),
            "embed_html": embed_snippet(origin, stored.id),
            "frame_policy": frame_policy(state.security.frame_ancestors),
            "oembed_url": oembed_url(origin, stored.id),
        },
        headers=headers,
    )
    if live is None:
        state.page_cache.put(key, bytes(page.body))
    return page


def live_narration(
    state: AppState, article_id: str, job_id: str | None, root: str = ""
) -> dict[str, str] | None:
    """``?job=``: the player's stream and events for a job still narrating this article (MP3), or None
    (unknown, finished, another article: the page plays the stored narration as usual). ``root``: the
    sub-path the server is under, which the URLs start with."""
    if not job_id:
        return None
    job = state.queue.get(job_id)
    if job is None or job.state not in (JobState.QUEUED, JobState.RUNNING) or not streamable(job, state):
        return None
    stream = state.streams.get(job_id)
    if job.request.article_id != article_id and (stream is None or stream.article_id != article_id):
        return None
    document = job_json(job, root, state)
    return {"job_id": job.id, "stream_url": document["stream_url"], "events_url": document["events_url"]}
