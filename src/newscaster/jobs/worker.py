"""Runs narration jobs from a queue on a bounded pool of threads sharing one synthesis process pool.

Every sentence is synthesized in a worker process, never in the server's own process, so an engine that
crashes takes down only that worker (the job runs again) and an engine that hangs is stopped: each
sentence has a deadline (``sentence_timeout_s``), past which the worker processes are killed and
replaced and the job fails with a message naming the voice and the sentence.
"""

from __future__ import annotations

import errno
import logging
import math
import multiprocessing
import os
import pickle
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import CancelledError, Executor, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import AbstractContextManager, contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ..audio.finish import Finish
from ..config import Settings
from ..errors import FetchError, InputError, NewscasterError, VoiceError
from ..fetch import fetch_url
from ..logs import job_context, log_event
from ..models import Article, Source
from ..pipeline import NarrationRequest, narrate, prepare_article, read_article, speech_options
from ..store.library import Library, content_hash
from ..synthesize import SentenceTask, kill_pool, render_sentence
from ..text.lexicon import default_lexicon
from ..text.normalize import normalizer_for
from ..text.reading_time import article_reading_minutes
from ..voices.registry import registry_for
from .base import Job, JobQueue, JobRequest
from .limits import check_audio_size
from .streams import LiveStream, StreamHub, Streams

log = logging.getLogger(__name__)

IDLE_POLL_S = 0.5
"""How soon an idle worker notices a new job; a narration takes seconds, so half a second is unnoticed."""
ERROR_BACKOFF_S = 2.0
"""After the queue itself failed (disk full, database locked for longer than its busy timeout): wait
this long before asking again, so a broken disk does not turn into a busy loop."""
SENTENCE_TIMEOUT_BASE_S = 60.0
"""Every sentence may take at least this long. Covers a fresh worker process loading its voice model
(a few seconds) and waiting behind another job's sentences on a busy two-core machine, many times over."""
SENTENCE_TIMEOUT_PER_CHAR_S = 0.2
"""Plus this much per character. Speech runs at about 15 characters a second (0.07 s each), so this lets
an engine be three times slower than real time before it counts as stuck: every installed engine is
several times faster than real time, a hung one never finishes."""
MAX_ARTICLE_CHARS = 100_000
"""Longest text a job narrates (title, key points, byline and body): about 16,000 words, nearly two hours
of audio, above the longest long-reads. A 10 MB page of text must not occupy the narrators for a day."""
STALE_SENTENCE_PART_S = 3600
"""Leftover ``.part`` files in the sentence cache older than this are removed at start; the cache may be
shared with a running ``newscaster read``, whose files in progress are younger."""
KILL_WAIT_S = 5.0
"""How long to wait for synthesis processes to exit (asked, or killed) when the server stops."""
PARENT_CHECK_S = 1.0
"""How often a synthesis process checks that the server that started it is still there."""
RECYCLE_RSS_MB = 1536
"""A synthesis process resident above this after a job is replaced once no job uses it: with both
neural voices loaded and warm a process holds about 0.6 GB; more is memory a runtime kept from a big
call (arenas are not given back), which would otherwise stay taken until the server stops."""
WARM_UP_ARTICLE = Article(
    title="Warming up",
    paragraphs=("On 3 March 2025 at 9.30am, the EU paid $2.4bn, or 12% more than in the 1990s.",),
)
"""Text with numbers, dates and money: preparing it loads every normalizer grammar a narration may need."""
WARM_UP_GAIN_DB = 30.0
"""Far above any voice's gain, so the warm-up sentence peaks over the ceiling and goes through the limiter."""
PROGRESS_WRITE_INTERVAL_S = 0.25
"""A job's progress is written at most this often: the player polls a few times a second at most."""
SWEEP_INTERVAL_S = 60.0
"""How often a running server removes narration files nobody serves any more (a deleted article's, or
ones superseded by a re-narration) once their grace period is over: a deleted article's audio is gone
within a minute of its grace period, for the cost of one directory walk a minute."""
PROCESS_DIED = "A synthesis process stopped while narrating this article (it crashed or ran out of memory)"
"""The reason a job is retried after its synthesis process died; the same reason twice is not retried."""


def sentence_timeout_s(text: str) -> float:
    """The deadline for synthesizing one sentence of ``text``."""
    return SENTENCE_TIMEOUT_BASE_S + SENTENCE_TIMEOUT_PER_CHAR_S * len(text)


class SynthesisTimeout(VoiceError):
    """A voice engine took longer than the sentence's deadline (it is hung, or hopelessly slow)."""


class ArticleTooLong(InputError):
    http_status = 413


def article_chars(article: Article) -> int:
    return (
        len(article.title)
        + len(article.byline or "")
        + sum(map(len, article.key_points))
        + sum(map(len, article.paragraphs))
    )


def with_intro_outro(article: Article, intro: str | None, outro: str | None) -> Article:
    """The article with ``intro`` as its first paragraph and ``outro`` as its last: spoken, shown in the
    transcript and timed like the rest, and part of the text a narration is matched on."""
    site = article.site_name or urlsplit(article.url or "").hostname or "this site"
    before = (intro.replace("{site}", site),) if intro else ()
    after = (outro.replace("{site}", site),) if outro else ()
    if not before and not after:
        return article
    return replace(article, paragraphs=(*before, *article.paragraphs, *after))


Exclusive = Callable[[str], AbstractContextManager[bool]]
"""Holds a narration key (``narration_key``) for a block; yields True when this process is then the only
writer of that narration anywhere (the Celery workers' leases), False when nothing is promised."""


@contextmanager
def no_exclusion(key: str) -> Iterator[bool]:
    """The built-in queue's ``Exclusive``: one server, nothing to coordinate with."""
    yield False


def narration_key(content_hash: str, voice_id: str, speed: float, audio_format: str) -> str:
    """What makes two jobs the same narration: the article's text, the voice, the speed and the format."""
    return f"{content_hash}:{voice_id}:{speed:.3f}:{audio_format}"


class NarrationService:
    """Turns one job into a stored article and narration; shared by the workers and the API."""

    def __init__(
        self,
        settings: Settings,
        library: Library,
        queue: JobQueue,
        streams: Streams | None = None,
        *,
        exclusive: Exclusive = no_exclusion,
    ) -> None:
        self.settings = settings
        self.library = library
        self.queue = queue
        self.streams: Streams = streams or StreamHub()
        self.exclusive = exclusive

    def source_article(self, request: JobRequest) -> Article:
        if request.article_id:
            stored = self.library.get_article(request.article_id)
            if stored is None:
                raise NewscasterError(f"Unknown article {request.article_id!r}")
            return read_article(stored.article, self.settings, request.language)
        return described(self._extracted(request), request)

    def _extracted(self, request: JobRequest) -> Article:
        if request.url:
            # Only ever a web address: never ``load_source``, which would read a server-side file or stdin.
            page = fetch_url(request.url, allow_private=self.settings.allow_private_urls)
            return read_article(page, self.settings, request.language)
        # Messages name where a page or text was read from (a batch's file or feed entry), if known.
        if request.html is not None:
            source = Source(request.html, is_html=True, name=request.source or "pasted HTML")
        else:
            source = Source(request.text or "", is_html=False, name=request.source or "pasted text")
        return read_article(source, self.settings, request.language)

    def run(self, job: Job, pool: Executor | None, workers: int) -> bool:
        """Narrate the job's article, streaming it as it goes (``streams``); True when a stored narration
        matched and was reused instead (the stream then ends without audio: the stored file serves)."""
        stream = self.streams.open(job.id)
        try:
            reused = self._run(job, pool, workers, stream)
        except BaseException as error:
            stream.finish(error=failure_reason(error) if isinstance(error, Exception) else "stopped")
            raise
        stream.finish()
        return reused

    def _run(self, job: Job, pool: Executor | None, workers: int, stream: LiveStream) -> bool:
        request = job.request
        article = with_intro_outro(self.source_article(request), request.intro, request.outro)
        length = article_chars(article)
        if length > MAX_ARTICLE_CHARS:
            raise ArticleTooLong(
                f"The article is too long to narrate here ({length:,} characters; "
                f"the limit is {MAX_ARTICLE_CHARS:,})"
            )
        # A new article, or a new version of one (same URL, or title from one source); a job given an
        # article's id keeps that article (a language it was given is stored with it).
        stored = self.library.save_article(
            article,
            article_reading_minutes(article, self.settings.reading_wpm),
            source=request.source or job.client,
            article_id=request.article_id,
        )
        stream.article_id = stored.id  # the player can open the article page while it is narrated
        narration_request = NarrationRequest(
            source=stored.article, output=Path("unused"), voice_id=request.voice, speed=request.speed,
            audio_format=request.audio_format, workers=workers, force_voice=request.force_voice,
        )  # fmt: skip
        # Jobs give a speed, never a WPM target, so the voice and speed need no prepared sentences.
        options = speech_options(stored.article, (), narration_request, self.settings)
        lexicon = default_lexicon(self.settings.lexicon_path, stored.article.language).fingerprint()
        key = narration_key(stored.content_hash, options.voice.id, options.speed, request.audio_format)
        with self.exclusive(key) as sole_writer:
            existing = self.library.find_narration(
                stored.id, stored.content_hash, options.voice.id, options.speed, request.audio_format, lexicon
            )
            if existing is not None:
                self.queue.finish(job.id, stored.id, existing.id)
                return True
            check_audio_size(length, options.speed, request.audio_format, options.voice.sample_rate_hz)
            storage = self.library.storage
            output = storage.new_output(stored, options.voice.id, options.speed, request.audio_format)
            if sole_writer:  # partial files of this narration can only be a killed writer's
                remove_partial_files(output)
            narration = narrate(
                replace(narration_request, output=output, voice_id=options.voice.id, speed=options.speed),
                self.settings,
                progress=progress_writer(self.queue, job.id),
                pool=pool,
                sink=stream,
            )
            made_meanwhile = self.library.find_narration(
                stored.id, stored.content_hash, options.voice.id, options.speed, request.audio_format, lexicon
            )
            if made_meanwhile is not None:  # another process made it side by side: keep one, drop ours
                remove_files(narration.audio_path, narration.vtt_path, narration.json_path)
                self.queue.finish(job.id, stored.id, made_meanwhile.id)
                return True
            # Audio, transcript and timings are all in place (on disk under names of their own, or uploaded
            # under their content's keys) before the row that makes them visible is: a crash, a full disk or
            # a failed upload before this line leaves files nobody serves, and the narration being replaced
            # stays served, untouched, until the row switches.
            published = storage.publish(narration)
            served_before = self.library.referenced_files(stored.id)
            saved = self.library.save_narration(
                stored, published.narration, request.audio_format, lexicon, job.client, published.size_bytes
            )
            storage.retire(served_before - self.library.referenced_files(stored.id))
            storage.remove_unreferenced(self.library.referenced_files, stored.id)
            assert content_hash(narration.article) == stored.content_hash
            self.queue.finish(job.id, stored.id, saved.id)
            return False


def remove_partial_files(output: Path) -> int:
    """Remove the ``.part`` files earlier runs of ``output``'s narration left (the name before its version
    token is the same); returns how many."""
    stem = output.name.rsplit("-", 1)[0]
    removed = 0
    for path in output.parent.glob(f".{stem}-*.part") if output.parent.is_dir() else ():
        try:
            path.unlink()
            removed += 1
        except OSError:
            continue
    return removed


def remove_files(*paths: str | Path) -> None:
    for path in paths:
        try:
            Path(path).unlink()
        except OSError:
            continue


def described(article: Article, request: JobRequest) -> Article:
    """``article`` with the title, byline, date and address the request gives in place of extracted ones."""
    return replace(
        article,
        title=request.title or article.title,
        byline=request.byline or article.byline,
        published=request.published or article.published,
        url=request.article_url or article.url,
    )


# --- Synthesis processes with deadlines -------------------------------------------------------------------


def _shareable_engines() -> dict[str, Any]:
    """Engine factories registered in this process that a spawned worker can import by name."""
    from ..voices.registry import registered_engines

    found = {}
    for name, factory in registered_engines().items():
        try:
            pickle.dumps(factory)
        except Exception:  # a lambda or closure: only usable in this process
            continue
        found[name] = factory
    return found


def _start_worker(factories: dict[str, Any], memory_mb: int = 0) -> None:
    """Worker process start: the same engines as the server (plugins, and test engines), a memory cap
    (``cap_memory``), and a watch on the server, so a worker never outlives it (a killed server's workers
    would otherwise wait forever, each holding a voice model in memory)."""
    from ..synthesize import cap_memory
    from ..voices.registry import register_engine

    cap_memory(memory_mb)
    for name, factory in factories.items():
        register_engine(name, factory)
    parent = os.getppid()

    def exit_with_parent() -> None:
        while True:
            time.sleep(PARENT_CHECK_S)
            if os.getppid() != parent:
                os._exit(0)

    threading.Thread(target=exit_with_parent, name="exit-with-server", daemon=True).start()


def _excerpt(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class _DeadlineFuture(Future):  # type: ignore[type-arg]
    """A synthesis result that is waited for at most ``sentence_timeout_s`` of its text."""

    def __init__(self, inner: Future, text: str, voice_id: str) -> None:  # type: ignore[type-arg]
        super().__init__()
        self._inner = inner
        self._text = text
        self._voice_id = voice_id

    def result(self, timeout: float | None = None) -> Any:
        limit = sentence_timeout_s(self._text) if timeout is None else timeout
        try:
            return self._inner.result(timeout=limit)
        except TimeoutError:
            raise SynthesisTimeout(
                f"The voice {self._voice_id} did not finish the sentence “{_excerpt(self._text)}” within "
                f"{limit:.0f} s; the narration was stopped"
            ) from None
        except (NewscasterError, BrokenProcessPool, CancelledError):
            raise
        except Exception as error:  # the engine raised: say which voice and sentence
            raise VoiceError(
                f"The voice {self._voice_id} failed on the sentence “{_excerpt(self._text)}”: "
                f"{type(error).__name__}: {error}"
            ) from error

    def exception(self, timeout: float | None = None) -> BaseException | None:
        return self._inner.exception(timeout)

    def done(self) -> bool:
        return self._inner.done()

    def running(self) -> bool:
        return self._inner.running()

    def cancelled(self) -> bool:
        return self._inner.cancelled()

    def cancel(self) -> bool:
        return self._inner.cancel()


class _DeadlineExecutor(Executor):
    """Hands synthesis to the shared process pool; each result comes with its sentence's deadline.

    ``render`` submits ``(fn, settings, task)``: the task's text sets the deadline and its voice names the
    engine in messages (other shapes get the base deadline).
    """

    def __init__(self, pool: Executor) -> None:
        self.pool = pool

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future:  # type: ignore[type-arg]
        inner = self.pool.submit(fn, *args, **kwargs)
        task = args[-1] if args else None
        text = getattr(task, "text", "")
        return _DeadlineFuture(inner, text, str(getattr(getattr(task, "voice", None), "id", "engine")))

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        pass  # the pool belongs to the WorkerPool


def _close_pool(pool: Executor) -> None:
    """Ask idle workers to exit, and make sure they have: a worker holds its own end of the task pipe, so
    one that missed the request would wait for tasks forever after the server is gone."""
    handles = list(dict(getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    deadline = time.monotonic() + KILL_WAIT_S
    for process in handles:
        process.join(max(0.0, deadline - time.monotonic()))
    for process in handles:
        if process.is_alive():
            process.kill()
            process.join(KILL_WAIT_S)


# --- Storage errors ---------------------------------------------------------------------------------------


def failure_reason(error: Exception) -> str:
    """What a failed job says: the error's own message, naming its real cause. A page that could not be
    fetched says so and why (a failed name lookup is an ``OSError`` too, but not the server's disk); an
    output the server could not write is the server's problem, told in the server's words."""
    if isinstance(error, FetchError):
        cause = error.__cause__
        detail = (getattr(cause, "strerror", None) or str(cause)) if cause is not None else ""
        why = f" ({detail})" if detail and detail not in str(error) else ""
        return f"The page could not be fetched: {error}{why}"
    if isinstance(error, NewscasterError):
        cause = error.__cause__
        if isinstance(cause, OSError) and not isinstance(error, InputError):
            return storage_message(cause)
        return str(error)
    if isinstance(error, OSError | sqlite3.Error):
        return storage_message(error)
    return f"Narration failed: {type(error).__name__}: {error}"


def storage_message(error: OSError | sqlite3.Error) -> str:
    """A readable reason for a failure to write the data folder."""
    code = getattr(error, "errno", None)
    text = str(error).lower()
    if code in {errno.ENOSPC, errno.EDQUOT} or "disk is full" in text or "database or disk is full" in text:
        return "The server's disk is full: the narration was not saved (nothing partial was kept)"
    if code in {errno.EACCES, errno.EPERM, errno.EROFS} or "readonly" in text or "read-only" in text:
        where = getattr(error, "filename", None)
        place = f" ({where})" if where else ""
        return f"The server cannot write to its data folder{place}: the narration was not saved"
    reason = getattr(error, "strerror", None) or str(error)
    return f"The narration could not be saved: {reason}"


def sweep_partial_files(settings: Settings) -> int:
    """Remove ``.part`` files a killed process left behind (they were never visible under a real name)."""
    removed = 0
    now = time.time()
    folders = ((settings.data_dir / "audio", 0.0), (settings.sentence_cache_dir, STALE_SENTENCE_PART_S))
    for folder, min_age_s in folders:
        for path in _part_files(folder):
            try:
                if now - path.stat().st_mtime >= min_age_s:
                    path.unlink()
                    removed += 1
            except OSError:
                continue
    return removed


def resident_mb(pid: int) -> float:
    """A process's resident memory in MiB (0 when it is gone or /proc is not there)."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        pass
    return 0.0


def _part_files(folder: Path) -> Iterator[Path]:
    if folder.is_dir():
        yield from folder.rglob(".*.part")


def progress_writer(queue: JobQueue, job_id: str) -> Callable[[int, int], None]:
    """A job's progress callback that writes to the queue at most every ``PROGRESS_WRITE_INTERVAL_S`` (and
    always the first and the last sentence): a row update per sentence cost the server a few percent of a
    core while ten jobs ran, for a progress bar that moves no smoother."""
    last_write = -math.inf

    def write(done: int, total: int) -> None:
        nonlocal last_write
        now = time.monotonic()
        if done in (1, total) or now - last_write >= PROGRESS_WRITE_INTERVAL_S:
            queue.progress(job_id, done, total)
            last_write = now

    return write


# --- The workers -------------------------------------------------------------------------------------------


class WorkerPool:
    """``threads`` job runners; synthesis goes to a shared pool of ``processes`` worker processes."""

    def __init__(
        self,
        service: NarrationService,
        threads: int,
        processes: int,
        sweep_interval_s: float = SWEEP_INTERVAL_S,
    ) -> None:
        self.service = service
        self.threads = threads
        self.processes = max(1, processes)
        self.sweep_interval_s = sweep_interval_s
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._runners: list[threading.Thread] = []
        self._pool: Executor | None = None
        self._pool_lock = threading.Lock()
        self._jobs_running = 0

    def start(self, warm_up: bool = False) -> None:
        """Recover interrupted jobs, clean up, start the job threads; with ``warm_up``, also load now
        (in the background) what the first narration would otherwise wait for."""
        recovered = self.service.queue.recover()
        if recovered:
            log.info("requeued %d interrupted job(s)", recovered)
        removed = sweep_partial_files(self.service.settings)
        if removed:
            log.info("removed %d partial file(s) left by an interrupted run", removed)
        self.sweep()
        for number in range(self.threads):
            runner = threading.Thread(target=self._loop, name=f"narration-worker-{number}", daemon=True)
            runner.start()
            self._runners.append(runner)
        sweeper = threading.Thread(target=self._sweep_loop, name="narration-file-sweeper", daemon=True)
        sweeper.start()
        self._runners.append(sweeper)
        if warm_up:
            threading.Thread(target=self._warm_up, name="narration-warm-up", daemon=True).start()

    def _warm_up(self) -> None:
        """The default voice loaded in every synthesis process (spawned now, kept alive), the voice list,
        the text normalizer and the lexicon loaded here: a first narration then starts in milliseconds,
        not after seconds of imports and model loads."""
        settings = self.service.settings
        try:
            voice = registry_for(settings).default_for("en")
            pool = self._synthesis_pool()
            # Loud enough that the limiter runs too: its library loads now, not in a listener's sentence.
            finish = Finish("mp3", voice.sample_rate_hz, WARM_UP_GAIN_DB)
            task = SentenceTask(voice, 1.0, "Ready.", 0, finish)
            warming = [pool.submit(render_sentence, settings, task) for _ in range(self.processes)]
            # NeMo's grammars too: the warm-up article's numbers are all read by the news rules, and a
            # first article that needs NeMo would otherwise wait ~1 s for them.
            normalizer_for("en", settings.cache_dir / "normalizer").warm_up()
            prepare_article(WARM_UP_ARTICLE, True, settings)
            for future in warming:
                future.result(timeout=SENTENCE_TIMEOUT_BASE_S)
        except Exception:  # a voice that cannot load now fails its jobs later, with their own message
            log.exception("warming up the narration workers failed")

    def sweep(self) -> int:
        """Remove the narration files no article refers to any more (superseded, of a deleted article, or
        orphaned), past their grace period: at start and every ``sweep_interval_s``."""
        library = self.service.library
        try:
            removed = library.storage.remove_unreferenced(library.referenced_files)
        except Exception as error:  # storage down: the next sweep or job end catches up
            log.warning("could not remove superseded narration files: %s", error)
            return 0
        if removed:
            log.info("removed %d superseded, deleted or orphaned narration file(s)", removed)
        return removed

    def _sweep_loop(self) -> None:
        while not self._stop.wait(self.sweep_interval_s):
            self.sweep()

    def wake(self) -> None:
        self._wake.set()

    def stop(self, timeout_s: float = 5.0) -> None:
        self._stop.set()
        self._wake.set()
        for runner in self._runners:
            runner.join(timeout_s)
        with self._pool_lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            if any(runner.is_alive() for runner in self._runners):
                kill_pool(pool, KILL_WAIT_S)  # a job is still synthesizing: do not wait for it
            else:
                _close_pool(pool)

    def _synthesis_pool(self) -> Executor:
        with self._pool_lock:
            if self._pool is None:
                # Spawned, not forked: the server has threads (and maybe models) that a fork would copy.
                self._pool = ProcessPoolExecutor(
                    max_workers=self.processes,
                    mp_context=multiprocessing.get_context("spawn"),
                    initializer=_start_worker,
                    initargs=(_shareable_engines(), self.service.settings.worker_memory_mb),
                )
            return self._pool

    def _replace_pool(self, broken: Executor, *, kill: bool) -> None:
        """Drop ``broken`` (if it is still the current pool); the next job starts fresh processes."""
        with self._pool_lock:
            if self._pool is broken:
                self._pool = None
        if kill:
            kill_pool(broken, KILL_WAIT_S)
        else:
            broken.shutdown(wait=False, cancel_futures=True)

    def _loop(self) -> None:
        queue = self.service.queue
        while not self._stop.is_set():
            try:
                job = queue.claim()
            except Exception:
                log.exception("could not read the job queue; trying again in %g s", ERROR_BACKOFF_S)
                self._stop.wait(ERROR_BACKOFF_S)
                continue
            if job is None:
                self._wake.wait(IDLE_POLL_S)
                self._wake.clear()
                continue
            self._run(job)

    def _recycle_grown_processes(self) -> None:
        """Replace the synthesis processes when one has grown past ``RECYCLE_RSS_MB`` and no job uses them."""
        with self._pool_lock:
            pool = self._pool
            if pool is None or self._jobs_running:
                return
            sizes_mb = [resident_mb(pid) for pid in dict(getattr(pool, "_processes", None) or {})]
            if max(sizes_mb, default=0.0) <= RECYCLE_RSS_MB:
                return
            self._pool = None
        log.info("replacing synthesis processes that grew to %.0f MB", max(sizes_mb))
        _close_pool(pool)

    def _run(self, job: Job) -> None:
        with self._pool_lock:
            self._jobs_running += 1
        started = time.perf_counter()
        reused = False
        try:
            with job_context(job.id):
                reused = self._run_job(job)
        finally:
            with self._pool_lock:
                self._jobs_running -= 1
            self._log_outcome(job, reused, (time.perf_counter() - started) * 1000)
            self._recycle_grown_processes()

    def _log_outcome(self, job: Job, reused: bool, duration_ms: float) -> None:
        """One structured line per job run: what it narrated, with which voice, how it ended and why."""
        try:
            record = self.service.queue.get(job.id) or job
            voice = job.request.voice
            if record.article_id and record.narration_id:
                made = self.service.library.current_narrations(record.article_id) or []
                voice = next((n.voice_id for n in made if n.id == record.narration_id), voice)
        except Exception:  # the queue is unreadable: the line still says which job ran
            record, voice = job, job.request.voice
        outcomes = {"done": "reused" if reused else "done", "queued": "retry"}
        outcome = outcomes.get(record.state.value, "failed")
        log_event(
            log,
            logging.WARNING if outcome in {"failed", "retry"} else logging.INFO,
            "job",
            id=job.id,
            article=record.article_id or job.request.article_id or job.request.url,
            voice=voice or "default",
            outcome=outcome,
            duration_ms=round(duration_ms),
            error=record.error if outcome in {"failed", "retry"} else None,
        )

    def _run_job(self, job: Job) -> bool:
        """Run the job and record its outcome; True when a stored narration was reused."""
        pool: Executor | None = None
        storage_errors: tuple[type[Exception], ...] = (OSError, *self.service.library.db.dialect.errors)
        try:
            pool = self._synthesis_pool()
            return self.service.run(job, _DeadlineExecutor(pool), self.processes)
        except SynthesisTimeout as error:
            log.warning("job %s: %s", job.id, error)
            if pool is not None:
                self._replace_pool(pool, kill=True)  # the stuck process would hold a worker forever
            self._settle(job, error=str(error))
        except NewscasterError as error:
            self._settle(job, error=failure_reason(error))
        except BrokenProcessPool:
            # A synthesis process died (killed, out of memory, crashed engine): fresh workers, run it again.
            log.warning("synthesis worker died during job %s", job.id)
            if pool is not None:
                self._replace_pool(pool, kill=False)
            if job.error == PROCESS_DIED:  # it died the same way last time: this input kills it
                self._settle(job, error=f"{PROCESS_DIED}, twice; it is not tried again")
            else:
                self._settle(job, requeue=True, error=PROCESS_DIED)
        except storage_errors as error:
            log.error("job %s could not be saved: %s", job.id, error)
            self._settle(job, error=failure_reason(error))
        except Exception as error:  # never let one job take the worker down
            log.exception("job %s failed", job.id)
            self._settle(job, error=failure_reason(error))
        return False

    def _settle(self, job: Job, *, error: str | None = None, requeue: bool = False) -> None:
        """Record the outcome; if even that fails (disk full), the job stays running and is recovered on
        the next start rather than taking this worker thread down."""
        try:
            if requeue:
                self.service.queue.requeue(job.id, reason=error)
            else:
                self.service.queue.fail(job.id, error or "Narration failed")
        except Exception:
            log.exception("could not record the outcome of job %s", job.id)
