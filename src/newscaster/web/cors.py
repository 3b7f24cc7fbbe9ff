"""Cross-origin reads for the one-line embed, and for no one else.

``embed.js`` runs on a publisher's page and asks this server which narration belongs to that page
(``/api/lookup``) and, where allowed, for a new one; CMSs fetch ``/oembed``. Only those paths answer with
``Access-Control-Allow-Origin``, and only to an origin ``NEWSCASTER_FRAME_ANCESTORS`` lets frame the player
(a site that may not show the player has no use for the lookup either). No credentials are ever allowed
cross-origin: the browser sends no cookie and reads no answer that needed one.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from .asgi import ASGIApp, Message, Receive, Scope, Send
from .site import app_path

CORS_PATHS = ("/api/lookup", "/oembed")
"""What the embed script on another origin reads."""
PREFLIGHT_MAX_AGE_S = 600


def origin_allowed(origin: str, frame_ancestors: str) -> bool:
    """Whether ``origin`` (``scheme://host[:port]``) matches one of the CSP source expressions in
    ``frame_ancestors``: an origin, ``*.`` for its subdomains, or a bare scheme. ``'self'`` is not another
    origin, and ``'none'`` matches nothing."""
    parts = urlsplit(origin.strip())
    if parts.scheme not in {"http", "https"} or not parts.hostname or parts.path or parts.query:
        return False
    host, port = parts.hostname.lower(), parts.port or (443 if parts.scheme == "https" else 80)
    for source in frame_ancestors.split():
        if source.startswith("'"):
            continue
        if source.endswith(":") and "//" not in source:
            if source[:-1].lower() == parts.scheme:
                return True
            continue
        allowed = urlsplit(source.rstrip("/"))
        allowed_host = (allowed.hostname or "").lower()
        if allowed.scheme != parts.scheme or not allowed_host:
            continue
        allowed_port = allowed.port or (443 if allowed.scheme == "https" else 80)
        if allowed_port != port:
            continue
        if allowed_host.startswith("*."):
            if host.endswith(allowed_host[1:]):
                return True
        elif allowed_host == host:
            return True
    return False


class EmbedCors:
    """Pure ASGI middleware: ``Access-Control-Allow-Origin`` for an allowed origin on ``CORS_PATHS``
    (answers and errors alike, so the script can read a 404), and their preflight."""

    def __init__(self, app: ASGIApp, frame_ancestors: str) -> None:
        self.app = app
        self.frame_ancestors = frame_ancestors

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not app_path(scope).startswith(CORS_PATHS):
            await self.app(scope, receive, send)
            return
        origin = next(
            (bytes(v).decode("latin-1") for k, v in scope.get("headers", []) if k == b"origin"), None
        )
        allowed = origin is not None and origin_allowed(origin, self.frame_ancestors)
        cors = [(b"vary", b"Origin")]
        if allowed and origin is not None:
            cors.append((b"access-control-allow-origin", origin.encode("latin-1")))
        if scope["method"] == "OPTIONS":
            headers = [*cors, (b"content-length", b"0")]
            if allowed:
                headers += [
                    (b"access-control-allow-methods", b"GET, POST"),
                    (b"access-control-allow-headers", b"Content-Type"),
                    (b"access-control-max-age", str(PREFLIGHT_MAX_AGE_S).encode()),
                ]
            await send({"type": "http.response.start", "status": 204 if allowed else 403, "headers": headers})
            await send({"type": "http.response.body", "body": b""})
            return

        async def send_with_cors(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *cors]
            await send(message)

        await self.app(scope, receive, send_with_cors)
