"""Where absolute URLs point: the podcast feed's links and enclosures, and the embed snippet.

Pages link with paths (``/api/…``, after the sub-path the server is served under: ``RootPath``), but
a feed read by a podcast app and an ``<iframe>`` pasted into a publisher's page need absolute URLs.
Built from the request's ``Host`` they say whatever the client said: ``Host: evil.example`` gave a
feed (``Cache-Control: public``) whose enclosures pointed at evil.example, which a shared cache in
front of the server would then hand to every subscriber. So:

* with ``NEWSCASTER_BASE_URL`` (``https://news.example/listen``) every absolute URL starts with it,
  whatever ``Host`` a request names;
* without it, the ``Host`` must be one the server is known by — a name in ``NEWSCASTER_ALLOWED_HOSTS``,
  the address it is bound to, or a loopback name — and a request naming another gets 400.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import MutableMapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from fastapi import Request

from ..config import Settings
from ..errors import NewscasterError, OptionError
from .asgi import ASGIApp, Receive, Scope, Send

LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")
"""Names a local client reaches the server by, whatever address it is bound to."""
WILDCARD_ADDRESSES = frozenset({"", "0.0.0.0", "::"})
"""Bind addresses that mean "every interface": not a name anyone can put in a URL."""
_HOST = re.compile(r"^(?:\[(?P<ipv6>[0-9a-f:.]+)\]|(?P<name>[a-z0-9_.-]+))(?::(?P<port>\d{1,5}))?$")
"""A Host header: ``name``, ``name:port`` or ``[ipv6]:port`` (an IPv6 address only in brackets)."""
_SHOWN_HOST_CHARS = 100
_SUB_PATH = re.compile(r"^(?:/(?!\.+(?:/|$))[A-Za-z0-9._~-]+)*$")
"""The sub-path of a base URL: segments every link can carry as they are (no escapes, no ``..``)."""


def root_of(scope: MutableMapping[str, Any]) -> str:
    """The sub-path the app is served under (``/listen``), or "": every link the server writes starts
    with it."""
    return str(scope.get("app_root_path", scope.get("root_path", ""))).rstrip("/")


class RootPath:
    """Pure ASGI middleware for serving under a sub-path (the path of ``NEWSCASTER_BASE_URL``).

    A proxy may pass requests on with the sub-path (``/listen/api/voices``) or without it (nginx's
    ``proxy_pass …/;`` strips it); either way the app sees the full path and ``root_path`` set, as ASGI
    servers give it, so routes match, ``request.base_url`` and every link the pages write carry the
    sub-path, and the app's own middleware judges requests by ``app_path``.
    """

    def __init__(self, app: ASGIApp, prefix: str) -> None:
        self.app = app
        self.prefix = prefix.rstrip("/")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.prefix and scope["type"] in ("http", "websocket"):
            path = str(scope.get("path", ""))
            if not (path == self.prefix or path.startswith(self.prefix + "/")):
                scope["path"] = self.prefix + path
                if scope.get("raw_path"):
                    scope["raw_path"] = self.prefix.encode("ascii") + bytes(scope["raw_path"])
            scope["root_path"] = self.prefix
        await self.app(scope, receive, send)


def app_path(scope: MutableMapping[str, Any]) -> str:
    """The request's path within the app: without the sub-path it is served under (``root_path``), as
    routes see it. (Starlette's ``path`` holds the full path, sub-path included.)"""
    path, root = str(scope.get("path", "")), str(scope.get("root_path", "")).rstrip("/")
    if root and (path == root or path.startswith(root + "/")):
        return path[len(root) :] or "/"
    return path


class UnknownHostError(NewscasterError):
    """A request names a host the server does not answer to, so no absolute URL can be built for it."""

    http_status = 400


HostPort = tuple[str, int | None]


def _parse_host(value: str) -> HostPort | None:
    """``(name, port)`` of a Host header or an allowed-list entry (lower case, no trailing dot)."""
    value = value.strip().lower()
    if value.count(":") > 1 and not value.startswith("["):
        value = f"[{value}]"  # a bare IPv6 address, as in the allowed list or a bind address
    match = _HOST.match(value)
    if match is None:
        return None
    port = int(match["port"]) if match["port"] else None
    if port is not None and port > 65535:
        return None
    if match["ipv6"]:
        try:
            return str(ipaddress.IPv6Address(match["ipv6"])), port
        except ValueError:
            return None
    name = match["name"].rstrip(".")
    return (name, port) if name else None


@dataclass(frozen=True)
class SiteAddress:
    """The server's own address for absolute URLs: a configured base URL, or the allowed request hosts."""

    base_url: str | None
    """Without the trailing slash."""
    allowed_hosts: frozenset[HostPort]
    """A name with port None matches any port."""

    @classmethod
    def configure(cls, settings: Settings, bind_host: str) -> SiteAddress:
        """From ``settings``; an unusable base URL or allowed host is an ``OptionError`` (at start-up)."""
        base_url = _checked_base_url(settings.base_url) if settings.base_url else None
        allowed: set[HostPort] = set()
        for entry in settings.allowed_hosts:
            parsed = _parse_host(entry)
            if parsed is None:
                raise OptionError(
                    f"NEWSCASTER_ALLOWED_HOSTS: {entry!r} is not a host name (like news.example or "
                    "news.example:8080)"
                )
            allowed.add(parsed)
        bound = _parse_host(bind_host)
        if bound is not None and bound[0] not in WILDCARD_ADDRESSES:
            allowed.add((bound[0], None))
        allowed.update((name, None) for name in LOOPBACK_NAMES)
        return cls(base_url, frozenset(allowed))

    @property
    def root_path(self) -> str:
        """The base URL's path (``/listen``), or "": the sub-path the app is served under."""
        return urlsplit(self.base_url).path.rstrip("/") if self.base_url else ""

    def origin(self, request: Request) -> str:
        """What absolute URLs for ``request`` start with (no trailing slash); ``UnknownHostError`` when
        no base URL is configured and the request names a host the server is not known by."""
        if self.base_url is not None:
            return self.base_url
        host = request.headers.get("host")
        if host is not None and not self._allows(host):
            shown = host[:_SHOWN_HOST_CHARS]
            raise UnknownHostError(
                f"This server does not answer to the host {shown!r}: its operator can set "
                "NEWSCASTER_BASE_URL, or add the name to NEWSCASTER_ALLOWED_HOSTS"
            )
        # No Host header at all (HTTP/1.0): Starlette uses the address the server listens on.
        return str(request.base_url).rstrip("/")

    def _allows(self, host: str) -> bool:
        parsed = _parse_host(host)
        if parsed is None:
            return False
        return parsed in self.allowed_hosts or (parsed[0], None) in self.allowed_hosts


def _checked_base_url(value: str) -> str:
    problem = f"NEWSCASTER_BASE_URL must be an http(s) address such as https://news.example, not {value!r}"
    try:
        parts = urlsplit(value.strip())
        parts.port  # noqa: B018 (raises ValueError for a port out of range)
    except ValueError as error:
        raise OptionError(problem) from error
    if (
        parts.scheme.lower() not in {"http", "https"}
        or not parts.hostname
        or parts.username is not None
        or parts.password is not None
        or parts.query
        or parts.fragment
    ):
        raise OptionError(problem)
    if not _SUB_PATH.match(parts.path.rstrip("/")):
        raise OptionError(
            "NEWSCASTER_BASE_URL's path must be plain segments such as /listen or /news/audio, "
            f"not {parts.path!r}"
        )
    return value.strip().rstrip("/")
