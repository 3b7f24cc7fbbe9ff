"""A listener's speed → an engine's own rate parameter, through a measured curve.

The neural engines divide each phoneme's predicted duration by their rate and then round it to whole
frames: hibari and Kokoro round to the nearest frame and keep at least one, Piper rounds up. Their
predicted durations sit near whole frames (hibari's are 1, 2 or 3 frames of 12.5 ms for most phonemes),
so the audio is not 1/rate as long: hibari at rate 2.0 lasts 1/1.85 of its 1.0 audio and jumps between
rates 1.33 and 1.34 (2-frame phonemes become 1-frame), and one-frame phonemes never get shorter. Each
engine therefore keeps the rates it was measured at and the speeds they achieved, and asks for the rate
whose measured speed is the one requested. ``bench/bench_speed.py --raw`` re-measures the points.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class SpeedCurve:
    """``points``: (engine rate, achieved speed) pairs, both ascending. The achieved speed is the
    speech's duration at rate 1.0 divided by its duration at that rate, on the same sentences."""

    points: tuple[tuple[float, float], ...]

    def __post_init__(self) -> None:
        rates = [rate for rate, _ in self.points]
        achieved = [speed for _, speed in self.points]
        if len(self.points) < 2 or any(b <= a for a, b in zip(rates, rates[1:], strict=False)):
            raise ValueError("a speed curve needs two or more points with rising rates")
        if any(b <= a for a, b in zip(achieved, achieved[1:], strict=False)):
            raise ValueError("a speed curve's achieved speeds must rise with the rate")

    def rate_for(self, speed: float) -> float:
        """The engine rate whose speech lasts 1/``speed`` of the 1.0 speech, interpolated between the
        measured points (and held at the end points outside them)."""
        rates, achieved = zip(*self.points, strict=True)
        return float(np.interp(speed, achieved, rates))


NATIVE_RATE = SpeedCurve(((0.01, 0.01), (100.0, 100.0)))
"""The engine's own rate, unchanged: what ``bench/bench_speed.py --raw`` measures the curves with."""
