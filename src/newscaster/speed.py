"""Listening speed: a multiplier, a preset, or a target words-per-minute turned into a multiplier.

A voice's natural pace is measured, not assumed: the first time a WPM target is asked of a voice, the
bundled sample article is narrated at 1.0 and its pace stored. A WPM target then becomes the multiplier
that makes *this* text last ``words / wpm`` minutes, predicted from its speakable length.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from .errors import OptionError
from .files import write_text_atomic
from .models import Sentence, Voice
from .synthesize import pause_after
from .text.phonemes import written_form
from .text.reading_time import word_equivalents
from .voices.base import MAX_SPEED, MIN_SPEED

SPEED_PRESETS = {"slow": 0.75, "average": 1.0, "fast": 1.5}
"""The player's Slow / Average / Fast; "fast" gets through an article in two thirds of the time."""
PLAYER_SPEEDS = tuple(x / 4 for x in range(2, 9))
"""0.5x–2.0x in 0.25 steps, the choices the player offers."""
SPEED_STEP = 0.05
"""Speeds are kept in steps of this size. Each speed is its own stored narration, so speeds in 0.001 steps
would let one article be narrated (and stored) thousands of times over; a 5 % step is below what a
listener tells apart, and every preset and player speed is a multiple of it."""
CALIBRATION_VERSION = 2
"""Bump when pauses or text preparation change enough to move a voice's measured pace."""


def parse_speed(value: str | float | None) -> float:
    """A number (0.5–2.0, "1.25" or "1.25x") or a preset name → multiplier, to the nearest ``SPEED_STEP``."""
    if value is None:
        return 1.0
    if isinstance(value, str):
        text = value.strip().lower()
        if text in SPEED_PRESETS:
            return SPEED_PRESETS[text]
        try:
            value = float(text.removesuffix("x"))
        except ValueError:
            presets = " / ".join(SPEED_PRESETS)
            raise OptionError(f"Speed {text!r} is not a number or one of {presets}") from None
    if not MIN_SPEED <= value <= MAX_SPEED:
        raise OptionError(f"Speed {value:g} is out of range; choose {MIN_SPEED:g} to {MAX_SPEED:g}")
    return quantize_speed(value)


def quantize_speed(speed: float) -> float:
    """``speed`` to the nearest multiple of ``SPEED_STEP`` (0.51 and 0.5 are one speed, one narration)."""
    return round(round(speed / SPEED_STEP) * SPEED_STEP, 2)


@dataclass(frozen=True)
class VoicePace:
    """How fast a voice speaks at 1.0, measured on the bundled sample article."""

    wpm: float
    """Written words per minute of audio, pauses included: the figure listeners are shown."""
    spoken_chars_per_s: float
    """Characters of speakable text per second of speech: steady across texts, unlike written words,
    because numbers and initialisms are already spelled out ("$1.2bn" is five spoken words)."""


class PaceBook:
    """Measured paces per voice, stored in ``path`` (JSON)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def _load(self) -> dict[str, VoicePace]:
        try:
            stored = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        if stored.get("version") != CALIBRATION_VERSION:
            return {}
        return {str(k): VoicePace(**v) for k, v in stored.get("voices", {}).items()}

    def pace(self, voice: Voice, measure: Callable[[Voice], VoicePace]) -> VoicePace:
        """The voice's measured pace, measured now (and stored) if never measured."""
        known = self._load()
        if voice.id not in known:
            known[voice.id] = measure(voice)
            document = {"version": CALIBRATION_VERSION, "voices": {k: asdict(v) for k, v in known.items()}}
            write_text_atomic(self.path, json.dumps(document, indent=1))
        return known[voice.id]

    def natural_wpm(self, voice: Voice) -> float:
        """Measured words per minute if the voice was measured, else the engine's estimate."""
        known = self._load().get(voice.id)
        return known.wpm if known else voice.natural_wpm


def natural_duration_ms(sentences: Sequence[Sentence], pace: VoicePace) -> float:
    """What these sentences will last at 1.0: speech from their spoken length, plus the pauses."""
    speech_ms = sum(1000 * len(written_form(s.spoken)) / pace.spoken_chars_per_s for s in sentences)
    pauses_ms = sum(pause_after(s, n, 1.0) for s, n in zip(sentences, [*sentences[1:], None], strict=True))
    return speech_ms + pauses_ms


def written_words(sentences: Sequence[Sentence]) -> float:
    """Words as written; Chinese and Japanese, written without spaces, by characters per word."""
    return sum(word_equivalents(s.text) for s in sentences)


def speed_for_wpm(target_wpm: float, sentences: Sequence[Sentence], pace: VoicePace) -> float:
    """The multiplier that makes these sentences last ``words / target_wpm`` minutes."""
    if not (math.isfinite(target_wpm) and target_wpm > 0):
        raise OptionError(f"{target_wpm:g} WPM is not a reading pace; give a positive number such as 250")
    natural_ms = natural_duration_ms(sentences, pace)
    target_ms = 60_000 * written_words(sentences) / target_wpm
    speed = natural_ms / target_ms
    if not MIN_SPEED <= speed <= MAX_SPEED:
        per_speed = target_wpm / speed
        low, high = round(per_speed * MIN_SPEED), round(per_speed * MAX_SPEED)
        raise OptionError(
            f"{target_wpm:g} WPM is out of range for this voice and text; choose {low} to {high}"
        )
    return speed
