"""A newsroom's site on loopback for the sources tests: pages, a feed and a sitemap that the tests edit
between polls, served with ETag and Last-Modified and honouring conditional requests; every request's
headers are recorded."""

from __future__ import annotations

import email.utils
import hashlib
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from newscaster.config import Settings
from newscaster.jobs.base import Job, JobState
from newscaster.jobs.sqlite_queue import SqliteJobQueue
from newscaster.jobs.worker import NarrationService, failure_reason
from newscaster.store.library import Library
from newscaster.web.state import open_database

VOICE = "espeak:en-us"
"""A real voice, fast enough (over 1000x real time) for articles narrated several times per test."""

ARTICLE = """<!doctype html><html><head><title>{title}</title></head><body><article><h1>{title}</h1>
{paragraphs}</article></body></html>"""


@dataclass
class Page:
    body: bytes
    content_type: str
    modified_s: float


@dataclass
class Site:
    """What the server serves, by path; ``requests`` is (path, headers) of every request, in order."""

    base: str = ""
    pages: dict[str, Page] = field(default_factory=dict)
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    failing: set[str] = field(default_factory=set)
    """Paths answered with HTTP 500."""
    _clock_s: float = 1_700_000_000.0

    def put(self, path: str, body: str, content_type: str) -> None:
        self._clock_s += 60  # each edit a minute later: Last-Modified has one-second resolution
        self.pages[path] = Page(body.encode("utf-8"), content_type, self._clock_s)

    def article(self, path: str, title: str, *paragraphs: str) -> str:
        html = ARTICLE.format(title=title, paragraphs="".join(f"<p>{p}</p>" for p in paragraphs))
        self.put(path, html, "text/html; charset=utf-8")
        return f"{self.base}{path}"

    def feed(self, path: str, entries: list[tuple[str, str]]) -> str:
        """An RSS feed of (article URL, updated date) entries."""
        items = "".join(
            f"<item><title>{url}</title><link>{url}</link><guid>{url}</guid><pubDate>{date}</pubDate></item>"
            for url, date in entries
        )
        rss = f'<?xml version="1.0"?><rss version="2.0"><channel><title>News</title>{items}</channel></rss>'
        self.put(path, rss, "application/rss+xml")
        return f"{self.base}{path}"

    def sitemap(self, path: str, entries: list[tuple[str, str]], *, news: bool = False) -> str:
        """A sitemap of (URL, lastmod) entries; a news sitemap dates them by publication instead."""
        if news:
            urls = "".join(
                f"<url><loc>{url}</loc><news:news><news:publication><news:name>Example</news:name>"
                f"<news:language>en</news:language></news:publication>"
                f"<news:publication_date>{date}</news:publication_date><news:title>t</news:title>"
                f"</news:news></url>"
                for url, date in entries
            )
        else:
            urls = "".join(f"<url><loc>{url}</loc><lastmod>{date}</lastmod></url>" for url, date in entries)
        xml = (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
            f'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">{urls}</urlset>'
        )
        self.put(path, xml, "application/xml")
        return f"{self.base}{path}"

    def sitemap_index(self, path: str, children: list[tuple[str, str]]) -> str:
        items = "".join(f"<sitemap><loc>{u}</loc><lastmod>{d}</lastmod></sitemap>" for u, d in children)
        xml = f'<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{items}</sitemapindex>'
        self.put(path, xml, "application/xml")
        return f"{self.base}{path}"

    def requests_for(self, path: str) -> list[dict[str, str]]:
        return [headers for asked, headers in self.requests if asked == path]


def _etag(page: Page) -> str:
    return '"' + hashlib.sha256(page.body).hexdigest()[:16] + '"'


def _handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (the http.server API)
            path = self.path.split("?")[0]
            site.requests.append((path, {k.lower(): v for k, v in self.headers.items()}))
            page = site.pages.get(path)
            if path in site.failing:
                self.send_error(500)
                return
            if page is None:
                self.send_error(404)
                return
            etag, modified = _etag(page), email.utils.formatdate(page.modified_s, usegmt=True)
            if self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.send_header("ETag", etag)
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", page.content_type)
            self.send_header("Content-Length", str(len(page.body)))
            self.send_header("ETag", etag)
            self.send_header("Last-Modified", modified)
            self.end_headers()
            self.wfile.write(page.body)

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass

    return Handler


@contextmanager
def serve_site() -> Iterator[Site]:
    site = Site()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(site))
    site.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        httpd.shutdown()
        httpd.server_close()


def run_queued_jobs(settings: Settings) -> list[Job]:
    """Narrate every queued job here, one after another (what the server's workers do), in this process so
    a test can count the engine's calls."""
    database = open_database(settings)
    queue = SqliteJobQueue(database)
    service = NarrationService(settings, Library(database), queue)
    finished = []
    while (job := queue.claim()) is not None:
        try:
            service.run(job, None, 1)
        except Exception as error:
            queue.fail(job.id, failure_reason(error))
        done = queue.get(job.id)
        assert done is not None
        finished.append(done)
    return finished


def wait_for(condition: object, timeout_s: float = 120.0) -> None:
    """Wait until ``condition()`` is true (generous: the machine may be busy)."""
    deadline = time.monotonic() + timeout_s
    while not condition():  # type: ignore[operator]
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        time.sleep(0.1)


def done_urls(jobs: list[Job]) -> list[str]:
    return sorted(job.request.url or "" for job in jobs if job.state is JobState.DONE)
