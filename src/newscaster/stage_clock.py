"""Where a narration's time goes: CPU seconds per pipeline stage, for benchmarks and logs.

Stages may overlap (encoding runs while the next sentences are synthesized), so each stage counts the
CPU time of the thread that ran it (``time.thread_time``), not wall time: the figures add up to the work
done, and another program competing for the cores barely moves them.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


class StageClock:
    """Accumulates CPU seconds per stage name; safe to use from several threads."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self._lock = threading.Lock()

    def add(self, stage: str, seconds: float) -> None:
        with self._lock:
            self.seconds[stage] = self.seconds.get(stage, 0.0) + seconds

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        started = time.thread_time()
        try:
            yield
        finally:
            self.add(name, time.thread_time() - started)

    def timed(self, function: Callable[P, R], name: str = "level and encode") -> Callable[P, R]:
        """``function``, its CPU time counted under ``name`` in whichever thread it runs."""

        def run(*args: P.args, **kwargs: P.kwargs) -> R:
            with self.stage(name):
                return function(*args, **kwargs)

        return run
