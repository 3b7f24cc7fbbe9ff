"""Durations and positions as people read them: ``245000`` ms → "4:05", an hour or more → "1:02:03"."""

from __future__ import annotations

import math


def format_clock(ms: float) -> str:
    """Milliseconds → "m:ss", or "h:mm:ss" from an hour; negative → "0:00".

    Rounded to the nearest second, halves up, as the web player shows times (``Math.round`` in player.js).
    """
    seconds = max(0, math.floor(ms / 1000 + 0.5))
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"
