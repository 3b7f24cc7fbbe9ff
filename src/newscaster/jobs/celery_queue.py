"""Jobs on Celery: the broker carries "run job ID" messages to ``newscaster worker`` processes.

The database stays the source of truth for every job (queued, running, progress, done or failed with its
reason): ``CeleryJobQueue`` wraps the database's own queue and only adds the message. Messages are
acknowledged late (after the job ran) and given back when a worker process dies; a job whose whole worker
was killed is found by the reaper (``celery_worker``) through its lapsed lease (``leases``). Fresh articles
and archive backfill go to two queues, and workers consume the fresh one first.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from celery import Celery
from kombu import Exchange, Queue

from ..errors import NewscasterError
from ..store.sql import SqlDatabase
from .base import Job, JobPriority, JobQueue, JobRequest
from .leases import Leases, ProcessLeases, RedisLeases
from .limits import MAX_AUDIO_S, SPEECH_CHARS_PER_S
from .streams import Streams
from .worker import SENTENCE_TIMEOUT_PER_CHAR_S, NarrationService

TASK_NAME = "newscaster.narrate"
QUEUE_PREFIX = "newscaster."
"""Queue names are ``newscaster.fresh`` and ``newscaster.backfill``: a broker shared with other
applications keeps them apart."""
NARRATION_TIME_LIMIT_S = MAX_AUDIO_S * SENTENCE_TIMEOUT_PER_CHAR_S * SPEECH_CHARS_PER_S
"""The longest one narration may run before its worker process is stopped: the longest audio a request
may create (``MAX_AUDIO_S``, 2 h) at the slowest pace the sentence deadlines allow an engine (3 s of
synthesis per second of speech: 0.2 s per character, 15 characters a second), i.e. 6 hours."""
VISIBILITY_MARGIN_S = 3600
"""Slack on top of the longest narration: queueing behind the prefetch, and a busy machine."""
VISIBILITY_TIMEOUT_S = NARRATION_TIME_LIMIT_S + VISIBILITY_MARGIN_S
"""Redis gives an unacknowledged message to another worker after this long. It must be longer than the
longest narration, or a job still running would be handed out a second time. (A worker that was killed
outright is noticed much sooner, through its lapsed lease; this is the broker's own backstop.)"""
BROKER_TIMEOUT_S = 3.0
"""Connecting to, or waiting on, the broker for longer than this means it is down: a new narration gets
a 503 in a few seconds instead of hanging the request."""
PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0.2, "interval_step": 0.5, "interval_max": 1.0}
"""A message that could not be sent is tried twice more within about a second (a broker restarting, a
dropped connection), then the request is answered 503."""


class BrokerUnavailable(NewscasterError):
    """The broker (Redis, RabbitMQ) cannot be reached: nothing new can be queued until it is back."""

    http_status = 503


def queue_name(priority: str) -> str:
    return QUEUE_PREFIX + JobPriority(priority).value


def celery_app(broker_url: str) -> Celery:
    """The Celery application for ``broker_url``, with the narration task registered."""
    from .celery_worker import narrate_task

    app = Celery("newscaster", broker=broker_url, set_as_current=False)
    app.conf.update(
        task_acks_late=True,  # acknowledged once the job ran: a worker killed midway leaves it queued
        task_reject_on_worker_lost=True,  # a worker process that died gives its message back at once
        worker_prefetch_multiplier=1,  # a busy worker holds no second job that an idle one could run
        task_ignore_result=True,  # the database keeps each job's outcome
        task_time_limit=NARRATION_TIME_LIMIT_S,
        task_queues=[
            Queue(name, Exchange(name, type="direct"), routing_key=name)
            for name in map(queue_name, JobPriority)
        ],
        task_default_queue=queue_name(JobPriority.FRESH),
        broker_transport_options={
            "visibility_timeout": VISIBILITY_TIMEOUT_S,
            # Redis: a worker asks its queues in the order given (fresh first), not round robin, so fresh
            # articles overtake the backfill waiting before them.
            "queue_order_strategy": "priority",
            "socket_connect_timeout": BROKER_TIMEOUT_S,
            "socket_timeout": BROKER_TIMEOUT_S,
        },
        broker_connection_timeout=BROKER_TIMEOUT_S,
        broker_connection_retry_on_startup=True,
        broker_connection_max_retries=None,  # a worker waits for the broker to come back, forever
        # A job keeps running through a broker outage; its message is acknowledged when the broker is back
        # (or, if that fails, redelivered later and dropped: the database says it is done).
        worker_cancel_long_running_tasks_on_connection_loss=False,
        worker_hijack_root_logger=False,
        task_send_sent_event=False,
        worker_send_task_events=False,
    )
    app.task(name=TASK_NAME, acks_late=True, reject_on_worker_lost=True)(narrate_task)
    return app


@dataclass
class Broker:
    """Sends job messages and holds the leases (Redis) of one broker URL."""

    url: str
    _app: Celery | None = field(default=None, repr=False)

    @property
    def app(self) -> Celery:
        if self._app is None:
            self._app = celery_app(self.url)
        return self._app

    def publish(self, job: Job, countdown_s: float = 0.0) -> None:
        """Send "run job ID" to the queue of the job's priority; ``BrokerUnavailable`` when it is down."""
        try:
            self.app.send_task(
                TASK_NAME,
                args=[job.id],
                queue=queue_name(job.request.priority),
                countdown=countdown_s or None,
                retry=True,
                retry_policy=PUBLISH_RETRY_POLICY,
            )
        except Exception as error:  # kombu and redis raise their own kinds for a broker that is away
            raise BrokerUnavailable(
                "The job queue is unreachable right now, so no new narration can be started; "
                "try again in a minute (articles and narrations can still be read)"
            ) from error

    def ping(self) -> None:
        """Raise ``BrokerUnavailable`` unless the broker answers (for readiness checks)."""
        try:
            with self.app.connection_for_write() as connection:
                connection.ensure_connection(max_retries=1, timeout=BROKER_TIMEOUT_S)
        except Exception as error:
            raise BrokerUnavailable(f"The job queue (broker) is unreachable: {error}") from error

    @cached_property
    def leases(self) -> Leases:
        return LEASE_STORES.get(self.url.split(":", 1)[0].lower(), _process_leases)(self.url)


def _redis_leases(url: str) -> Leases:
    return RedisLeases(redis_client_for(url))


def _process_leases(url: str) -> Leases:
    return ProcessLeases()


LEASE_STORES = {"redis": _redis_leases, "rediss": _redis_leases}
"""Where leases live, by broker URL scheme; other brokers get ``ProcessLeases``."""


@dataclass(frozen=True)
class BrokerCheck:
    """The queue's readiness (``/readyz``, ``web/health.py``): is the broker reachable?"""

    broker: Broker
    name: str = "queue"

    def check(self) -> None:
        self.broker.ping()


class CeleryJobQueue:
    """The database's job queue (``inner``), plus a broker message per queued job."""

    def __init__(self, inner: JobQueue, broker: Broker) -> None:
        self.inner = inner
        self.broker = broker

    def submit(self, request: JobRequest, *, client: str | None = None) -> Job:
        job = self.inner.submit(request, client=client)
        try:
            self.broker.publish(job)
        except BrokerUnavailable as error:
            # The client gets a 503; the row says why, rather than staying queued with no message.
            self.inner.fail(job.id, str(error))
            raise
        return job

    def get(self, job_id: str) -> Job | None:
        return self.inner.get(job_id)

    def claim(self, job_id: str | None = None) -> Job | None:
        return self.inner.claim(job_id)

    def progress(self, job_id: str, done: int, total: int) -> None:
        self.inner.progress(job_id, done, total)

    def finish(self, job_id: str, article_id: str, narration_id: str) -> None:
        self.inner.finish(job_id, article_id, narration_id)

    def fail(self, job_id: str, error: str, *, article_id: str | None = None) -> None:
        self.inner.fail(job_id, error, article_id=article_id)

    def requeue(self, job_id: str, reason: str | None = None) -> None:
        self.inner.requeue(job_id, reason)

    def recover(self) -> int:
        # Not at a server's start: other servers' workers may be running those jobs. The workers' reaper
        # requeues the jobs whose worker died (their lease lapsed).
        return 0

    def pending_count(self, client: str | None = None) -> int:
        return self.inner.pending_count(client)

    def readiness_check(self) -> BrokerCheck:
        """New narrations need the broker; the jobs' rows are the database's check."""
        return BrokerCheck(self.broker)


class RemoteWorkers:
    """The server's side of a broker: the ``newscaster worker`` processes run the jobs, not the server."""

    def start(self, warm_up: bool = False) -> None:
        pass  # the workers are other processes (``newscaster worker``): nothing to start or warm here

    def wake(self) -> None:
        pass  # the message itself wakes a worker

    def stop(self, timeout_s: float = 5.0) -> None:
        pass


@dataclass
class CeleryBackend:
    broker_url: str
    remote_workers: bool = True

    @cached_property
    def broker(self) -> Broker:
        return Broker(self.broker_url)

    def queue(self, database: SqlDatabase) -> JobQueue:
        from .backends import EmbeddedBackend  # the database's own queue keeps the jobs' state

        return CeleryJobQueue(EmbeddedBackend().queue(database), self.broker)

    def runner(self, service: NarrationService, threads: int, processes: int) -> RemoteWorkers:
        return RemoteWorkers()

    def streams(self) -> Streams | None:
        """Redis: the workers write each run there and any server reads it (``jobs/redis_streams.py``).
        Other brokers have nowhere shared to put a stream: their jobs are not streamed."""
        if self.broker_url.split(":", 1)[0].lower() not in LEASE_STORES:
            return None
        from .redis_streams import RedisStreamHub

        return RedisStreamHub(redis_client_for(self.broker_url))


def redis_client_for(url: str) -> Any:
    """A Redis client on ``url`` with the broker timeouts (tests and tools)."""
    import redis

    return redis.Redis.from_url(url, socket_connect_timeout=BROKER_TIMEOUT_S, socket_timeout=BROKER_TIMEOUT_S)
