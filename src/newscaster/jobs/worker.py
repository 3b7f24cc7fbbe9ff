"""Runs narration jobs from a queue on a bounded pool of threads sharing one synthesis process pool."""

from __future__ import annotations

import logging
import threading
from concurrent.futures import Executor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import replace
from pathlib import Path

from ..config import Settings
from ..errors import NewscasterError
from ..models import Article, Source
from ..pipeline import NarrationRequest, narrate, read_article, speech_options
from ..store.library import Library, StoredArticle, content_hash
from ..synthesize import worker_pool
from ..text.reading_time import reading_minutes
from .base import Job, JobQueue, JobRequest

log = logging.getLogger(__name__)

IDLE_POLL_S = 0.5
"""How soon an idle worker notices a new job; a narration takes seconds, so half a second is unnoticed."""


def audio_path_for(
    settings: Settings, stored: StoredArticle, voice_id: str, speed: float, audio_format: str
) -> Path:
    safe_voice = voice_id.replace(":", "-").replace("/", "-")
    name = f"{stored.content_hash[:12]}-{safe_voice}-{speed:g}x.{audio_format}"
    return settings.data_dir / "audio" / stored.id / name


class NarrationService:
    """Turns one job into a stored article and narration; shared by the workers and the API."""

    def __init__(self, settings: Settings, library: Library, queue: JobQueue) -> None:
        self.settings = settings
        self.library = library
        self.queue = queue

    def source_article(self, request: JobRequest) -> Article:
        if request.article_id:
            stored = self.library.get_article(request.article_id)
            if stored is None:
                raise NewscasterError(f"Unknown article {request.article_id!r}")
            return stored.article
        if request.url:
            return read_article(request.url, self.settings)
        if request.html is not None:
            return read_article(Source(request.html, is_html=True, name="pasted HTML"), self.settings)
        return read_article(Source(request.text or "", is_html=False, name="pasted text"), self.settings)

    def run(self, job: Job, pool: Executor | None, workers: int) -> None:
        request = job.request
        article = self.source_article(request)
        stored = self.library.save_article(
            article, reading_minutes(article.word_count, self.settings.reading_wpm)
        )
        narration_request = NarrationRequest(
            source=stored.article, output=Path("unused"), voice_id=request.voice, speed=request.speed,
            audio_format=request.audio_format, workers=workers,
        )  # fmt: skip
        # Jobs give a speed, never a WPM target, so the voice and speed need no prepared sentences.
        options = speech_options(stored.article, (), narration_request, self.settings)
        existing = self.library.find_narration(
            stored.id, stored.content_hash, options.voice.id, options.speed, request.audio_format
        )
        if existing is not None:
            self.queue.finish(job.id, stored.id, existing.id)
            return
        output = audio_path_for(self.settings, stored, options.voice.id, options.speed, request.audio_format)
        narration = narrate(
            replace(narration_request, output=output, voice_id=options.voice.id, speed=options.speed),
            self.settings,
            progress=lambda done, total: self.queue.progress(job.id, done, total),
            pool=pool,
        )
        saved = self.library.save_narration(stored, narration, request.audio_format)
        assert content_hash(narration.article) == stored.content_hash
        self.queue.finish(job.id, stored.id, saved.id)


class WorkerPool:
    """``threads`` job runners; synthesis goes to a shared pool of ``processes`` worker processes."""

    def __init__(self, service: NarrationService, threads: int, processes: int) -> None:
        self.service = service
        self.threads = threads
        self.processes = processes
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._runners: list[threading.Thread] = []
        self._pool: Executor | None = None
        self._pool_lock = threading.Lock()

    def start(self) -> None:
        recovered = self.service.queue.recover()
        if recovered:
            log.info("requeued %d interrupted job(s)", recovered)
        for number in range(self.threads):
            runner = threading.Thread(target=self._loop, name=f"narration-worker-{number}", daemon=True)
            runner.start()
            self._runners.append(runner)

    def wake(self) -> None:
        self._wake.set()

    def stop(self, timeout_s: float = 5.0) -> None:
        self._stop.set()
        self._wake.set()
        for runner in self._runners:
            runner.join(timeout_s)
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)

    def _synthesis_pool(self) -> Executor | None:
        if self.processes <= 1:
            return None
        with self._pool_lock:
            if self._pool is None:
                self._pool = worker_pool(self.processes, start_method="spawn")
            return self._pool

    def _reset_pool(self) -> None:
        with self._pool_lock:
            if self._pool is not None:
                self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None

    def _loop(self) -> None:
        queue = self.service.queue
        while not self._stop.is_set():
            job = queue.claim()
            if job is None:
                self._wake.wait(IDLE_POLL_S)
                self._wake.clear()
                continue
            try:
                self.service.run(job, self._synthesis_pool(), max(self.processes, 1))
            except NewscasterError as error:
                queue.fail(job.id, str(error))
            except BrokenProcessPool:
                # A synthesis process died (killed, out of memory): start fresh workers, run the job again.
                log.warning("synthesis worker died during job %s; retrying", job.id)
                self._reset_pool()
                queue.requeue(job.id)
            except Exception as error:  # never let one job take the worker down
                log.exception("job %s failed", job.id)
                queue.fail(job.id, f"Narration failed: {type(error).__name__}: {error}")
