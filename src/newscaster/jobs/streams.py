"""A running narration's audio and timings, kept for every listener while it is being made.

The job's worker thread writes (``NarrationStream`` is a ``NarrationSink``); any number of listeners read
from the first byte, each at its own pace: all get the same bytes, and one who joins late gets the
narration from the start. A stream stays a minute after its job ended (``STREAM_KEEP_S``), then the
stored file serves (the same audio, behind an Info frame and tags).
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Any, Protocol

from ..audio.timings import timing_to_dict
from ..models import Timing

STREAM_KEEP_S = 60.0
"""How long a finished stream is kept for late joiners (listeners already on it keep theirs): long enough
for a player that noticed the job is done to move to the stored file; after that the stream URL
redirects to that file, so a long narration's bytes are not held in memory twice for long."""


@dataclass(frozen=True)
class StreamState:
    """What a listener has not seen yet: audio bytes and timings after its position, and whether more
    may come."""

    audio: bytes
    timings: list[dict[str, Any]]
    audio_position: int
    timing_position: int
    finished: bool
    error: str | None


class LiveStream(Protocol):
    """One run of a job, as it is made: the job writes (it is the narration's ``NarrationSink``), any
    number of listeners read."""

    article_id: str | None

    def audio(self, data: bytes) -> None: ...

    def timing(self, timing: Timing) -> None: ...

    def finish(self, error: str | None = None) -> None: ...

    @property
    def has_audio(self) -> bool: ...

    @property
    def finished(self) -> bool: ...

    def since(self, audio_position: int = 0, timing_position: int = 0) -> StreamState: ...


class Streams(Protocol):
    """Where the running jobs' streams are: this process's memory (``StreamHub``), or Redis when Celery
    workers run the jobs (``jobs/redis_streams.py``)."""

    def get(self, job_id: str) -> LiveStream | None:
        """The job's current run (the same object while that run lasts), None when there is none."""
        ...

    def open(self, job_id: str) -> LiveStream:
        """A fresh stream for the job's run starting now (a run after a crash starts over)."""
        ...


class NarrationStream:
    """One narration as it is made, in this process's memory; thread-safe, append-only."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._audio: list[bytes] = []
        self._timings: list[dict[str, Any]] = []
        self.article_id: str | None = None
        self.finished = False
        self.finished_at = 0.0
        self.error: str | None = None

    # The job's side (a NarrationSink)

    def audio(self, data: bytes) -> None:
        with self._lock:
            self._audio.append(data)

    def timing(self, timing: Timing) -> None:
        document = timing_to_dict(timing)
        with self._lock:
            self._timings.append(document)

    def finish(self, error: str | None = None) -> None:
        with self._lock:
            self.finished, self.finished_at, self.error = True, time.monotonic(), error

    # The listeners' side

    @property
    def has_audio(self) -> bool:
        return bool(self._audio)

    def since(self, audio_position: int = 0, timing_position: int = 0) -> StreamState:
        """Everything after a listener's positions (counted in pieces as written, not bytes)."""
        with self._lock:
            return StreamState(
                b"".join(self._audio[audio_position:]),
                self._timings[timing_position:],
                len(self._audio),
                len(self._timings),
                self.finished,
                self.error,
            )


class StreamHub:
    """The streams of this server's jobs, by job id; finished ones are dropped after ``STREAM_KEEP_S``."""

    def __init__(self, keep_s: float = STREAM_KEEP_S) -> None:
        self.keep_s = keep_s
        self._streams: dict[str, NarrationStream] = {}
        self._lock = threading.Lock()

    def _forget_old(self) -> None:
        now = time.monotonic()
        for job_id, stream in list(self._streams.items()):
            if stream.finished and now - stream.finished_at > self.keep_s:
                del self._streams[job_id]

    def get(self, job_id: str) -> NarrationStream | None:
        with self._lock:
            self._forget_old()
            return self._streams.get(job_id)

    def open(self, job_id: str) -> NarrationStream:
        """A fresh stream for the job's run starting now (a run after a crash starts over)."""
        with self._lock:
            self._forget_old()
            stream = self._streams[job_id] = NarrationStream()
            return stream
