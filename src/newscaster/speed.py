"""Listening speed: a multiplier, a preset, or a target words-per-minute turned into a multiplier.

A voice's natural pace is measured, not assumed: the first time a WPM target is asked of a voice, the
bundled sample article is narrated at 1.0 and its written words per minute of audio are stored.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from .audio.encode import write_text_atomic
from .errors import OptionError
from .models import Voice
from .voices.base import MAX_SPEED, MIN_SPEED

SPEED_PRESETS = {"slow": 0.75, "average": 1.0, "fast": 1.5}
"""The player's Slow / Average / Fast; "fast" gets through an article in two thirds of the time."""
PLAYER_SPEEDS = tuple(x / 4 for x in range(2, 9))
"""0.5x–2.0x in 0.25 steps, the choices the player offers."""
CALIBRATION_VERSION = 1
"""Bump when pauses or text preparation change enough to move a voice's measured pace."""


def parse_speed(value: str | float | None) -> float:
    """A number (0.5–2.0, "1.25" or "1.25x") or a preset name → multiplier."""
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
    return float(value)


class PaceBook:
    """Measured natural words-per-minute per voice, stored in ``path`` (JSON)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def _load(self) -> dict[str, float]:
        try:
            stored = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        if stored.get("version") != CALIBRATION_VERSION:
            return {}
        return {str(k): float(v) for k, v in stored.get("wpm", {}).items()}

    def natural_wpm(self, voice: Voice, measure: Callable[[Voice], float] | None = None) -> float:
        """The voice's measured pace; measured now (and stored) if never measured, else the estimate."""
        known = self._load()
        if voice.id in known:
            return known[voice.id]
        if measure is None:
            return voice.natural_wpm
        known[voice.id] = measure(voice)
        write_text_atomic(self.path, json.dumps({"version": CALIBRATION_VERSION, "wpm": known}, indent=1))
        return known[voice.id]


def speed_for_wpm(target_wpm: float, natural_wpm: float) -> float:
    speed = target_wpm / natural_wpm
    if not MIN_SPEED <= speed <= MAX_SPEED:
        low, high = round(natural_wpm * MIN_SPEED), round(natural_wpm * MAX_SPEED)
        raise OptionError(f"{target_wpm:g} WPM is out of range for this voice; choose {low} to {high}")
    return speed
