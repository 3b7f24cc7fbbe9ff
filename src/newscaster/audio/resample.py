"""Sample-rate conversion for the rare joins of audio at different rates (Opus's fixed rates)."""

from __future__ import annotations

import numpy as np


def resample(samples: np.ndarray, from_hz: int, to_hz: int) -> np.ndarray:
    """Linear interpolation: enough for speech moving between close rates (22.05 → 24 kHz)."""
    if from_hz == to_hz or len(samples) == 0:
        return samples
    count = round(len(samples) * to_hz / from_hz)
    positions = np.linspace(0, len(samples) - 1, count)
    return np.interp(positions, np.arange(len(samples)), samples).astype(np.float32)
