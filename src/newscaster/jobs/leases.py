"""Leases: who is working on what right now, across worker processes and machines.

A lease is a key with a short time to live, renewed by a heartbeat while its holder works: a worker that
is killed stops renewing, and its lease lapses within ``LEASE_TTL_S``. The Celery workers take two:

- ``job:ID`` while running a job, so a redelivered or republished message for it is dropped while its
  worker lives, and recognised as a takeover once it died;
- ``narration:KEY`` (article text hash, voice, speed, format) while narrating, so two jobs for the same
  narration (the same article submitted twice) never synthesize it side by side: the second waits, then
  finds the first one's narration and reuses it.

Running jobs are also listed in a set, which the reaper (``celery_worker``) walks to find the jobs whose
worker died: listed, but no lease.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from typing import Any, Protocol

log = logging.getLogger(__name__)

LEASE_TTL_S = 30.0
"""How long a lease outlives its holder's last heartbeat: how soon a killed worker's job is taken over.
Longer than a broker outage the workers ride out without losing their leases (a restart of Redis takes
seconds), short enough that a killed worker's job waits well under a minute."""
HEARTBEAT_S = LEASE_TTL_S / 3
"""Renew three times per TTL, so two missed heartbeats (a stalled process, a blip) still keep the lease."""
WAIT_POLL_S = 0.5
"""How often a job waiting for a narration another worker is making asks again."""
OUTAGE_WAIT_S = 60.0
"""How long a lease operation keeps trying while the broker is unreachable, before it gives up."""
KEY_PREFIX = "newscaster:"
RUNNING_SET = KEY_PREFIX + "running"


class Leases(Protocol):
    @property
    def exclusive(self) -> bool:
        """A granted lease really excludes every other holder (in any process, on any machine)."""
        ...

    def hold(self, name: str, wait_s: float = 0.0) -> AbstractContextManager[bool]:
        """Hold lease ``name`` for the block, waiting up to ``wait_s`` for its holder; yields whether it
        was got (the block runs either way, and must not work on the thing when it was not)."""
        ...

    def held(self, name: str) -> bool: ...

    def add_running(self, job_id: str) -> None: ...

    def drop_running(self, job_id: str) -> bool:
        """Unlist a job; False when it was not listed (another reaper took it first)."""
        ...

    def running(self) -> list[str]: ...


class ProcessLeases:
    """No cross-process leases (a broker other than Redis): every lease is granted. RabbitMQ redelivers a
    dead worker's unacknowledged message itself when its connection drops, so no reaper is needed, and a
    narration made twice side by side still leaves one row (its unique key) and one set of files."""

    exclusive = False

    def hold(self, name: str, wait_s: float = 0.0) -> AbstractContextManager[bool]:
        return nullcontext(True)

    def held(self, name: str) -> bool:
        return False

    def add_running(self, job_id: str) -> None:
        pass

    def drop_running(self, job_id: str) -> bool:
        return False

    def running(self) -> list[str]:
        return []


class RedisLeases:
    """Leases as Redis locks (``SET NX PX`` with a random token; renewed and released only by their
    holder), renewed by a heartbeat thread."""

    exclusive = True

    def __init__(self, client: Any) -> None:
        self.client = client

    @contextmanager
    def hold(self, name: str, wait_s: float = 0.0) -> Iterator[bool]:
        lock = self.client.lock(KEY_PREFIX + name, timeout=LEASE_TTL_S, thread_local=False)
        deadline = time.monotonic() + wait_s
        got = _through_outage(lambda: lock.acquire(blocking=False))
        while not got and time.monotonic() < deadline:
            time.sleep(WAIT_POLL_S)
            got = _through_outage(lambda: lock.acquire(blocking=False))
        if not got:
            yield False
            return
        stop = threading.Event()
        beat = threading.Thread(target=_heartbeat, args=(lock, stop), name=f"lease-{name}", daemon=True)
        beat.start()
        try:
            yield True
        finally:
            stop.set()
            beat.join()
            try:
                lock.release()
            except Exception as error:  # lapsed or unreachable: it expires by itself
                log.warning("could not release lease %s: %s", name, error)

    def held(self, name: str) -> bool:
        return bool(self.client.exists(KEY_PREFIX + name))

    def add_running(self, job_id: str) -> None:
        _through_outage(lambda: self.client.sadd(RUNNING_SET, job_id))

    def drop_running(self, job_id: str) -> bool:
        return bool(_through_outage(lambda: self.client.srem(RUNNING_SET, job_id)))

    def running(self) -> list[str]:
        return sorted(member.decode() for member in self.client.smembers(RUNNING_SET))


def _heartbeat(lock: Any, stop: threading.Event) -> None:
    while not stop.wait(HEARTBEAT_S):
        try:
            lock.reacquire()
        except Exception as error:  # the broker is away: keep trying; the TTL covers a short outage
            log.warning("could not renew lease %s: %s", lock.name, error)


def _through_outage(operation: Any) -> Any:
    """Run a Redis operation, retrying while the server is unreachable, up to ``OUTAGE_WAIT_S``."""
    from redis.exceptions import ConnectionError, TimeoutError

    deadline = time.monotonic() + OUTAGE_WAIT_S
    while True:
        try:
            return operation()
        except (ConnectionError, TimeoutError):
            if time.monotonic() >= deadline:
                raise
            time.sleep(WAIT_POLL_S)
