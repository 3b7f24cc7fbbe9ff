"""Batch narration: every article of an RSS/Atom feed, or of a folder of saved pages (an archive), into the
library, through the same job queue and narration service as the server.

Run again — by hand or from cron — it narrates new articles and re-narrates the ones whose text changed
since: an article whose text, voice, speed and lexicon match a stored narration is reused, not synthesized.
Each article is a job in the library's queue, so the server's job list shows the batch, and with
``enqueue_only`` a running server does the work instead. With a broker (``NEWSCASTER_BROKER_URL``) the jobs
always go to the workers, at the backfill priority: fresh articles from the API overtake them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import re
from collections.abc import Callable, Iterator
from concurrent.futures import Executor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import lxml.etree
import lxml.html

from .addresses import web_address
from .config import Settings
from .errors import InputError
from .fetch import FEEDS, HTML_SUFFIXES, TEXT_SUFFIXES, fetch_url
from .jobs.backends import queue_backend_for
from .jobs.base import Job, JobPriority, JobRequest, JobState
from .jobs.worker import NarrationService, failure_reason
from .store.library import Library
from .store.storage import storage_for
from .synthesize import worker_pool

MAX_BATCH_ITEMS = 200
"""A feed or folder bigger than this is cut (newest feed entries first): an unattended run stays bounded
in time and disk, and news feeds rarely list more than 100 entries."""
FEED_FULL_TEXT_MIN_WORDS = 120
"""A feed entry's ``content:encoded`` (or Atom content) of at least this many words is the article itself,
read from the feed instead of fetching the page: teasers and excerpts are a sentence or two (20–60 words),
while even brief news items run past 150 words."""
_WEB_SCHEMES = frozenset({"http", "https"})
_CUT_OFF = re.compile(
    r"(?:read more|continue reading|read the full (?:story|article)|\[(?:…|\.\.\.)\]|…|\.\.\.)\W*$",
    re.IGNORECASE,
)
"""How an excerpt ends: it points to the page for the rest, which must then be fetched."""
_EMAIL_AUTHOR = re.compile(r"^\s*\S+@\S+\s*\((.*)\)\s*$")


@dataclass(frozen=True)
class BatchItem:
    """One article to narrate: where it came from (a URL or a file) and the job that narrates it."""

    label: str
    request: JobRequest
    from_feed_text: bool = False
    """The article's text came in the feed (``content:encoded``): its page was not fetched."""


@dataclass(frozen=True)
class BatchResult:
    item: BatchItem
    job: Job
    reused: bool
    """True when a stored narration matched, i.e. the article had not changed since it was narrated."""
    title: str = ""
    pool_broke: bool = False
    """The article's synthesis process died, which leaves a process pool unusable."""


@dataclass(frozen=True)
class BatchOptions:
    voice: str | None = None
    speed: float | None = None
    audio_format: str = "mp3"
    limit: int = MAX_BATCH_ITEMS


def collect_items(source: str, options: BatchOptions, settings: Settings) -> list[BatchItem]:
    """The articles of ``source``: a folder of .html/.txt/.md files, a feed URL, or a feed file."""
    path = Path(source).expanduser()
    if not path.exists():
        source = web_address(source)  # "example.com/rss.xml" is the feed at https://example.com/rss.xml
    if path.is_dir():
        items = list(_folder_items(path, options))
        if not items:
            raise InputError(f"{source} has no .html, .txt or .md files to narrate")
    elif urlsplit(source).scheme in _WEB_SCHEMES:
        feed = fetch_url(source, allow_private=settings.allow_private_urls, wanted=FEEDS)
        # The fetcher has decoded the body (HTTP charset, BOM, sniffing): hand it on as UTF-8 and say so.
        items = _feed_items(feed.content.encode("utf-8"), source, options, charset="utf-8")
    elif path.is_file():
        items = _feed_items(path.read_bytes(), None, options)  # its XML declaration names its encoding
    else:
        raise InputError(f"{source} is not a folder, a feed file or an http(s) feed URL")
    return items[: options.limit]


def _request(
    options: BatchOptions,
    *,
    url: str | None = None,
    html: str | None = None,
    text: str | None = None,
    source: str | None = None,
) -> JobRequest:
    return JobRequest(
        url=url,
        html=html,
        text=text,
        source=source,
        voice=options.voice,
        speed=options.speed,
        audio_format=options.audio_format,
        priority=JobPriority.BACKFILL.value,  # on a broker, fresh articles from the API go first
    )


def _folder_items(folder: Path, options: BatchOptions) -> Iterator[BatchItem]:
    for path in sorted(folder.iterdir()):
        suffix = path.suffix.lower()
        if not path.is_file() or suffix not in HTML_SUFFIXES | TEXT_SUFFIXES:
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        # The file is named in messages and, with its title, identifies an article without a URL (so an
        # edited file replaces its article).
        source = str(path.resolve())
        if suffix in HTML_SUFFIXES:
            yield BatchItem(str(path), _request(options, html=text, source=source))
        else:
            yield BatchItem(str(path), _request(options, text=text, source=source))


@dataclass(frozen=True)
class FeedEntry:
    url: str
    version: str
    """When the entry last changed (``updated``, else ``published``), else a hash of what it says: a new
    value means the article changed."""
    page: str | None = None
    """The whole article when the entry carries it (``feed_article_page``): read from the feed, not
    fetched."""


def feed_entries(document: bytes, feed_url: str | None, charset: str | None = None) -> list[FeedEntry]:
    """The entries' article links, in feed order, each once; relative links resolve against the feed."""
    import feedparser

    # Only a stream is safe: feedparser fetches a str that looks like a URL (http://, file://) and opens
    # a str or bytes that names an existing file, so a feed whose body is a URL or a path would make
    # it read that instead (SSRF, local file disclosure).
    headers = {"content-type": f"application/xml; charset={charset}"} if charset else {}
    parsed = feedparser.parse(io.BytesIO(document), response_headers=headers)
    if not parsed.entries:
        where = feed_url or "the file"
        raise InputError(f"{where} is not an RSS or Atom feed with entries")
    entries: list[FeedEntry] = []
    seen: set[str] = set()
    for entry in parsed.entries:
        link = str(entry.get("link") or "").strip()
        url = urljoin(feed_url, link) if feed_url else link
        if urlsplit(url).scheme not in _WEB_SCHEMES or url in seen:
            continue
        seen.add(url)
        page = feed_article_page(entry, url, parsed.feed.get("language"))
        entries.append(FeedEntry(url, _entry_version(entry), page))
    if not entries:
        raise InputError("the feed's entries have no http(s) article links")
    return entries


def _entry_version(entry: Any) -> str:
    # dict.get: feedparser's own get maps a missing "updated" to "published", with a DeprecationWarning.
    stamp = dict.get(entry, "updated") or dict.get(entry, "published")
    if stamp:
        return str(stamp)
    said = [entry.get("title"), entry.get("summary")] + [
        part.get("value") for part in entry.get("content", [])
    ]
    return "sha256:" + hashlib.sha256(json.dumps(said, default=str).encode("utf-8")).hexdigest()


def _feed_items(
    document: bytes, feed_url: str | None, options: BatchOptions, charset: str | None = None
) -> list[BatchItem]:
    items = []
    for entry in feed_entries(document, feed_url, charset):
        if entry.page is None:
            items.append(BatchItem(entry.url, _request(options, url=entry.url)))
        else:  # the link names it in messages and is its canonical URL
            request = _request(options, html=entry.page, source=entry.url)
            items.append(BatchItem(entry.url, request, from_feed_text=True))
    return items


def feed_article_page(entry: Any, url: str, language: str | None = None) -> str | None:
    """The entry's full text (``content:encoded``, Atom ``content``) as a page to extract, with its title,
    author, date and link where extraction looks for them; None when the feed has only an excerpt."""
    contents = entry.get("content") or ()
    body = max(
        (c.get("value") or "" for c in contents if "html" in (c.get("type") or "html")), key=len, default=""
    )
    try:
        text = lxml.html.fromstring(body).text_content() if body.strip() else ""
    except (ValueError, lxml.etree.ParserError):  # markup without any element: no article in it
        return None
    if len(text.split()) < FEED_FULL_TEXT_MIN_WORDS or _CUT_OFF.search(text.strip()):
        return None
    title = escape(str(entry.get("title") or ""))
    meta = [f'<link rel="canonical" href="{escape(url)}">']
    author = _EMAIL_AUTHOR.sub(r"\1", str(entry.get("author") or "")).strip()
    if author and "@" not in author:  # RSS writes "desk@news.example (Jane Doe)"; an address is no byline
        meta.append(f'<meta name="author" content="{escape(author)}">')
    published = entry.get("published_parsed") or entry.get("updated_parsed")
    if published:
        day = dt.date(*published[:3]).isoformat()
        meta.append(f'<meta property="article:published_time" content="{day}">')
    language = f' lang="{escape(language)}"' if language else ""
    return (
        f"<!doctype html><html{language}><head><title>{title}</title>{''.join(meta)}</head>"
        f"<body><article><h1>{title}</h1>{body}</article></body></html>"
    )


def run_failed(results: list[BatchResult], sources: int, sources_failed: int, strict: bool = False) -> bool:
    """Whether a run failed as a whole: every source or every article failed (an unattended run where
    one page cannot be extracted still succeeded); with ``strict``, any failure fails it."""
    failed = sources_failed + sum(r.job.state is JobState.FAILED for r in results)
    if strict:
        return failed > 0
    all_articles_failed = bool(results) and all(r.job.state is JobState.FAILED for r in results)
    return (sources > 0 and sources_failed == sources) or all_articles_failed


def run_batch(
    items: list[BatchItem],
    settings: Settings,
    *,
    workers: int = 1,
    enqueue_only: bool = False,
    on_result: Callable[[BatchResult], None] | None = None,
) -> list[BatchResult]:
    """Queue a job per item; unless ``enqueue_only``, run them here one after another, each narration's
    sentences spread over ``workers`` processes. A failed article is reported and the batch goes on."""
    from .web.state import open_database

    database = open_database(settings)
    library, queue = Library(database, storage_for(settings)), queue_backend_for(settings).queue(database)
    service = NarrationService(settings, library, queue)
    # A cron run is also where files nobody serves any more (deleted articles') go once their grace is over.
    library.storage.remove_unreferenced(library.referenced_files)
    jobs = [queue.submit(item.request) for item in items]
    if enqueue_only:
        return [BatchResult(item, job, reused=False) for item, job in zip(items, jobs, strict=True)]
    results = []
    pool = worker_pool(workers, memory_mb=settings.worker_memory_mb) if workers > 1 else None
    try:
        for item, job in zip(items, jobs, strict=True):
            result = _run_one(service, item, job, pool, workers)
            if pool is not None and result.pool_broke:
                # A synthesis process died (crashed engine, out of memory): the pool is unusable, and
                # every later article would fail with it. This article failed; the next get fresh workers.
                pool.shutdown(cancel_futures=True)
                pool = worker_pool(workers, memory_mb=settings.worker_memory_mb)
            results.append(result)
            if on_result is not None:
                on_result(result)
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
    return results


def _run_one(
    service: NarrationService, item: BatchItem, job: Job, pool: Executor | None, workers: int
) -> BatchResult:
    queue = service.queue
    claimed = queue.claim(job.id)
    if claimed is None:  # a running server took it first: it is being narrated there
        return BatchResult(item, queue.get(job.id) or job, reused=False)
    reused = pool_broke = False
    try:
        reused = service.run(claimed, pool, workers)
    except Exception as error:  # one broken article must not end the batch
        pool_broke = isinstance(error, BrokenProcessPool)
        queue.fail(job.id, failure_reason(error))
    final = queue.get(job.id) or claimed
    stored = service.library.get_article(final.article_id) if final.article_id else None
    title = stored.article.title if stored else ""
    return BatchResult(item, final, reused=reused, title=title, pool_broke=pool_broke)
