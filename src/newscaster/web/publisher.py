"""What a publisher's site uses: the one-line embed script, the lookup of a narration by the page's canonical
URL, oEmbed, and a link that works without script.

* ``GET /embed.js``: ``<script src="https://HOST/embed.js" data-article-url="CANONICAL_URL" async></script>``
  in a CMS template finds the page's narration and puts the player (``/embed/articles/{id}``) in its place,
  sized to it; where the server is unreachable it leaves a plain link (``/listen?url=``).
* ``GET /api/lookup?url=``: the article with that canonical URL and whether it is narrated: the embed
  script's compact answer (``GET /api/articles?url=`` gives the whole article; both find it the same way,
  ``api.find_by_url``, which hides a withdrawn article from readers).
* ``POST /api/lookup`` ``{"url": …}``: the embed asks for a narration of its own page. Only with
  ``NEWSCASTER_EMBED_REQUESTS=1``, only from an origin allowed to frame the player, and only for a URL of
  that same origin; rate limited, and one job per URL at a time (``embed_requests``).
* ``GET /oembed?url=…&format=json``: oEmbed (``rich``, the player's ``<iframe>``) for an article's canonical
  URL or its page here, so a CMS that understands oEmbed embeds it from a bare link.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from fastapi import APIRouter, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, Field

from ..errors import FetchError
from ..fetch import check_url
from ..jobs.base import JobRequest, JobState
from ..store.library import StoredArticle
from .api import (
    LIMITED_READ,
    READ_LIMIT_RESPONSE,
    ApiError,
    ErrorOut,
    check_queue_room,
    embed_snippet,
    error_response,
    find_by_url,
    take_one,
    visible,
)
from .cors import origin_allowed
from .pages import not_found_page
from .security import client_key
from .site import root_of
from .state import AppState

router = APIRouter(tags=["publishers"])

EMBED_SCRIPT = Path(__file__).parent / "static" / "embed.js"
EMBED_SCRIPT_CACHE_CONTROL = "public, max-age=3600"
"""Its URL carries no version (it is pasted into CMS templates once): an hour lets a new release reach
readers the same morning while each reader fetches it about once per visit."""
EMBED_HEIGHT_PX = 96
"""The player's height in one row (embed.css); the script resizes the frame to what the player reports."""
OEMBED_WIDTH_PX = 640
"""oEmbed's width when the consumer gives no maxwidth: a typical article column."""
OEMBED_MIN_WIDTH_PX = 320
"""The narrowest the player lays out without scrolling (tests/web/test_embed.py checks 320)."""
OEMBED_CACHE_AGE_S = 3600
EMBED_POLL_S = 5
"""How often the embed asks again while a narration it requested is being made: a narration takes tens of
seconds, so a few polls per article and reader."""
MAX_URL_CHARS = 4096


class LookupOut(BaseModel):
    """The article a canonical URL names."""

    article_id: str
    title: str
    url: str | None = Field(description="Its canonical URL")
    narrated: bool = Field(description="It has a narration of its current text to play")
    embed_url: str = Field(description="The player to put in an <iframe>")
    page_url: str = Field(description="Its full page here, with the transcript")


class LookupRequestOut(BaseModel):
    state: str = Field(description="The narration job's state: queued, running or done")
    retry_after_s: int = Field(description="When to look the URL up again")


def _origin(request: Request) -> str:
    state: AppState = request.app.state.newscaster
    return state.site.origin(request)


def lookup_json(request: Request, stored: StoredArticle) -> dict[str, Any]:
    state: AppState = request.app.state.newscaster
    origin = _origin(request)
    narrations = state.library.current_narrations(stored.id) or []
    return {
        "article_id": stored.id,
        "title": stored.article.title,
        "url": stored.article.url,
        "narrated": any(state.storage.exists(n.audio_path) for n in narrations),
        "embed_url": f"{origin}/embed/articles/{stored.id}",
        "page_url": f"{origin}/articles/{stored.id}",
    }


def _checked_url(url: str) -> str:
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme.lower() not in {"http", "https"} or not parts.hostname:
        raise ApiError(422, "url: give the page's canonical http(s) address")
    return url


@router.get("/embed.js", include_in_schema=False)
def embed_script() -> Response:
    return FileResponse(
        EMBED_SCRIPT,
        media_type="text/javascript; charset=utf-8",
        headers={"Cache-Control": EMBED_SCRIPT_CACHE_CONTROL},
    )


@router.get(
    "/api/lookup",
    response_model=LookupOut,
    responses={
        404: {"model": ErrorOut, "description": "No article has that URL (`can_request`: may the embed ask)"},
        429: READ_LIMIT_RESPONSE,
    },
    dependencies=LIMITED_READ,
)
def lookup(
    request: Request, url: str = Query(max_length=MAX_URL_CHARS, description="A canonical URL")
) -> Any:
    """The article whose canonical URL is ``url``, and whether it has a narration to play."""
    state: AppState = request.app.state.newscaster
    stored = find_by_url(request, _checked_url(url))
    if stored is None:
        return error_response(
            404, "No narrated article has this URL", can_request=state.security.embed_requests
        )
    return lookup_json(request, stored)


@router.post(
    "/api/lookup",
    status_code=202,
    response_model=LookupRequestOut,
    responses={
        200: {"model": LookupOut, "description": "Already narrated: nothing to do"},
        403: {"model": ErrorOut, "description": "Not allowed here, from this origin, or for this URL"},
        422: {
            "model": ErrorOut,
            "description": "Not an http(s) URL, a private address, or its narration failed",
        },
        429: {"model": ErrorOut, "description": "Too many narrations from this client, or the queue is full"},
    },
)
async def request_narration(request: Request) -> Any:
    """The embed asks for a narration of its page (``NEWSCASTER_EMBED_REQUESTS=1``; see the module)."""
    state: AppState = request.app.state.newscaster
    if not state.security.embed_requests:
        raise ApiError(
            403, "This server does not narrate pages on an embed's request (NEWSCASTER_EMBED_REQUESTS)"
        )
    origin = request.headers.get("origin", "")
    if not origin_allowed(origin, state.security.frame_ancestors):
        raise ApiError(403, "Only a page of a site allowed to embed the player may ask for a narration")
    try:
        body = json.loads(await request.body())
    except (UnicodeDecodeError, ValueError):
        raise ApiError(400, "The request body is not valid JSON") from None
    raw = body.get("url") if isinstance(body, dict) else None
    if not isinstance(raw, str) or len(raw) > MAX_URL_CHARS:
        raise ApiError(422, "url: give the page's canonical http(s) address")
    url = _checked_url(raw)
    parts = urlsplit(url)
    if f"{parts.scheme}://{parts.netloc}".lower() != origin.lower():
        raise ApiError(403, "An embed may ask only for pages of its own site")
    return _queue_narration(request, state, url)


def _queue_narration(request: Request, state: AppState, url: str) -> Any:
    found = state.library.find_by_url(url)
    if found is not None and not found.is_published:  # withdrawn by the newsroom: not narrated again
        raise ApiError(403, "This article has been withdrawn from the listening library")
    stored = found
    if stored is not None and lookup_json(request, stored)["narrated"]:
        return JSONResponse(lookup_json(request, stored))
    waiting = {"retry_after_s": EMBED_POLL_S}
    job = state.embed_requests.known(url, state.queue.get)
    if job is not None and job.state is JobState.FAILED:
        raise ApiError(422, f"Narrating this page failed: {job.error or 'no reason given'}")
    if job is not None:
        return {"state": job.state.value, **waiting}
    try:
        check_url(url, allow_private=state.settings.allow_private_urls)
    except FetchError as error:
        raise ApiError(422, str(error)) from None
    client = client_key(request.scope)
    check_queue_room(state, client)
    take_one(state.narration_limiter, client, "new narrations")
    job_request = JobRequest(article_id=stored.id) if stored is not None else JobRequest(url=url)
    job = state.queue.submit(job_request, client=client)
    state.embed_requests.remember(url, job.id)
    state.workers.wake()
    return {"state": job.state.value, **waiting}


def _article_for(request: Request, url: str) -> StoredArticle | None:
    """An article by its page here (``…/articles/ID``, ``…/embed/articles/ID``) or its canonical URL."""
    state: AppState = request.app.state.newscaster
    origin = _origin(request)
    for prefix in (f"{origin}/articles/", f"{origin}/embed/articles/"):
        if url.startswith(prefix):
            article_id = urlsplit(url[len(prefix) :]).path.strip("/")
            return visible(request, state.library.get_article(article_id))
    return find_by_url(request, url)


@router.get(
    "/oembed",
    responses={
        404: {"model": ErrorOut, "description": "No article has that URL"},
        501: {"model": ErrorOut, "description": "A format other than json"},
    },
)
def oembed(
    request: Request,
    url: str = Query(max_length=MAX_URL_CHARS, description="The article's canonical URL, or its page here"),
    format: str = Query("json", max_length=10),
    maxwidth: int | None = Query(None, ge=1, le=10_000),
    maxheight: int | None = Query(None, ge=1, le=10_000),
) -> Any:
    """oEmbed 1.0 (``type: rich``): the embeddable player for an article. Its height is the player's one
    row whatever ``maxheight`` says (it cannot be shorter); the width honours ``maxwidth`` down to 320."""
    if format.lower() != "json":
        raise ApiError(501, "Only format=json is offered")
    stored = _article_for(request, _checked_url(url))
    if stored is None:
        raise ApiError(404, "No article here has this URL")
    origin = _origin(request)
    width = max(OEMBED_MIN_WIDTH_PX, min(maxwidth or OEMBED_WIDTH_PX, OEMBED_WIDTH_PX))
    answer: dict[str, Any] = {
        "version": "1.0",
        "type": "rich",
        "provider_name": "newscaster",
        "provider_url": f"{origin}/",
        "title": stored.article.title,
        "html": embed_snippet(origin, stored.id),
        "width": width,
        "height": EMBED_HEIGHT_PX,
        "cache_age": OEMBED_CACHE_AGE_S,
    }
    if stored.article.byline:
        answer["author_name"] = stored.article.byline
    return JSONResponse(answer, headers={"Cache-Control": f"public, max-age={OEMBED_CACHE_AGE_S}"})


@router.get("/listen", response_class=HTMLResponse, include_in_schema=False, dependencies=LIMITED_READ)
def listen(request: Request, url: str = Query(max_length=MAX_URL_CHARS)) -> Response:
    """Where the embed's plain link leads: the article's page here, found by its canonical URL."""
    stored = find_by_url(request, url)
    if stored is None:
        return not_found_page(request, "No article in the listening library has this address.")
    return RedirectResponse(f"{root_of(request.scope)}/articles/{stored.id}", status_code=303)
