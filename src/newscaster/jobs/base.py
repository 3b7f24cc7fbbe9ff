"""Narration jobs and the queue interface, so a distributed backend can replace the embedded one.

A job moves queued → running → done | failed. A job found ``running`` when the queue starts was
interrupted (the process died): it is queued again, up to ``MAX_ATTEMPTS`` runs in all.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from ..errors import NewscasterError

MAX_ATTEMPTS = 3
"""A job that crashed its worker three times is failed, not retried forever."""


class StorageError(NewscasterError):
    """The data folder cannot be written (full disk, read-only, missing); nothing half-written is kept."""

    http_status = 503


class JobPriority(StrEnum):
    """Fresh articles overtake archive backfill (``newscaster batch`` queues at the low one); each is a
    queue of its own on a broker, so workers can also be given to one of them (``worker --queues``)."""

    FRESH = "fresh"
    BACKFILL = "backfill"


class JobState(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


@dataclass(frozen=True)
class JobRequest:
    """What to narrate: exactly one of url, html, text, article_id; voice, speed and language optional.

    ``title``, ``byline``, ``published`` and ``article_url`` describe a fetched or pasted article better
    than extraction could (a CMS knows its own headline); each given one replaces what was extracted.
    """

    url: str | None = None
    html: str | None = None
    text: str | None = None
    article_id: str | None = None
    voice: str | None = None
    speed: float | None = None
    audio_format: str = "mp3"
    language: str | None = None
    """BCP 47 tag replacing the detected language."""
    force_voice: bool = False
    """``voice`` reads the article even if it does not speak its language."""
    title: str | None = None
    byline: str | None = None
    published: str | None = None
    """ISO 8601 date (YYYY-MM-DD)."""
    article_url: str | None = None
    """Where a pasted article is published (never fetched): its link, and what identifies it."""
    source: str | None = None
    """Where the html or text was read from (a batch's file, a feed entry's link): named in messages, and
    with its title what identifies an article without a URL, so an edited version replaces the earlier
    one. Jobs from the API go by the client who sent them."""
    priority: str = JobPriority.FRESH.value
    """A ``JobPriority`` value (a plain string: the request is stored as JSON)."""
    intro: str | None = None
    """Spoken before the body (a source's "You are listening to …"); ``{site}`` becomes the site's name."""
    outro: str | None = None
    """Spoken after the body."""


@dataclass(frozen=True)
class Job:
    id: str
    state: JobState
    request: JobRequest
    attempts: int = 0
    progress_done: int = 0
    progress_total: int = 0
    error: str | None = None
    article_id: str | None = None
    narration_id: str | None = None
    created_at: str = ""
    updated_at: str = ""
    client: str | None = None
    """Who asked (``token:<id>`` or ``ip:<address>``); None for jobs of local tools (CLI, batch)."""


class JobQueue(Protocol):
    def submit(self, request: JobRequest, *, client: str | None = None) -> Job:
        """Queue a job for ``client``; also forgets finished jobs older than the queue keeps them."""
        ...

    def get(self, job_id: str) -> Job | None: ...

    def claim(self, job_id: str | None = None) -> Job | None:
        """Take the oldest queued job, or ``job_id`` if it is still queued, and mark it running (one taker
        per job)."""
        ...

    def progress(self, job_id: str, done: int, total: int) -> None: ...

    def finish(self, job_id: str, article_id: str, narration_id: str) -> None: ...

    def fail(self, job_id: str, error: str, *, article_id: str | None = None) -> None:
        """Record the failure; like ``finish``, drops the page or text the job was given."""
        ...

    def requeue(self, job_id: str, reason: str | None = None) -> None:
        """Run a job again after a crash, unless it has used up its attempts (then it fails); ``reason``
        is kept as the job's ``error`` meanwhile, so the next attempt can tell a repeated failure."""
        ...

    def recover(self) -> int:
        """Requeue jobs left running by a process that died; returns how many."""
        ...

    def pending_count(self, client: str | None = None) -> int:
        """Jobs queued or running, of ``client`` only when given."""
        ...
