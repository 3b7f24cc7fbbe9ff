"""Listening analytics over the API: players report listens (``POST /api/listens``), the newsroom reads the
counts (``GET /api/analytics``, ``GET /api/articles/{id}/analytics``).

A report is ``{"article_id", "kind", "voice", "speed"}``, sent with ``navigator.sendBeacon`` (``listens.js``)
as ``text/plain`` or ``application/json``. It carries nothing about the listener and needs no token, session
or CSRF header; it is checked strictly (an article that exists, a voice that narrated it, a kind from the
list, a speed the player offers) and rate limited per client like page reads. The client's address is used
for that limit in memory only; it is not stored, and the access log leaves it out for this path.

Count inflation: an honest player reports one play per page load and each quartile once (see
``listens.js``); a script that replays reports can add at most the read rate limit's worth per address. The
counts say how much was listened to, not by how many people — nothing here could tell them apart.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from typing import Any, Literal

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ConfigDict, Field, StrictFloat, StrictInt, ValidationError

from ..speed import PLAYER_SPEEDS
from ..store.listening import ListenEvent, ListeningFigures, Totals, speed_percent
from ..voices.base import MAX_SPEED, MIN_SPEED
from .access import may_administer
from .api import ApiError, ErrorOut, take_one
from .security import client_key
from .site import root_of
from .state import AppState

router = APIRouter(prefix="/api", tags=["analytics"])

MAX_LISTEN_REPORT_BYTES = 1024
"""A report is about 120 bytes; anything much larger is not one of ours."""
DEFAULT_DAYS = 30
MAX_DAYS = 366
"""A year and a day: the longest range the charts and the API sum over."""
TOP_ARTICLES = 10


class ListenIn(BaseModel):
    """One listening report: what was played, how far, with which voice, at what speed. Nothing else."""

    model_config = ConfigDict(extra="forbid")

    article_id: str = Field(max_length=64, description="The article played")
    kind: Literal["play", "reached_25", "reached_50", "reached_75", "reached_100"] = Field(
        description="`play` once per page load when it starts; `reached_N` once when the position passes N %"
    )
    voice: str = Field(max_length=200, description="The voice of the narration played (one that read it)")
    speed: StrictFloat | StrictInt = Field(
        ge=MIN_SPEED, le=MAX_SPEED, description="The listening speed, counted to the player's 0.25x steps"
    )


class TotalsOut(BaseModel):
    plays: int = Field(description="Page loads whose player started playing")
    reached_25: int
    reached_50: int
    reached_75: int
    reached_100: int = Field(description="Plays that got to the end")
    average_completion: float = Field(
        description="Mean share of the audio a play got through (0–1, in quartiles)"
    )


class DayOut(BaseModel):
    day: str = Field(description="YYYY-MM-DD (UTC)")
    plays: int
    average_completion: float


class SpeedOut(BaseModel):
    speed: float
    plays: int


class VoiceOut(BaseModel):
    voice: str
    plays: int


class ArticleListensOut(BaseModel):
    article_id: str
    title: str
    plays: int
    average_completion: float
    analytics_url: str


class AnalyticsOut(BaseModel):
    """The site's listening over ``since``–``until`` (UTC days, both included)."""

    since: str
    until: str
    totals: TotalsOut
    per_day: list[DayOut] = Field(description="Every day of the range, oldest first")
    speeds: list[SpeedOut] = Field(description="Plays per listening speed")
    voices: list[VoiceOut] = Field(description="Plays per voice, most first")
    most_listened: list[ArticleListensOut] = Field(description=f"The {TOP_ARTICLES} most played articles")


class ArticleAnalyticsOut(BaseModel):
    """One article's listening over ``since``–``until`` (UTC days, both included)."""

    article_id: str
    title: str
    since: str
    until: str
    totals: TotalsOut
    per_day: list[DayOut]
    speeds: list[SpeedOut]
    voices: list[VoiceOut]


def today() -> dt.date:
    return dt.datetime.now(dt.UTC).date()


def date_range(days: int) -> tuple[dt.date, dt.date]:
    until = today()
    return until - dt.timedelta(days=days - 1), until


def totals_json(totals: Totals) -> dict[str, Any]:
    r25, r50, r75, r100 = totals.reached
    return {
        "plays": totals.plays,
        "reached_25": r25,
        "reached_50": r50,
        "reached_75": r75,
        "reached_100": r100,
        "average_completion": round(totals.average_completion, 4),
    }


def figures_json(figures: ListeningFigures) -> dict[str, Any]:
    """What the site's and an article's answers share."""
    return {
        "since": figures.since,
        "until": figures.until,
        "totals": totals_json(figures.totals),
        "per_day": [
            {
                "day": d.day,
                "plays": d.totals.plays,
                "average_completion": round(d.totals.average_completion, 4),
            }
            for d in figures.per_day
        ],
        "speeds": [{"speed": s.speed, "plays": s.plays} for s in figures.speeds],
        "voices": [{"voice": v.voice_id, "plays": v.plays} for v in figures.voices],
    }


def require_administrator(request: Request) -> None:
    """A dependency: 401 unless ``may_administer`` (a token, a signed-in browser, or an open server)."""
    if not may_administer(request):
        raise ApiError(
            401,
            "Listening analytics are for the newsroom: send 'Authorization: Bearer <token>' or sign in",
            {"WWW-Authenticate": 'Bearer realm="newscaster"'},
        )


Days = Query(DEFAULT_DAYS, ge=1, le=MAX_DAYS, description="How many days back, today (UTC) included")
_READ_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorOut, "description": "No token or signed-in session, on a server that needs one"},
}


def _parse_report(body: bytes) -> ListenIn:
    try:
        document = json.loads(body)
    except (UnicodeDecodeError, ValueError):
        raise ApiError(400, "The listening report is not valid JSON") from None
    try:
        return ListenIn.model_validate(document)
    except ValidationError as error:
        raise RequestValidationError(
            [{**e, "loc": ("body", *e.get("loc", ()))} for e in error.errors(include_url=False)]
        ) from None


@router.post(
    "/listens",
    status_code=204,
    response_class=Response,
    responses={
        400: {"model": ErrorOut, "description": "The body is not JSON"},
        413: {"model": ErrorOut, "description": "The body is far larger than a report"},
        422: {
            "model": ErrorOut,
            "description": "Unknown article, a voice that did not read it, bad kind or speed",
        },
        429: {"model": ErrorOut, "description": "Too many reports from this client; see Retry-After"},
    },
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                media: {"schema": ListenIn.model_json_schema()}
                for media in ("application/json", "text/plain")
            },
        }
    },
)
async def record_listen(request: Request) -> Response:
    """Count one listening event. Anonymous by design: no token, cookie or CSRF header is needed or read,
    and nothing about the sender is stored."""
    state: AppState = request.app.state.newscaster
    take_one(state.listen_limiter, client_key(request.scope), "listening reports")
    body = await request.body()
    if len(body) > MAX_LISTEN_REPORT_BYTES:
        raise ApiError(413, f"A listening report is at most {MAX_LISTEN_REPORT_BYTES} bytes")
    report = _parse_report(body)
    await run_in_threadpool(_count, state, report)
    return Response(status_code=204)


def _count(state: AppState, report: ListenIn) -> None:
    narrations = state.library.current_narrations(report.article_id)
    if narrations is None:
        raise ApiError(422, f"article_id: there is no article {report.article_id!r}")
    if report.voice not in {n.voice_id for n in narrations}:
        raise ApiError(422, f"voice: {report.voice!r} has not narrated this article")
    bucket = speed_percent(float(report.speed), PLAYER_SPEEDS)
    try:
        state.listening.record(report.article_id, ListenEvent(report.kind), report.voice, bucket, today())
    except sqlite3.IntegrityError:  # the article was deleted a moment ago
        raise ApiError(422, f"article_id: there is no article {report.article_id!r}") from None


@router.get(
    "/analytics",
    response_model=AnalyticsOut,
    responses=_READ_ERRORS,
    dependencies=[Depends(require_administrator)],
    openapi_extra={"security": [{}, {"bearerToken": []}]},
)
def site_analytics(request: Request, days: int = Days) -> dict[str, Any]:
    """The site's listening: listens per day, average completion, most listened articles, speeds, voices."""
    state: AppState = request.app.state.newscaster
    since, until = date_range(days)
    figures = state.listening.figures(since, until, top=TOP_ARTICLES)
    root = root_of(request.scope)
    return {
        **figures_json(figures),
        "most_listened": [
            {
                "article_id": a.article_id,
                "title": a.title,
                "plays": a.totals.plays,
                "average_completion": round(a.totals.average_completion, 4),
                "analytics_url": f"{root}/api/articles/{a.article_id}/analytics",
            }
            for a in figures.articles
        ],
    }


@router.get(
    "/articles/{article_id}/analytics",
    response_model=ArticleAnalyticsOut,
    responses={**_READ_ERRORS, 404: {"model": ErrorOut, "description": "No such article"}},
    dependencies=[Depends(require_administrator)],
    openapi_extra={"security": [{}, {"bearerToken": []}]},
)
def article_analytics(article_id: str, request: Request, days: int = Days) -> dict[str, Any]:
    """One article's listening: plays and quartiles per day, completion, speeds and voices."""
    state: AppState = request.app.state.newscaster
    stored = state.library.get_article(article_id)
    if stored is None:
        raise ApiError(404, f"No article {article_id!r}")
    since, until = date_range(days)
    figures = state.listening.figures(since, until, article_id=stored.id)
    return {"article_id": stored.id, "title": stored.article.title, **figures_json(figures)}
