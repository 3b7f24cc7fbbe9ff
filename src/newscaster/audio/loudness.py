"""Loudness: BS.1770 measurement (pyloudnorm) and a peak limiter, for the spoken-word target.

Speech has rare peaks far above its average level (plosives, a laugh, a synthesis glitch). Capping the
gain so the single highest sample does not clip left narrations 2–10 LU under the target; instead every
sentence gets the gain the target asks for (``audio/voice_gain.py`` measures it per voice) and ffmpeg's
look-ahead limiter (``alimiter``, through PyAV's filter graph) flattens the few peaks that would then
clip, a few milliseconds at a time (``audio/finish.level``).
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

TARGET_LUFS = -16.0
"""Spoken-word target used by podcast platforms (AES TD1004, Apple)."""
LIMIT_DBFS = -1.5
"""Sample-peak ceiling of the limiter: with MP3/Opus overshoot after decoding, true peaks stay near -1 dBTP,
the ceiling podcast platforms ask for."""
LIMITER_ATTACK_MS = 5.0
LIMITER_RELEASE_MS = 50.0
"""Fast enough to catch a plosive, slow enough not to pump between syllables (ffmpeg's own defaults)."""
LIMITER_REACH_BEFORE_MS = 20.0
LIMITER_REACH_AFTER_MS = 200.0
"""How far from a peak the limiter is run (``limit_peaks``): it starts lowering the gain one attack time
(5 ms) before a peak and has let go one release time (50 ms) after it (measured on a lone burst: samples
change from 5 ms before to 52 ms after); four times both, so its gain is 1 again at either end."""
MEASURE_SECONDS = 90.0
"""Integrated loudness of one voice reading one article is steady, so a spread-out 90 s sample measures
it to within a fraction of a dB at a fraction of the cost of measuring a long narration whole."""
_BLOCK_SECONDS = 3.0
_FRAME_SAMPLES = 8192


def _sample_for_measurement(samples: np.ndarray, sample_rate_hz: int) -> np.ndarray:
    limit = int(MEASURE_SECONDS * sample_rate_hz)
    if len(samples) <= limit:
        return samples
    block = int(_BLOCK_SECONDS * sample_rate_hz)
    count = limit // block
    starts = np.linspace(0, len(samples) - block, count).astype(int)
    return np.concatenate([samples[s : s + block] for s in starts])


def integrated_lufs(samples: np.ndarray, sample_rate_hz: int) -> float:
    """BS.1770 integrated loudness (of a spread-out sample of a long narration); -inf for silence."""
    import pyloudnorm

    return float(
        pyloudnorm.Meter(sample_rate_hz).integrated_loudness(_sample_for_measurement(samples, sample_rate_hz))
    )


def limit_peaks(samples: np.ndarray, sample_rate_hz: int, ceiling_dbfs: float = LIMIT_DBFS) -> np.ndarray:
    """ffmpeg's ``alimiter`` over mono float samples; same length, latency compensated.

    The limiter runs only around the samples above the ceiling (``LIMITER_REACH_*``): elsewhere it would
    leave them as they are, and a sentence's peaks are a few plosives in seconds of speech, so this does a
    fraction of the work (the limiter was a sixth of the levelling and encoding). The stretches around the
    peaks go through one filter graph back to back: the limiter has let go at the end of each, so
    joining them changes nothing, and a graph per stretch cost more to set up than to run (a real news
    narration has about nine stretches per sentence)."""
    samples = np.asarray(samples, dtype=np.float32)
    over = np.flatnonzero(np.abs(samples) > 10 ** (ceiling_dbfs / 20))
    if not len(over):
        return samples.copy()
    before = int(sample_rate_hz * LIMITER_REACH_BEFORE_MS / 1000)
    after = int(sample_rate_hz * LIMITER_REACH_AFTER_MS / 1000)
    apart = np.flatnonzero(np.diff(over) > before + after)  # peaks whose reaches do not meet
    firsts, lasts = over[np.r_[0, apart + 1]], over[np.r_[apart, len(over) - 1]]
    spans = [
        (max(0, int(first) - before), min(len(samples), int(last) + after + 1))
        for first, last in zip(firsts, lasts, strict=True)
    ]
    joined = _alimiter(
        np.concatenate([samples[start:end] for start, end in spans]), sample_rate_hz, ceiling_dbfs
    )
    limited, taken = samples.copy(), 0
    for start, end in spans:
        limited[start:end] = joined[taken : taken + end - start]
        taken += end - start
    return limited


def _alimiter(samples: np.ndarray, sample_rate_hz: int, ceiling_dbfs: float) -> np.ndarray:
    import av
    from av.filter import Graph

    time_base = Fraction(1, sample_rate_hz)
    graph = Graph()
    source = graph.add_abuffer(format="flt", sample_rate=sample_rate_hz, layout="mono", time_base=time_base)
    limiter = graph.add(
        "alimiter",
        f"limit={10 ** (ceiling_dbfs / 20):.5f}:attack={LIMITER_ATTACK_MS:g}:release={LIMITER_RELEASE_MS:g}"
        ":level=0:latency=1",
    )
    sink = graph.add("abuffersink")
    source.link_to(limiter)
    limiter.link_to(sink)
    graph.configure()
    limited: list[np.ndarray] = []

    def drain() -> None:
        while True:
            try:
                limited.append(graph.pull().to_ndarray().reshape(-1))
            except (av.BlockingIOError, av.EOFError):
                return

    for start in range(0, len(samples), _FRAME_SAMPLES):
        piece = np.ascontiguousarray(samples[start : start + _FRAME_SAMPLES].reshape(1, -1))
        frame = av.AudioFrame.from_ndarray(piece, format="flt", layout="mono")
        frame.sample_rate, frame.pts, frame.time_base = sample_rate_hz, start, time_base
        graph.push(frame)
        drain()
    graph.push(None)
    drain()
    out = np.concatenate(limited) if limited else np.zeros(0, np.float32)
    return out[: len(samples)].astype(np.float32)
