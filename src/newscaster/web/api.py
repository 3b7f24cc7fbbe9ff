"""The REST API under ``/api``: start narrations, follow jobs, read articles, stream audio and timings."""

from __future__ import annotations

import datetime as dt
import re
from html import escape
from typing import Annotated, Any
from urllib.parse import urlencode, urlsplit

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import FileResponse, JSONResponse
from pydantic import BaseModel, Field, StrictFloat, StrictInt, field_validator, model_validator

from ..addresses import scheme_less_link, web_address
from ..audio.encode import SegmentEncoder, audio_formats, encoder_for
from ..chapters import PODCAST_CHAPTERS_MEDIA_TYPE, podcast_chapters, stored_chapters
from ..errors import FetchError, InputError, NewscasterError
from ..fetch import check_url
from ..jobs.base import Job, JobRequest
from ..jobs.worker import MAX_ARTICLE_CHARS
from ..language_tags import normalize_tag
from ..models import Source
from ..pipeline import read_article
from ..speed import parse_speed
from ..store.library import (
    ARTICLE_STATES,
    DEFAULT_PAGE_SIZE,
    MAX_PAGE_SIZE,
    ArticleQuery,
    StoredArticle,
    StoredNarration,
)
from ..store.storage import NarrationStorage
from .access import may_administer
from .api_errors import ApiError
from .delivery import file_response
from .security import (
    QUEUE_FULL_RETRY_AFTER_S,
    RateLimiter,
    Scope,
    client_key,
    retry_after_header,
    token_id_of,
)
from .site import root_of
from .state import AppState

router = APIRouter(prefix="/api", tags=["api"])

AUDIO_CACHE_CONTROL = "public, max-age=31536000, immutable"
"""For an audio URL that names its version (``v``): those bytes never change under that URL."""
UNVERSIONED_AUDIO_CACHE_CONTROL = "public, no-cache"
"""For an audio URL without the current version: a re-narration changes its bytes, so caches revalidate
(the ETag makes that a 304 while nothing changed)."""
"""A narration's file never changes under its URL's query (voice, speed, content hash), so cache it long."""
TIMINGS_CACHE_CONTROL = "public, max-age=300"


MAX_PASTED_TEXT_CHARS = 2 * MAX_ARTICLE_CHARS
"""Longest ``text`` accepted: room for Markdown markup and blank lines around the longest article a job
narrates; a longer text cannot fit in one narration, so it is refused (413) before it is queued."""


_LONE_SURROGATE = re.compile(r"[\ud800-\udfff]")


class ErrorField(BaseModel):
    field: str
    reason: str


class ErrorOut(BaseModel):
    """Every error the API answers: a sentence for people, the HTTP status, and for 422 the fields."""

    error: str
    status: int
    details: list[ErrorField] | None = None


def _errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    described = {
        400: "The request body is not valid JSON",
        401: "A write request without a valid API token, on a server that needs one",
        403: "The API token has used up its storage quota",
        404: "No such job, article or narration",
        409: "It exists already (a source with that URL), or the narration failed (nothing to stream)",
        413: "The request body is too large",
        422: "A field is missing, malformed or out of range",
        429: "Too many new narrations from this client, or the queue is full; see Retry-After",
        503: "The server cannot write its data (disk full or read-only)",
    }
    return {status: {"model": ErrorOut, "description": described[status]} for status in statuses}


UNKNOWN_HOST_RESPONSE: dict[str, Any] = {
    "model": ErrorOut,
    "description": "The request names a host this server does not answer to (see NEWSCASTER_BASE_URL)",
}


READ_LIMIT_RESPONSE: dict[str, Any] = {
    "model": ErrorOut,
    "description": "Too many page and article reads from this client; see Retry-After",
}


def take_one(limiter: RateLimiter, client: str, what: str) -> None:
    """Take one request from ``client``'s bucket, else 429 "Too many ``what`` …" with Retry-After."""
    wait_s = limiter.acquire(client)
    if wait_s > 0:
        raise ApiError(
            429,
            f"Too many {what} from this client; try again in {retry_after_header(wait_s)} s",
            {"Retry-After": retry_after_header(wait_s)},
        )


def limit_reads(request: Request) -> None:
    """A dependency for the reads that render an article or the library (pages, feed, article JSON):
    each takes one from the client's read budget (``NEWSCASTER_READS_PER_MINUTE``), else 429."""
    state: AppState = request.app.state.newscaster
    take_one(state.read_limiter, client_key(request.scope), "reads")


LIMITED_READ = [Depends(limit_reads)]


class NarrationIn(BaseModel):
    """One of url, html, text or article_id; with html or text, url is where the article is published."""

    url: str | None = Field(
        None,
        max_length=4096,
        description="An http(s) article URL to fetch; with html or text, where that article is published "
        "(its link and identity; not fetched)",
    )
    html: str | None = Field(None, description="A saved article page")
    text: str | None = Field(
        None, description="Plain text or Markdown; without a '# ' headline, its first sentence is the title"
    )
    title: str | None = Field(None, max_length=500, description="The headline, instead of the extracted one")
    byline: str | None = Field(None, max_length=300, description="Who wrote it, e.g. 'Jane Doe'")
    published: str | None = Field(
        None, max_length=40, description="Publication date, ISO 8601 (2024-03-12, or a full timestamp)"
    )
    article_id: str | None = Field(
        None, max_length=64, description="Narrate a stored article again (e.g. new voice)"
    )
    voice: str | None = Field(
        None, max_length=200, description="Voice id; default: best voice for the language"
    )
    force_voice: bool = Field(
        False, description="Let `voice` read an article in a language it does not speak (else a 422)"
    )
    language: str | None = Field(
        None,
        max_length=35,
        description="The article's language, a BCP 47 tag (fr, zh-Hant, yue); default: from the text",
    )
    # Strict: JSON true is not a speed of 1.
    speed: StrictFloat | StrictInt | str | None = Field(None, description="0.5–2.0 or slow / average / fast")
    format: str = Field(
        "mp3",
        max_length=10,
        description="mp3, opus or wav",
        json_schema_extra={"enum": list(audio_formats())},
    )

    @field_validator("url")
    @classmethod
    def http_address(cls, value: str | None) -> str | None:
        # Checked here too (the fetcher refuses them as well), so a bad URL is a 422 now, not a failed job.
        if value is None:
            return None
        value = web_address(value)  # "example.com/news/story" as a browser's address bar shows it
        if value and urlsplit(value).scheme.lower() not in {"http", "https"}:
            raise ValueError("only http:// and https:// addresses can be narrated")
        return value

    @field_validator("text")
    @classmethod
    def not_a_link(cls, value: str | None) -> str | None:
        link = scheme_less_link(value) if value else None
        if link:  # narrated as text it would be a three-second sentence: ask for what was meant
            raise ValueError(f"this is a link, not an article's text: send it as url ({link})")
        return value

    @field_validator("title", "byline")
    @classmethod
    def one_line(cls, value: str | None) -> str | None:
        return " ".join(value.split()) or None if value is not None else None

    @field_validator("published")
    @classmethod
    def iso_date(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        try:
            return dt.datetime.fromisoformat(value.strip()).date().isoformat()
        except ValueError:
            raise ValueError("give the date as YYYY-MM-DD (ISO 8601)") from None

    @field_validator("language")
    @classmethod
    def language_tag(cls, value: str | None) -> str | None:
        if not value:
            return None
        try:
            return normalize_tag(value)
        except InputError as error:
            raise ValueError(str(error)) from None

    @field_validator("format")
    @classmethod
    def known_format(cls, value: str) -> str:
        if value.strip().lower() not in audio_formats():
            raise ValueError(f"unknown audio format {value!r}; choose one of {', '.join(audio_formats())}")
        return value.strip().lower()

    @field_validator("html", "text")
    @classmethod
    def well_formed_unicode(cls, value: str | None) -> str | None:
        # JSON may carry lone UTF-16 surrogates ("\\ud800"), which no UTF-8 file or database can hold.
        return _LONE_SURROGATE.sub("\ufffd", value) if value else value

    @model_validator(mode="after")
    def one_source(self) -> NarrationIn:
        sources = ("url", "html", "text", "article_id")
        provided = [name for name in sources if getattr(self, name) is not None]
        given = [name for name in provided if getattr(self, name).strip()]
        if self.pasted and self.url is not None:
            given = [name for name in given if name != "url"]  # the pasted article's address
            provided = [name for name in provided if name != "url"]
        if len(provided) == 1 and not given:
            raise ValueError(f"{provided[0]} is empty: there is nothing to narrate")
        if len(given) != 1:
            raise ValueError("give exactly one of url, html, text, article_id")
        if self.article_id and (self.title or self.byline or self.published):
            raise ValueError("title, byline and published describe a new article, not a stored one")
        return self

    @property
    def pasted(self) -> bool:
        """The article comes in the request (html or text), not from its url."""
        return bool((self.html or "").strip() or (self.text or "").strip())

    def job_request(self, speed: float | None) -> JobRequest:
        fetch_url, article_url = (None, self.url or None) if self.pasted else (self.url, None)
        html, text = (value if value and value.strip() else None for value in (self.html, self.text))
        return JobRequest(
            url=fetch_url, html=html, text=text, article_id=self.article_id, voice=self.voice,
            speed=speed, audio_format=self.format.lower(), language=self.language,
            force_voice=self.force_voice, title=self.title, byline=self.byline, published=self.published,
            article_url=article_url,
        )  # fmt: skip


def streamable(job: Job, state: AppState) -> bool:
    """The job's audio can be streamed while it is made: it runs in this server (a broker's workers are
    other processes, whose audio only reaches the stored file) and its format is MP3."""
    return state.jobs_stream and isinstance(encoder_for(job.request.audio_format), SegmentEncoder)


def job_json(job: Job, root: str = "", state: AppState | None = None) -> dict[str, Any]:
    """The job document; ``root``: the sub-path the server is under (``root_of``), which its links start
    with. With the server's ``state``, a job run here carries its ``stream_url`` and ``events_url``, and
    while it runs ``article_id`` comes from its stream (the article is stored before synthesis starts), so
    a player can open the article page and listen at once."""
    stream = state.streams.get(job.id) if state is not None and state.jobs_stream else None
    article_id = job.article_id or (stream.article_id if stream else None)
    streamed = state is not None and streamable(job, state)
    live = state is not None and state.jobs_stream
    return {
        "id": job.id,
        "state": job.state.value,
        "progress": {"done": job.progress_done, "total": job.progress_total},
        "error": job.error,
        "attempts": job.attempts,
        "article_id": article_id,
        "narration_id": job.narration_id,
        "article_url": f"{root}/articles/{article_id}" if article_id else None,
        "stream_url": f"{root}/api/jobs/{job.id}/stream" if streamed else None,
        "events_url": f"{root}/api/jobs/{job.id}/events" if live else None,
        "created_at": job.created_at,
        "updated_at": job.updated_at,
    }


def narration_json(narration: StoredNarration, root: str = "") -> dict[str, Any]:
    """The narration with its URLs, which start with ``root`` (the sub-path the server is under)."""
    query = _narration_query(narration)
    base = f"{root}/api/articles/{narration.article_id}"
    return {
        "id": narration.id,
        "voice": narration.voice_id,
        "speed": narration.speed,
        "format": narration.audio_format,
        "duration_ms": narration.duration_ms,
        "measured_wpm": narration.measured_wpm,
        "created_at": narration.created_at,
        "audio_url": f"{base}/audio?{query}&format={narration.audio_format}&v={narration.version}",
        "transcript_url": f"{base}/transcript.vtt?{query}",
        "timings_url": f"{base}/timings.json?{query}",
    }


def _narration_query(narration: StoredNarration) -> str:
    # Voice ids come from file names in the user's voices folder and may hold spaces or "&".
    return urlencode({"voice": narration.voice_id, "speed": f"{narration.speed:g}"}, safe=":")


def chapters_url(narration: StoredNarration, root: str = "") -> str:
    """Where the narration's chapters are served as Podcasting 2.0 JSON (404 when it has none)."""
    return f"{root}/api/articles/{narration.article_id}/chapters.json?{_narration_query(narration)}"


def embed_snippet(origin: str, article_id: str) -> str:
    """The ``<iframe>`` a publisher pastes into an article page to show its compact player; ``origin``
    from ``SiteAddress.origin`` (never straight from the request's Host)."""
    src = f"{origin}/embed/articles/{article_id}"
    return (
        f'<iframe src="{escape(src)}" title="Listen to this article" width="100%" height="96" '
        'style="border:0" loading="lazy" allow="autoplay"></iframe>'
    )


def oembed_url(origin: str, article_id: str) -> str:
    """An article's oEmbed address (``publisher.py``), for the ``<link rel="alternate"
    type="application/json+oembed">`` of its page."""
    return f"{origin}/oembed?" + urlencode({"url": f"{origin}/articles/{article_id}", "format": "json"})


def article_json(stored: StoredArticle, narrations: list[StoredNarration], root: str = "") -> dict[str, Any]:
    return {
        "id": stored.id,
        **stored.article.to_json(),
        "reading_minutes": stored.reading_minutes,
        "created_at": stored.created_at,
        "updated_at": stored.updated_at,
        "unpublished": not stored.is_published,
        "unpublished_at": stored.unpublished_at,
        "narrations": [narration_json(n, root) for n in narrations],
    }


@router.post(
    "/narrations",
    status_code=202,
    responses=_errors(400, 401, 403, 404, 413, 422, 429, 503),
    openapi_extra={"security": [{}, {"bearerToken": []}]},
)
def create_narration(body: NarrationIn, request: Request, response: Response) -> dict[str, Any]:
    """Start narrating an article; poll the job at the returned Location. Listen at once: ``stream_url``
    sends the MP3 as it is made, ``events_url`` each sentence's timing (server-sent events).

    Needs `Authorization: Bearer <token>` once any token exists, when the server listens on anything but
    loopback, or through a reverse proxy. Rate limited per client; answers 429 with Retry-After when that
    client's share of the queue or the whole queue is full, 403 when the token's storage quota is used up,
    413 for a body over 5 MB or a text over 200,000 characters, 422 for a URL of a private address.
    """
    state: AppState = request.app.state.newscaster
    check_voice_and_language(state, body)  # unknown voice, or one that cannot speak it: 422 now, not later
    speed = parse_speed(body.speed) if body.speed is not None else None
    encoder_for(body.format)
    if body.url and not body.pasted:
        try:  # a private or local address: refused now, not a job that fails later
            check_url(body.url, allow_private=state.settings.allow_private_urls)
        except FetchError as error:
            raise ApiError(422, str(error)) from None
    if body.text is not None and len(body.text) > MAX_PASTED_TEXT_CHARS:
        raise ApiError(
            413,
            f"The text is too long to narrate here ({len(body.text):,} characters; "
            f"the limit is {MAX_PASTED_TEXT_CHARS:,})",
        )
    if body.article_id and state.library.get_article(body.article_id) is None:
        raise ApiError(404, f"No article {body.article_id!r}")
    client = client_key(request.scope)
    check_queue_room(state, client)
    check_storage_quota(state, request.scope)
    take_one(state.narration_limiter, client, "new narrations")
    job = state.queue.submit(body.job_request(speed), client=client)
    state.workers.wake()
    root = root_of(request.scope)
    response.headers["Location"] = f"{root}/api/jobs/{job.id}"
    return job_json(job, root, state)


def check_queue_room(state: AppState, client: str) -> None:
    """429 when this client has its share of the queue waiting, or the whole queue is full: one client
    filling its share leaves room for the others."""
    queue_full = {"Retry-After": retry_after_header(QUEUE_FULL_RETRY_AFTER_S)}
    share = state.security.max_queued_jobs_per_client
    if share > 0 and state.queue.pending_count(client) >= share:
        raise ApiError(
            429, f"You have {share} narrations waiting already; try again when one is done", queue_full
        )
    limit = state.security.max_queued_jobs
    if limit > 0 and state.queue.pending_count() >= limit:
        raise ApiError(429, f"The narration queue is full ({limit} jobs); try again later", queue_full)


def check_storage_quota(state: AppState, scope: Scope) -> None:
    """403 when the narrations the request's API token asked for take its whole storage quota."""
    quota_mb = state.security.token_storage_mb
    if token_id_of(scope) is None or quota_mb <= 0:
        return
    used_mb = state.library.bytes_created_by(client_key(scope)) / (1024 * 1024)
    if used_mb >= quota_mb:
        raise ApiError(
            403,
            f"This API token's narrations take {used_mb:,.0f} MB, its whole storage quota "
            f"({quota_mb:,.0f} MB); its operator can raise NEWSCASTER_TOKEN_STORAGE_MB",
        )


def check_voice_and_language(state: AppState, body: NarrationIn) -> None:
    """What can be known before the job runs: the voice exists, some voice speaks the article's language
    (given, stored, or detected from pasted text or HTML), and the asked voice speaks it unless forced. A
    URL's language is known only once it is fetched: the job checks it then."""
    voice = state.registry.get(body.voice) if body.voice else None
    language = body.language
    if language is None and voice is not None and not body.force_voice:
        language = _known_language(state, body)
    if language is None:
        return
    if voice is None:
        state.registry.default_for(language)
    elif not body.force_voice:
        state.registry.check_speaks(voice, language)


def _known_language(state: AppState, body: NarrationIn) -> str | None:
    if body.article_id:
        stored = state.library.get_article(body.article_id)
        return stored.article.language if stored else None
    if not body.pasted:  # a URL to fetch (a pasted article's url is only where it is published)
        return None
    html = body.html if body.html and body.html.strip() else None
    source = Source(html, is_html=True) if html is not None else Source(body.text or "", False)
    try:
        return read_article(source, state.settings).language
    except InputError:  # no article text: the job says so, as for any other narration
        return None


@router.get("/jobs/{job_id}", responses=_errors(404, 422))
def get_job(job_id: str, request: Request) -> dict[str, Any]:
    state: AppState = request.app.state.newscaster
    job = state.queue.get(job_id)
    if job is None:
        raise ApiError(404, f"No job {job_id!r}")
    return job_json(job, root_of(request.scope), state)


ArticleUrl = Annotated[
    str | None,
    Query(
        max_length=4096,
        description="Only the article published at this URL (its canonical address; a #fragment is ignored)",
    ),
]


def visible(request: Request, stored: StoredArticle | None) -> StoredArticle | None:
    """``stored`` if this client may see it: published, or withdrawn and the client is the newsroom's."""
    if stored is None or not (stored.is_published or may_administer(request)):
        return None
    return stored


def find_by_url(request: Request, url: str) -> StoredArticle | None:
    """The article published at ``url`` (``Library.find_by_url``), if this client may see it; the API, the
    embed and the publishers' lookups all find articles by URL here."""
    return visible(request, request.app.state.newscaster.library.find_by_url(web_address(url)))


ArticleState = Annotated[
    str | None,
    Query(pattern="^(" + "|".join(ARTICLE_STATES) + ")$", description="Only articles in this state"),
]


@router.get("/articles", responses={**_errors(422), 429: READ_LIMIT_RESPONSE}, dependencies=LIMITED_READ)
def list_articles(
    request: Request,
    response: Response,
    url: ArticleUrl = None,
    q: Annotated[str | None, Query(max_length=200, description="Words the title or the URL contains")] = None,
    voice: Annotated[
        str | None, Query(max_length=200, description="Only articles narrated in this voice (its id)")
    ] = None,
    state: ArticleState = None,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE, description="Articles per page")] = DEFAULT_PAGE_SIZE,
    cursor: Annotated[
        str | None,
        Query(max_length=100, description="Where the page starts: the previous page's next cursor"),
    ] = None,
) -> list[dict[str, Any]]:
    """The articles, newest first, a page at a time, each with its newest narration. When there are more,
    the response's ``Link`` header (``rel="next"``) is the next page's address and ``X-Next-Cursor`` its
    opaque cursor. With ``url``, the article published there (a list of one, or empty)."""
    state_: AppState = request.app.state.newscaster
    root = root_of(request.scope)
    if url is not None:
        found = find_by_url(request, url)
        narrations = state_.library.narrations_of(found) if found else []
        listing = [(found, narrations[0] if narrations else None)] if found else []
    else:
        page = state_.library.page_articles(ArticleQuery(limit, cursor, q or None, voice or None, state))
        listing = page.items
        if page.next_cursor:
            asked = {"q": q, "voice": voice, "state": state, "limit": limit, "cursor": page.next_cursor}
            query = urlencode({name: value for name, value in asked.items() if value})
            response.headers["Link"] = f'<{root}/api/articles?{query}>; rel="next"'
            response.headers["X-Next-Cursor"] = page.next_cursor
    items = []
    for stored, latest in listing:
        item = article_json(stored, [latest] if latest else [], root)
        del item["paragraphs"]
        items.append(item)
    return items


def _stored_article(request: Request, article_id: str) -> StoredArticle:
    """The article, published or (to those who may write) withdrawn; else 404."""
    stored = visible(request, request.app.state.newscaster.library.get_article(article_id))
    if stored is None:
        raise ApiError(404, f"No article {article_id!r}")
    return stored


class ArticleChange(BaseModel):
    """What ``PATCH /api/articles/ID`` changes."""

    unpublished: bool = Field(
        description="true withdraws the article (out of the feed, the library, the article list and the "
        "embed player; its narrations are kept), false publishes it again"
    )


@router.patch(
    "/articles/{article_id}",
    responses=_errors(401, 404, 422),
    openapi_extra={"security": [{}, {"bearerToken": []}]},
)
def change_article(article_id: str, body: ArticleChange, request: Request) -> dict[str, Any]:
    """Unpublish (withdraw) or publish an article again. Needs a token where writes do."""
    state: AppState = request.app.state.newscaster
    stored = state.library.set_published(article_id, not body.unpublished)
    if stored is None:
        raise ApiError(404, f"No article {article_id!r}")
    return article_json(stored, state.library.narrations_of(stored))


@router.delete(
    "/articles/{article_id}",
    status_code=204,
    responses=_errors(401, 404, 422),
    openapi_extra={"security": [{}, {"bearerToken": []}]},
)
def delete_article(article_id: str, request: Request) -> Response:
    """Delete an article and all its narrations: it leaves the library, the feed and the API at once, and
    its audio, transcript and timings files are removed after a five-minute grace period (a download
    already under way finishes)."""
    state: AppState = request.app.state.newscaster
    if state.library.delete_article(article_id) is None:
        raise ApiError(404, f"No article {article_id!r}")
    return Response(status_code=204)


@router.get(
    "/articles/{article_id}",
    responses={**_errors(404, 422), 400: UNKNOWN_HOST_RESPONSE, 429: READ_LIMIT_RESPONSE},
    dependencies=LIMITED_READ,
)
def get_article(article_id: str, request: Request) -> dict[str, Any]:
    stored = _stored_article(request, article_id)
    narrations = request.app.state.newscaster.library.narrations_of(stored)
    item = article_json(stored, narrations, root_of(request.scope))
    item["embed_html"] = embed_snippet(request.app.state.newscaster.site.origin(request), stored.id)
    return item


def _narration(
    request: Request, article_id: str, voice: str | None, speed: float | None, fmt: str | None
) -> StoredNarration:
    """The newest narration of the article's current text matching the query, for serving its files.

    Reads only narration rows (not the article's text): every Range request of a player comes here.
    """
    state: AppState = request.app.state.newscaster
    candidates = state.library.current_narrations(article_id)
    if candidates is None and may_administer(request):  # a withdrawn article still plays for its editors
        candidates = state.library.current_narrations(article_id, include_unpublished=True)
    if candidates is None:
        raise ApiError(404, f"No article {article_id!r}")
    if voice:
        # A full voice id (what narration URLs carry) needs no registry lookup: that lists every engine's
        # voices, which would cost each of a player's Range requests a couple of milliseconds.
        known = {n.voice_id for n in candidates}
        voice_id = voice if voice in known else state.registry.get(voice).id
        candidates = [n for n in candidates if n.voice_id == voice_id]
    if speed is not None:
        rate = parse_speed(speed)  # also the speed as asked: narrations stored before speeds were stepped
        candidates = [n for n in candidates if min(abs(n.speed - rate), abs(n.speed - speed)) < 0.001]
    if fmt:
        candidates = [n for n in candidates if n.audio_format == fmt.lower()]
    # Asks the storage only until one is found (a stat on disk, a cached HEAD in object storage).
    found = next((n for n in candidates if state.storage.exists(n.audio_path)), None)
    if found is None:
        raise ApiError(
            404,
            "This article has no narration with that voice, speed and format yet; "
            "POST /api/narrations with its article_id to make one",
        )
    return found


def _file_responses(*media_types: str) -> dict[int | str, dict[str, Any]]:
    binary = {"schema": {"type": "string", "format": "binary"}}
    document = {"schema": {"type": "object"}}
    content: dict[str, Any] = {
        media_type: document if media_type == "application/json" else binary for media_type in media_types
    }
    return {
        200: {"description": "The file", "content": content},
        206: {"description": "The requested byte range (HTTP Range)", "content": content},
        304: {"description": "Not modified since the ETag sent in If-None-Match"},
        416: {"description": "The requested range is outside the file", "content": {"text/plain": {}}},
        **_errors(404, 422),
    }


Voice = Annotated[str | None, Query(max_length=200, description="Voice id; default: the newest narration")]
Speed = Annotated[float | None, Query(ge=0.5, le=2.0)]


@router.get(
    "/articles/{article_id}/audio",
    response_class=FileResponse,
    responses=_file_responses(*sorted({encoder_for(f).media_type for f in audio_formats()})),
)
def get_audio(
    article_id: str,
    request: Request,
    voice: Voice = None,
    speed: Speed = None,
    format: Annotated[str | None, Query(pattern="^(" + "|".join(audio_formats()) + ")$")] = None,
    v: Annotated[
        str | None, Query(max_length=64, description="The narration's version (audio_url has it)")
    ] = None,
) -> Response:
    """The narration's audio. Supports HTTP Range requests (seeking) and ETag revalidation; cached for good
    under the versioned ``audio_url``, revalidated under any other."""
    narration = _narration(request, article_id, voice, speed, format)
    return file_response(
        request,
        _storage(request),
        narration.audio_path,
        encoder_for(narration.audio_format).media_type,
        AUDIO_CACHE_CONTROL if v == narration.version else UNVERSIONED_AUDIO_CACHE_CONTROL,
        filename=f"{article_id}-{narration.voice_id.replace(':', '-')}.{narration.audio_format}",
        may_redirect=True,
    )


def _storage(request: Request) -> NarrationStorage:
    state: AppState = request.app.state.newscaster
    return state.storage


@router.get(
    "/articles/{article_id}/transcript.vtt",
    response_class=FileResponse,
    responses=_file_responses("text/vtt"),
)
def get_transcript(article_id: str, request: Request, voice: Voice = None, speed: Speed = None) -> Response:
    narration = _narration(request, article_id, voice, speed, None)
    return file_response(
        request, _storage(request), narration.vtt_path, "text/vtt; charset=utf-8", TIMINGS_CACHE_CONTROL
    )


@router.get(
    "/articles/{article_id}/timings.json",
    response_class=FileResponse,
    responses=_file_responses("application/json"),
)
def get_timings(article_id: str, request: Request, voice: Voice = None, speed: Speed = None) -> Response:
    narration = _narration(request, article_id, voice, speed, None)
    return file_response(
        request, _storage(request), narration.json_path, "application/json", TIMINGS_CACHE_CONTROL
    )


@router.get(
    "/articles/{article_id}/chapters.json",
    response_class=JSONResponse,
    responses={
        200: {
            "description": "Podcasting 2.0 JSON chapters (version 1.2.0), times in seconds",
            "content": {PODCAST_CHAPTERS_MEDIA_TYPE: {"schema": {"type": "object"}}},
        },
        **_errors(404, 422),
    },
)
def get_chapters(article_id: str, request: Request, voice: Voice = None, speed: Speed = None) -> Response:
    """The narration's chapters (one per section heading of the article), for ``podcast:chapters``; 404
    when the article has no section headings: chapters are never made up."""
    narration = _narration(request, article_id, voice, speed, None)
    chapters = stored_chapters(_storage(request), narration.json_path)
    if not chapters:
        raise ApiError(404, "This narration has no chapters: the article has no section headings")
    return JSONResponse(
        podcast_chapters(chapters),
        media_type=PODCAST_CHAPTERS_MEDIA_TYPE,
        headers={"Cache-Control": TIMINGS_CACHE_CONTROL},
    )


@router.get("/voices", responses=_errors(422))
def list_voices(request: Request) -> list[dict[str, Any]]:
    state: AppState = request.app.state.newscaster
    return [
        {
            "id": v.id,
            "name": v.display_name,
            "language": v.language,
            "gender": v.gender,
            "engine": v.engine,
            "sample_rate_hz": v.sample_rate_hz,
            "licence": v.licence,
            "natural_wpm": state.pace.natural_wpm(v),
        }
        for v in state.registry.voices()
    ]


def error_response(
    status: int, message: str, *, headers: dict[str, str] | None = None, **extra: Any
) -> JSONResponse:
    return JSONResponse({"error": message, "status": status, **extra}, status_code=status, headers=headers)


def install_error_handlers(app: Any) -> None:
    from fastapi.exceptions import RequestValidationError
    from starlette.exceptions import HTTPException as StarletteHTTPException

    @app.exception_handler(ApiError)
    async def _api_error(request: Request, error: ApiError) -> JSONResponse:
        return error_response(error.status, str(error), headers=error.headers)

    @app.exception_handler(NewscasterError)
    async def _newscaster_error(request: Request, error: NewscasterError) -> JSONResponse:
        return error_response(error.http_status, str(error))

    @app.exception_handler(RequestValidationError)
    async def _validation_error(request: Request, error: RequestValidationError) -> JSONResponse:
        details = [
            {
                "field": ".".join(str(p) for p in e.get("loc", ())[1:]),
                "reason": str(e.get("msg", "")).removeprefix("Value error, "),
            }
            for e in error.errors()
        ]
        reason = "; ".join(f"{d['field'] or 'body'}: {d['reason']}" for d in details)
        return error_response(422, f"Invalid request: {reason}", details=details)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, error: StarletteHTTPException) -> JSONResponse:
        return error_response(error.status_code, str(error.detail), headers=getattr(error, "headers", None))
