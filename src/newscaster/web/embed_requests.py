"""Narrations the one-line embed asked for, by article URL, so that every reader's page load does not
queue a job of its own: while one is queued or running, asking again joins it, and after one failed the URL
is not tried again for a while (a page that is not an article would otherwise be fetched on every view).

In memory: a restarted server forgets them, and asking again then queues one new job.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field

from ..jobs.base import Job, JobState

FAILED_RETRY_AFTER_S = 3600
"""How long a URL whose narration failed is left alone: long enough that a busy page cannot make the server
fetch it again and again, short enough that a fixed page gets its narration the same morning."""
MAX_REMEMBERED_URLS = 10_000
"""URLs kept; the least recently asked for are forgotten first."""


@dataclass
class EmbedRequests:
    clock: Callable[[], float] = time.monotonic
    _jobs: OrderedDict[str, tuple[str, float]] = field(default_factory=OrderedDict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def known(self, url: str, get_job: Callable[[str], Job | None]) -> Job | None:
        """The job an embed started for ``url`` that is still to be waited for: queued or running, or failed
        within ``FAILED_RETRY_AFTER_S``. None when asking again should queue a new one."""
        with self._lock:
            entry = self._jobs.get(url)
        if entry is None:
            return None
        job_id, asked_at = entry
        job = get_job(job_id)
        if job is None or job.state is JobState.DONE:
            self.forget(url)
            return None
        if job.state is JobState.FAILED and self.clock() - asked_at > FAILED_RETRY_AFTER_S:
            self.forget(url)
            return None
        return job

    def remember(self, url: str, job_id: str) -> None:
        with self._lock:
            self._jobs.pop(url, None)
            self._jobs[url] = (job_id, self.clock())
            while len(self._jobs) > MAX_REMEMBERED_URLS:
                self._jobs.popitem(last=False)

    def forget(self, url: str) -> None:
        with self._lock:
            self._jobs.pop(url, None)
