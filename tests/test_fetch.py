"""fetch: local servers only (127.0.0.1), stub resolvers for the address checks; never the internet."""

from __future__ import annotations

import gzip
import io
import ipaddress
import shutil
import socket
import ssl
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from newscaster import fetch
from newscaster.errors import ExtractionError, FetchError, InputError
from newscaster.fetch import check_url, decode_page, fetch_url, is_public_address, load_source

HTML = "<!doctype html><html><head><title>T</title></head><body><p>Hello, world.</p></body></html>"


# --- A tiny local web server ---------------------------------------------------------------------


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Seen:
    path: str
    headers: dict[str, str]


class Server:
    def __init__(self, httpd: ThreadingHTTPServer, scheme: str) -> None:
        self.httpd = httpd
        self.scheme = scheme
        self.port = httpd.server_address[1]
        self.routes: dict[str, Reply | Callable[[BaseHTTPRequestHandler], None]] = {}
        self.seen: list[Seen] = []
        self.stop = threading.Event()

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"{self.scheme}://{host}:{self.port}{path}"


def _handler(server: Server) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            server.seen.append(Seen(self.path, dict(self.headers.items())))
            route = server.routes.get(self.path, Reply(404, b"not here", {"Content-Type": "text/plain"}))
            if callable(route):
                route(self)
                return
            self.send_response(route.status)
            for key, value in route.headers.items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(route.body)))
            self.end_headers()
            self.wfile.write(route.body)

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass

    return Handler


def _start(ssl_context: ssl.SSLContext | None = None) -> Iterator[Server]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    httpd.daemon_threads = True
    httpd.handle_error = lambda request, client_address: None  # type: ignore[method-assign]  # resets are expected
    server = Server(httpd, "https" if ssl_context else "http")
    httpd.RequestHandlerClass = _handler(server)
    if ssl_context is not None:
        httpd.socket = ssl_context.wrap_socket(httpd.socket, server_side=True)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.stop.set()
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture
def server() -> Iterator[Server]:
    yield from _start()


def html(body: str, charset: str = "utf-8") -> Reply:
    return Reply(200, body.encode(charset), {"Content-Type": f"text/html; charset={charset}"})


def redirect(location: str, status: int = 302) -> Reply:
    return Reply(status, b"", {"Location": location})


def resolver_for(mapping: dict[str, list[str]]) -> Callable[[str, int], list[str]]:
    def resolve(host: str, port: int) -> list[str]:
        if host not in mapping:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return mapping[host]

    return resolve


def no_dns(host: str, port: int) -> list[str]:
    raise AssertionError(f"{host} should not have been looked up")


def loopback_only(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """Test policy: the local test server counts as 'public', everything else follows the real rule."""
    return ip == ipaddress.ip_address("127.0.0.1") or is_public_address(ip)


# --- Happy path ----------------------------------------------------------------------------------


def test_fetches_html_page(server: Server) -> None:
    server.routes["/a"] = html(HTML)
    source = fetch_url(server.url("/a"), allow_private=True)
    assert source.is_html
    assert "<p>Hello, world.</p>" in source.content
    assert source.url == server.url("/a")
    assert source.name == server.url("/a")
    assert server.seen[0].headers["User-Agent"] == fetch.USER_AGENT


def test_a_conditional_fetch_sends_the_validators_and_a_304_is_no_page(server: Server) -> None:
    tag, stamp = '"v1"', "Mon, 01 Dec 2025 09:00:00 GMT"
    feed = Reply(200, b"<rss/>", {"Content-Type": "application/rss+xml", "ETag": tag, "Last-Modified": stamp})

    def conditional(handler: BaseHTTPRequestHandler) -> None:
        unchanged = handler.headers.get("If-None-Match") == tag
        route = Reply(304) if unchanged else feed  # a 304 need not repeat the validators
        handler.send_response(route.status)
        for key, value in route.headers.items():
            handler.send_header(key, value)
        handler.send_header("Content-Length", str(len(route.body)))
        handler.end_headers()
        handler.wfile.write(route.body)

    server.routes["/feed.xml"] = conditional
    first = fetch.fetch_if_changed(
        server.url("/feed.xml"), fetch.Validators(), allow_private=True, wanted=fetch.FEEDS
    )
    assert first.source is not None and first.source.content == "<rss/>"
    assert first.validators == fetch.Validators(tag, stamp)
    assert "If-None-Match" not in server.seen[0].headers

    again = fetch.fetch_if_changed(
        server.url("/feed.xml"), first.validators, allow_private=True, wanted=fetch.FEEDS
    )
    assert again.source is None and again.validators == first.validators
    assert (
        server.seen[1].headers["If-None-Match"] == tag
        and server.seen[1].headers["If-Modified-Since"] == stamp
    )


def test_fetches_text_page(server: Server) -> None:
    server.routes["/t"] = Reply(
        200, "Plain café text.".encode(), {"Content-Type": "text/plain; charset=utf-8"}
    )
    source = fetch_url(server.url("/t"), allow_private=True)
    assert not source.is_html
    assert source.content == "Plain café text."


def test_uses_declared_charset(server: Server) -> None:
    server.routes["/l"] = Reply(
        200,
        b"<p>Caf\xe9 \x93quoted\x94</p>",
        {"Content-Type": "text/html; charset=ISO-8859-1"},
    )
    assert fetch_url(server.url("/l"), allow_private=True).content == "<p>Café “quoted”</p>"


def test_uses_meta_charset_when_header_has_none(server: Server) -> None:
    body = '<html><head><meta charset="windows-1252"></head><body><p>Na\xefve</p></body></html>'
    server.routes["/m"] = Reply(200, body.encode("cp1252"), {"Content-Type": "text/html"})
    assert "Naïve" in fetch_url(server.url("/m"), allow_private=True).content


def test_missing_content_type_is_sniffed(server: Server) -> None:
    server.routes["/n"] = Reply(200, HTML.encode())
    assert fetch_url(server.url("/n"), allow_private=True).is_html


def test_gzip_body_is_decoded(server: Server) -> None:
    server.routes["/z"] = Reply(
        200, gzip.compress(HTML.encode()), {"Content-Type": "text/html", "Content-Encoding": "gzip"}
    )
    assert fetch_url(server.url("/z"), allow_private=True).content == HTML
    assert "gzip" in server.seen[0].headers["Accept-Encoding"]


def test_follows_redirect_chain(server: Server) -> None:
    server.routes["/r1"] = redirect("/r2", 301)
    server.routes["/r2"] = redirect(server.url("/r3"), 307)
    server.routes["/r3"] = redirect("final?x=1", 303)
    server.routes["/final?x=1"] = html(HTML)
    source = fetch_url(server.url("/r1"), allow_private=True)
    assert source.url == server.url("/final?x=1")
    assert source.name == server.url("/r1")
    assert [s.path for s in server.seen] == ["/r1", "/r2", "/r3", "/final?x=1"]


def test_connects_to_checked_address_with_original_host(server: Server) -> None:
    """The request goes to the address that was checked; the server still sees the real host name."""
    server.routes["/p"] = html(HTML)
    calls: list[str] = []

    def resolve(host: str, port: int) -> list[str]:
        calls.append(host)
        return ["127.0.0.1"]

    source = fetch_url(server.url("/p", host="news.test"), resolver=resolve, is_allowed_address=loopback_only)
    assert source.url == server.url("/p", host="news.test")
    assert calls == ["news.test"]  # resolved exactly once
    assert server.seen[0].headers["Host"] == f"news.test:{server.port}"


def test_tries_next_checked_address_when_one_is_down(server: Server) -> None:
    server.routes["/p"] = html(HTML)
    # The server listens on 127.0.0.1 only, so 127.0.0.2 refuses the connection.
    allow = {ipaddress.ip_address("127.0.0.2"), ipaddress.ip_address("127.0.0.1")}
    source = fetch_url(
        server.url("/p", host="multi.test"),
        resolver=resolver_for({"multi.test": ["127.0.0.2", "127.0.0.1"]}),
        is_allowed_address=lambda ip: ip in allow,
    )
    assert source.is_html
    assert len(server.seen) == 1


def test_load_source_routes_urls_to_fetch(server: Server) -> None:
    server.routes["/a"] = html(HTML)
    assert load_source(server.url("/a"), allow_private=True).is_html


# --- Failures from the server --------------------------------------------------------------------


def test_size_cap_gives_413(server: Server) -> None:
    server.routes["/big"] = html("<p>" + "x" * 5000 + "</p>")
    with pytest.raises(FetchError) as err:
        fetch_url(server.url("/big"), allow_private=True, max_bytes=1000)
    assert err.value.http_status == 413


def test_size_cap_without_content_length(server: Server) -> None:
    def chunked(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html")
        handler.send_header("Connection", "close")
        handler.end_headers()
        for _ in range(50):
            handler.wfile.write(b"<p>" + b"y" * 1000 + b"</p>")

    server.routes["/stream"] = chunked
    with pytest.raises(FetchError) as err:
        fetch_url(server.url("/stream"), allow_private=True, max_bytes=10_000)
    assert err.value.http_status == 413


def test_decompression_bomb_gives_413(server: Server) -> None:
    bomb = gzip.compress(b"a" * 5_000_000)
    assert len(bomb) < 20_000
    server.routes["/bomb"] = Reply(200, bomb, {"Content-Type": "text/html", "Content-Encoding": "gzip"})
    with pytest.raises(FetchError) as err:
        fetch_url(server.url("/bomb"), allow_private=True, max_bytes=100_000)
    assert err.value.http_status == 413


def test_redirect_loop_is_an_error(server: Server) -> None:
    server.routes["/loop"] = redirect("/loop")
    with pytest.raises(FetchError, match="Too many redirects") as err:
        fetch_url(server.url("/loop"), allow_private=True)
    assert err.value.http_status == 502
    assert len(server.seen) == fetch.MAX_REDIRECTS + 1


def test_wrong_content_type_gives_415(server: Server) -> None:
    server.routes["/img"] = Reply(200, b"\x89PNG\r\n\x1a\n", {"Content-Type": "image/png"})
    with pytest.raises(FetchError) as err:
        fetch_url(server.url("/img"), allow_private=True)
    assert err.value.http_status == 415


def test_not_found_gives_502(server: Server) -> None:
    with pytest.raises(FetchError, match="HTTP 404") as err:
        fetch_url(server.url("/nothing"), allow_private=True)
    assert err.value.http_status == 502


def test_slow_server_times_out(server: Server) -> None:
    def stall(handler: BaseHTTPRequestHandler) -> None:
        server.stop.wait(5)

    server.routes["/slow"] = stall
    started = time.monotonic()
    with pytest.raises(FetchError, match="too long") as err:
        fetch_url(server.url("/slow"), allow_private=True, timeout_s=0.3)
    assert err.value.http_status == 502
    assert time.monotonic() - started < 2


def test_trickling_server_hits_overall_deadline(server: Server) -> None:
    def trickle(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "text/plain")
        handler.send_header("Connection", "close")
        handler.end_headers()
        while not server.stop.wait(0.02):
            try:
                handler.wfile.write(b"x")
                handler.wfile.flush()
            except OSError:
                return

    server.routes["/trickle"] = trickle
    started = time.monotonic()
    with pytest.raises(FetchError, match="too long"):
        fetch_url(server.url("/trickle"), allow_private=True, timeout_s=0.4)
    assert time.monotonic() - started < 2


def test_binary_page_is_refused(server: Server) -> None:
    server.routes["/bin"] = Reply(200, b"\x00\x01\x02binary", {"Content-Type": "text/plain"})
    with pytest.raises(ExtractionError):
        fetch_url(server.url("/bin"), allow_private=True)


def test_connection_refused_gives_502() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(FetchError, match="connect") as err:
        fetch_url(f"http://127.0.0.1:{port}/", allow_private=True)
    assert err.value.http_status == 502


def test_dns_failure_gives_502() -> None:
    with pytest.raises(FetchError, match="find the server") as err:
        fetch_url("http://nowhere.test/", resolver=resolver_for({}))
    assert err.value.http_status == 502


# --- Refusals ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.0.0.1",
        "172.16.0.1",
        "192.168.1.1",
        "100.64.0.1",
        "169.254.169.254",
        "0.0.0.0",
        "224.0.0.1",
        "240.0.0.1",
        "::1",
        "::",
        "::ffff:127.0.0.1",
        "::ffff:169.254.169.254",
        "fe80::1",
        "fec0::1",
        "fc00::1",
        "2002:7f00:1::",
        "64:ff9b::a00:1",
        "ff02::1",
    ],
)
def test_refuses_hosts_resolving_to_private_addresses(address: str) -> None:
    with pytest.raises(FetchError, match="victim.test/: it points to a private address") as err:
        fetch_url("http://victim.test/", resolver=resolver_for({"victim.test": [address]}))
    assert err.value.http_status == 400
    # Naming the address would let a client map internal DNS (which names are internal, and where).
    assert address not in str(err.value)


def test_refuses_if_any_address_is_private() -> None:
    resolve = resolver_for({"mixed.test": ["93.184.216.34", "10.0.0.1"]})
    with pytest.raises(FetchError, match="mixed.test/: it points to a private address") as err:
        fetch_url("https://mixed.test/", resolver=resolve)
    assert "10.0.0.1" not in str(err.value) and "93.184" not in str(err.value)


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/",
        "http://[::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://2130706433/",
        "http://0177.0.0.1/",
        "http://0x7f000001/",
        "http://0x7f.1/",
        "http://127.1/",
        "http://127.0.0.1./",
        "http://169.254.169.254/latest/meta-data/",
        "http://localhost/",
        "http://LOCALHOST:8080/",
        "http://app.localhost/",
        "https://0.0.0.0/",
    ],
)
def test_refuses_literal_private_urls_without_dns(url: str) -> None:
    with pytest.raises(FetchError, match="a private address") as err:
        fetch_url(url, resolver=no_dns)
    assert err.value.http_status == 400


def test_check_url_refuses_now_what_the_fetch_would_refuse() -> None:
    """The same guard, without a connection: literal and resolved private addresses are refused, a name
    that does not resolve (yet) and a public one pass, and ``allow_private`` lifts only the address rule."""
    resolve = resolver_for({"victim.test": ["10.0.0.1"], "mixed.test": ["93.184.216.34", "127.0.0.1"]})
    for url in (
        "http://169.254.169.254/latest/",
        "http://0x7f.1/",
        "http://victim.test/",
        "http://mixed.test/",
    ):
        with pytest.raises(FetchError, match="a private address"):
            check_url(url, resolver=resolve)
    check_url("http://nowhere.test/", resolver=resolve)
    check_url("https://93.184.216.34/story", resolver=no_dns)
    check_url("http://victim.test/", allow_private=True, resolver=no_dns)
    with pytest.raises(FetchError, match="Only http and https"):
        check_url("file:///etc/passwd", allow_private=True)


@pytest.mark.parametrize(
    "url",
    ["file:///etc/passwd", "ftp://x/", "gopher://x", "javascript:alert(1)", "data:text/html,<p>x</p>", "x"],
)
def test_refuses_other_schemes(url: str) -> None:
    with pytest.raises(FetchError, match="Only http and https") as err:
        fetch_url(url, resolver=no_dns)
    assert err.value.http_status == 400


@pytest.mark.parametrize(
    "url", ["http:///path", "http://", "http://ex.test:99999/", "http://user:pw@ex.test/", "http://a b/"]
)
def test_refuses_malformed_urls(url: str) -> None:
    with pytest.raises(FetchError) as err:
        fetch_url(url, resolver=no_dns)
    assert err.value.http_status == 400


def test_redirect_to_metadata_address_is_refused(server: Server) -> None:
    server.routes["/go"] = redirect("http://169.254.169.254/latest/meta-data/")
    resolve = resolver_for({"public.test": ["127.0.0.1"]})
    with pytest.raises(FetchError, match="169.254.169.254") as err:
        fetch_url(server.url("/go", host="public.test"), resolver=resolve, is_allowed_address=loopback_only)
    assert err.value.http_status == 400
    assert [s.path for s in server.seen] == ["/go"]


def test_redirect_to_host_resolving_private_is_refused(server: Server) -> None:
    server.routes["/go"] = redirect("http://internal.test/admin")
    resolve = resolver_for({"public.test": ["127.0.0.1"], "internal.test": ["10.1.2.3"]})
    with pytest.raises(FetchError, match="internal.test/admin: it points to a private address") as err:
        fetch_url(server.url("/go", host="public.test"), resolver=resolve, is_allowed_address=loopback_only)
    assert "10.1.2.3" not in str(err.value)


def test_redirect_to_other_scheme_is_refused(server: Server) -> None:
    server.routes["/go"] = redirect("file:///etc/passwd")
    with pytest.raises(FetchError, match="Only http and https"):
        fetch_url(server.url("/go"), allow_private=True)


def test_default_policy_refuses_the_test_server(server: Server) -> None:
    server.routes["/a"] = html(HTML)
    with pytest.raises(FetchError, match="a private address"):
        fetch_url(server.url("/a"))
    assert server.seen == []


def test_public_address_rule() -> None:
    assert is_public_address(ipaddress.ip_address("93.184.216.34"))
    assert is_public_address(ipaddress.ip_address("2606:4700::1"))
    assert not is_public_address(ipaddress.ip_address("::ffff:10.0.0.1"))


# --- HTTPS: SNI and certificate checks use the hostname, the connection uses the checked IP --------


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    if shutil.which("openssl") is None:
        pytest.skip("openssl not available")
    folder = tmp_path_factory.mktemp("tls")
    key, cert = folder / "key.pem", folder / "cert.pem"
    subprocess.run(
        [
            "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
            "-nodes", "-keyout", str(key), "-out", str(cert), "-days", "2", "-subj", "/CN=secure.test",
            "-addext", "subjectAltName=DNS:secure.test",
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return key, cert


@pytest.fixture
def tls_server(
    certificate: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[Server, list]]:
    key, cert = certificate
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    names: list[str | None] = []
    context.sni_callback = lambda sock, name, ctx: names.append(name)  # type: ignore[assignment,func-returns-value]
    monkeypatch.setattr(fetch, "_ssl_context", lambda: ssl.create_default_context(cafile=str(cert)))
    for server in _start(context):
        yield server, names


def test_https_verifies_the_hostname_not_the_ip(tls_server: tuple[Server, list]) -> None:
    server, names = tls_server
    server.routes["/s"] = html(HTML)
    url = server.url("/s", host="secure.test")
    source = fetch_url(
        url, resolver=resolver_for({"secure.test": ["127.0.0.1"]}), is_allowed_address=loopback_only
    )
    assert source.is_html
    assert names == ["secure.test"]
    assert server.seen[0].headers["Host"] == f"secure.test:{server.port}"


def test_https_certificate_mismatch_is_refused(tls_server: tuple[Server, list]) -> None:
    server, _ = tls_server
    server.routes["/s"] = html(HTML)
    url = server.url("/s", host="other.test")
    with pytest.raises(FetchError, match="secure connection") as err:
        fetch_url(url, resolver=resolver_for({"other.test": ["127.0.0.1"]}), is_allowed_address=loopback_only)
    assert err.value.http_status == 502
    assert server.seen == []


# --- load_source: files and standard input -------------------------------------------------------


def test_html_file(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(HTML, encoding="utf-8")
    source = load_source(str(path))
    assert source.is_html and source.content == HTML
    assert source.name == str(path) and source.url is None


def test_html_file_with_meta_charset(tmp_path: Path) -> None:
    path = tmp_path / "old.htm"
    path.write_bytes(
        '<meta http-equiv="Content-Type" content="text/html; charset=windows-1252"><p>Caf\xe9'.encode(
            "cp1252"
        )
    )
    assert load_source(str(path)).content.endswith("<p>Café")


def test_markdown_file(tmp_path: Path) -> None:
    path = tmp_path / "notes.md"
    path.write_text("# Title\n\nSome <b>bold</b> text with <p>inline html</p>.\n", encoding="utf-8")
    source = load_source(str(path))
    assert not source.is_html
    assert source.content.startswith("# Title")


def test_unknown_extension_is_sniffed(tmp_path: Path) -> None:
    (tmp_path / "page").write_text(HTML)
    (tmp_path / "notes").write_text("Just words.\n")
    assert load_source(str(tmp_path / "page")).is_html
    assert not load_source(str(tmp_path / "notes")).is_html


def test_utf16_file_with_bom(tmp_path: Path) -> None:
    path = tmp_path / "wide.txt"
    path.write_bytes("\ufeffWide text, naïve.".encode("utf-16-le"))
    assert load_source(str(path)).content == "Wide text, naïve."


def test_latin1_file_without_declaration(tmp_path: Path) -> None:
    path = tmp_path / "latin.txt"
    path.write_bytes("Caf\xe9 cr\xe8me br\xfbl\xe9e, d\xe9j\xe0 vu.".encode("latin-1"))
    assert load_source(str(path)).content == "Café crème brûlée, déjà vu."


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="No such file"):
        load_source(str(tmp_path / "nope.html"))


def test_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="folder"):
        load_source(str(tmp_path))


def test_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "image.html"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    with pytest.raises(ExtractionError, match="not a text or HTML file"):
        load_source(str(path))


def test_binary_file_without_nul_bytes(tmp_path: Path) -> None:
    path = tmp_path / "blob.txt"
    path.write_bytes(bytes(range(1, 32)) * 100)
    with pytest.raises(ExtractionError):
        load_source(str(path))


def test_file_size_cap(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fetch, "MAX_PAGE_BYTES", 100)
    path = tmp_path / "big.txt"
    path.write_text("word " * 100)
    with pytest.raises(InputError, match="larger than"):
        load_source(str(path))


def test_stdin_text() -> None:
    source = load_source("-", stdin=io.StringIO("Plain text from a pipe.\n"))
    assert not source.is_html
    assert source.content == "Plain text from a pipe.\n"


@pytest.mark.parametrize(
    "text", [HTML, "  <html lang=en><p>x</p></html>", "<div><p>Para</p></div>", "<BODY>x"]
)
def test_stdin_html_is_sniffed(text: str) -> None:
    assert load_source("-", stdin=io.StringIO(text)).is_html


def test_stdin_binary() -> None:
    with pytest.raises(ExtractionError):
        load_source("-", stdin=io.StringIO("abc\x00\x01\x02"))


def test_url_like_specs_are_not_files() -> None:
    with pytest.raises(FetchError, match="Only http and https"):
        load_source("file:///etc/passwd")


# --- The whole battery behind a redirect, and DNS that changes its answer -------------------------


@pytest.mark.parametrize(
    "target",
    [
        "http://127.0.0.2/",  # the test policy lets only 127.0.0.1 (the test server) through
        "http://[::1]/",
        "http://[::ffff:10.0.0.1]/",
        "http://2130706434/",
        "http://0177.0.0.2/",  # httpx itself rejects this spelling in a Location header ("broken response")
        "http://0x7f.2/",
        "http://10.0.0.1/",
        "http://172.16.0.1/",
        "http://192.168.1.1/",
        "http://100.64.0.1/",
        "http://169.254.169.254/latest/meta-data/",
        "http://[fe80::1]/",
        "http://0.0.0.0/",
        "http://internal.test/",  # a name that resolves to a private address
    ],
)
def test_redirect_to_any_refused_target_is_refused(server: Server, target: str) -> None:
    server.routes["/go"] = redirect(target)
    resolve = resolver_for({"public.test": ["127.0.0.1"], "internal.test": ["10.9.8.7"]})
    with pytest.raises(FetchError, match="it points to a private address|broken response") as err:
        fetch_url(server.url("/go", host="public.test"), resolver=resolve, is_allowed_address=loopback_only)
    assert err.value.http_status in {400, 502}
    assert "10.9.8.7" not in str(err.value)  # what an internal name resolves to stays unsaid
    assert [s.path for s in server.seen] == ["/go"]  # nothing was requested from the target


def test_dns_rebinding_cannot_move_the_connection(server: Server) -> None:
    """A name that answers a public address for the check and a private one afterwards: the page comes
    from the checked address, and the next hop's fresh answer is checked again (and refused)."""
    server.routes["/p"] = redirect("/q")
    server.routes["/q"] = html(HTML)
    answers = iter([["127.0.0.1"], ["10.0.0.1"], ["10.0.0.1"]])
    calls: list[str] = []

    def rebinding(host: str, port: int) -> list[str]:
        calls.append(host)
        return next(answers)

    with pytest.raises(FetchError, match="rebind.test:[0-9]+/q: it points to a private address") as err:
        fetch_url(server.url("/p", host="rebind.test"), resolver=rebinding, is_allowed_address=loopback_only)
    assert "10.0.0.1" not in str(err.value)
    assert [s.path for s in server.seen] == ["/p"]  # the first hop went to the checked 127.0.0.1
    assert calls == ["rebind.test", "rebind.test"]  # once per hop, never between check and connect


def test_a_page_decodes_by_its_declared_charset_else_utf8_else_windows_1252() -> None:
    latin = '<meta charset="iso-8859-1"><p>Café</p>'
    assert decode_page(latin.encode("latin-1"), "p") == latin
    assert decode_page("<p>Straße</p>".encode(), "p") == "<p>Straße</p>"
    assert decode_page("<p>Café – €</p>".encode("cp1252"), "p") == "<p>Café – €</p>"
