"""The FastAPI application: API, pages and static player, with the job workers running alongside."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles

from .. import __version__
from ..config import Settings
from ..synthesize import default_workers
from .access_log import AccessLog
from .analytics import router as analytics_router
from .analytics_pages import router as analytics_pages_router
from .api import ErrorOut, error_response, install_error_handlers, router
from .api_docs import mount_docs
from .cors import EmbedCors
from .delivery import media_origins
from .embed import router as embed_router
from .feed import router as feed_router
from .health import router as health_router
from .lexicon_api import router as lexicon_router
from .pages import router as pages_router
from .proxies import ForwardedHeaders
from .publisher import router as publisher_router
from .security import (
    UNSAFE_METHODS,
    AccessControl,
    BodySizeLimit,
    SecurityHeaders,
    SecuritySettings,
    is_public_write,
)
from .signin import router as signin_router
from .site import RootPath
from .sources_api import router as sources_router
from .sources_page import router as sources_page_router
from .state import AppState

log = logging.getLogger(__name__)

MAX_BODY_BYTES = 5 * 1024 * 1024
"""A pasted article page: real ones, markup, styles and inline scripts included, stay well under 5 MB, while
the text a job narrates is at most ``MAX_ARTICLE_CHARS`` (100,000 characters, about 0.1–0.4 MB). A larger
body is refused with 413 before it is read into memory or stored."""
STORAGE_RETRY_AFTER_S = 30
"""When the disk is full or read-only: long enough for an operator's cleanup, short enough to notice."""
STATIC_DIR = Path(__file__).parent / "static"


_ERROR_DESCRIPTIONS = {
    "400": "The request body is not valid JSON",
    "401": "A write request without a valid API token, on a server that needs one",
    "404": "Nothing at this address (no such job, article, narration or entry)",
    "413": "The request body is too large",
    "422": "A field is missing, malformed or out of range",
    "503": "The server cannot write its data (disk full or read-only); see Retry-After",
}


def _document_errors(app: FastAPI) -> None:
    """Make the schema say what the API answers, for every ``/api`` operation (any router's):

    the error JSON (``ErrorOut``) instead of FastAPI's default 422 shape, which the handlers never send;
    404 where the path names something; 400, 401, 413 and 503 for writes, which the middleware answers
    before any route runs; and the optional bearer token scheme.
    """
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is not None:
            return app.openapi_schema
        schema = build()
        components = schema.setdefault("components", {})
        components.setdefault("schemas", {}).setdefault("ErrorOut", ErrorOut.model_json_schema(
            ref_template="#/components/schemas/{model}"
        ))  # fmt: skip
        components.setdefault("securitySchemes", {})["bearerToken"] = {
            "type": "http",
            "scheme": "bearer",
            "description": "An API token from `newscaster token create`; needed for writes once one exists.",
        }
        error = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}
        for path, operations in schema.get("paths", {}).items():
            if not path.startswith("/api/"):
                continue
            for method, operation in operations.items():
                responses = operation.setdefault("responses", {})
                statuses = ["422"]
                if "{" in path:
                    statuses.append("404")
                if method.upper() in UNSAFE_METHODS:
                    statuses += ["400", "413", "503"]
                if method.upper() in UNSAFE_METHODS and not is_public_write(path):
                    statuses.append("401")
                    operation.setdefault("security", [{}, {"bearerToken": []}])
                for status in statuses:
                    documented = responses.get(status)
                    if documented is None or "ErrorOut" not in str(documented):
                        responses[status] = {"description": _ERROR_DESCRIPTIONS[status], "content": error}
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]


def create_app(
    settings: Settings | None = None,
    *,
    job_threads: int | None = None,
    synthesis_processes: int | None = None,
    security: SecuritySettings | None = None,
    bind_host: str | None = None,
) -> FastAPI:
    """The app for ``settings``. ``bind_host`` (or ``NEWSCASTER_BIND_HOST``, set by ``newscaster serve``)
    is where it will listen: anything other than loopback makes write endpoints need an API token."""
    settings = settings or Settings.from_env()
    security = security or SecuritySettings.from_env(bind_host)
    cores = default_workers()
    state = AppState.build(
        settings,
        job_threads=job_threads if job_threads is not None else max(1, cores // 2),
        synthesis_processes=synthesis_processes if synthesis_processes is not None else cores,
        security=security,
    )

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        state.workers.start()
        state.source_scheduler.start()
        try:
            yield
        finally:
            state.source_scheduler.stop()
            state.workers.stop()

    app = FastAPI(
        title="newscaster",
        version=__version__,
        description=(
            "Narrate news articles offline: jobs, articles, audio with Range requests, timings.\n\n"
            "Reads are public. Write requests need `Authorization: Bearer <token>` (from "
            "`newscaster token create`) once any token exists, when the server listens on anything but "
            "loopback, and for every request through a reverse proxy."
        ),
        lifespan=lifespan,
        # Our own /docs (api_docs.py): FastAPI's loads Swagger UI and ReDoc from a CDN.
        docs_url=None,
        redoc_url=None,
    )
    app.state.newscaster = state
    install_error_handlers(app)

    @app.exception_handler(sqlite3.OperationalError)
    async def _storage_error(request: Request, error: sqlite3.OperationalError) -> JSONResponse:
        log.error("storage error on %s %s: %s", request.method, request.url.path, error)
        return error_response(
            503,
            "The server cannot write its data right now (disk full, read-only or busy); try again later",
            headers={"Retry-After": str(STORAGE_RETRY_AFTER_S)},
        )

    @app.exception_handler(Exception)
    async def _internal_error(request: Request, error: Exception) -> JSONResponse:
        # Logged with its traceback here; the client gets JSON, never a traceback or an HTML page.
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return error_response(500, "Internal server error")

    app.include_router(router)
    app.include_router(lexicon_router)
    app.include_router(feed_router)
    app.include_router(pages_router)
    app.include_router(embed_router)
    app.include_router(signin_router)
    app.include_router(analytics_router)
    app.include_router(analytics_pages_router)
    app.include_router(publisher_router)
    app.include_router(sources_router)
    app.include_router(sources_page_router)
    app.include_router(health_router)
    mount_docs(app)
    _document_errors(app)
    if STATIC_DIR.is_dir():
        app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    # Added last = runs first: headers on every response, then who really asked (through a proxy?), then
    # the request's log line, then the embed's cross-origin reads, then who may write, then the body cap.
    app.add_middleware(BodySizeLimit, max_bytes=MAX_BODY_BYTES)
    app.add_middleware(AccessControl, settings=security, tokens=state.tokens, sessions=state.sessions)
    app.add_middleware(EmbedCors, frame_ancestors=security.frame_ancestors)
    app.add_middleware(AccessLog)
    app.add_middleware(ForwardedHeaders, trusted=security.trusted_proxies)
    app.add_middleware(SecurityHeaders, settings=security, media_sources=media_origins(state.storage))
    app.add_middleware(RootPath, prefix=state.site.root_path)  # first of all: the sub-path, if any
    return app
