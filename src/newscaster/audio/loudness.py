"""Loudness normalization to the spoken-word target, measured with ITU-R BS.1770 (pyloudnorm)."""

from __future__ import annotations

import numpy as np

TARGET_LUFS = -16.0
"""Spoken-word target used by podcast platforms (AES TD1004, Apple)."""
PEAK_CEILING = 0.89
"""About -1 dBFS: leaves room for MP3/Opus overshoot after decoding."""
MEASURE_SECONDS = 90.0
"""Integrated loudness of one voice reading one article is steady, so a spread-out 90 s sample measures
it to within a fraction of a dB at a fraction of the cost of measuring a long narration whole."""
_BLOCK_SECONDS = 3.0


def _sample_for_measurement(samples: np.ndarray, sample_rate_hz: int) -> np.ndarray:
    limit = int(MEASURE_SECONDS * sample_rate_hz)
    if len(samples) <= limit:
        return samples
    block = int(_BLOCK_SECONDS * sample_rate_hz)
    count = limit // block
    starts = np.linspace(0, len(samples) - block, count).astype(int)
    return np.concatenate([samples[s : s + block] for s in starts])


def normalize_loudness(
    samples: np.ndarray, sample_rate_hz: int, target_lufs: float = TARGET_LUFS
) -> np.ndarray:
    """Gain to ``target_lufs``, then a peak ceiling so the gain never clips."""
    import pyloudnorm

    if len(samples) < sample_rate_hz // 2 or not np.any(samples):
        return samples  # BS.1770 needs at least one 400 ms block of sound
    measured = pyloudnorm.Meter(sample_rate_hz).integrated_loudness(
        _sample_for_measurement(samples, sample_rate_hz)
    )
    if not np.isfinite(measured):
        return samples
    gain = 10 ** ((target_lufs - measured) / 20)
    peak = float(np.max(np.abs(samples))) * gain
    if peak > PEAK_CEILING:
        gain *= PEAK_CEILING / peak
    return (samples * gain).astype(np.float32)
