"""The FastAPI application: API, pages and static player, with the job workers running alongside."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request, Response
from fastapi.staticfiles import StaticFiles

from .. import __version__
from ..config import Settings
from ..synthesize import default_workers
from .api import error_response, install_error_handlers, router
from .pages import router as pages_router
from .state import AppState

MAX_BODY_BYTES = 12 * 1024 * 1024
"""A pasted page may be large (the fetcher accepts 10 MB); anything over 12 MB is refused with 413."""
STATIC_DIR = Path(__file__).parent / "static"


def create_app(
    settings: Settings | None = None,
    *,
    job_threads: int | None = None,
    synthesis_processes: int | None = None,
) -> FastAPI:
    settings = settings or Settings.from_env()
    cores = default_workers()
    state = AppState.build(
        settings,
        job_threads=job_threads if job_threads is not None else max(1, cores // 2),
        synthesis_processes=synthesis_processes if synthesis_processes is not None else cores,
    )

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        state.workers.start()
        try:
            yield
        finally:
            state.workers.stop()

    app = FastAPI(
        title="newscaster",
        version=__version__,
        description="Narrate news articles offline: jobs, articles, audio with Range requests, timings.",
        lifespan=lifespan,
    )
    app.state.newscaster = state
    install_error_handlers(app)

    @app.middleware("http")
    async def limit_body_size(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        declared = request.headers.get("content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > MAX_BODY_BYTES):
            return error_response(413, f"Request body over {MAX_BODY_BYTES // (1024 * 1024)} MB")
        if declared is None and request.method in {"POST", "PUT", "PATCH"}:
            received = 0
            chunks = []
            async for chunk in request.stream():
                received += len(chunk)
                if received > MAX_BODY_BYTES:
                    return error_response(413, f"Request body over {MAX_BODY_BYTES // (1024 * 1024)} MB")
                chunks.append(chunk)
            body = b"".join(chunks)

            async def replay() -> dict[str, object]:
                return {"type": "http.request", "body": body, "more_body": False}

            request._receive = replay  # the body was consumed above; hand it on unchanged
        return await call_next(request)

    app.include_router(router)
    app.include_router(pages_router)
    if STATIC_DIR.is_dir():
        app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    return app
