"""Synthesis workers: a ``read``'s workers load the voice one at a time, and every worker still serves; with
two workers the first sentence is finished in the calling process, to the same bytes."""

from __future__ import annotations

import time
from concurrent.futures import Executor
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from newscaster.audio.finish import Finish
from newscaster.config import Settings
from newscaster.models import Part, Sentence, SpeechAudio, Voice
from newscaster.stage_clock import StageClock
from newscaster.store.sentence_cache import MemorySentenceCache
from newscaster.synthesize import kill_pool, render, warm_pool, worker_pool
from newscaster.voices import registry as registry_module

LOAD_S = 1.0
"""Long enough that both workers have started before the first is done loading (each then takes one load)."""


class SlowLoadingEngine:
    """Takes ``LOAD_S`` to load in each process, noting when it did in ``log`` (one line per load)."""

    name = "slowload"
    top_quality = 0

    def __init__(self, log: Path) -> None:
        self.log = log
        self.loaded = False

    def voices(self) -> list[Voice]:
        return [Voice("slowload:one", "slowload", "one", "One", "en", "female", 16000, "MIT", 150.0)]

    def synthesize(self, text: str, voice: Voice, speed: float = 1.0) -> SpeechAudio:
        if not self.loaded:
            started = time.monotonic()
            time.sleep(LOAD_S)
            with self.log.open("a", encoding="utf-8") as out:
                out.write(f"{started} {time.monotonic()}\n")
            self.loaded = True
        return SpeechAudio(np.zeros(1600, np.float32), 16000, (), False)


@pytest.fixture
def slow_engine(tmp_path: Path):
    log = tmp_path / "loads.log"
    registry_module.register_engine("slowload", lambda settings: SlowLoadingEngine(log))
    try:
        yield log
    finally:
        registry_module._FACTORIES.pop("slowload", None)


def test_workers_load_the_voice_one_after_the_other(tmp_path: Path, slow_engine: Path) -> None:
    """All at once, two loading workers and the command share two cores three ways and the first voice is
    ready later; one at a time, the first is ready as soon as it alone can be."""
    pool = warm_pool(Settings(data_dir=tmp_path), "slowload:one", "en", 2)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            lines = slow_engine.read_text(encoding="utf-8").splitlines() if slow_engine.exists() else []
            if len(lines) == 2:
                break
            time.sleep(0.05)
    finally:
        kill_pool(pool, 5.0)
    loads = sorted(tuple(map(float, line.split())) for line in lines)
    assert len(loads) == 2, loads
    (first_start, first_end), (second_start, _) = loads
    assert first_end - first_start >= LOAD_S
    assert second_start >= first_end  # not overlapping: the second waited for its turn


class PeakyEngine:
    """A second of noise per sentence, different for each text, with a click over the limiter's ceiling:
    levelling and encoding have real work to do, and no two sentences encode alike."""

    name = "peaky"
    top_quality = 0

    def voices(self) -> list[Voice]:
        return [Voice("peaky:one", "peaky", "one", "One", "en", "female", 16000, "MIT", 150.0)]

    def synthesize(self, text: str, voice: Voice, speed: float = 1.0) -> SpeechAudio:
        rng = np.random.default_rng(sum(map(ord, text)))
        samples = (rng.standard_normal(16000) * 0.05).astype(np.float32)
        samples[8000:8040] = 0.95
        return SpeechAudio(samples, 16000, (), False)


@pytest.fixture
def peaky_voice():
    registry_module.register_engine("peaky", lambda settings: PeakyEngine())
    try:
        yield PeakyEngine().voices()[0]
    finally:
        registry_module._FACTORIES.pop("peaky", None)


def _segments(pool: Executor | None, voice: Voice, settings: Settings, clock: StageClock) -> list[Any]:
    texts = ["First one.", "Second one here.", "A third.", "And the fourth."]
    sentences = [Sentence(i, Part.BODY, 0, 0, len(t), t, t) for i, t in enumerate(texts)]
    rendered = render(
        sentences, voice, 1.0, settings=settings, cache=MemorySentenceCache(),
        finish=Finish("mp3", 16000, 6.0), pool=pool, workers=2 if pool else 1, clock=clock,
    )  # fmt: skip
    return [r.segment for r in rendered]


def test_with_two_starting_workers_the_first_sentence_is_finished_here_to_the_same_bytes(
    tmp_path: Path, peaky_voice: Voice
) -> None:
    """A ``read``'s workers are still loading: this process finishes the first sentence (its set-up done
    while it waited). Kept workers (a server's) finish every sentence themselves: none of that work, nor a
    hostile sentence's, lands in the server's own process."""
    settings = Settings(data_dir=tmp_path)
    alone = _segments(None, peaky_voice, settings, StageClock())
    assert all(segment is not None for segment in alone)
    assert len({segment.data for segment in alone}) == len(alone)
    for pool, finishes_here in (
        (warm_pool(settings, peaky_voice.id, "en", 2), True),
        (worker_pool(2), False),
    ):
        clock = StageClock()
        try:
            pooled = _segments(pool, peaky_voice, settings, clock)
        finally:
            kill_pool(pool, 5.0)
        assert pooled == alone
        assert (clock.seconds.get("level and encode", 0.0) > 0) is finishes_here
