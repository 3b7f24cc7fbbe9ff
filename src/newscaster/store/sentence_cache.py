"""Synthesized sentences, kept so re-narrating an edited article only synthesizes what changed.

Keyed by (engine, voice, speed, speakable text): the same words in the same voice at the same speed
sound the same (engines run with a fixed seed). Beside each sentence's audio, its encoded MP3 segments
(``audio/encode.Segment``, keyed by ``Finish.segment_key``), so an unchanged sentence is not encoded
again either. Two backends behind one small interface: files on disk (the embedded default) and memory
(tests, one-off runs).
"""

from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path
from typing import Protocol

import numpy as np

from ..audio.encode import Segment
from ..files import atomic_path
from ..models import SpeechAudio, Voice, WordTiming

CACHE_FORMAT_VERSION = 1
"""Bump to orphan every stored sentence when the stored layout or the engines' output changes."""


def sentence_key(voice: Voice, speed: float, spoken: str) -> str:
    material = json.dumps([CACHE_FORMAT_VERSION, voice.id, round(speed, 3), spoken], ensure_ascii=False)
    return hashlib.sha256(material.encode("utf-8")).hexdigest()


class SentenceCache(Protocol):
    def get(self, key: str) -> SpeechAudio | None: ...

    def put(self, key: str, speech: SpeechAudio) -> None: ...

    def get_segment(self, key: str) -> Segment | None: ...

    def put_segment(self, key: str, segment: Segment) -> None: ...


class MemorySentenceCache:
    def __init__(self) -> None:
        self._items: dict[str, SpeechAudio] = {}
        self._segments: dict[str, Segment] = {}

    def get_segment(self, key: str) -> Segment | None:
        return self._segments.get(key)

    def put_segment(self, key: str, segment: Segment) -> None:
        self._segments[key] = segment

    def get(self, key: str) -> SpeechAudio | None:
        return self._items.get(key)

    def put(self, key: str, speech: SpeechAudio) -> None:
        self._items[key] = speech

    def __len__(self) -> int:
        return len(self._items)


class FileSentenceCache:
    """One ``.npz`` per sentence under ``root/ab/abcdef….npz``, written atomically."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, key: str, suffix: str = ".npz") -> Path:
        return self.root / key[:2] / f"{key}{suffix}"

    def get_segment(self, key: str) -> Segment | None:
        """A segment file: a JSON line (rate, speech and span samples), then the MP3 frames."""
        try:
            meta, data = self._path(key, ".seg").read_bytes().split(b"\n", 1)
            fields = json.loads(meta)
            return Segment(data, int(fields["rate"]), int(fields["speech"]), int(fields["span"]))
        except (OSError, ValueError, KeyError):
            return None  # missing or damaged: encode again

    def put_segment(self, key: str, segment: Segment) -> None:
        meta = {
            "rate": segment.sample_rate_hz,
            "speech": segment.speech_samples,
            "span": segment.span_samples,
        }
        with atomic_path(self._path(key, ".seg")) as temporary:
            temporary.write_bytes(json.dumps(meta).encode("ascii") + b"\n" + segment.data)

    def get(self, key: str) -> SpeechAudio | None:
        path = self._path(key)
        try:
            with np.load(path, allow_pickle=False) as stored:
                meta = json.loads(str(stored["meta"]))
                samples = stored["samples"].astype(np.float32)
        except (OSError, ValueError, KeyError):
            return None  # missing or damaged: synthesize again
        words = tuple(WordTiming(w, s, e) for w, s, e in meta["words"])
        return SpeechAudio(samples, int(meta["sample_rate_hz"]), words, bool(meta["words_exact"]))

    def put(self, key: str, speech: SpeechAudio) -> None:
        meta = {
            "sample_rate_hz": speech.sample_rate_hz,
            "words_exact": speech.words_exact,
            "words": [[w.word, w.start_ms, w.end_ms] for w in speech.words],
        }
        buffer = io.BytesIO()
        np.savez(buffer, samples=speech.samples.astype(np.float16), meta=np.array(json.dumps(meta)))
        with atomic_path(self._path(key)) as temporary:
            temporary.write_bytes(buffer.getvalue())
