"""Requests that came through a reverse proxy: who really asked, and whether to believe the proxy.

A proxy in front of the server (nginx, Caddy) connects from its own address and says who the client was
in ``X-Forwarded-For`` / ``-Proto`` / ``-Host``. Anyone can send those headers, so they are believed only
when the connection comes from an address the operator listed in ``NEWSCASTER_TRUSTED_PROXIES``; from
anywhere else they are ignored. Either way a request that carries them is marked as proxied: its client
is somewhere else, so the token rules treat it as remote even when the proxy connects over loopback. (The
address alone cannot say so: a proxy on this machine shares loopback with its local users.)
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Sequence
from typing import TypeAlias

from ..errors import OptionError
from .asgi import ASGIApp, Receive, Scope, Send

Network: TypeAlias = ipaddress.IPv4Network | ipaddress.IPv6Network
Address: TypeAlias = ipaddress.IPv4Address | ipaddress.IPv6Address

FORWARDING_HEADERS = (
    b"forwarded",
    b"x-forwarded-for",
    b"x-forwarded-proto",
    b"x-forwarded-host",
    b"x-forwarded-port",
    b"x-real-ip",
)
"""Any of these says a proxy passed the request on (a proxy set up to send only ``Host`` and
``X-Forwarded-Proto`` is a proxy too)."""
_HOST = re.compile(r"^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$")
_SCHEMES = {"http": ("http", "ws"), "https": ("https", "wss")}


def parse_trusted_proxies(value: str | None) -> tuple[Network, ...]:
    """``NEWSCASTER_TRUSTED_PROXIES``: addresses or networks (``127.0.0.1, 10.0.0.0/8``), comma or space
    separated."""
    networks = []
    for item in (value or "").replace(",", " ").split():
        try:
            networks.append(ipaddress.ip_network(item, strict=False))
        except ValueError:
            raise OptionError(
                f"NEWSCASTER_TRUSTED_PROXIES: {item!r} is not an IP address or network (e.g. 127.0.0.1)"
            ) from None
    return tuple(networks)


def is_proxied(scope: Scope) -> bool:
    """Whether the request came through a proxy: it carries a forwarding header (from whichever peer)."""
    return any(key.lower() in FORWARDING_HEADERS for key, _ in scope.get("headers", []))


class ForwardedHeaders:
    """Pure ASGI middleware: for a proxied request from a trusted proxy, takes the client address, scheme
    and host from the forwarding headers (as ``request.client`` and ``request.base_url`` then show them).
    The headers stay, so ``is_proxied`` still sees them."""

    def __init__(self, app: ASGIApp, trusted: Sequence[Network]) -> None:
        self.app = app
        self.trusted = tuple(trusted)

    def _trusted(self, address: Address) -> bool:
        return any(address in network for network in self.trusted)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in ("http", "websocket"):
            peer = _address(str((scope.get("client") or ("",))[0]))
            if peer is not None and self._trusted(peer) and is_proxied(scope):
                self._believe(scope)
        await self.app(scope, receive, send)

    def _believe(self, scope: Scope) -> None:
        hops = [hop.strip() for hop in _values(scope, b"x-forwarded-for") if hop.strip()]
        client = None
        # Right to left: the nearest hops are our own proxies; the first address that is not one of them is
        # the client (whatever a client wrote further left is its own claim, not believed).
        for hop in reversed(hops):
            address = _address(hop)
            if address is None:
                break
            client = str(address)
            if not self._trusted(address):
                break
        if client is not None:
            scope["client"] = (client, 0)
        proto = next(iter(_values(scope, b"x-forwarded-proto")), "").strip().lower()
        if proto in _SCHEMES:
            scope["scheme"] = _SCHEMES[proto][scope["type"] == "websocket"]
        host = next(iter(_values(scope, b"x-forwarded-host")), "").strip()
        if _HOST.match(host):
            headers = [(k, v) for k, v in scope.get("headers", []) if k.lower() != b"host"]
            scope["headers"] = [(b"host", host.encode("latin-1")), *headers]


def _values(scope: Scope, name: bytes) -> list[str]:
    """Every comma-separated value of the header ``name``, over all its occurrences, in order."""
    found: list[str] = []
    for key, value in scope.get("headers", []):
        if key.lower() == name:
            found.extend(bytes(value).decode("latin-1").split(","))
    return found


def _address(text: str) -> Address | None:
    try:
        return ipaddress.ip_address(text.strip().strip("[]"))
    except ValueError:
        return None
