"""Read the input: a web page (safely), a local file, or standard input → ``Source``.

Fetching arbitrary URLs on behalf of users is a server-side request forgery risk, so ``fetch_url``:

* accepts only ``http``/``https`` URLs without credentials;
* resolves the host once and refuses it if *any* address is loopback, private, shared, link-local
  (including the 169.254.169.254 cloud metadata service), multicast, reserved, unspecified, site-local,
  or an IPv6 wrapper (IPv4-mapped, 6to4, NAT64) around one of those — numeric spellings such as
  ``2130706433`` or ``0177.0.0.1`` are recognised as the addresses they are;
* connects to exactly the address it checked (the URL is rewritten to the IP, the original ``Host``
  header is sent and TLS SNI / certificate verification use the original hostname), so a DNS answer
  that changes between check and use ("DNS rebinding") cannot redirect the connection;
* follows redirects itself, checking every hop the same way;
* bounds time (per connect/read and an overall deadline), size (after decompression) and content type.

``allow_private=True`` (``NEWSCASTER_ALLOW_PRIVATE_URLS``) lifts only the address check.
"""

from __future__ import annotations

import codecs
import functools
import ipaddress
import re
import socket
import ssl
import sys
import time
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from http import HTTPStatus
from pathlib import Path
from typing import IO, TYPE_CHECKING, TypeAlias, TypedDict, Unpack
from urllib.parse import urljoin, urlsplit, urlunsplit

import idna

from newscaster.errors import ExtractionError, FetchError, InputError
from newscaster.models import Source

if TYPE_CHECKING:
    import httpx  # imported where a fetch needs it: reading a file or stdin never pays for it

IPAddress: TypeAlias = ipaddress.IPv4Address | ipaddress.IPv6Address

FETCH_TIMEOUT_S = 20.0
"""Overall deadline for one fetch, redirects included; each connect/read also waits at most this long.
Long enough for a slow news site, short enough that a stalled server cannot tie up a worker."""

MAX_PAGE_BYTES = 10 * 1024 * 1024
"""Largest page or file read (after decompression). Real article pages are well under 5 MB; the cap
keeps a hostile or broken server (or a gzip bomb) from exhausting memory."""

MAX_REDIRECTS = 5
"""Redirects followed before giving up: enough for http→https→www→canonical, short of a loop."""

SNIFF_BYTES = 8192
"""How much of the start of an input is inspected for binary data and HTML markers."""

MAX_UNPRINTABLE_RATIO = 0.05
"""Share of control / undecodable characters above which an input is treated as binary."""

MAX_REPLACEMENT_RATIO = 0.01
"""Undeclared input that is not valid UTF-8 is still read as UTF-8 (with replacement characters) if
at most this share of characters is broken; otherwise it is read as Windows-1252, the web's default."""

USER_AGENT = "newscaster/0.1 (+self-hosted article narration)"

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
TEXT_TYPES = frozenset({"text/plain", "text/markdown", "text/x-markdown"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
TEXT_SUFFIXES = frozenset({".txt", ".text", ".md", ".markdown"})
FEED_TYPES = frozenset(
    {"application/rss+xml", "application/atom+xml", "application/feed+xml", "application/xml", "text/xml"}
)


@dataclass(frozen=True)
class Wanted:
    """What a fetch accepts: the media types, the Accept header asking for them, and their name in errors."""

    media_types: frozenset[str]
    accept_header: str
    description: str


PAGES = Wanted(
    HTML_TYPES | TEXT_TYPES,
    "text/html,application/xhtml+xml,text/plain;q=0.9,text/markdown;q=0.9",
    "an HTML or text page",
)
FEEDS = Wanted(
    FEED_TYPES,
    "application/rss+xml,application/atom+xml,application/xml;q=0.9,text/xml;q=0.9",
    "an RSS or Atom feed",
)

_REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
_NAT64_NETWORKS = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))
_URL_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
_HOST_CHARS = re.compile(r"^[^\s/\\?#@%:<>\"'`{}|^\[\]]+$")
_NUMERIC_HOST = re.compile(r"^[0-9a-fA-FxX.]+$")
_HTML_START = re.compile(
    rb"^\s*(?:<!--(?:(?!-->).)*-->\s*)*<(?:!doctype\s+html|html[\s>])", re.IGNORECASE | re.DOTALL
)
"""A document that opens like HTML, after any comments. A comment's text may not run past its own ``-->``:
with ``.*?`` the comments of a page's head could be grouped in exponentially many ways before a failed match
(40 comments took minutes)."""
_HTML_TAG = re.compile(rb"<(?:p|body|head|article)[\s>]", re.IGNORECASE)
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_:.+-]+)", re.IGNORECASE)
_UNPRINTABLE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\ufffd]")

Resolver: TypeAlias = Callable[[str, int], list[str]]


class FetchOptions(TypedDict, total=False):
    """The keyword options of ``fetch_url`` and ``fetch_if_changed`` (defaults and meaning there)."""

    allow_private: bool
    timeout_s: float
    max_bytes: int
    max_redirects: int
    resolver: Resolver | None
    is_allowed_address: Callable[[IPAddress], bool] | None
    wanted: Wanted


def fetch_url(url: str, **options: Unpack[FetchOptions]) -> Source:
    """Fetch an http(s) page (or, with ``wanted=FEEDS``, a feed), refusing private/local destinations
    unless ``allow_private``; the options are ``fetch_if_changed``'s."""
    fetched = fetch_if_changed(url, Validators(), **options)
    assert fetched.source is not None  # without validators there is no 304
    return fetched.source


@dataclass(frozen=True)
class Validators:
    """What a server said identifies the version it sent (``ETag``, ``Last-Modified``), to ask again with."""

    etag: str | None = None
    last_modified: str | None = None

    def request_headers(self) -> dict[str, str]:
        headers = {}
        if self.etag:
            headers["If-None-Match"] = self.etag
        if self.last_modified:
            headers["If-Modified-Since"] = self.last_modified
        return headers


@dataclass(frozen=True)
class Fetched:
    source: Source | None
    """None when the server answered 304 Not Modified: nothing changed since ``Validators``."""
    validators: Validators


def fetch_if_changed(
    url: str,
    validators: Validators,
    *,
    allow_private: bool = False,
    timeout_s: float = FETCH_TIMEOUT_S,
    max_bytes: int = MAX_PAGE_BYTES,
    max_redirects: int = MAX_REDIRECTS,
    resolver: Resolver | None = None,
    is_allowed_address: Callable[[IPAddress], bool] | None = None,
    wanted: Wanted = PAGES,
) -> Fetched:
    """``fetch_url`` as a conditional request: sends ``validators`` (If-None-Match, If-Modified-Since) and
    returns the response's own, with no ``source`` when the server answered 304 Not Modified.

    ``resolver(host, port)`` returns the host's IP addresses (default: ``socket.getaddrinfo``).
    ``is_allowed_address`` replaces the public-address rule (for tests and special deployments);
    it is ignored when ``allow_private`` is set, which allows every address.
    """
    resolve = resolver or _system_resolver
    if allow_private:
        allowed: Callable[[IPAddress], bool] = _allow_any
    else:
        allowed = is_allowed_address or is_public_address
    deadline = time.monotonic() + timeout_s
    current = url.strip()
    target = _Target.parse(current)
    addresses = _checked_addresses(target, resolve, allowed)  # before any connection is opened
    with _new_client() as client:
        for hop in range(max_redirects + 1):
            result = _request(client, target, addresses, deadline, timeout_s, max_bytes, wanted, validators)
            if isinstance(result, Fetched):
                if result.source is None:  # a 304 need not repeat the validators: keep the ones sent
                    return Fetched(None, Validators(
                        result.validators.etag or validators.etag,
                        result.validators.last_modified or validators.last_modified,
                    ))  # fmt: skip
                page = Source(result.source.content, result.source.is_html, url=current, name=url)
                return Fetched(page, result.validators)
            if hop == max_redirects:
                break
            current = urljoin(current, result)
            target = _Target.parse(current)
            addresses = _checked_addresses(target, resolve, allowed)
    raise FetchError(f"Too many redirects (more than {max_redirects}) while reading {url}", 502)


def check_url(url: str, *, allow_private: bool = False, resolver: Resolver | None = None) -> None:
    """Refuse now what ``fetch_url`` would refuse before connecting: a URL it cannot read, or a host that
    is (or resolves to) a private or local address. A name that does not resolve passes: it may resolve
    when the fetch runs, and the fetch checks every address again then (so this is a courtesy to the
    caller, not the guard)."""
    target = _Target.parse(url.strip())
    if allow_private:
        return
    try:
        _checked_addresses(target, resolver or _system_resolver, is_public_address)
    except _HostNotFound:
        return


def load_source(spec: str, *, allow_private: bool = False, stdin: IO[str] | None = None) -> Source:
    """Read ``spec``: an http(s) URL, ``-`` for standard input, or a path to an HTML / text file."""
    if _URL_SCHEME.match(spec.strip()):
        return fetch_url(spec, allow_private=allow_private)
    if spec == "-":
        return _read_stdin(stdin)
    return _read_file(spec)


def is_public_address(ip: IPAddress) -> bool:
    """True if ``ip`` is a globally routable unicast address (the default rule for fetching)."""
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = ip.ipv4_mapped or ip.sixtofour
        if embedded is None and any(ip in net for net in _NAT64_NETWORKS):
            embedded = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if embedded is not None:
            return is_public_address(embedded)
        if ip.teredo is not None or ip.is_site_local:
            return False
    return ip.is_global and not (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
    )


# --- URLs and addresses ------------------------------------------------------------------------


class _Target:
    """One URL to request: where to connect, and what to say to the server."""

    def __init__(self, url: str, scheme: str, host: str, port: int, literal: IPAddress | None) -> None:
        self.url = url
        self.scheme = scheme
        self.host = host
        """ASCII (IDNA) hostname, or the IP address as written in the URL."""
        self.port = port
        self.literal = literal
        """The address, when the host is an IP address in any spelling."""

    @classmethod
    def parse(cls, url: str) -> _Target:
        try:
            parts = urlsplit(url)
            port = parts.port
        except ValueError as exc:
            raise FetchError(f"Not a valid URL: {url}", 400) from exc
        scheme = parts.scheme.lower()
        if scheme not in {"http", "https"}:
            raise FetchError("Only http and https URLs can be read", 400)
        if parts.username is not None or parts.password is not None:
            raise FetchError("URLs with a user name or password are not supported", 400)
        host = (parts.hostname or "").rstrip(".")
        if not host:
            raise FetchError(f"The URL has no host name: {url}", 400)
        literal = _literal_address(host)
        if literal is None:
            if not _HOST_CHARS.match(host):
                raise FetchError(f"Not a valid host name: {host}", 400)
            try:
                host = idna.encode(host, uts46=True).decode("ascii") if not host.isascii() else host
            except idna.IDNAError as exc:
                raise FetchError(f"Not a valid host name: {host}", 400) from exc
        return cls(url, scheme, host, port or (443 if scheme == "https" else 80), literal)

    @property
    def host_header(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        default = 443 if self.scheme == "https" else 80
        return host if self.port == default else f"{host}:{self.port}"

    def url_for(self, address: IPAddress) -> httpx.URL:
        """The URL with its host replaced by ``address`` (where we actually connect)."""
        import httpx

        parts = urlsplit(self.url)
        host = f"[{address}]" if address.version == 6 else str(address)
        netloc = f"{host}:{self.port}"
        try:
            return httpx.URL(urlunsplit((self.scheme, netloc, parts.path or "/", parts.query, "")))
        except httpx.InvalidURL as exc:
            raise FetchError(f"Not a valid URL: {self.url}", 400) from exc


def _literal_address(host: str) -> IPAddress | None:
    """The address ``host`` spells, including the forms ``inet_aton`` accepts (``0x7f.1``, ``2130706433``)."""
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        pass
    if _NUMERIC_HOST.match(host) and host.count(".") <= 3:
        try:
            return ipaddress.IPv4Address(socket.inet_aton(host))
        except OSError:
            return None
    return None


def _system_resolver(host: str, port: int) -> list[str]:
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def _allow_any(_ip: IPAddress) -> bool:
    return True


def _checked_addresses(
    target: _Target, resolve: Resolver, allowed: Callable[[IPAddress], bool]
) -> list[IPAddress]:
    """Resolve ``target`` once and return its addresses, or refuse if any of them is not allowed."""
    if target.literal is not None:
        addresses = [target.literal]
    elif target.host == "localhost" or target.host.endswith(".localhost"):
        # RFC 6761: always loopback, whatever a resolver says.
        if not allowed(ipaddress.IPv4Address("127.0.0.1")):
            raise _refused(target)
        addresses = _resolve(target, resolve)
    else:
        addresses = _resolve(target, resolve)
    for address in addresses:
        if not allowed(address):
            raise _refused(target)
    return addresses


class _HostNotFound(FetchError):
    """The host name has no address (now)."""

    def __init__(self, target: _Target) -> None:
        super().__init__(f"Could not find the server {target.host}", 502)


def _resolve(target: _Target, resolve: Resolver) -> list[IPAddress]:
    try:
        answers = resolve(target.host, target.port)
    except (OSError, UnicodeError) as exc:
        raise _HostNotFound(target) from exc
    addresses: list[IPAddress] = []
    for answer in answers:
        try:
            addresses.append(ipaddress.ip_address(answer))
        except ValueError as exc:
            raise _HostNotFound(target) from exc
    if not addresses:
        raise _HostNotFound(target)
    return addresses


def _refused(target: _Target) -> FetchError:
    # Never the address itself: a client could then map the internal DNS (which names exist, where).
    return FetchError(f"Refusing to read {target.url}: it points to a private address", 400)


# --- HTTP ----------------------------------------------------------------------------------------


@functools.cache
def _ssl_context() -> ssl.SSLContext:
    """Certificate verification as httpx does it by default (certifi roots, hostname checking).

    Built once: loading the root certificates takes tens of milliseconds.
    """
    import httpx

    return httpx.create_ssl_context()


def _new_client() -> httpx.Client:
    import httpx

    return httpx.Client(
        transport=httpx.HTTPTransport(
            verify=_ssl_context(),
            retries=0,
            # One connection per request: a kept-alive TLS connection verified for one hostname
            # must not carry a request for another host that happens to share the address.
            limits=httpx.Limits(max_keepalive_connections=0),
        ),
        follow_redirects=False,
        trust_env=False,  # no proxies or .netrc from the environment: we connect where we checked
    )


def _request(
    client: httpx.Client,
    target: _Target,
    addresses: list[IPAddress],
    deadline: float,
    timeout_s: float,
    max_bytes: int,
    wanted: Wanted,
    validators: Validators,
) -> Fetched | str:
    """GET ``target`` from the first reachable checked address: what it sent, or a redirect location."""
    import httpx

    headers = {
        "Host": target.host_header,
        "User-Agent": USER_AGENT,
        "Accept": wanted.accept_header,
        "Accept-Encoding": "gzip, deflate",
        **validators.request_headers(),
    }
    extensions = {}
    if target.scheme == "https" and target.literal is None:
        extensions["sni_hostname"] = target.host  # SNI and certificate checks use the real hostname
    last_error: httpx.HTTPError | None = None
    for address in addresses:
        remaining = _remaining(deadline, target)
        request = client.build_request(
            "GET",
            target.url_for(address),
            headers=headers,
            extensions=extensions,
            timeout=httpx.Timeout(min(timeout_s, remaining)),
        )
        try:
            response = client.send(request, stream=True)
        except (httpx.ConnectError, httpx.ConnectTimeout) as exc:
            if _tls_failure(exc):
                raise _upstream_error(exc, target) from exc
            last_error = exc  # try the host's next address
            continue
        except httpx.HTTPError as exc:
            raise _upstream_error(exc, target) from exc
        try:
            result = _read_response(response, target, deadline, max_bytes, wanted)
        except httpx.HTTPError as exc:
            raise _upstream_error(exc, target) from exc
        finally:
            response.close()
        if isinstance(result, str):
            return result
        answered = Validators(response.headers.get("etag"), response.headers.get("last-modified"))
        return Fetched(result, answered)
    assert last_error is not None
    raise _upstream_error(last_error, target) from last_error


def _remaining(deadline: float, target: _Target) -> float:
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise FetchError(f"{target.host} took too long to answer", 502)
    return remaining


def _read_response(
    response: httpx.Response, target: _Target, deadline: float, max_bytes: int, wanted: Wanted
) -> Source | None | str:
    """The page, None for 304 Not Modified, or a redirect location."""
    status = response.status_code
    if status == HTTPStatus.NOT_MODIFIED:
        return None
    if status in _REDIRECT_STATUSES:
        location = response.headers.get("location", "").strip()
        if location:
            return location
    if not 200 <= status < 300:
        raise FetchError(f"The page answered HTTP {status}", 502)

    media_type, charset = _parse_content_type(response.headers.get("content-type", ""))
    if media_type and media_type not in wanted.media_types:
        raise FetchError(f"The page is {media_type}, not {wanted.description}", 415)
    length = response.headers.get("content-length", "")
    if length.isdigit() and int(length) > max_bytes and "content-encoding" not in response.headers:
        raise _too_large(max_bytes)

    body = bytearray()
    for chunk in _decoded_chunks(response, max_bytes):
        body += chunk
        if len(body) > max_bytes:
            raise _too_large(max_bytes)
        _remaining(deadline, target)
    data = bytes(body)
    is_html = media_type in HTML_TYPES if media_type else _looks_like_html(data)
    content = _decode(data, charset, is_html, target.url)
    return Source(content, is_html)


def _decoded_chunks(response: httpx.Response, max_bytes: int) -> Iterator[bytes]:
    """The body, decompressed with at most ``max_bytes + 1`` output bytes per input chunk."""
    codings = [
        c.strip().lower()
        for c in response.headers.get("content-encoding", "").split(",")
        if c.strip() and c.strip().lower() != "identity"
    ]
    if not codings:
        yield from response.iter_raw()
        return
    if len(codings) > 1 or codings[0] not in {"gzip", "x-gzip", "deflate"}:
        raise FetchError(f"The page uses an unsupported compression ({', '.join(codings)})", 502)
    gzip = codings[0] != "deflate"
    decompressor = zlib.decompressobj(zlib.MAX_WBITS | 16 if gzip else zlib.MAX_WBITS)
    first = True
    produced = 0
    for raw in response.iter_raw():
        if first and not gzip and raw:
            first = False
            # Some servers send raw deflate without the zlib wrapper (as browsers tolerate).
            if (raw[0] & 0x0F) != 8 or ((raw[0] << 8) | (raw[1] if len(raw) > 1 else 0)) % 31:
                decompressor = zlib.decompressobj(-zlib.MAX_WBITS)
        try:
            out = decompressor.decompress(raw, max_bytes + 1 - produced)
        except zlib.error as exc:
            raise FetchError("The page sent broken compressed data", 502) from exc
        produced += len(out)
        if produced > max_bytes or decompressor.unconsumed_tail:
            raise _too_large(max_bytes)
        yield out
    yield decompressor.flush()


def _too_large(max_bytes: int) -> FetchError:
    return FetchError(f"The page is larger than {_size(max_bytes)}", 413)


def _size(n: int) -> str:
    return f"{n // (1024 * 1024)} MB" if n >= 1024 * 1024 else f"{n} bytes"


def _parse_content_type(value: str) -> tuple[str, str | None]:
    media_type, _, params = value.partition(";")
    charset = None
    for param in params.split(";"):
        key, _, val = param.partition("=")
        if key.strip().lower() == "charset":
            charset = val.strip().strip("\"'") or None
    return media_type.strip().lower(), charset


def _tls_failure(exc: BaseException) -> bool:
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, ssl.SSLError):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _upstream_error(exc: httpx.HTTPError, target: _Target) -> FetchError:
    import httpx

    if isinstance(exc, httpx.TimeoutException):
        return FetchError(f"{target.host} took too long to answer", 502)
    if _tls_failure(exc):
        return FetchError(f"Could not establish a secure connection to {target.host}", 502)
    if isinstance(exc, httpx.ConnectError):
        return FetchError(f"Could not connect to {target.host}", 502)
    return FetchError(f"{target.host} sent a broken response", 502)


# --- Files and standard input --------------------------------------------------------------------


def _read_file(spec: str) -> Source:
    path = Path(spec).expanduser()
    if path.is_dir():
        raise InputError(f"{spec} is a folder, not a file")
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_PAGE_BYTES + 1)
    except FileNotFoundError as exc:
        raise InputError(f"No such file: {spec}") from exc
    except OSError as exc:
        raise InputError(f"Cannot read {spec}: {exc.strerror or exc}") from exc
    if len(data) > MAX_PAGE_BYTES:
        raise InputError(f"{spec} is larger than {_size(MAX_PAGE_BYTES)}")
    suffix = path.suffix.lower()
    if suffix in HTML_SUFFIXES:
        is_html = True
    elif suffix in TEXT_SUFFIXES:
        is_html = False
    else:
        is_html = _looks_like_html(data)
    return Source(_decode(data, None, is_html, spec), is_html, name=spec)


def _read_stdin(stdin: IO[str] | None) -> Source:
    name = "standard input"
    if stdin is None:
        buffer = getattr(sys.stdin, "buffer", None)
        if buffer is not None:
            data = buffer.read(MAX_PAGE_BYTES + 1)
            if len(data) > MAX_PAGE_BYTES:
                raise InputError(f"Standard input is larger than {_size(MAX_PAGE_BYTES)}")
            is_html = _looks_like_html(data)
            return Source(_decode(data, None, is_html, name), is_html, name=name)
        stdin = sys.stdin
    text = stdin.read(MAX_PAGE_BYTES + 1)
    if len(text) > MAX_PAGE_BYTES:
        raise InputError(f"Standard input is larger than {_size(MAX_PAGE_BYTES)}")
    if text.startswith("\ufeff"):
        text = text[1:]
    if _is_binary_text(text):
        raise ExtractionError(f"{name} is not a text or HTML file")
    head = text[:SNIFF_BYTES].encode("utf-8", "replace")
    return Source(text, _looks_like_html(head), name=name)


# --- Decoding ------------------------------------------------------------------------------------


def _looks_like_html(data: bytes) -> bool:
    head = data[:SNIFF_BYTES].lstrip(codecs.BOM_UTF8)
    return bool(_HTML_START.match(head) or _HTML_TAG.search(head))


def decode_page(data: bytes, name: str) -> str:
    """An HTML page's bytes as text, the way a fetched or read page is decoded (see ``_decode``)."""
    return _decode(data, None, True, name)


def _decode(data: bytes, declared: str | None, is_html: bool, name: str) -> str:
    """Bytes → text: BOM, then declared charset, then ``<meta charset>``, then UTF-8 / Windows-1252.

    Raises ``ExtractionError`` for binary data (NUL bytes, or mostly control characters).
    """
    for bom, bom_encoding in (
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if data.startswith(bom):
            text = data[len(bom) :].decode(bom_encoding, "replace")
            return _checked_text(text, name)
    if b"\x00" in data[:SNIFF_BYTES]:
        raise ExtractionError(f"{name} is not a text or HTML file")
    encoding = _codec(declared)
    if encoding is None and is_html:
        match = _META_CHARSET.search(data[:SNIFF_BYTES])
        encoding = _codec(match.group(1).decode("ascii")) if match else None
    if encoding is not None:
        return _checked_text(data.decode(encoding, "replace"), name)
    try:
        return _checked_text(data.decode("utf-8"), name)
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8", "replace")
    if text.count("\ufffd") <= MAX_REPLACEMENT_RATIO * max(len(text), 1):
        return _checked_text(text, name)
    return _checked_text(data.decode("cp1252", "replace"), name)


def _codec(label: str | None) -> str | None:
    """A Python codec for a charset label, following the web's conventions; None if unknown."""
    if not label:
        return None
    try:
        name = codecs.lookup(label.strip()).name
    except LookupError:
        return None
    if name == "utf-7":
        return None  # browsers refuse UTF-7 (WHATWG Encoding): it smuggles markup past filters
    if name in {"latin-1", "iso8859-1", "ascii"}:
        return "cp1252"  # what browsers do: these labels mean Windows-1252 on the web
    if name.startswith("utf-16") or name.startswith("utf-32"):
        return "utf-8"  # a byte-oriented page cannot really be UTF-16 without a BOM
    return name


def _checked_text(text: str, name: str) -> str:
    if _is_binary_text(text):
        raise ExtractionError(f"{name} is not a text or HTML file")
    return text


def _is_binary_text(text: str) -> bool:
    sample = text[:SNIFF_BYTES]
    if "\x00" in sample:
        return True
    return len(_UNPRINTABLE.findall(sample)) > MAX_UNPRINTABLE_RATIO * max(len(sample), 1)
