"""Speed curves: a requested speed becomes the engine rate measured to give it, and every neural voice's
narration lasts 1/speed of its 1.0 narration, pauses included."""

from __future__ import annotations

from pathlib import Path

import pytest

from newscaster.config import Settings
from newscaster.models import Source
from newscaster.pipeline import NarrationRequest, narrate
from newscaster.store.sentence_cache import MemorySentenceCache
from newscaster.voices.registry import VoiceRegistry
from newscaster.voices.speed_curve import NATIVE_RATE, SpeedCurve

ENGLISH = (
    "The companies said the new services would carry about 1,200 passengers a night at full capacity. "
    "Each train will have 14 carriages.\n\n"
    "Tickets go on sale in January."
)
"""From the bundled sample article: text no curve was measured on, two paragraphs, so both kinds of pause."""
JAPANESE = (
    "トヨタ自動車は、今年度の世界販売台数の見通しを下方修正した。\n\n"
    "政府は来月から、外国人観光客の入国制限をさらに緩和する方針だ。"
)
"""Two of the benchmark's news paragraphs that the Japanese curve was not measured on."""
NEURAL_ENGINES = ("hibari", "piper", "kokoro")
SPEEDS = (0.5, 1.5, 2.0)
TOLERANCE = 0.05
SHARED_CURVE_ENGINES = ("kokoro",)
"""Engines whose voices are style vectors of one model with one measured curve: the ten Kokoro voices' frame
counts were within 2.1 % of their mean when the curve was measured (bench/bench_speed.py), so one voice per
language stands for the rest; each of its voices takes minutes at four speeds on two cores."""
"""Issue 14: a narration at speed S lasts 1/S of the 1.0 narration, give or take 5 %."""


def test_rate_is_interpolated_between_measured_points() -> None:
    curve = SpeedCurve(((0.5, 0.6), (1.0, 1.0), (2.0, 1.5), (4.0, 2.0)))
    assert curve.rate_for(1.0) == 1.0
    assert curve.rate_for(0.8) == pytest.approx(0.75)
    assert curve.rate_for(1.75) == pytest.approx(3.0)
    assert curve.rate_for(2.5) == 4.0  # held at the last measured point, never extrapolated
    assert NATIVE_RATE.rate_for(1.37) == pytest.approx(1.37)


@pytest.mark.parametrize(
    "points",
    [((1.0, 1.0),), ((1.0, 1.0), (0.5, 0.5)), ((0.5, 0.5), (1.0, 1.0), (2.0, 0.9))],
)
def test_a_curve_must_rise(points: tuple[tuple[float, float], ...]) -> None:
    with pytest.raises(ValueError):
        SpeedCurve(points)


def _duration_ms(voice_id: str, text: str, speed: float, settings: Settings, folder: Path) -> int:
    source = Source(content=text, is_html=False, name="speed.md")
    request = NarrationRequest(source, folder / f"{speed:g}.wav", voice_id=voice_id, speed=speed)
    return narrate(request, settings, cache=MemorySentenceCache()).duration_ms


@pytest.mark.slow
@pytest.mark.parametrize("engine", NEURAL_ENGINES)
def test_every_neural_voice_lasts_one_over_speed(engine: str, settings: Settings, tmp_path: Path) -> None:
    """0.5x, 1.5x and 2.0x against the same voice's 1.0x narration of the same text, within 5 %."""
    voices = [v for v in VoiceRegistry(settings).voices() if v.engine == engine]
    if engine in SHARED_CURVE_ENGINES:
        voices = list({v.language: v for v in reversed(voices)}.values())  # the first voice per language
    if not voices:
        pytest.skip(f"no {engine} voice is installed")
    off = []
    for voice in voices:
        text = JAPANESE if voice.language == "ja" else ENGLISH
        normal_ms = _duration_ms(voice.id, text, 1.0, settings, tmp_path)
        for speed in SPEEDS:
            achieved = normal_ms / _duration_ms(voice.id, text, speed, settings, tmp_path)
            if abs(achieved / speed - 1) > TOLERANCE:
                off.append(f"{voice.id} at {speed:g}x: {achieved:.3f}x")
    assert not off, off
