"""Sentences → AudioChunks, one per sentence, in order, reusing cached sentences; finished (levelled,
encoded) where they were synthesized.

Sentences are independent, so with ``workers`` > 1 they are spread over worker processes (each loads
the voice once) while the results are still yielded in reading order. Each worker also levels and
encodes its sentence (``audio/finish.py``), so nothing but joining is left for the end.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import resource
import time
from collections import deque
from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor, ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass, replace
from typing import Any

from .audio.finish import Finish, Rendered, RenderedChunk
from .config import Settings
from .models import AudioChunk, Part, Sentence, SpeechAudio, Voice
from .stage_clock import StageClock
from .store.sentence_cache import SentenceCache, sentence_key
from .voices.base import engine_text
from .voices.pieces import speak
from .voices.registry import registry_for

SENTENCE_PAUSE_MS = 300
"""Between sentences of one paragraph: close to a newsreader's breath pause."""
PARAGRAPH_PAUSE_MS = 700
"""Between paragraphs: long enough to hear the paragraph break, short enough not to sound like a stall."""
INTRO_PAUSE_MS = 900
"""After the title and after the last intro item, marking the move into the article."""
SECTION_PAUSE_MS = 1000
"""Before a section heading: a little longer than the move into the article, so the new section is heard
as one (and a chapter's start lands after a clear break)."""
MAX_IN_FLIGHT_PER_WORKER = 4
"""Enough queued sentences to keep each worker busy without synthesizing far ahead of a cancelled job."""
IN_PROCESS_WINDOW = 2
"""Without worker processes: the sentence being synthesized here and the one being finished alongside."""


@dataclass(frozen=True)
class PassageVoice:
    """Who reads the passages of one other language (``Sentence.language``): the voice, and the level
    and format its sentences are finished in (None where sentences are not finished)."""

    voice: Voice
    finish: Finish | None


def pause_after(sentence: Sentence, next_sentence: Sentence | None, speed: float) -> int:
    """Pauses shrink with speed, so a 1.5x narration is 1/1.5 of the 1x length overall."""
    if next_sentence is None:
        pause = 0
    elif next_sentence.heading and not sentence.heading:
        pause = SECTION_PAUSE_MS
    elif sentence.part is not Part.BODY and (sentence.part is Part.TITLE or next_sentence.part is Part.BODY):
        pause = INTRO_PAUSE_MS
    elif sentence.ends_paragraph:
        pause = PARAGRAPH_PAUSE_MS
    else:
        pause = SENTENCE_PAUSE_MS
    return round(pause / speed)


def _synthesize_one(settings: Settings, voice: Voice, speed: float, text: str) -> SpeechAudio:
    engine = registry_for(settings).engine(voice.engine)
    return speak(engine, engine_text(engine, text), voice, speed)


@dataclass(frozen=True)
class SentenceTask:
    """One sentence for a worker: synthesize it (unless ``speech`` came from the cache), then ``finish``
    it. ``voice`` and ``text`` also name the sentence in deadline messages (``jobs/worker.py``)."""

    voice: Voice
    speed: float
    text: str
    pause_ms: int
    finish: Finish | None
    speech: SpeechAudio | None = None


def render_sentence(settings: Settings, task: SentenceTask) -> Rendered:
    """A worker's whole job for one sentence: the engine's audio, then its level and MP3 frames."""
    fresh = task.speech is None
    speech = task.speech if task.speech is not None else _synthesize_one(
        settings, task.voice, task.speed, task.text
    )  # fmt: skip
    if task.finish is None:
        return Rendered(speech, fresh, task.pause_ms)
    return task.finish.apply(speech, task.pause_ms, fresh)


def default_workers() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)


def cap_memory(limit_mb: int) -> None:
    """Limit this process's address space to ``limit_mb`` MiB (0: no limit): past it, allocations fail
    with MemoryError inside the engine call — the sentence's job fails — instead of the kernel's OOM
    killer picking a victim on the host. Only ever called in synthesis worker processes."""
    if limit_mb > 0:
        limit_bytes = limit_mb * 1024 * 1024
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            limit_bytes = min(limit_bytes, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit_bytes, hard))


_killed_pools = 0


def pools_killed() -> bool:
    """A pool of this process was killed (``kill_pool``): its manager thread may still be tidying up."""
    return _killed_pools > 0


def kill_pool(pool: Executor, wait_s: float) -> None:
    """Stop a process pool now, workers busy loading or stuck in an engine included (``shutdown`` alone
    waits for them forever); wait up to ``wait_s`` for them to be gone."""
    global _killed_pools
    _killed_pools += 1
    handles = list(dict(getattr(pool, "_processes", None) or {}).values())
    manager = getattr(pool, "_executor_manager_thread", None)
    for process in handles:
        if process.is_alive():
            process.kill()
    pool.shutdown(wait=False, cancel_futures=True)
    deadline = time.monotonic() + wait_s
    for process in handles:
        process.join(max(0.0, deadline - time.monotonic()))
    if manager is not None:
        # The pool's manager thread closes its wake-up pipe as it sees the workers gone; an interpreter
        # exiting meanwhile would write to that pipe as it closes ("Bad file descriptor" on stderr).
        manager.join(max(0.0, deadline - time.monotonic()))


_load_turn: Any = None
"""This worker's turn to load a voice (a lock shared by the pool's workers; ``_load_likely_voice``)."""


def _start_worker(memory_mb: int, load_turn: Any) -> None:
    global _load_turn
    _load_turn = load_turn
    cap_memory(memory_mb)


class StartingPool(ProcessPoolExecutor):
    """``warm_pool``'s workers: still loading their voice as the narration starts, so ``render`` finishes
    the first sentence in the calling process rather than wait for a worker's first finishing set-up."""


def worker_pool(
    workers: int,
    start_method: str | None = None,
    *,
    memory_mb: int = 0,
    pool_class: type[ProcessPoolExecutor] = ProcessPoolExecutor,
) -> Executor:
    """Synthesis worker processes, started now, each capped at ``memory_mb`` MiB (``cap_memory``).

    Forked workers start in milliseconds, so forking is the default for one-off runs. Engines run
    single-threaded (no runtime thread pools to break across fork). A long-lived server with its own
    threads passes "spawn".
    """
    if start_method is None:
        start_method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    context = multiprocessing.get_context(start_method)
    pool = pool_class(
        max_workers=workers,
        mp_context=context,
        initializer=_start_worker,
        initargs=(memory_mb, context.Lock()),
    )
    pool.submit(int).result()  # with fork, the first submit starts every worker: do it now
    return pool


def forked_pool(voice: Voice, workers: int, settings: Settings) -> Executor:
    """Workers that start with the voice already loaded: the model is loaded (and warmed) here, then
    the workers fork and share it copy-on-write, so no worker spends a second loading it again."""
    _synthesize_one(settings, voice, 1.0, "Ready.")
    return worker_pool(workers, memory_mb=settings.worker_memory_mb)


def _load_likely_voice(settings: Settings, voice_id: str | None, language: str) -> None:
    """Load the voice a narration will most likely use (``voice_id``, else the default for ``language``),
    one worker at a time. A wrong guess only costs the load; any error is left for the narration to
    report."""
    try:
        with _load_turn or contextlib.nullcontext():
            registry = registry_for(settings)
            voice = registry.get(voice_id) if voice_id else registry.default_for(language)
            _synthesize_one(settings, voice, 1.0, "Ready.")
    except Exception:  # reported, with its own message, when the narration asks for the voice
        return


def warm_pool(settings: Settings, voice_id: str | None, language: str, workers: int) -> Executor:
    """Worker processes forked now, before anything heavy is imported here, each loading the likely voice
    (``_load_likely_voice``) while this process reads and prepares the article. Loading the engine is
    mostly Python (imports, its pronunciation dictionary), so in a thread of this process it would take
    turns with the text work under the GIL; in its own process it runs on another core, and the first
    sentence goes to whichever worker is ready first. Even one worker is worth its process: measured with
    ``bench/bench_pipeline.py``, a thread here gave the first audio of the seed article ~1 s later.

    The workers load one after the other: all at once, they and this process shared two cores three ways
    and the first was ready 0.4 s later (``read -o -``, 1.2 s against 1.6 s to the first audio); the one
    still waiting for its turn takes no sentence, so the first goes to the worker that is ready, and the
    last loads while the first synthesizes (the whole narration took as long either way)."""
    pool = worker_pool(workers, memory_mb=settings.worker_memory_mb, pool_class=StartingPool)
    for _ in range(workers):
        pool.submit(_load_likely_voice, settings, voice_id, language)
    return pool


def synthesize(
    sentences: Sequence[Sentence],
    voice: Voice,
    speed: float,
    *,
    settings: Settings,
    cache: SentenceCache,
    pool: Executor | None = None,
    workers: int = 1,
) -> Iterator[AudioChunk]:
    """Yield one AudioChunk per sentence, in order; cached sentences are not synthesized again."""
    for rendered in render(
        sentences, voice, speed, settings=settings, cache=cache, pool=pool, workers=workers
    ):  # fmt: skip
        yield rendered.chunk


def render(
    sentences: Sequence[Sentence],
    voice: Voice,
    speed: float,
    *,
    settings: Settings,
    cache: SentenceCache,
    finish: Finish | None = None,
    pool: Executor | None = None,
    workers: int = 1,
    clock: StageClock | None = None,
    passages: Mapping[str, PassageVoice] | None = None,
) -> Iterator[RenderedChunk]:
    """Yield every sentence's audio in reading order, ``finish``ed when given; a sentence in another
    language with a voice in ``passages`` (by its language) is read and finished by that one.

    Cached sentences are not synthesized again, cached segments not encoded again. With a ``pool`` the
    sentences go to its workers a few at a time; without one, synthesis runs here and finishing in a
    helper thread, overlapping the next sentence's synthesis. The first sentence is handed over as soon
    as it is ready: a stream's first audio waits for nothing else.

    With workers still starting (``StartingPool``) and a core to spare (two workers or more), this
    process finishes the first sentence itself, having done finishing's one-time set-up
    (``Finish.warm_up``) while it waited: a worker fresh from loading its voice would spend ~0.13 s on
    that set-up between the first sentence and its first byte. Kept workers (a server's) are past it.
    """
    window = workers * MAX_IN_FLIGHT_PER_WORKER if pool is not None else IN_PROCESS_WINDOW
    # Finishes the first sentence here; None: the workers finish every sentence.
    first_finish = finish if isinstance(pool, StartingPool) and workers > 1 else None
    clock = clock or StageClock()
    passages = passages or {}
    pending: deque[tuple[int, str, Finish | None, Future[Rendered] | Rendered]] = deque()
    with ExitStack() as stack:
        helper = None
        if pool is None and finish is not None:
            helper = stack.enter_context(ThreadPoolExecutor(1, thread_name_prefix="newscaster-finish"))

        def submit(index: int) -> None:
            sentence = sentences[index]
            next_sentence = sentences[index + 1] if index + 1 < len(sentences) else None
            passage = passages.get(sentence.language) if sentence.language else None
            reader, finishing = (passage.voice, passage.finish) if passage else (voice, finish)
            key = sentence_key(reader, speed, sentence.spoken)
            pause_ms = pause_after(sentence, next_sentence, speed)
            task = SentenceTask(reader, speed, sentence.spoken, pause_ms, finishing, cache.get(key))
            reused = _reused(task, key, cache)
            if reused is not None:
                pending.append((index, key, finishing, reused))
            elif pool is not None:
                if index == 0 and first_finish is not None:
                    task = replace(task, finish=None)  # finished here, in take()
                pending.append((index, key, finishing, pool.submit(render_sentence, settings, task)))
            elif helper is not None and finishing is not None:
                fresh, speech = task.speech is None, task.speech
                if speech is None:
                    with clock.stage("synthesize"):
                        speech = _synthesize_one(settings, reader, speed, task.text)
                finished = helper.submit(clock.timed(finishing.apply), speech, task.pause_ms, fresh)
                pending.append((index, key, finishing, finished))
            else:
                with clock.stage("synthesize"):
                    pending.append((index, key, finishing, render_sentence(settings, task)))

        def take() -> RenderedChunk:
            index, key, finishing, result = pending.popleft()
            with clock.stage("wait for workers"):
                rendered = result.result() if isinstance(result, Future) else result
            if finishing is not None and not rendered.finished:  # the first sentence, finished here
                rendered = clock.timed(finishing.apply)(rendered.speech, rendered.pause_ms, rendered.fresh)
            if rendered.fresh:
                cache.put(key, rendered.speech)
            if finishing is not None and rendered.segment is not None and not rendered.segment_cached:
                cache.put_segment(finishing.segment_key(key, rendered.pause_ms), rendered.segment)
            chunk = AudioChunk(sentences[index], rendered.speech, rendered.pause_ms, not rendered.fresh)
            return RenderedChunk(chunk, rendered.samples, rendered.segment, rendered.segment_cached)

        def head_ready() -> bool:
            head = pending[0][3]
            return not isinstance(head, Future) or head.done()

        upcoming, handed = 0, 0
        while upcoming < len(sentences) or pending:
            while upcoming < len(sentences) and len(pending) < window:
                submit(upcoming)
                upcoming += 1
                if pool is None:
                    break  # synthesis runs here: look at what is finished between sentences
            must_wait = handed == 0 or len(pending) >= window or upcoming == len(sentences)
            if handed == 0 and first_finish is not None and not head_ready():  # once: the first is taken next
                with clock.stage("level and encode"):
                    first_finish.warm_up()
            while pending and (must_wait or head_ready()):
                yield take()
                handed, must_wait = handed + 1, False


def _reused(task: SentenceTask, key: str, cache: SentenceCache) -> Rendered | None:
    """The sentence's finished audio straight from the cache, when nothing is left to do for it."""
    if task.speech is None:
        return None
    if task.finish is None:
        return Rendered(task.speech, False, task.pause_ms)
    if not task.finish.segmented:
        return None  # levelling PCM is cheap, but it still needs doing (by a worker)
    segment = cache.get_segment(task.finish.segment_key(key, task.pause_ms))
    if segment is None:
        return None
    return Rendered(task.speech, False, task.pause_ms, segment=segment, segment_cached=True)
