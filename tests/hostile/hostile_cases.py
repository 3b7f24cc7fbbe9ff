# ruff: noqa: E501  (a table of literal inputs reads best one case a line)
"""The hostile content corpus: inputs strangers could send, each with what must come of it.

Every case runs through the CLI (``python -m newscaster.cli read``) and through the API (POST, then the
job). Nothing here is a committed file: each input is generated when its test runs (the 50 MB page,
the compressed bomb and the binaries included).

How a case reaches each interface (``via``):

* ``file``  — the CLI reads a file named ``input.html`` / ``input.txt``; the API gets the ``html`` /
  ``text`` field (bytes that are not UTF-8 cannot travel in JSON, so those are fetched like ``http``);
* ``stdin`` — the CLI reads ``-``; the API gets the field;
* ``http``  — both fetch it from a local test server on 127.0.0.1 (private targets allowed for the test).

``expect``: ``error`` (a clear one-line error / 4xx JSON / a failed job with a readable reason),
``narration`` (audio that decodes, plus transcript and timings), or ``either`` (inputs where refusing
and narrating what is left are both right, e.g. HTML nested deeper than the parser keeps).
"""

from __future__ import annotations

import gzip
import io
import random
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field

Body = bytes | Callable[[], bytes]

OK_TEXT = "The harbour ferry sailed again on Monday. Passengers said the crossing was calm."
OK_HTML = (
    "<!doctype html><html lang='en'><head><title>Ferry returns</title></head><body><article>"
    "<h1>Ferry returns</h1><p>The harbour ferry sailed again on Monday. "
    "Passengers said the crossing was calm.</p></article></body></html>"
)
ESPEAK = "espeak:en-us"
"""Cases that narrate use espeak: about a thousand times faster than real time."""

MB = 1024 * 1024
BOMB_BYTES = 200 * MB
"""Decompressed size of the compressed bomb: 20 times the fetcher's 10 MB cap, ~200 KB on the wire."""


@dataclass(frozen=True)
class Case:
    id: str
    body: Body
    kind: str = "html"
    """html or text: the CLI file's suffix and the API field."""
    via: str = "file"
    http_headers: tuple[tuple[str, str], ...] = ()
    http_mode: str = "normal"
    """normal, or a misbehaving server: truncate, status500, redirect_loop."""
    voice: str | None = ESPEAK
    speed: str | None = None
    wpm: str | None = None
    """CLI only (the API takes a speed)."""
    audio_format: str | None = None
    output: str | None = None
    """CLI only: an -o other than the run's own folder."""
    expect: str = "narration"
    expect_cli: str | None = None
    expect_api: str | None = None
    error_hint: str | None = None
    """A regex the error message must match (both interfaces), so the error is the right one."""
    title: str | None = None
    """For narrations: the title the article must have."""
    channels: frozenset[str] = field(default_factory=lambda: frozenset({"cli", "api"}))
    xfail_cli: str | None = None
    """A known bug outside the hardened files: the reason and the fix (see the closing note)."""
    xfail_api: str | None = None

    def content(self) -> bytes:
        return self.body() if callable(self.body) else self.body

    def expected(self, channel: str) -> str:
        override = self.expect_cli if channel == "cli" else self.expect_api
        return override or self.expect


# --- generated inputs ----------------------------------------------------------------------------------


def _random_bytes(n: int, seed: int = 5) -> bytes:
    return random.Random(seed).randbytes(n)


def _page_50mb() -> bytes:
    paragraph = "<p>" + "The council met again to talk about the harbour. " * 40 + "</p>\n"
    head = b"<!doctype html><html><head><title>Big page</title></head><body><article>"
    unit = paragraph.encode()
    return head + unit * (50 * MB // len(unit) + 1) + b"</article></body></html>"


def _gzip_bomb() -> bytes:
    compressor = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    chunk = b"<p>" + b"A" * (MB - 3)
    parts = [compressor.compress(b"<html><body>")]
    parts.extend(compressor.compress(chunk) for _ in range(BOMB_BYTES // MB))
    parts.append(compressor.flush())
    return b"".join(parts)


def _png() -> bytes:
    return (
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4"
        b"\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
    )


def _pdf() -> bytes:
    stream = zlib.compress(b"BT /F1 12 Tf 72 712 Td (Hello) Tj ET" * 50)
    return (
        b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n4 0 obj << /Length "
        + str(len(stream)).encode()
        + b" /Filter /FlateDecode >>\nstream\n"
        + stream
        + b"\nendstream\nendobj\n%%EOF\n"
    )


def _zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("index.html", OK_HTML * 20)
        archive.writestr("noise.bin", _random_bytes(4000))
    return buffer.getvalue()


def _elf() -> bytes:
    return b"\x7fELF\x02\x01\x01\x00" + bytes(8) + b"\x02\x00\x3e\x00" + _random_bytes(3000, 7)


def _nested(open_tag: str, close_tag: str, depth: int, inner: str, after: str = "") -> Callable[[], bytes]:
    def build() -> bytes:
        return (
            f"<html><body><p>It starts here.</p>{open_tag * depth}{inner}{close_tag * depth}{after}</body></html>"
        ).encode()

    return build


def _html(body: str, head: str = "", lang: str = "en") -> bytes:
    return (
        f"<!doctype html><html lang='{lang}'><head><meta charset='utf-8'>{head}</head>"
        f"<body><article>{body}</article></body></html>"
    ).encode()


def _sentence_10k() -> bytes:
    words = ["the", "ferry", "and", "the", "harbour", "and", "the", "council", "and", "the", "town"]
    sentence = " ".join(words[i % len(words)] for i in range(2000))
    assert len(sentence) >= 10_000
    return _html(f"<h1>One long sentence</h1><p>{sentence[:10_000]}</p>")


def _huge_number() -> bytes:
    return _html(f"<h1>Numbers</h1><p>The count was {'9' * 300} exactly.</p>")


def _long_title() -> bytes:
    title = "Harbour news " * 400
    return _html("<p>Short body. It ends here.</p>", head=f"<title>{title}</title>")


def _too_long_text() -> bytes:
    """About 150,000 characters of distinct paragraphs: more than one job may narrate."""
    paragraphs = (
        f"Paragraph {i}: the harbour ferry sailed again on day {i}, and {i * 7} passengers came aboard. " * 6
        for i in range(300)
    )
    return ("# Too long\n\n" + "\n\n".join(paragraphs)).encode()


def _control_sparse() -> bytes:
    text = "The harbour ferry sailed again on Monday, said the council. " * 20
    return (text[:300] + "\x07" + text[300:700] + "\x1b" + text[700:]).encode()


def _control_dense() -> bytes:
    return "".join(f"word\x01\x02\x03\x04 {i}. " for i in range(200)).encode()


def _many_attributes() -> bytes:
    attributes = " ".join(f'data-x{i}="{"v" * 50}"' for i in range(5000))
    return _html(f"<h1 {attributes}>Attributes</h1><p {attributes}>A paragraph under many attributes.</p>")


# --- the corpus ----------------------------------------------------------------------------------------


CASES: list[Case] = [
    # Empty and whitespace-only
    Case("empty-text", b"", kind="text", expect="error", error_hint="empty|no article text|no text"),
    Case("empty-html", b"", expect="error", error_hint="empty|no article text|no text"),
    Case("whitespace-text", b" \n\t \r\n   \n", kind="text", expect="error"),
    Case("whitespace-html", b"<html><body> \n\t </body></html>", expect="error"),
    Case(
        "invisible-only", "\u00a0\u200b\u200c\u200d\ufeff\u2060 \u3000".encode(), kind="text", expect="error"
    ),
    Case("empty-stdin", b"", kind="text", via="stdin", expect="error"),
    Case("empty-page-over-http", b"", via="http", expect="error"),
    # Size
    Case("page-50mb-file", _page_50mb, expect="error", error_hint="larger than|over \\d+ MB"),
    Case("page-50mb-stdin", _page_50mb, via="stdin", expect="error", error_hint="larger than|over \\d+ MB"),
    Case("page-50mb-over-http", _page_50mb, via="http", expect="error", error_hint="larger than"),
    Case(
        "gzip-bomb-over-http",
        _gzip_bomb,
        via="http",
        http_headers=(("Content-Encoding", "gzip"),),
        expect="error",
        error_hint="larger than",
    ),
    Case("gzip-file-named-html", lambda: gzip.compress(OK_HTML.encode() * 50), expect="error"),
    Case(
        "text-too-long-for-a-job",
        _too_long_text,
        kind="text",
        channels=frozenset({"api"}),
        expect="error",
        error_hint="too long",
    ),
    # Binary files with an .html name
    Case("random-bytes-html", lambda: _random_bytes(50_000), expect="error", error_hint="binary|not a text"),
    Case("png-html", _png, expect="error", error_hint="binary|not a text"),
    Case("pdf-html", _pdf, expect="error", error_hint="binary|not a text"),
    Case("elf-html", _elf, expect="error", error_hint="binary|not a text"),
    Case("zip-html", _zip, expect="error", error_hint="binary|not a text"),
    Case("utf16-without-bom-html", lambda: OK_HTML.encode("utf-16-le"), expect="error"),
    Case("binary-served-as-html", lambda: _random_bytes(20_000, 9), via="http", expect="error"),
    Case(
        "image-content-type",
        _png,
        via="http",
        http_headers=(("Content-Type", "image/png"),),
        expect="error",
        error_hint="image/png",
    ),
    Case(
        "broken-gzip-over-http",
        lambda: b"\x1f\x8b\x08\x00" + _random_bytes(2000, 11),
        via="http",
        http_headers=(("Content-Encoding", "gzip"),),
        expect="error",
        error_hint="compressed",
    ),
    Case("truncated-response", OK_HTML.encode(), via="http", http_mode="truncate", expect="error"),
    Case("server-error-500", OK_HTML.encode(), via="http", http_mode="status500", expect="error"),
    Case("redirect-loop", b"", via="http", http_mode="redirect_loop", expect="error", error_hint="redirect"),
    # Broken and deeply nested HTML
    Case("unclosed-tags", b"<html><body><article><h1>Unclosed<p>The ferry <b>sailed <i>again. It was calm."),
    Case(
        "mismatched-tags",
        b"<html><body></div></p><article><h1>Mismatch</h2><p>The ferry sailed.</span></b> It was calm.</td>"
        b"</article></table></body></html></html>",
    ),
    Case(
        "nested-divs-100k",
        _nested("<div>", "</div>", 100_000, "<p>Deep text sits here. It is calm.</p>"),
        expect="either",
    ),
    Case("nested-inline-100k", _nested("<b>", "</b>", 100_000, "Deep words here."), expect="either"),
    Case(
        "nested-unclosed-50k",
        lambda: b"<html><body>" + b"<div><span>" * 50_000 + b"Text after many open tags.",
        expect="either",
    ),
    Case(
        "only-scripts",
        b"<html><head><script>var a = 1;</script></head><body><script>alert(1)</script>"
        b"<script src='x.js'></script><script>document.write('<p>Injected text here.</p>')</script></body></html>",
        expect="error",
        error_hint="no article text|no text",
    ),
    Case(
        "only-styles-and-templates",
        b"<html><head><style>p{color:red}</style></head><body><style>.a{}</style>"
        b"<template><p>Template text.</p></template></body></html>",
        expect="error",
    ),
    Case(
        "comments-only",
        b"<html><body><!-- The ferry sailed. --><!-- It was calm. --></body></html>",
        expect="error",
    ),
    Case(
        "billion-laughs",
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
        b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
        b"<html><body><p>&lol3; The ferry sailed.</p></body></html>",
        expect="either",
    ),
    Case(
        "svg-named-html",
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script><text>The ferry sailed.</text></svg>',
        expect="either",
    ),
    Case(
        "json-named-html",
        b'{"title": "x", "body": "<p>The ferry sailed.</p>", "n": [1, 2, 3]}',
        expect="either",
    ),
    Case("many-huge-attributes", _many_attributes),
    # Backtracking: each of these once kept a regular expression busy for minutes (exponential in the count)
    Case("comments-before-text-stdin", b"<!--a-->" * 60 + OK_TEXT.encode(), kind="text", via="stdin"),
    Case(
        "numbers-row",
        _html(
            "<h1>Fares</h1><p>" + " ".join(str(120 + 5 * i) for i in range(40)) + "</p><p>" + OK_TEXT + "</p>"
        ),
    ),
    # Long
    Case("sentence-10k-chars", _sentence_10k),
    Case("word-10k-chars", _html("<h1>A long word</h1><p>" + "a" * 10_000 + "</p>"), expect="either"),
    Case("number-300-digits", _huge_number),
    Case("title-5k-chars", _long_title),
    # Unicode
    Case("emoji-only", "😀😃🎉🏆👍🏽👨‍👩‍👧".encode(), kind="text", expect="error"),
    Case("emoji-mixed", _html("<h1>Win 🏆</h1><p>The team won 🎉 and fans cheered 😀. Great news 👍🏽.</p>")),
    Case(
        "rtl-arabic",
        _html("<h1>خبر</h1><p>هذا نص عربي للاختبار. إنه قصير.</p>", lang="ar"),
        voice=None,
    ),
    Case(
        "rtl-hebrew-in-english",
        _html("<h1>Mixed direction</h1><p>The mayor of תל אביב spoke. She said שלום to everyone.</p>"),
    ),
    Case(
        "bidi-overrides",
        _html(
            "<h1>Bidi \u202etxet\u202c</h1><p>Hello \u202eevil\u202c world. Next \u2066isolate\u2069 here.</p>"
        ),
    ),
    Case(
        "zero-width-everywhere",
        _html(
            "<h1>Ze\u200bro</h1><p>Zero\u200bwidth\u200c chars\u200d every\ufeffwhere. Fine\u2060 really.</p>"
        ),
    ),
    Case("control-chars-sparse", _control_sparse, kind="text"),
    Case("control-chars-dense", _control_dense, kind="text", expect="error", error_hint="binary|not a text"),
    Case(
        "mixed-languages",
        _html("<h1>Summit</h1><p>The minister said 你好世界, then Привет мир, then Guten Tag, and left.</p>"),
    ),
    Case(
        "language-without-voice",
        _html("<h1>nuqneH</h1><p>nuqneH. Qapla' batlh.</p>", lang="tlh"),
        voice=None,
        expect="error",
        error_hint="No installed voice speaks",
    ),
    Case(
        "path-as-language",
        _html("<h1>Lang</h1><p>The ferry sailed. It was calm.</p>", lang="../../etc/passwd"),
    ),
    Case(
        "zalgo",
        _html(
            "<h1>Z\u0335\u0321a\u0334l\u0336g\u0337o</h1><p>H\u0335\u0321e\u0334llo there\u0338. Fine.</p>"
        ),
    ),
    Case("math-alphanumerics", _html("<h1>𝕳𝖊𝖆𝖉</h1><p>𝕳𝖊𝖑𝖑𝖔 𝖜𝖔𝖗𝖑𝖉. Normal text follows.</p>")),
    Case(
        "private-use-and-nonchars",
        _html("<h1>PUA</h1><p>Text \ue000\uf8ff with private use. And \ufffe here.</p>"),
    ),
    Case(
        "unicode-line-separators",
        "# Title\u2028The ferry sailed again.\u2029Passengers were calm.\x85It was fine.".encode(),
        kind="text",
        via="stdin",
    ),
    Case("crlf-and-cr", b"# Ferry\r\n\r\nThe ferry sailed.\r\nIt was calm.\r\r\rThe end came.", kind="text"),
    # Titles with markup and quotes
    Case(
        "script-and-quotes-in-title",
        _html(
            '<h1>&lt;script&gt;alert("x")&lt;/script&gt; \'single\' "double"</h1><p>The body text. It ends.</p>',
            head='<title>&lt;script&gt;alert("x")&lt;/script&gt; \'single\' "double"</title>',
        ),
        title='<script>alert("x")</script> \'single\' "double"',
    ),
    Case(
        "script-element-in-headline",
        _html("<h1>Breaking<script>window.pwned = 1</script> news</h1><p>The ferry sailed. It was calm.</p>"),
    ),
    Case(
        "javascript-urls-and-refresh",
        _html(
            "<p>The ferry sailed. It was calm.</p>",
            head="<meta http-equiv='refresh' content='0;url=javascript:alert(1)'><base href='javascript:alert(1)//'>"
            "<link rel='canonical' href='javascript:alert(1)'>",
        ),
    ),
    # Encodings
    Case(
        "invalid-utf8-undeclared",
        b"<html><body><p>Caf\xc3 na\xefve \xff\xfe r\xe9sum\xe9. Two \xed\xa0\x80 ok.</p></body></html>",
    ),
    Case(
        "invalid-utf8-declared",
        b"<html><head><meta charset='utf-8'></head><body><p>Bad \xc3\x28 bytes \xa0\xa1 here. Fine.</p></body></html>",
    ),
    Case(
        "invalid-utf8-text",
        b"The ferry \xff\xfe sailed \xc3 again. It was calm \xe2\x82 enough.",
        kind="text",
    ),
    Case(
        "utf7-charset",
        b"<html><head><meta charset='utf-7'></head><body><p>+ADw-script+AD4-alert(1) Hello there.</p></body></html>",
    ),
    Case(
        "bogus-charset",
        b"<html><head><meta charset='x-bogus-9'></head><body><p>Hello there. Fine.</p></body></html>",
    ),
    Case(
        "bogus-charset-header",
        OK_HTML.encode(),
        via="http",
        http_headers=(("Content-Type", "text/html; charset=klingon-8"),),
    ),
    Case("utf16-with-bom", lambda: b"\xff\xfe" + OK_HTML.encode("utf-16-le")),
    # Absurd voice, speed and format values
    Case(
        "voice-unknown",
        OK_TEXT.encode(),
        kind="text",
        voice="nobody",
        expect="error",
        error_hint="Unknown voice",
    ),
    Case(
        "voice-path-traversal",
        OK_TEXT.encode(),
        kind="text",
        voice="piper:../../../etc/passwd",
        expect="error",
    ),
    Case("voice-empty-name", OK_TEXT.encode(), kind="text", voice="espeak:", expect="error"),
    Case("voice-10k-chars", OK_TEXT.encode(), kind="text", voice="x" * 10_000, expect="error"),
    Case("voice-terminal-escape", OK_TEXT.encode(), kind="text", voice="\x1b[31mred\x1b[0m", expect="error"),
    Case("speed-zero", OK_TEXT.encode(), kind="text", speed="0", expect="error", error_hint="[Ss]peed"),
    Case("speed-negative", OK_TEXT.encode(), kind="text", speed="-1", expect="error", error_hint="[Ss]peed"),
    Case("speed-nan", OK_TEXT.encode(), kind="text", speed="nan", expect="error", error_hint="[Ss]peed"),
    Case("speed-infinite", OK_TEXT.encode(), kind="text", speed="inf", expect="error", error_hint="[Ss]peed"),
    Case("speed-1e308", OK_TEXT.encode(), kind="text", speed="1e308", expect="error", error_hint="[Ss]peed"),
    Case("speed-word", OK_TEXT.encode(), kind="text", speed="warp9", expect="error", error_hint="[Ss]peed"),
    Case("speed-top-of-range", OK_TEXT.encode(), kind="text", speed="2"),
    Case("speed-preset-slow", OK_TEXT.encode(), kind="text", speed="slow"),
    Case(
        "format-flac",
        OK_TEXT.encode(),
        kind="text",
        audio_format="flac",
        expect="error",
        error_hint="flac",
    ),
    Case(
        "format-path",
        OK_TEXT.encode(),
        kind="text",
        audio_format="../../etc/x",
        expect="error",
    ),
    Case(
        "wpm-zero",
        OK_TEXT.encode(),
        kind="text",
        wpm="0",
        channels=frozenset({"cli"}),
        expect="error",
    ),
    Case(
        "wpm-nan",
        OK_TEXT.encode(),
        kind="text",
        wpm="nan",
        channels=frozenset({"cli"}),
        expect="error",
    ),
    Case(
        "speed-and-wpm",
        OK_TEXT.encode(),
        kind="text",
        speed="1",
        wpm="200",
        channels=frozenset({"cli"}),
        expect="error",
        error_hint="not both",
    ),
    Case(
        "output-unwritable",
        OK_TEXT.encode(),
        kind="text",
        output="/proc/newscaster-test/out.mp3",
        channels=frozenset({"cli"}),
        expect="error",
    ),
    Case("format-wav", OK_TEXT.encode(), kind="text", audio_format="wav"),
    Case("format-opus", OK_TEXT.encode(), kind="text", audio_format="opus"),
]

assert len({case.id for case in CASES}) == len(CASES), "case ids must be unique"


def cases_for(channel: str) -> list[Case]:
    return [case for case in CASES if channel in case.channels]
