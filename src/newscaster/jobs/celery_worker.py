"""``newscaster worker``: a Celery worker that narrates the jobs the server queued on the broker.

Each worker process loads its voices once (at its start) and narrates one job at a time, in its own
process: an engine that crashes takes down only that process, whose message the broker gives back. A job
runs under its lease (``leases``); the reaper, a thread of every worker's main process, republishes the
jobs whose worker died outright (their lease lapsed). Transient failures (the server's disk or database,
a site that did not answer: a 5xx in the API's terms) are retried with exponential backoff; bad input (a
4xx: a page with no article, an unknown voice) fails once, with its reason.
"""

from __future__ import annotations

import logging
import os
import socket
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..config import Settings
from ..errors import NewscasterError
from ..logs import configure_logging, job_context, log_event
from .base import MAX_ATTEMPTS, Job, JobPriority, JobQueue, JobState
from .worker import Exclusive, NarrationService, failure_reason

if TYPE_CHECKING:
    from .celery_queue import Broker
    from .leases import Leases

log = logging.getLogger(__name__)

RETRY_BASE_DELAY_S = 10.0
"""The first retry of a transiently failed job waits this long, each next one twice as long: a site or
disk that failed a moment ago gets time to recover, and a storm of failures does not hammer it."""
RETRY_MAX_DELAY_S = 300.0
REAP_INTERVAL_S = 5.0
"""How often each worker looks for jobs whose worker died; a lease lapses in 30 s, so this adds little."""
WORKER_DIED = "The worker narrating this article stopped (killed, or its machine was lost)"
"""The reason a job taken over from a dead worker carries meanwhile; after ``MAX_ATTEMPTS`` it fails."""
FINISHED = (JobState.DONE, JobState.FAILED)


def is_transient(
    error: BaseException, database_unavailable: tuple[type[Exception], ...] = (sqlite3.OperationalError,)
) -> bool:
    """Worth another try later: what the API would answer with a 5xx (the server's storage, a site that
    did not answer) and the database (its dialect's ``unavailable`` errors) or broker being unreachable.
    A 4xx — bad input — never is."""
    if isinstance(error, NewscasterError):
        return error.http_status >= 500
    from redis.exceptions import ConnectionError as RedisConnectionError

    return isinstance(error, (OSError, RedisConnectionError, *database_unavailable))


def retry_delay_s(attempts: int) -> float:
    """The wait before run ``attempts + 1``: 10 s, 20 s, 40 s, … up to ``RETRY_MAX_DELAY_S``."""
    return min(RETRY_MAX_DELAY_S, RETRY_BASE_DELAY_S * 2 ** max(0, attempts - 1))


@dataclass
class WorkerContext:
    """What one worker process needs to run jobs, built once per process."""

    settings: Settings
    queue: JobQueue
    service: NarrationService
    broker: Broker
    leases: Leases

    @classmethod
    def build(cls, settings: Settings) -> WorkerContext:
        from ..store.library import Library
        from ..store.storage import storage_for
        from ..web.state import open_database
        from .backends import queue_backend_for
        from .celery_queue import CeleryBackend

        backend = queue_backend_for(settings)
        assert isinstance(backend, CeleryBackend), "newscaster worker runs only with a broker"
        database = open_database(settings)
        queue, library = backend.queue(database), Library(database, storage_for(settings))
        leases = backend.broker.leases
        service = NarrationService(settings, library, queue, backend.streams(), exclusive=_exclusive(leases))
        return cls(settings, queue, service, backend.broker, leases)

    def run(self, job_id: str) -> None:
        """Run the job ``job_id`` unless it is finished or another live worker runs it."""
        job = self.queue.get(job_id)
        if job is None or job.state in FINISHED:
            return  # a redelivered message of a finished job: the database says it is done
        with self.leases.hold(f"job:{job_id}") as got:
            if not got:
                return  # another worker runs it (a republished message): its lease is alive
            self.leases.add_running(job_id)
            try:
                claimed = self.queue.claim(job_id) or self._take_over(job_id)
                if claimed is not None:
                    self._narrate(claimed)
            finally:
                self.leases.drop_running(job_id)

    def _take_over(self, job_id: str) -> Job | None:
        """The job is still marked running, but nobody holds its lease: its worker died. Queue it again
        (it fails after ``MAX_ATTEMPTS`` runs) and run it here."""
        job = self.queue.get(job_id)
        if job is None or job.state is not JobState.RUNNING:
            return None
        self.queue.requeue(job_id, WORKER_DIED)
        return self.queue.claim(job_id)

    def _narrate(self, job: Job) -> None:
        started = time.perf_counter()
        with job_context(job.id):
            log_event(log, logging.INFO, "job_start", id=job.id, attempt=job.attempts, worker=_node())
            outcome, reason = "done", None
            try:
                outcome = "reused" if self.service.run(job, None, 1) else "done"
            except Exception as error:  # every failure is recorded on the job; none stops the worker
                reason = failure_reason(error)
                outcome = self._settle(job, error, reason)
            log_event(
                log,
                logging.WARNING if reason else logging.INFO,
                "job",
                id=job.id,
                article=job.request.article_id or job.request.url,
                voice=job.request.voice or "default",
                outcome=outcome,
                attempt=job.attempts,
                duration_ms=round((time.perf_counter() - started) * 1000),
                error=reason,
            )

    def _settle(self, job: Job, error: Exception, reason: str) -> str:
        unavailable = self.service.library.db.dialect.unavailable
        if not is_transient(error, unavailable) or job.attempts >= MAX_ATTEMPTS:
            self.queue.fail(job.id, reason)
            return "failed"
        self.queue.requeue(job.id, reason)
        try:
            self.broker.publish(job, countdown_s=retry_delay_s(job.attempts))
        except NewscasterError as unreachable:
            self.queue.fail(job.id, f"{reason}; it could not be retried: {unreachable}")
            return "failed"
        return "retry"


def _exclusive(leases: Leases) -> Exclusive:
    """One narration of a text, voice, speed and format at a time, across all workers: a second job for it
    waits (up to the longest narration) and then reuses what the first one made."""
    from .celery_queue import NARRATION_TIME_LIMIT_S

    @contextmanager
    def hold(key: str) -> Iterator[bool]:
        with leases.hold(f"narration:{key}", wait_s=NARRATION_TIME_LIMIT_S) as got:
            yield got and leases.exclusive

    return hold


def _node() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


# --- The Celery task and the worker process --------------------------------------------------------------

_process: dict[str, Any] = {}
"""This process's ``WorkerContext`` (``context``) and the ``Settings`` it is built from (``settings``,
set by ``run_worker`` before the worker processes start)."""


def _context() -> WorkerContext:
    context = _process.get("context")
    if context is None or _process.get("pid") != os.getpid():
        context = WorkerContext.build(_process.get("settings") or Settings.from_env())
        _process.update(context=context, pid=os.getpid())
    return context


def narrate_task(job_id: str) -> None:
    """The Celery task: run job ``job_id`` (its state, progress and outcome go to the database)."""
    _context().run(job_id)


def _warm_up(**_: Any) -> None:
    """Each worker process loads its voices (and the English text normalizer) once, as it starts, rather
    than inside its first job."""
    from ..synthesize import _synthesize_one
    from ..text.normalize import normalizer_for
    from ..voices.registry import registry_for

    settings = _context().settings
    try:
        normalizer_for("en", settings.cache_dir / "normalizer").warm_up()
        voice = registry_for(settings).default_for("en")
        _synthesize_one(settings, voice, 1.0, "Ready.")
    except Exception:  # a broken voice fails its jobs with the reason; the worker still starts
        log.exception("could not load the default voice")


def reap_once(context: WorkerContext) -> int:
    """Republish the jobs listed as running whose lease lapsed (their worker died); returns how many."""
    republished = 0
    for job_id in context.leases.running():
        if context.leases.held(f"job:{job_id}") or not context.leases.drop_running(job_id):
            continue  # alive, or another worker's reaper took it first
        job = context.queue.get(job_id)
        if job is not None and job.state not in FINISHED:
            context.broker.publish(job)
            republished += 1
            log_event(log, logging.WARNING, "job_reaped", id=job_id, reason=WORKER_DIED)
    return republished


def _reaper(stop: threading.Event) -> None:
    while not stop.wait(REAP_INTERVAL_S):
        try:
            reap_once(_context())
        except Exception as error:  # the broker or database is away: the next round tries again
            log.warning("could not look for jobs of dead workers: %s", error)


def run_worker(settings: Settings, concurrency: int, priorities: list[JobPriority], log_level: str) -> None:
    """Run a Celery worker on ``settings.broker_url`` until it is stopped (Ctrl-C, SIGTERM)."""
    from celery import signals

    from .celery_queue import celery_app, queue_name

    _process["settings"] = settings
    app = celery_app(settings.broker_url or "")
    signals.setup_logging.connect(lambda **_: configure_logging(log_level), weak=False)
    signals.worker_process_init.connect(_warm_up, weak=False)
    stop = threading.Event()
    reaper = threading.Thread(target=_reaper, args=(stop,), name="reaper", daemon=True)
    signals.worker_ready.connect(lambda **_: reaper.start(), weak=False)
    try:
        app.worker_main(
            [
                "worker",
                f"--concurrency={concurrency}",
                f"--queues={','.join(queue_name(priority) for priority in priorities)}",
                f"--loglevel={log_level.upper()}",
                f"--hostname=newscaster-{os.getpid()}@{socket.gethostname()}",
                "--pool=prefork",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
            ]
        )
    finally:
        stop.set()
