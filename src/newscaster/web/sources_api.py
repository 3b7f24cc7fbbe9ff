"""``/api/sources``: feeds and sitemaps the server polls and narrates by itself, and the CMS's signed ping.

Adding, listing and removing are guarded like every write (token, signed-in browser, or loopback); the
ping carries no token but a WebSub-style ``X-Hub-Signature-256`` made with the source's own secret.
"""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, Field

from ..errors import FetchError
from ..sources.options import NewSource, checked
from ..sources.poller import SIGNATURE_HEADER, belongs_to, signature_matches
from ..store.sources import SourceRecord
from .api import ApiError, _errors, job_json
from .site import root_of
from .state import AppState

router = APIRouter(prefix="/api/sources", tags=["sources"])

MAX_PING_URL_CHARS = 2048


class SourceIn(BaseModel):
    url: str = Field(max_length=2048, description="An RSS/Atom feed or an XML sitemap (or sitemap index)")
    voice: str | None = Field(
        None, max_length=100, description="Voice of its narrations (default: by language)"
    )
    speed: str | float | None = Field(None, description="0.5–2.0 or slow / average / fast")
    intro: bool | str = Field(
        False, description="true: 'You are listening to {site}, narrated by newscaster.'; or your own text"
    )
    outro: str | None = Field(None, max_length=500, description="Spoken after each article")
    every: str | int = Field("15m", description="Polling interval: 15m, 2h, 1d, or seconds (1m–7d)")


class SourceOut(BaseModel):
    id: str
    url: str
    kind: str | None = Field(description="'feed' or 'sitemap', once polled")
    voice: str | None
    speed: float | None
    intro: str | None
    outro: str | None
    every_s: int
    created_at: str
    last_poll_at: str | None
    last_error: str | None = Field(description="Why the last poll failed; null after a good poll")
    failures: int = Field(description="Failed polls in a row; each doubles the wait (capped at a day)")
    next_poll_at: str


class SourceCreated(SourceOut):
    secret: str = Field(description="The HMAC key for pings: shown this once, store it in the CMS")
    ping_url: str


class PingAccepted(BaseModel):
    url: str
    job: dict[str, Any]


def _state(request: Request) -> AppState:
    state: AppState = request.app.state.newscaster
    return state


def _source(state: AppState, source_id: str) -> SourceRecord:
    source = state.sources.get(source_id)
    if source is None:
        raise ApiError(404, f"No source {source_id!r}")
    return source


@router.post("", status_code=201, response_model=SourceCreated, responses=_errors(400, 401, 409, 413, 422))
def add_source(body: SourceIn, request: Request, response: Response) -> dict[str, Any]:
    """Register a feed or sitemap; the server polls it at once, then every ``every``."""
    state = _state(request)
    new = NewSource(body.url, body.voice, body.speed, body.intro, body.outro, body.every)
    try:
        url, settings = checked(new, state.settings)
    except FetchError as error:
        raise ApiError(422, str(error)) from None
    source = state.sources.add(url, settings)
    if source is None:
        raise ApiError(409, f"{url} is already a source")
    state.source_scheduler.wake()
    root = root_of(request.scope)
    response.headers["Location"] = f"{root}/api/sources/{source.id}"
    ping_url = f"{root}/api/sources/{source.id}/ping"
    return {**source.to_json(), "secret": source.secret, "ping_url": ping_url}


@router.get("", response_model=list[SourceOut], responses=_errors(422))
def list_sources(request: Request) -> list[dict[str, Any]]:
    return [source.to_json() for source in _state(request).sources.all()]


@router.get("/{source_id}", response_model=SourceOut, responses=_errors(404, 422))
def get_source(source_id: str, request: Request) -> dict[str, Any]:
    return _source(_state(request), source_id).to_json()


@router.delete("/{source_id}", status_code=204, responses=_errors(401, 404))
def remove_source(source_id: str, request: Request) -> Response:
    """Stop polling the source (its narrations stay in the library)."""
    if not _state(request).sources.remove(source_id):
        raise ApiError(404, f"No source {source_id!r}")
    return Response(status_code=204)


def _pinged_url(body: bytes) -> str:
    """The article URL a ping names: ``{"url": …}`` or the bare URL as the body."""
    try:
        text = body.decode("utf-8").strip()
    except UnicodeDecodeError:
        raise ApiError(422, "The ping's body is not UTF-8") from None
    if text.startswith("{"):
        try:
            given = json.loads(text).get("url")
        except (ValueError, AttributeError):
            raise ApiError(422, 'The ping\'s body is not JSON like {"url": "https://…"}') from None
        text = given.strip() if isinstance(given, str) else ""
    if not text or len(text) > MAX_PING_URL_CHARS or any(c.isspace() for c in text):
        raise ApiError(422, 'The ping names no article URL (send {"url": "https://…"})')
    return text


@router.post(
    "/{source_id}/ping",
    status_code=202,
    response_model=PingAccepted,
    responses=_errors(401, 404, 413, 422),
    openapi_extra={
        "requestBody": {
            "content": {
                "application/json": {"schema": {"type": "object", "properties": {"url": {"type": "string"}}}}
            }
        },
        "parameters": [
            {
                "name": SIGNATURE_HEADER,
                "in": "header",
                "required": True,
                "schema": {"type": "string"},
                "description": "sha256=HEX: HMAC-SHA256 of the raw body with the source's secret",
            }
        ],
    },
)
async def ping(source_id: str, request: Request) -> dict[str, Any]:
    """A CMS says an article was published or changed: narrate it now (if it is on the source's site)."""
    state = _state(request)
    source = _source(state, source_id)
    body = await request.body()
    if not signature_matches(source.secret, body, request.headers.get(SIGNATURE_HEADER)):
        raise ApiError(401, f"The {SIGNATURE_HEADER} signature does not match this source's secret")
    url = _pinged_url(body)
    if not belongs_to(source.url, url):
        raise ApiError(422, f"{url} is not on the site of this source ({source.url})")
    # A ping says the article changed: a version of its own, so the next poll does not queue it again
    # unless the feed or sitemap also says it changed.
    job = state.source_poller.narrate(source, url, state.sources.seen_versions(source.id).get(url, "ping"))
    state.workers.wake()
    return {"url": url, "job": job_json(job, root_of(request.scope))}
