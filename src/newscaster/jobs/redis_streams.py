"""Running narrations' streams in Redis, for jobs that Celery workers run on other processes or machines.

The worker narrating a job writes its audio and timings to Redis as it goes (two lists and a small hash
per run); any server reads them from the first byte, so ``stream_url`` and ``events_url`` work the same
as when the server runs its jobs itself (``jobs/streams.py``). A run's keys expire ``STREAM_KEEP_S``
after it ended (then the stored file serves), or ``RUN_KEEP_S`` after it started if its worker died.

Streaming is a convenience beside the stored file, which stays the truth: a worker that cannot reach
Redis for a moment narrates on and stores the file (``stream_write_failed`` is logged once per run); its
listeners then move to the stored file as they would after the stream ended.
"""

from __future__ import annotations

import json
import logging
import secrets
import threading
from collections import OrderedDict
from typing import Any

from ..audio.timings import timing_to_dict
from ..models import Timing
from .streams import STREAM_KEEP_S, LiveStream, StreamState

log = logging.getLogger(__name__)

KEY_PREFIX = "newscaster:stream:"
RUN_KEEP_S = 8 * 3600
"""A run's keys outlive the longest narration (the Celery time limit) even if its worker died mid-run."""
KNOWN_RUNS = 256
"""Streams a server keeps objects for (a listener compares them to notice a new run of its job)."""


class RedisNarrationStream:
    """One run of a job in Redis: ``audio`` and ``timings`` lists, and a ``state`` hash (run token,
    article id, finished, error)."""

    def __init__(self, client: Any, job_id: str) -> None:
        self.client = client
        self.keys = tuple(f"{KEY_PREFIX}{job_id}:{part}" for part in ("audio", "timings", "state"))
        self._write_failed = False

    # The worker's side (a NarrationSink)

    def audio(self, data: bytes) -> None:
        self._write(lambda: self._append(self.keys[0], data))

    def timing(self, timing: Timing) -> None:
        document = json.dumps(timing_to_dict(timing), ensure_ascii=False)
        self._write(lambda: self._append(self.keys[1], document))

    def _append(self, key: str, value: bytes | str) -> None:
        with self.client.pipeline() as pipe:
            pipe.rpush(key, value)
            pipe.expire(key, RUN_KEEP_S)  # a list exists from its first push; a dead worker's lapses
            pipe.execute()

    def finish(self, error: str | None = None) -> None:
        def settle() -> None:
            with self.client.pipeline() as pipe:
                pipe.hset(self.keys[2], mapping={"finished": "1", "error": error or ""})
                for key in self.keys:
                    pipe.expire(key, int(STREAM_KEEP_S))
                pipe.execute()

        self._write(settle)

    @property
    def article_id(self) -> str | None:
        value = _read(lambda: self.client.hget(self.keys[2], "article_id"), None)
        return value.decode() if value else None

    @article_id.setter
    def article_id(self, value: str | None) -> None:
        self._write(lambda: self.client.hset(self.keys[2], "article_id", value or ""))

    def _write(self, operation: Any) -> None:
        from redis.exceptions import RedisError

        try:
            operation()
        except RedisError as error:
            if not self._write_failed:
                self._write_failed = True
                log.warning("stream_write_failed: %s (the narration goes on; its file will serve)", error)

    # The listeners' side: while Redis is away they see no news (nothing new, not finished) and wait,
    # and the job documents that mention the stream still answer.

    @property
    def has_audio(self) -> bool:
        return bool(_read(lambda: self.client.llen(self.keys[0]), 0))

    @property
    def finished(self) -> bool:
        return bool(_read(lambda: self.client.hget(self.keys[2], "finished") == b"1", False))

    def since(self, audio_position: int = 0, timing_position: int = 0) -> StreamState:
        """Everything after a listener's positions (counted in pieces as written), in one round trip."""

        def fetch() -> list[Any]:
            with self.client.pipeline(transaction=True) as pipe:
                pipe.lrange(self.keys[0], audio_position, -1)
                pipe.lrange(self.keys[1], timing_position, -1)
                pipe.hgetall(self.keys[2])
                return list(pipe.execute())

        audio, timings, state = _read(fetch, [[], [], {}])
        return StreamState(
            b"".join(audio),
            [json.loads(document) for document in timings],
            audio_position + len(audio),
            timing_position + len(timings),
            state.get(b"finished") == b"1",
            state.get(b"error", b"").decode() or None,
        )


class RedisStreamHub:
    """``Streams`` in Redis: the worker ``open``s a run, servers ``get`` it."""

    def __init__(self, client: Any) -> None:
        self.client = client
        self._known: OrderedDict[tuple[str, bytes], RedisNarrationStream] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, job_id: str) -> LiveStream | None:
        run = _read(lambda: self.client.hget(f"{KEY_PREFIX}{job_id}:state", "run"), None)
        if run is None:
            return None
        with self._lock:
            stream = self._known.get((job_id, run))
            if stream is None:
                stream = self._known[job_id, run] = RedisNarrationStream(self.client, job_id)
                while len(self._known) > KNOWN_RUNS:
                    self._known.popitem(last=False)
            return stream

    def open(self, job_id: str) -> LiveStream:
        stream = RedisNarrationStream(self.client, job_id)

        def start() -> None:
            with self.client.pipeline() as pipe:
                pipe.delete(*stream.keys)  # a run after a crash starts over
                pipe.hset(stream.keys[2], mapping={"run": secrets.token_hex(8), "finished": "0"})
                pipe.expire(stream.keys[2], RUN_KEEP_S)
                pipe.execute()

        stream._write(start)
        return stream


def _read(operation: Any, unavailable: Any) -> Any:
    """``operation()``, or ``unavailable`` while Redis cannot be reached."""
    from redis.exceptions import RedisError

    try:
        return operation()
    except RedisError:
        return unavailable
