"""One structured line per HTTP request: method, path, status, duration_ms, client.

Pure ASGI (no body buffering, so audio streams stay zero-copy). It sits inside ``ForwardedHeaders``, so
``client`` is the real client behind a trusted proxy, and outside the access and size checks, so their
401 and 413 answers are logged too. uvicorn's own access log is off: it knows neither.

Listening reports (``/api/listens``) are logged without their client: the counts they add to are
anonymous, and a log line pairing an address with a report would undo that.
"""

from __future__ import annotations

import logging
import time

from ..logs import log_event
from .asgi import ASGIApp, Message, Receive, Scope, Send
from .site import app_path

log = logging.getLogger("newscaster.access")

SERVER_ERROR = 500
UNLOGGED_CLIENT_PATHS = frozenset({"/api/listens"})


class AccessLog:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = SERVER_ERROR  # until the app says otherwise: an exception that escapes it is a 500

        async def send_and_note(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, send_and_note)
        finally:
            client = None if app_path(scope) in UNLOGGED_CLIENT_PATHS else scope.get("client")
            log_event(
                log,
                logging.WARNING if status >= SERVER_ERROR else logging.INFO,
                "request",
                method=scope.get("method"),
                path=scope.get("path"),
                status=status,
                duration_ms=round((time.perf_counter() - started) * 1000, 1),
                client=client[0] if client else None,
            )
