"""The gain that brings a voice to the spoken-word target, measured once per voice instead of per narration.

A voice speaks every article at about the same loudness, so the gain that brings it to -16 LUFS can be
measured beforehand (on real narrations, through the same levelling the pipeline uses) and applied to
each sentence the moment it is synthesized: no look-ahead, no second pass, so the first sentence can be
streamed while the rest are still being made.

The measurements of the installed voices ship with newscaster (``data/voice-gain.json``, written by
``bench/bench_loudness.py --calibrate``; per speed, interpolated between). A voice not in it (a Piper
voice a user added) is measured on first use, on the bundled sample article, and remembered in the data
folder (its speed curve borrowed from a bundled voice of the same engine).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from ..files import write_text_atomic
from ..models import AudioChunk, Voice
from .finish import level
from .loudness import TARGET_LUFS, integrated_lufs
from .resample import resample

GAIN_VERSION = 1
"""Bump when levelling changes enough to move a voice's measured gain (stored measurements are redone)."""
BUNDLED_GAINS = Path(__file__).resolve().parents[1] / "data" / "voice-gain.json"
CALIBRATION_PASSES = 3
"""The limiter lowers loudness a little after the first guess; two corrections land within 0.05 LU."""


def join_levelled(chunks: Sequence[AudioChunk], sample_rate_hz: int, gain_db: float) -> np.ndarray:
    """The chunks levelled one by one and joined with their pauses, as a narration would play them."""
    pieces = []
    for number, chunk in enumerate(chunks):
        speech = resample(chunk.speech.samples, chunk.speech.sample_rate_hz, sample_rate_hz)
        pieces.append(level(speech, sample_rate_hz, gain_db))
        if number < len(chunks) - 1:
            pieces.append(np.zeros(round(sample_rate_hz * chunk.pause_ms / 1000), np.float32))
    return np.concatenate(pieces) if pieces else np.zeros(0, np.float32)


def measure_gain(
    chunks: Sequence[AudioChunk], sample_rate_hz: int, target_lufs: float = TARGET_LUFS
) -> float:
    """The gain (dB) that brings these chunks, levelled sentence by sentence, to ``target_lufs``."""
    gain_db = 0.0
    for _ in range(CALIBRATION_PASSES):
        reached = integrated_lufs(join_levelled(chunks, sample_rate_hz, gain_db), sample_rate_hz)
        if not np.isfinite(reached):
            return 0.0  # silence: nothing to level
        gain_db += target_lufs - reached
    return round(gain_db, 2)


def interpolate(by_speed: dict[float, float], speed: float) -> float:
    """The gain at ``speed`` from gains measured at a few speeds (constant beyond the ends)."""
    speeds = sorted(by_speed)
    return float(np.interp(speed, speeds, [by_speed[s] for s in speeds]))


class GainBook:
    """Calibrated gains (dB, for the target in PCM) per voice and speed: bundled, else measured here."""

    def __init__(self, path: Path, bundled: Path = BUNDLED_GAINS) -> None:
        self.path = path
        self.bundled = bundled

    @staticmethod
    def load(path: Path) -> dict[str, dict[float, float]]:
        """{voice id: {speed: gain dB}} from a gain file; empty when missing, damaged or outdated."""
        try:
            stored = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(stored, dict) or stored.get("version") != GAIN_VERSION:
            return {}
        return {
            str(voice): {float(speed): float(gain) for speed, gain in gains.items()}
            for voice, gains in stored.get("voices", {}).items()
        }

    def gain_db(self, voice: Voice, speed: float, measure: Callable[[Voice], float]) -> float:
        """The voice's gain at ``speed``. A voice not in the bundled table is measured at 1.0 on first use
        (and remembered); its gain at other speeds follows the speed curve of a bundled voice of the same
        engine (the synthesizer, not the voice, makes loudness move with speed), else stays flat."""
        bundled = self.load(self.bundled)
        if voice.id in bundled:
            return interpolate(bundled[voice.id], speed)
        measured = self.load(self.path)
        if voice.id not in measured:
            measured[voice.id] = {1.0: measure(voice)}
            document = {
                "version": GAIN_VERSION,
                "voices": {v: {f"{s:g}": g for s, g in gains.items()} for v, gains in measured.items()},
            }
            write_text_atomic(self.path, json.dumps(document, indent=1))
        at_1x = interpolate(measured[voice.id], 1.0)
        relative = next((g for v, g in bundled.items() if v.split(":", 1)[0] == voice.engine), None)
        if relative is None:
            return at_1x
        return at_1x + interpolate(relative, speed) - interpolate(relative, 1.0)


def write_bundled(gains: dict[str, dict[float, float]], path: Path = BUNDLED_GAINS) -> None:
    """Store measured gains as the bundled table (``bench/bench_loudness.py --calibrate``)."""
    document = {
        "version": GAIN_VERSION,
        "target_lufs": TARGET_LUFS,
        "note": "bench/bench_loudness.py --calibrate: gain (dB) per voice and speed over real narrations",
        "voices": {
            v: {f"{s:g}": round(g, 2) for s, g in sorted(by.items())} for v, by in sorted(gains.items())
        },
    }
    write_text_atomic(path, json.dumps(document, indent=1) + "\n")
