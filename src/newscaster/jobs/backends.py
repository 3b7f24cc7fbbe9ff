"""Where jobs run: the built-in queue (threads of the server itself) or a broker's workers.

A backend gives the server its ``JobQueue`` and the ``JobRunner`` that runs what is queued. It is chosen
by the scheme of ``NEWSCASTER_BROKER_URL`` from ``QUEUE_BACKENDS``: none means the built-in queue (rows in
the database, run by the server's own threads); ``redis://`` or ``amqp://`` mean Celery (``celery_queue``),
whose workers are separate ``newscaster worker`` processes. Either way the database holds every job's
state, so ``/api/jobs/ID`` reads the same.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol
from urllib.parse import urlsplit

from ..config import Settings
from ..errors import OptionError
from ..store.sql import SqlDatabase
from .base import JobQueue
from .sqlite_queue import SqliteJobQueue
from .streams import StreamHub, Streams
from .worker import NarrationService, WorkerPool


class JobRunner(Protocol):
    """What runs the queued jobs, started and stopped with the server."""

    def start(self, warm_up: bool = False) -> None:
        """``warm_up``: load now what a first narration would wait for (voices, text tools), where the
        runner synthesizes in this server's processes."""
        ...

    def wake(self) -> None:
        """A job was just queued."""
        ...

    def stop(self, timeout_s: float = 5.0) -> None: ...


class QueueBackend(Protocol):
    @property
    def remote_workers(self) -> bool:
        """Jobs are run by separate worker processes, not by whoever queued them (``batch`` only queues)."""
        ...

    def queue(self, database: SqlDatabase) -> JobQueue: ...

    def runner(self, service: NarrationService, threads: int, processes: int) -> JobRunner: ...

    def streams(self) -> Streams | None:
        """Where running jobs' audio and timings go for listeners; None when they cannot be streamed."""
        ...


@dataclass(frozen=True)
class EmbeddedBackend:
    """The default: jobs are rows in the database, run by the server's own threads."""

    remote_workers: bool = False

    def queue(self, database: SqlDatabase) -> JobQueue:
        return SqliteJobQueue(database)

    def runner(self, service: NarrationService, threads: int, processes: int) -> JobRunner:
        return WorkerPool(service, threads=threads, processes=processes)

    def streams(self) -> Streams | None:
        return StreamHub()  # the server's own threads run the jobs: its memory is where listeners read


def _embedded(broker_url: str) -> QueueBackend:
    return EmbeddedBackend()


def _celery(broker_url: str) -> QueueBackend:
    from .celery_queue import CeleryBackend  # Celery is imported only when a broker is configured

    return CeleryBackend(broker_url)


QUEUE_BACKENDS: dict[str, Callable[[str], QueueBackend]] = {
    "": _embedded,
    "redis": _celery,
    "rediss": _celery,
    "amqp": _celery,
    "amqps": _celery,
    "pyamqp": _celery,
}
"""Backends by broker URL scheme (the empty scheme: no broker configured)."""


def register_queue_backend(scheme: str, factory: Callable[[str], QueueBackend]) -> None:
    QUEUE_BACKENDS[scheme] = factory


def queue_backend_for(settings: Settings) -> QueueBackend:
    """The backend ``settings.broker_url`` names; an ``OptionError`` for a scheme none handles."""
    url = settings.broker_url or ""
    scheme = urlsplit(url).scheme.lower()
    factory = QUEUE_BACKENDS.get(scheme)
    if factory is None:
        schemes = ", ".join(f"{name}://" for name in sorted(QUEUE_BACKENDS) if name)
        raise OptionError(f"NEWSCASTER_BROKER_URL must start with one of {schemes}, not {scheme or url!r}")
    return factory(url)
