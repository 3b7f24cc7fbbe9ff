"""Synthesis workers: a ``read``'s workers load the voice one at a time, and every worker still serves."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pytest

from newscaster.config import Settings
from newscaster.models import SpeechAudio, Voice
from newscaster.synthesize import kill_pool, warm_pool
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
