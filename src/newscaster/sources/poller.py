"""Polling sources: fetch a feed or sitemap (conditionally), queue narrations of its new and changed
articles, back off while it keeps failing; and the scheduler thread that does it on each source's schedule.

Narrations go through the job queue like any other, so the server's workers narrate them, an unchanged
article is reused, and an edited one costs only its changed sentences (the sentence cache has the rest).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from ..batch import FeedEntry, feed_entries
from ..config import Settings
from ..errors import NewscasterError
from ..fetch import FEEDS, fetch_if_changed, fetch_url
from ..jobs.base import Job, JobQueue, JobRequest
from ..store.sources import SourceRecord, SourceStore, utc_now
from .sitemaps import is_sitemap, parse_sitemap

log = logging.getLogger(__name__)

MAX_BACKOFF_S = 24 * 3600
"""A failing source is tried at least once a day: a site down for a weekend is picked up again on Monday
without anyone touching it, and a dead one costs one request a day."""
FIRST_POLL_ARTICLES = 20
"""A new source's first poll narrates only its newest articles and notes the rest as seen: a sitemap may
list a decade of archive (``newscaster batch`` is for archives); a feed lists 10–100 entries."""
MAX_NARRATIONS_PER_POLL = 50
"""Later polls queue at most this many (newest first); the rest wait for the next poll. A newsroom
publishes far fewer between two polls; a site that rewrote every lastmod at once must not fill the queue."""
MAX_CHILD_SITEMAPS = 10
"""Of a sitemap index, the most recently changed sitemaps read per poll (news lives in the newest)."""
SCHEDULER_TICK_S = 30.0
"""The longest the scheduler sleeps between looks at the sources table: a source added from the CLI (another
process, which cannot wake this one) is polled within this time; the API wakes it at once."""
SIGNATURE_HEADER = "X-Hub-Signature-256"
POLL_CLAIM_S = 15 * 60
"""A server that takes a due source moves its next poll this far ahead first, so the other servers on the
same database leave it alone; if the server dies mid-poll, the source is due again after this long. A
poll takes seconds (a feed, or a sitemap index and its ten newest children)."""


@dataclass
class PollResult:
    source_id: str
    queued: list[str] = field(default_factory=list)
    """Article URLs whose narration was queued by this poll."""
    not_modified: bool = False
    error: str | None = None


def backoff_s(every_s: int, failures: int) -> int:
    """The wait after ``failures`` consecutive failed polls: the interval doubled each time, capped."""
    return int(min(every_s * 2**failures, max(MAX_BACKOFF_S, every_s)))


def signature_matches(secret: str, body: bytes, header: str | None) -> bool:
    """WebSub's ``X-Hub-Signature-256: sha256=HEX`` over the raw body, compared in constant time."""
    expected = "sha256=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()
    return header is not None and hmac.compare_digest(expected.encode(), header.strip().encode("utf-8"))


def _site(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.")


def belongs_to(source_url: str, article_url: str) -> bool:
    """Whether ``article_url`` is on the source's site (same host, with or without ``www.``; http(s))."""
    parts = urlsplit(article_url)
    return (
        parts.scheme in {"http", "https"} and bool(parts.hostname) and _site(article_url) == _site(source_url)
    )


class SourcePoller:
    def __init__(
        self,
        settings: Settings,
        sources: SourceStore,
        queue: JobQueue,
        wake_workers: Callable[[], None] = lambda: None,
    ) -> None:
        self.settings = settings
        self.sources = sources
        self.queue = queue
        self.wake_workers = wake_workers

    def poll_due(self, now: dt.datetime | None = None) -> list[PollResult]:
        """Poll every source that is due and not taken by another server polling the same database
        (each server's scheduler looks at the shared sources table: a source is fetched, and each new
        article queued, once)."""
        now = now or utc_now()
        claim_until = now + dt.timedelta(seconds=POLL_CLAIM_S)
        return [
            self.poll(source) for source in self.sources.due(now) if self.sources.claim(source, claim_until)
        ]

    def poll(self, source: SourceRecord) -> PollResult:
        """Poll ``source`` once and schedule its next poll; never raises for the source's own faults."""
        result = PollResult(source.id)
        try:
            fetched = fetch_if_changed(
                source.url, source.validators, allow_private=self.settings.allow_private_urls, wanted=FEEDS
            )
            if fetched.source is None:
                result.not_modified = True
                kind = None
            else:
                kind, entries = self._entries(fetched.source.content.encode("utf-8"), source.url)
                result.queued = self._queue_changed(source, entries)
            next_poll = utc_now() + dt.timedelta(seconds=source.settings.every_s)
            self.sources.polled(source.id, kind=kind, validators=fetched.validators, next_poll_at=next_poll)
        except Exception as error:  # one broken source must never stop the others or the scheduler
            if not isinstance(error, NewscasterError):
                log.exception("polling source %s failed", source.id)
            result.error = str(error) or type(error).__name__
            failures = source.failures + 1
            wait_s = backoff_s(source.settings.every_s, failures)
            self.sources.failed(
                source.id,
                result.error,
                failures=failures,
                next_poll_at=utc_now() + dt.timedelta(seconds=wait_s),
            )
            log.warning("source %s failed (%d in a row, next try in %d s): %s", source.id, failures, wait_s,
                        result.error)  # fmt: skip
        if result.queued:
            self.wake_workers()
        return result

    def _entries(self, document: bytes, url: str) -> tuple[str, list[FeedEntry]]:
        if not is_sitemap(document):
            return "feed", feed_entries(document, url, charset="utf-8")
        sitemap = parse_sitemap(document, url)
        entries = list(sitemap.entries)
        for child in sitemap.children[:MAX_CHILD_SITEMAPS]:
            page = fetch_url(child, allow_private=self.settings.allow_private_urls, wanted=FEEDS)
            entries += parse_sitemap(page.content.encode("utf-8"), child).entries
        return "sitemap", entries

    def _queue_changed(self, source: SourceRecord, entries: list[FeedEntry]) -> list[str]:
        seen = self.sources.seen_versions(source.id)
        first_poll = not seen
        limit = FIRST_POLL_ARTICLES if first_poll else MAX_NARRATIONS_PER_POLL
        queued: list[str] = []
        for entry in entries:
            if seen.get(entry.url) == entry.version:
                continue
            if len(queued) >= limit:
                if first_poll:  # the archive behind the newest articles: seen, not narrated
                    self.sources.saw(source.id, entry.url, entry.version, None)
                continue  # otherwise: left for the next poll
            self.narrate(source, entry.url, entry.version)
            queued.append(entry.url)
        return queued

    def narrate(self, source: SourceRecord, url: str, version: str) -> Job:
        """Queue the narration of ``url`` with the source's voice, speed, intro and outro."""
        options = source.settings
        job = self.queue.submit(
            JobRequest(url=url, voice=options.voice_id, speed=options.speed, intro=options.intro,
                       outro=options.outro)
        )  # fmt: skip
        self.sources.saw(source.id, url, version, job.id)
        return job


class SourceScheduler:
    """A background thread polling the sources as they fall due; started and stopped with the server."""

    def __init__(self, poller: SourcePoller, tick_s: float = SCHEDULER_TICK_S) -> None:
        self.poller = poller
        self.tick_s = tick_s
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._stop.clear()
        self._thread = threading.Thread(target=self._loop, name="source-scheduler", daemon=True)
        self._thread.start()

    def wake(self) -> None:
        """Look at the sources now (one was added or made due)."""
        self._wake.set()

    def stop(self, timeout_s: float = 5.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout_s)

    def _loop(self) -> None:
        while not self._stop.is_set():
            self._wake.clear()
            try:
                self.poller.poll_due()
                next_due = self.poller.sources.next_due_at()
            except Exception:
                log.exception("could not read the sources; trying again in %g s", self.tick_s)
                next_due = None
            wait_s = self.tick_s
            if next_due is not None:
                wait_s = max(0.0, min(wait_s, (next_due - utc_now()).total_seconds()))
            self._wake.wait(wait_s)
