"""Everything a request handler needs, built once per app."""

from __future__ import annotations

import sqlite3
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..config import Settings
from ..errors import NewscasterError
from ..jobs.backends import JobRunner, queue_backend_for
from ..jobs.base import JobQueue, StorageError
from ..jobs.streams import StreamHub, Streams
from ..jobs.worker import NarrationService
from ..sources.poller import SourcePoller, SourceScheduler
from ..speed import PaceBook
from ..store.backends import backend_scheme, redacted_url
from ..store.backends import open_database as open_store_database
from ..store.library import Library
from ..store.listening import ListeningCounts
from ..store.sources import SourceStore
from ..store.sql import SqlDatabase
from ..store.storage import NarrationStorage, storage_for
from ..store.tokens import TokenStore
from ..voices.registry import VoiceRegistry, registry_for
from .embed_requests import EmbedRequests
from .health import ReadinessCheck, readiness_checks
from .page_cache import PageCache
from .security import RateLimiter, SecuritySettings
from .sessions import SIGN_IN_BURST, SIGN_INS_PER_MINUTE, Sessions
from .site import SiteAddress


@dataclass
class AppState:
    settings: Settings
    library: Library
    storage: NarrationStorage
    queue: JobQueue
    registry: VoiceRegistry
    pace: PaceBook
    workers: JobRunner
    tokens: TokenStore
    security: SecuritySettings
    narration_limiter: RateLimiter
    read_limiter: RateLimiter
    page_cache: PageCache
    site: SiteAddress
    streams: Streams
    jobs_stream: bool
    """Jobs stream as they are made: run by this process, or by Celery workers on Redis (not RabbitMQ)."""
    sessions: Sessions
    sign_in_limiter: RateLimiter
    readiness: list[ReadinessCheck]
    """What ``/readyz`` asks (``health.py``); a backend brings its own with ``readiness_check()``."""
    listening: ListeningCounts
    listen_limiter: RateLimiter
    """Listening reports per client, at the read limits (its own bucket: a page's reports never cost the
    reader a page). The addresses it keys on live in memory only, never in the database."""
    embed_requests: EmbedRequests
    sources: SourceStore
    source_poller: SourcePoller
    source_scheduler: SourceScheduler
    """Polls the sources while the server runs (started in the app's lifespan, never at import)."""

    @classmethod
    def build(
        cls,
        settings: Settings,
        *,
        job_threads: int,
        synthesis_processes: int,
        security: SecuritySettings | None = None,
    ) -> AppState:
        security = security or SecuritySettings()
        site = SiteAddress.configure(settings, security.bind_host)  # a bad setting fails before any work
        storage = storage_for(settings)  # a bad NEWSCASTER_STORAGE_URL fails here, before any work
        backend = queue_backend_for(settings)  # an unknown broker scheme fails before any work too
        database = open_database(settings)
        library = Library(database, storage)
        queue = backend.queue(database)
        backend_streams = backend.streams()
        streams = backend_streams or StreamHub()
        service = NarrationService(settings, library, queue, streams)
        tokens = TokenStore(database)
        workers = backend.runner(service, threads=job_threads, processes=synthesis_processes)
        sources = SourceStore(database)
        poller = SourcePoller(settings, sources, queue, wake_workers=workers.wake)
        return cls(
            settings=settings,
            library=library,
            storage=storage,
            queue=queue,
            registry=registry_for(settings),
            pace=PaceBook(settings.data_dir / "voice-pace.json"),
            workers=workers,
            tokens=tokens,
            security=security,
            narration_limiter=RateLimiter(security.narrations_per_minute, security.narration_burst),
            read_limiter=RateLimiter(security.reads_per_minute, security.read_burst),
            page_cache=PageCache(),
            site=site,
            streams=streams,
            jobs_stream=backend_streams is not None,
            sessions=Sessions.load(settings.data_dir, tokens),
            sign_in_limiter=RateLimiter(SIGN_INS_PER_MINUTE, SIGN_IN_BURST),
            readiness=readiness_checks(
                ("database", database, lambda: database.connection().execute("SELECT 1").fetchone()),
                ("queue", queue, lambda: queue.get("readyz")),
                ("storage", storage, storage.check),
            ),
            listening=ListeningCounts(database),
            listen_limiter=RateLimiter(security.reads_per_minute, security.read_burst),
            embed_requests=EmbedRequests(),
            sources=sources,
            source_poller=poller,
            source_scheduler=SourceScheduler(poller),
        )


def open_database(settings: Settings, *, migrate: bool = True) -> SqlDatabase:
    """The configured database (the data folder's SQLite file by default), or a ``StorageError`` that
    says which folder or database and why. The data folder is made either way: audio lives there."""
    try:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=settings.data_dir):  # SQLite's own message would only say
            pass  # "unable to open database file"; this names the cause (read-only, not a folder, …)
        if settings.database_url:
            return _open_server_database(settings.database_url, settings.data_dir, migrate)
        return open_store_database(None, settings.data_dir, migrate=migrate)
    except (OSError, sqlite3.Error) as error:
        reason = getattr(error, "strerror", None) or str(error)
        raise StorageError(
            f"Cannot use the data folder {settings.data_dir}: {reason} "
            "(set NEWSCASTER_DATA_DIR to a writable folder)"
        ) from error


def _open_server_database(url: str, data_dir: Path, migrate: bool) -> SqlDatabase:
    scheme = backend_scheme(url)  # an unknown scheme is an OptionError naming the known ones
    try:
        return open_store_database(url, data_dir, migrate=migrate)
    except NewscasterError:
        raise
    except Exception as error:  # the driver's: refused, unknown host, bad password, no such database
        reason = " ".join(str(error).split()) or type(error).__name__
        raise StorageError(f"Cannot use the {scheme} database {redacted_url(url)}: {reason}") from error
