"""Finished sentences joined into a narration as they arrive: timings, streamed audio, then the file.

A segmented format (MP3) is joined frame for frame: each sentence's frames go to the listeners the
moment the sentence is ready (after a header that trims the encoder delay), and the stored file is the
same frames behind an Info frame and tags — so the stream and the file decode to the same audio. Other
formats (Opus, WAV) are collected as levelled samples and encoded whole at the end; they have timings
as they go, but no stream.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

import numpy as np

from ..models import Timing
from .encode import Encoder, Segment, SegmentEncoder, Tags
from .finish import RenderedChunk
from .timings import place


class NarrationSink(Protocol):
    """Where a narration goes while it is being made (a stream's listeners, a terminal's stdout)."""

    def audio(self, data: bytes) -> None:
        """The next bytes of the narration's audio (the format's stream, from the first byte)."""
        ...

    def timing(self, timing: Timing) -> None:
        """A sentence's place in the audio, as soon as it is known (before its audio is sent)."""
        ...


class Assembly(Protocol):
    sample_rate_hz: int
    timings: list[Timing]

    def add(self, rendered: RenderedChunk) -> Timing: ...

    @property
    def duration_ms(self) -> int: ...

    def write(self, path: Path, tags: Tags) -> None: ...


class SegmentAssembly:
    """MP3: sentences' frames back to back; streamed as they come, stored the same."""

    def __init__(self, encoder: SegmentEncoder, sample_rate_hz: int, sink: NarrationSink | None) -> None:
        self.encoder = encoder
        self.sample_rate_hz = sample_rate_hz
        self.sink = sink
        self.timings: list[Timing] = []
        self.segments: list[Segment] = []
        self._position = 0

    def add(self, rendered: RenderedChunk) -> Timing:
        segment = rendered.segment
        assert segment is not None and segment.sample_rate_hz == self.sample_rate_hz
        timing = place(rendered.chunk, self._position, segment.speech_samples, self.sample_rate_hz)
        self.timings.append(timing)
        self._position += segment.span_samples
        if self.sink is not None:
            self.sink.timing(timing)
            if not self.segments:
                self.sink.audio(self.encoder.stream_header(segment))
            self.sink.audio(segment.data)
        self.segments.append(segment)
        return timing

    @property
    def duration_ms(self) -> int:
        if not self.segments:
            return 0
        samples = self._position - self.segments[-1].span_samples + self.segments[-1].speech_samples
        return round(1000 * samples / self.sample_rate_hz)

    def write(self, path: Path, tags: Tags) -> None:
        self.encoder.write_segments(self.segments, path, tags)


class PcmAssembly:
    """Opus, WAV: levelled samples and pauses collected, encoded whole by ``write``."""

    def __init__(self, encoder: Encoder, sample_rate_hz: int, sink: NarrationSink | None) -> None:
        self.encoder = encoder
        self.sample_rate_hz = sample_rate_hz
        self.sink = sink
        self.timings: list[Timing] = []
        self._pieces: list[np.ndarray] = []
        self._pause_samples = 0
        self._position = 0

    def add(self, rendered: RenderedChunk) -> Timing:
        samples = rendered.samples
        assert samples is not None
        if self._pieces:  # the previous sentence's pause, now that another sentence follows it
            self._pieces.append(np.zeros(self._pause_samples, np.float32))
            self._position += self._pause_samples
        timing = place(rendered.chunk, self._position, len(samples), self.sample_rate_hz)
        self.timings.append(timing)
        self._pieces.append(samples)
        self._position += len(samples)
        self._pause_samples = round(self.sample_rate_hz * rendered.chunk.pause_ms / 1000)
        if self.sink is not None:
            self.sink.timing(timing)
        return timing

    @property
    def duration_ms(self) -> int:
        return round(1000 * self._position / self.sample_rate_hz)

    def write(self, path: Path, tags: Tags) -> None:
        samples = np.concatenate(self._pieces) if self._pieces else np.zeros(0, np.float32)
        self.encoder.write(samples, self.sample_rate_hz, path, tags)


def assembly_for(encoder: Encoder, sample_rate_hz: int, sink: NarrationSink | None) -> Assembly:
    """Frame-joining for segmented formats, sample-joining for the rest."""
    if isinstance(encoder, SegmentEncoder):
        return SegmentAssembly(encoder, sample_rate_hz, sink)
    return PcmAssembly(encoder, sample_rate_hz, sink)
