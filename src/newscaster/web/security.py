"""Who may write, how often, and what the browser is told: tokens, rate limits, security headers.

* **Write access.** On a server bound to loopback only this machine can connect, so writes are open
  until the operator creates the first API token. Once any token exists, bound to anything else
  (``newscaster serve --host 0.0.0.0``), or with ``NEWSCASTER_REQUIRE_TOKEN=1``, every unsafe request
  under ``/api`` (new narrations, and any future lexicon or delete endpoint) needs
  ``Authorization: Bearer <token>`` from ``newscaster token create``. A request that came through a
  reverse proxy (it carries a ``Forwarded`` / ``X-Forwarded-*`` header; see ``proxies`` for which
  proxies are believed) counts as remote even on loopback: a proxy on the same machine must not turn the
  internet into localhost. Reads stay public. A browser signs in on the pages instead (``sessions``):
  its cookie counts as its token, for writes that carry the session's CSRF token.
* **Abuse.** New narrations are rate limited per client (token id, else IP) with a token bucket, each
  client may have only its share of the queue, whose length is bounded too (429 with ``Retry-After``),
  and the narrations an API token asks for may take only its storage quota (403).
* **Headers.** Every response gets a Content-Security-Policy the player satisfies (scripts only from
  ``/static``, no inline script, so article text can never run as script), ``nosniff``, a
  Referrer-Policy, and a frame policy: the embeddable player under ``/embed/`` may be framed by the
  origins in ``NEWSCASTER_FRAME_ANCESTORS`` (default ``'self'``), by the CSP's ``frame-ancestors`` alone
  (it never gets the legacy ``X-Frame-Options``, which cannot name a publisher's origin); every other page
  only by the server's own pages (``'self'``, ``X-Frame-Options: SAMEORIGIN``; ``'none'`` makes it DENY).
"""

from __future__ import annotations

import ipaddress
import json
import math
import os
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar
from urllib.parse import urlsplit

from starlette.requests import cookie_parser

from ..errors import OptionError
from ..store.tokens import TokenStore
from .asgi import ASGIApp, Message, Receive, Scope, Send
from .proxies import Network, is_proxied, parse_trusted_proxies
from .sessions import CSRF_HEADER, SESSION_COOKIE, Sessions, csrf_matches
from .site import app_path

N = TypeVar("N", int, float)

NARRATION_BURST = 10
"""New narrations a client may start back to back: a reader queueing a morning's articles never waits."""
NARRATIONS_PER_MINUTE = 6.0
"""Sustained rate per client after the burst. A narration keeps a core busy for tens of seconds, so one
client starting more than one every ten seconds is flooding the queue, not listening."""
MAX_QUEUED_JOBS = 50
"""Jobs queued or running at once, for all clients together. At about a minute per article on two cores
this is most of an hour of work; past it, new requests are turned away instead of piling up."""
MAX_QUEUED_JOBS_PER_CLIENT = 10
"""Jobs one client (a token, or an address without one) may have queued or running at once: a morning's
articles (the burst) fit, and one client fills at most a fifth of the queue, so others still get in."""
TOKEN_STORAGE_MB = 10 * 1024
"""Disk the narrations one API token asked for may take before it is refused new ones: about 2,000
ten-minute MP3 narrations, a year of a small newsroom's articles. A determined token is stopped there
(plus one request's audio) instead of at a full disk."""
QUEUE_FULL_RETRY_AFTER_S = 60
"""What a client is told to wait when the queue is full: about one article's narration time."""
READ_BURST = 60
"""Reads of rendered pages and article JSON a client may make back to back: a reader opening a morning's
articles in tabs, the library and the feed at once never waits."""
READS_PER_MINUTE = 120.0
"""Sustained rate per client after the burst: far above anyone reading (or a podcast app polling the feed),
while one client asking for page after uncached page holds well under a core of rendering."""
MAX_RATE_LIMITED_CLIENTS = 10_000
"""Buckets kept in memory; the least recently seen are forgotten first (a forgotten client starts full)."""

UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
DOCS_PATHS = ("/docs",)
EMBED_PATHS = ("/embed/",)
"""Pages made to be framed by publishers' sites (``NEWSCASTER_FRAME_ANCESTORS`` says which): these and
``EMBED_PAGE`` itself (``/embed?url=``)."""
EMBED_PAGE = "/embed"
PUBLIC_WRITE_PATHS = ("/api/listens", "/api/lookup")
"""Unsafe requests any reader's browser makes, with no token, session or CSRF header (``sendBeacon`` and a
publisher's page can send none): listening reports, which carry nothing personal and only add to counters,
and the embed's request for a narration, which ``NEWSCASTER_EMBED_REQUESTS`` must allow first. Each checks
its own input and is rate limited per client."""
SIGNED_WRITE_PATH = re.compile(r"^/api/sources/[^/]+/ping$|^/api/sources/\{source_id\}/ping$")
"""A CMS's ping of a source: it carries no token but an HMAC signature with the source's own secret,
which the route checks (401 when wrong)."""
TRUE_VALUES = {"1", "true", "yes", "on"}


def is_public_write(path: str) -> bool:
    """Whether an unsafe request to ``path`` (or the schema's template of it) needs no token or session."""
    return path in PUBLIC_WRITE_PATHS or SIGNED_WRITE_PATH.match(path) is not None


_FRAME_SOURCE = re.compile(r"^(?:https?://)(?:\*\.)?[A-Za-z0-9.-]+(?::\d+)?/?$|^https?:$")
"""An origin (``https://host[:port]``, ``*.`` for subdomains) or a bare scheme, and nothing else."""


@dataclass(frozen=True)
class SecuritySettings:
    """The web layer's access and header policy; ``from_env`` reads the ``NEWSCASTER_*`` variables."""

    bind_host: str = "127.0.0.1"
    """Where the server listens; anything but loopback makes write endpoints need a token."""
    require_token: bool = False
    """Need a token for writes even on loopback (``NEWSCASTER_REQUIRE_TOKEN=1``)."""
    frame_ancestors: str = "'self'"
    """CSP ``frame-ancestors``: who may embed the pages, e.g. ``'self' https://news.example``."""
    narrations_per_minute: float = NARRATIONS_PER_MINUTE
    """0 turns the per-client rate limit off."""
    narration_burst: int = NARRATION_BURST
    max_queued_jobs: int = MAX_QUEUED_JOBS
    """0 turns the queue bound off."""
    max_queued_jobs_per_client: int = MAX_QUEUED_JOBS_PER_CLIENT
    """Each client's share of the queue; 0 turns it off."""
    token_storage_mb: int = TOKEN_STORAGE_MB
    """Storage quota per API token, in MB; 0 turns it off."""
    trusted_proxies: tuple[Network, ...] = ()
    """Reverse proxies whose ``X-Forwarded-*`` headers are believed (``NEWSCASTER_TRUSTED_PROXIES``)."""
    reads_per_minute: float = READS_PER_MINUTE
    """Page and article reads per client; 0 turns the read limit off."""
    read_burst: int = READ_BURST
    embed_requests: bool = False
    """``NEWSCASTER_EMBED_REQUESTS=1``: the one-line embed, on a page of an origin allowed to frame the
    player, may ask for a narration of that page when it has none. Off by default: it lets any reader's
    browser make the server fetch and narrate a page with no token (CPU and disk for whoever views it)."""

    @property
    def loopback_only(self) -> bool:
        return is_loopback_host(self.bind_host)

    @classmethod
    def from_env(cls, bind_host: str | None = None) -> SecuritySettings:
        env = os.environ
        return cls(
            bind_host=bind_host or env.get("NEWSCASTER_BIND_HOST") or "127.0.0.1",
            require_token=env.get("NEWSCASTER_REQUIRE_TOKEN", "").strip().lower() in TRUE_VALUES,
            frame_ancestors=_frame_ancestors(env.get("NEWSCASTER_FRAME_ANCESTORS")),
            narrations_per_minute=_env_number(
                "NEWSCASTER_NARRATIONS_PER_MINUTE", NARRATIONS_PER_MINUTE, float
            ),
            narration_burst=_env_number("NEWSCASTER_NARRATION_BURST", NARRATION_BURST, int),
            max_queued_jobs=_env_number("NEWSCASTER_MAX_QUEUED_JOBS", MAX_QUEUED_JOBS, int),
            max_queued_jobs_per_client=_env_number(
                "NEWSCASTER_MAX_QUEUED_JOBS_PER_CLIENT", MAX_QUEUED_JOBS_PER_CLIENT, int
            ),
            token_storage_mb=_env_number("NEWSCASTER_TOKEN_STORAGE_MB", TOKEN_STORAGE_MB, int),
            trusted_proxies=parse_trusted_proxies(env.get("NEWSCASTER_TRUSTED_PROXIES")),
            reads_per_minute=_env_number("NEWSCASTER_READS_PER_MINUTE", READS_PER_MINUTE, float),
            read_burst=_env_number("NEWSCASTER_READ_BURST", READ_BURST, int),
            embed_requests=env.get("NEWSCASTER_EMBED_REQUESTS", "").strip().lower() in TRUE_VALUES,
        )


def _env_number(name: str, default: N, kind: Callable[[str], N]) -> N:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        number = kind(value)
    except ValueError:
        number = None
    if number is None or not math.isfinite(number) or number < 0:
        raise OptionError(f"{name} must be a number, 0 or more (0 turns the limit off), not {value!r}")
    return number


def _frame_ancestors(value: str | None) -> str:
    """Keep only CSP source expressions: whatever follows a ``;`` (another directive) is dropped."""
    first = (value or "").split(";", 1)[0]
    sources = [
        source
        for source in first.replace(",", " ").split()
        if source in {"'self'", "'none'"} or _FRAME_SOURCE.match(source)
    ]
    return " ".join(sources) or "'self'"


def is_loopback_host(host: str) -> bool:
    host = host.strip().strip("[]").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


# --- Security headers -------------------------------------------------------------------------------


def content_security_policy(frame_ancestors: str, media_sources: tuple[str, ...] = ()) -> str:
    """For the app's own pages: everything from this origin, no inline script, no plugins; audio also from
    ``media_sources`` (object storage that presigned audio URLs point to)."""
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data:",  # the favicon is a data: URL
            " ".join(["media-src 'self'", *media_sources]),
            "connect-src 'self'",
            "font-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            f"frame-ancestors {frame_ancestors}",
        ]
    )


def docs_security_policy(frame_ancestors: str) -> str:
    """/docs: Swagger UI's scripts and styles come from this server (``api_docs.py``), nothing from
    elsewhere and no inline script."""
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data:",
            "connect-src 'self'",
            "font-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            f"frame-ancestors {frame_ancestors}",
        ]
    )


class SecurityHeaders:
    """Pure ASGI middleware (no per-request task or body buffering: audio streams stay zero-copy)."""

    def __init__(self, app: ASGIApp, settings: SecuritySettings, media_sources: tuple[str, ...] = ()) -> None:
        self.app = app
        ancestors = settings.frame_ancestors
        common = [
            (b"x-content-type-options", b"nosniff"),
            (b"referrer-policy", b"same-origin"),
            (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), payment=(), usb=()"),
            (b"cross-origin-opener-policy", b"same-origin"),
        ]
        embed_csp = (b"content-security-policy", content_security_policy(ancestors, media_sources).encode())
        self._embed = [embed_csp, *common]  # framing governed by frame-ancestors alone
        # Publishers frame the player, nothing else: the other pages (sign-in, narrate, analytics) framed
        # by another site could be clicked through under a disguise.
        own = "'none'" if ancestors == "'none'" else "'self'"
        common.append((b"x-frame-options", b"DENY" if own == "'none'" else b"SAMEORIGIN"))  # old browsers
        page_csp = content_security_policy(own, media_sources)
        self._page = [(b"content-security-policy", page_csp.encode()), *common]
        self._docs = [(b"content-security-policy", docs_security_policy(own).encode()), *common]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = app_path(scope)
        if path.startswith(DOCS_PATHS):
            extra = self._docs
        elif path == EMBED_PAGE or path.startswith(EMBED_PATHS):
            extra = self._embed
        else:
            extra = self._page

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {name.lower() for name, _ in message.get("headers", [])}
                headers = list(message.get("headers", []))
                headers.extend((name, value) for name, value in extra if name not in names)
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


# --- Body size -----------------------------------------------------------------------------------------


class BodySizeLimit:
    """Refuse request bodies over ``max_bytes`` with 413, by declared length or as they stream in."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    def _too_large(self) -> ASGIApp:
        return json_error(413, f"Request body over {self.max_bytes // (1024 * 1024)} MB")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _header(scope, b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_bytes):
            await self._too_large()(scope, receive, send)
            return
        if declared is not None or scope["method"] not in UNSAFE_METHODS:
            await self.app(scope, receive, send)
            return
        # Chunked upload of unknown length: read it here (bounded), then hand it on unchanged.
        chunks: list[bytes] = []
        received = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            received += len(chunk)
            if received > self.max_bytes:
                await self._too_large()(scope, receive, send)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if sent:
                return await receive()
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app(scope, replay, send)


# --- Write access -----------------------------------------------------------------------------------


def writes_need_credentials(settings: SecuritySettings, tokens: TokenStore, scope: Scope) -> bool:
    """Whether a write needs an API token (or a signed-in browser) on this server, for this request."""
    if settings.require_token or not settings.loopback_only:
        return True
    if is_proxied(scope):
        return True  # through a reverse proxy: the client is elsewhere
    if tokens.has_active():
        # A tunnel or a proxy that adds no header looks like loopback; an operator who made a token
        # meant writes to need one, whatever the bind address.
        return True
    # A page of another site, reaching this loopback server through a name it rebinds to 127.0.0.1
    # ("DNS rebinding"), sends that site as its Origin: not this machine, so a token is needed.
    origin = _header(scope, b"origin")
    return origin is not None and not is_loopback_host(urlsplit(origin).hostname or "")


class AccessControl:
    """Unsafe ``/api`` requests need a valid bearer token, or a signed-in session cookie with its CSRF
    token, when the server may be reached from outside."""

    def __init__(
        self, app: ASGIApp, settings: SecuritySettings, tokens: TokenStore, sessions: Sessions | None = None
    ) -> None:
        self.app = app
        self.settings = settings
        self.tokens = tokens
        self.sessions = sessions

    def token_needed(self, scope: Scope) -> bool:
        return writes_need_credentials(self.settings, self.tokens, scope)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope["method"] not in UNSAFE_METHODS
            or not app_path(scope).startswith("/api/")
            or is_public_write(app_path(scope))
        ):
            await self.app(scope, receive, send)
            return
        authorization = _header(scope, b"authorization") or ""
        scheme, _, credential = authorization.partition(" ")
        token_id = None
        signed_in = None
        if scheme.lower() == "bearer" and credential.strip():
            token_id = self.tokens.verify(credential)
            if token_id is None:
                await _unauthorized("The API token is not valid (or was revoked)")(scope, receive, send)
                return
        elif self.sessions is not None:
            signed_in = self.sessions.read(cookie_parser(_header(scope, b"cookie") or "").get(SESSION_COOKIE))
            if signed_in is not None:
                # A cookie rides along with any request the browser makes, forged ones included: only
                # the page's own scripts know the session's CSRF token.
                if not csrf_matches(signed_in, _header(scope, CSRF_HEADER.encode())):
                    await json_error(
                        403, "This request lacks the page's CSRF token: reload the page and try again"
                    )(scope, receive, send)
                    return
                token_id = signed_in.token_id
        if token_id is None and signed_in is None and self.token_needed(scope):
            await _unauthorized(
                "This server needs an API token to change anything: send 'Authorization: Bearer <token>' "
                "(its operator creates one with 'newscaster token create'), or sign in on the web pages"
            )(scope, receive, send)
            return
        state = scope.setdefault("state", {})
        state["newscaster_token_id"] = token_id
        state["newscaster_signed_in"] = signed_in.who if signed_in else None
        await self.app(scope, receive, send)


def token_id_of(scope: Scope) -> str | None:
    """The id of the valid API token the request came with, if any (``AccessControl`` checked it)."""
    token_id = scope.get("state", {}).get("newscaster_token_id")
    return str(token_id) if token_id else None


def client_key(scope: Scope) -> str:
    """Whom a request counts against: its token, else the connecting address."""
    token_id = token_id_of(scope)
    if token_id:
        return f"token:{token_id}"
    signed_in = scope.get("state", {}).get("newscaster_signed_in")
    if signed_in:
        return f"session:{signed_in}"  # the admin, signed in on the pages
    client = scope.get("client")
    return f"ip:{client[0]}" if client else "ip:unknown"


# --- Rate limits ------------------------------------------------------------------------------------


@dataclass
class _Bucket:
    tokens: float
    updated: float


@dataclass
class RateLimiter:
    """A token bucket per client: ``burst`` requests at once, then ``per_minute`` sustained."""

    per_minute: float
    burst: int
    clock: Callable[[], float] = time.monotonic
    _buckets: OrderedDict[str, _Bucket] = field(default_factory=OrderedDict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def enabled(self) -> bool:
        return self.per_minute > 0 and self.burst > 0

    def acquire(self, key: str) -> float:
        """Take one request for ``key``: 0 if allowed, else the seconds until one is available."""
        if not self.enabled:
            return 0.0
        rate = self.per_minute / 60.0
        now = self.clock()
        with self._lock:
            bucket = self._buckets.pop(key, None) or _Bucket(float(self.burst), now)
            bucket.tokens = min(float(self.burst), bucket.tokens + (now - bucket.updated) * rate)
            bucket.updated = now
            self._buckets[key] = bucket  # most recently seen last
            while len(self._buckets) > MAX_RATE_LIMITED_CLIENTS:
                self._buckets.popitem(last=False)
            if bucket.tokens >= 1.0:
                bucket.tokens -= 1.0
                return 0.0
            return (1.0 - bucket.tokens) / rate


def retry_after_header(seconds: float) -> str:
    return str(max(1, math.ceil(seconds)))


# --- helpers -----------------------------------------------------------------------------------------


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key.lower() == name:
            return bytes(value).decode("latin-1")
    return None


def json_error(status: int, message: str, headers: dict[str, str] | None = None) -> ASGIApp:
    """A bare ASGI response with the API's error JSON (for middleware, before FastAPI is reached)."""
    body = json.dumps({"error": message, "status": status}).encode()

    async def respond(scope: Scope, receive: Receive, send: Send) -> None:
        raw = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
        raw.extend((k.lower().encode(), v.encode()) for k, v in (headers or {}).items())
        await send({"type": "http.response.start", "status": status, "headers": raw})
        await send({"type": "http.response.body", "body": body})

    return respond


def _unauthorized(message: str) -> ASGIApp:
    return json_error(401, message, {"WWW-Authenticate": 'Bearer realm="newscaster"'})
