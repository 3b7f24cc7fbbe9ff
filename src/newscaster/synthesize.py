"""Sentences → AudioChunks, one per sentence, in order, reusing cached sentences.

Sentences are independent, so with ``workers`` > 1 they are spread over worker processes (each loads
the voice once) while the results are still yielded in reading order.
"""

from __future__ import annotations

import multiprocessing
import os
import resource
from collections.abc import Iterator, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor

from .config import Settings
from .models import AudioChunk, Part, Sentence, SpeechAudio, Voice
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


def worker_pool(workers: int, start_method: str | None = None, *, memory_mb: int = 0) -> Executor:
    """Synthesis worker processes, started now, each capped at ``memory_mb`` MiB (``cap_memory``).

    Forked workers start in milliseconds, so forking is the default for one-off runs. Engines run
    single-threaded (no runtime thread pools to break across fork). A long-lived server with its own
    threads passes "spawn".
    """
    if start_method is None:
        start_method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context(start_method),
        initializer=cap_memory,
        initargs=(memory_mb,),
    )
    pool.submit(int).result()  # with fork, the first submit starts every worker: do it now
    return pool


def forked_pool(voice: Voice, workers: int, settings: Settings) -> Executor:
    """Workers that start with the voice already loaded: the model is loaded (and warmed) here, then
    the workers fork and share it copy-on-write, so no worker spends a second loading it again."""
    _synthesize_one(settings, voice, 1.0, "Ready.")
    return worker_pool(workers, memory_mb=settings.worker_memory_mb)


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
    window = workers * MAX_IN_FLIGHT_PER_WORKER if pool is not None else 1
    pending: list[tuple[int, str, Future[SpeechAudio] | SpeechAudio, bool]] = []
    upcoming = iter(range(len(sentences)))

    def submit(index: int) -> None:
        sentence = sentences[index]
        key = sentence_key(voice, speed, sentence.spoken)
        cached = cache.get(key)
        if cached is not None:
            pending.append((index, key, cached, True))
        elif pool is not None:
            future = pool.submit(_synthesize_one, settings, voice, speed, sentence.spoken)
            pending.append((index, key, future, False))
        else:
            pending.append((index, key, _synthesize_one(settings, voice, speed, sentence.spoken), False))

    for index in upcoming:
        submit(index)
        if len(pending) >= window:
            break
    while pending:
        index, key, result, from_cache = pending.pop(0)
        speech = result.result() if isinstance(result, Future) else result
        if not from_cache:
            cache.put(key, speech)
        for upcoming_index in upcoming:
            submit(upcoming_index)
            break
        sentence = sentences[index]
        next_sentence = sentences[index + 1] if index + 1 < len(sentences) else None
        yield AudioChunk(sentence, speech, pause_after(sentence, next_sentence, speed), from_cache)
