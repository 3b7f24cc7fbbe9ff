"""A sentence's audio made ready to play: resampled to the narration's rate, levelled, encoded.

Every step works on one sentence alone, so it runs in the synthesis workers right after the engine, and
the narration needs no second pass: the voice's calibrated gain replaces measuring the whole narration
(``audio/voice_gain.py``), the limiter only touches sentences with a peak above the ceiling, and MP3
output is encoded sentence by sentence into ``Segment``s that the stream, the stored file and later
re-narrations share.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

import numpy as np

from ..models import AudioChunk, SpeechAudio
from .encode import Segment, SegmentEncoder, encoder_for
from .loudness import LIMIT_DBFS, limit_peaks
from .resample import resample

FINISH_VERSION = 1
"""Part of every cached segment's key: bump when levelling or segment encoding changes."""


def level(samples: np.ndarray, sample_rate_hz: int, gain_db: float) -> np.ndarray:
    """``gain_db`` applied; the limiter runs only when a peak would then pass the ceiling (most
    sentences have none, and the limiter is the costly part)."""
    levelled = np.asarray(samples, dtype=np.float32) * np.float32(10 ** (gain_db / 20))
    if len(levelled) and float(np.max(np.abs(levelled))) > 10 ** (LIMIT_DBFS / 20):
        return limit_peaks(levelled, sample_rate_hz)
    return levelled


@dataclass(frozen=True)
class Rendered:
    """One sentence after the worker: the engine's audio (cached as is), and what ``Finish`` made of it."""

    speech: SpeechAudio
    fresh: bool
    """Synthesized now (not from the cache): the caller stores ``speech`` in the sentence cache."""
    pause_ms: int
    samples: np.ndarray | None = None
    """Levelled speech at the narration's rate, for formats encoded whole (Opus, WAV)."""
    segment: Segment | None = None
    """Levelled speech and its pause as MP3 frames, for segmented formats."""
    segment_cached: bool = False

    @property
    def finished(self) -> bool:
        """Levelled (and encoded, for segmented formats) by a ``Finish``."""
        return self.samples is not None or self.segment is not None


@dataclass(frozen=True)
class RenderedChunk:
    """A sentence ready for the narration: its chunk (sentence, speech, pause) and its finished audio."""

    chunk: AudioChunk
    samples: np.ndarray | None
    segment: Segment | None
    segment_cached: bool = False


@dataclass(frozen=True)
class Finish:
    """What happens to every sentence after synthesis, in the narration's format (picklable: it travels
    to the workers with each sentence)."""

    audio_format: str
    sample_rate_hz: int
    gain_db: float

    @property
    def segmented(self) -> bool:
        return isinstance(encoder_for(self.audio_format), SegmentEncoder)

    def segment_key(self, sentence_key: str, pause_ms: int) -> str:
        """Cache key of a sentence's segment: the sentence, its pause, the level and the format."""
        material = json.dumps(
            [
                FINISH_VERSION,
                sentence_key,
                pause_ms,
                round(self.gain_db, 2),
                self.audio_format,
                self.sample_rate_hz,
            ]
        )
        return hashlib.sha256(material.encode("ascii")).hexdigest()

    def warm_up(self) -> None:
        """Level and encode a tenth of a second with one peak (over the limiter's ceiling at any gain), so
        the imports and library set-up this takes the first time (~0.13 s, mostly PyAV for the limiter)
        are done before a sentence waits."""
        click = np.zeros(max(1, self.sample_rate_hz // 10), np.float32)
        click[len(click) // 2] = 2 * 10 ** (-self.gain_db / 20)
        self.apply(SpeechAudio(click, self.sample_rate_hz), 0, False)

    def apply(self, speech: SpeechAudio, pause_ms: int, fresh: bool) -> Rendered:
        samples = resample(speech.samples, speech.sample_rate_hz, self.sample_rate_hz)
        levelled = level(samples, self.sample_rate_hz, self.gain_db)
        encoder = encoder_for(self.audio_format)
        if isinstance(encoder, SegmentEncoder):
            pause_samples = round(self.sample_rate_hz * pause_ms / 1000)
            segment = encoder.segment(levelled, pause_samples, self.sample_rate_hz)
            return Rendered(speech, fresh, pause_ms, segment=segment)
        return Rendered(speech, fresh, pause_ms, samples=levelled)
