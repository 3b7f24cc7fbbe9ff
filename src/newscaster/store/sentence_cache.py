"""Synthesized sentences, kept so re-narrating an edited article only synthesizes what changed.

Keyed by (engine, voice, speed, speakable text): the same words in the same voice at the same speed
sound the same (engines run with a fixed seed). Beside each sentence's audio, its encoded MP3 segments
(``audio/encode.Segment``, keyed by ``Finish.segment_key``), so an unchanged sentence is not encoded
again either. Two backends behind one small interface: files on disk (the embedded default) and memory
(tests, one-off runs).

The files are a throw-away cache, bounded in size: a hit marks its file as used (its modification time),
and past the limit (``NEWSCASTER_SENTENCE_CACHE_MB``) the least recently used files (sentences and
segments alike) go first, both automatically as sentences are added and with ``newscaster cache prune``.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np

from ..audio.encode import Segment
from ..config import Settings
from ..files import atomic_path
from ..models import SpeechAudio, Voice, WordTiming

CACHE_FORMAT_VERSION = 2
"""Bump to orphan every stored sentence when the stored layout or the engines' output changes."""
PCM_FULL_SCALE = 32767
"""A sentence's samples are stored as 16-bit integers scaled to its own peak (``FileSentenceCache.put``)."""


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


SPEECH_SUFFIX = ".pcm"
CACHED_SUFFIXES = (SPEECH_SUFFIX, ".seg", ".npz")
"""A sentence's audio, its encoded MP3 segment, and the sentences of cache format 1 (NumPy ``.npz``, never
read again: listed so that pruning removes them)."""
PRUNED_SHARE = 0.9
"""An automatic prune brings the cache down to this share of its limit, so the next few sentences added do
not each start another walk over the folder."""


@dataclass(frozen=True)
class PruneResult:
    removed_files: int
    removed_bytes: int
    kept_bytes: int


def cache_files(root: Path) -> list[tuple[float, int, Path]]:
    """(last used, size in bytes, path) of every cached sentence and segment, least recently used first."""
    found = []
    for path in root.glob("*/*.*") if root.is_dir() else ():
        if path.suffix not in CACHED_SUFFIXES:
            continue  # an atomic write's temporary file, or something that is not ours
        with contextlib.suppress(OSError):  # removed meanwhile by another process
            stat = path.stat()
            found.append((stat.st_mtime, stat.st_size, path))
    return sorted(found)


def prune(root: Path, max_bytes: int) -> PruneResult:
    """Remove the least recently used sentences until the cache holds at most ``max_bytes``."""
    files = cache_files(root)
    total = sum(size for _, size, _ in files)
    removed = removed_bytes = 0
    for _, size, path in files:
        if total <= max_bytes:
            break
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
            removed, removed_bytes = removed + 1, removed_bytes + size
        total -= size
    return PruneResult(removed, removed_bytes, total)


class FileSentenceCache:
    """One ``.pcm`` per sentence under ``root/ab/abcdef….pcm``, written atomically; with ``max_bytes``,
    the least recently used sentences are removed once the folder grows past it."""

    def __init__(self, root: Path, max_bytes: int | None = None) -> None:
        self.root = root
        self.max_bytes = max_bytes
        self._size_bytes: int | None = None  # measured at the first put, then counted along
        self._lock = threading.Lock()

    def _path(self, key: str, suffix: str = SPEECH_SUFFIX) -> Path:
        return self.root / key[:2] / f"{key}{suffix}"

    def get_segment(self, key: str) -> Segment | None:
        """A segment file: a JSON line (rate, speech and span samples), then the MP3 frames."""
        path = self._path(key, ".seg")
        try:
            meta, data = path.read_bytes().split(b"\n", 1)
            fields = json.loads(meta)
            segment = Segment(data, int(fields["rate"]), int(fields["speech"]), int(fields["span"]))
        except (OSError, ValueError, KeyError):
            return None  # missing or damaged: encode again
        self._used(path)
        return segment

    def put_segment(self, key: str, segment: Segment) -> None:
        meta = {
            "rate": segment.sample_rate_hz,
            "speech": segment.speech_samples,
            "span": segment.span_samples,
        }
        stored = json.dumps(meta).encode("ascii") + b"\n" + segment.data
        with atomic_path(self._path(key, ".seg")) as temporary:
            temporary.write_bytes(stored)
        if self.max_bytes:
            self._grew(len(stored))

    def get(self, key: str) -> SpeechAudio | None:
        """A sentence file: a JSON line (rate, scale, sample count, words), then 16-bit samples."""
        path = self._path(key)
        try:
            meta_line, data = path.read_bytes().split(b"\n", 1)
            meta = json.loads(meta_line)
            pcm = np.frombuffer(data, dtype="<i2")
            if len(pcm) != int(meta["samples"]):
                raise ValueError("cut short")
            samples = pcm.astype(np.float32) * np.float32(float(meta["scale"]) / PCM_FULL_SCALE)
            words = tuple(WordTiming(w, s, e) for w, s, e in meta["words"])
            speech = SpeechAudio(samples, int(meta["sample_rate_hz"]), words, bool(meta["words_exact"]))
        except (OSError, ValueError, KeyError, TypeError):
            return None  # missing or damaged: synthesize again
        self._used(path)
        return speech

    def put(self, key: str, speech: SpeechAudio) -> None:
        """Stored as 16-bit integers scaled to the sentence's peak: ~90 dB below it, as exact as the
        narration's own 16-bit output, and ~30x cheaper to write than NumPy's float16 ``.npz`` (which took
        0.1 s of the server's CPU per 1,000-word article, measured with py-spy)."""
        samples = np.asarray(speech.samples, dtype=np.float32)
        scale = float(np.max(np.abs(samples))) if len(samples) else 0.0
        scale = scale or 1.0
        pcm = np.rint(samples * np.float32(PCM_FULL_SCALE / scale)).astype("<i2")
        meta = {
            "sample_rate_hz": speech.sample_rate_hz,
            "scale": scale,
            "samples": len(pcm),
            "words_exact": speech.words_exact,
            "words": [[w.word, w.start_ms, w.end_ms] for w in speech.words],
        }
        stored = json.dumps(meta).encode("utf-8") + b"\n" + pcm.tobytes()
        with atomic_path(self._path(key)) as temporary:
            temporary.write_bytes(stored)
        if self.max_bytes:
            self._grew(len(stored))

    @staticmethod
    def _used(path: Path) -> None:
        with contextlib.suppress(OSError):
            os.utime(path)  # used now: the last to go when the cache is pruned

    def _grew(self, added_bytes: int) -> None:
        with self._lock:
            if self._size_bytes is None:
                self._size_bytes = sum(size for _, size, _ in cache_files(self.root))
            else:
                self._size_bytes += added_bytes
            if self.max_bytes and self._size_bytes > self.max_bytes:
                self._size_bytes = prune(self.root, int(self.max_bytes * PRUNED_SHARE)).kept_bytes


def sentence_cache_for(settings: Settings) -> FileSentenceCache:
    """The data folder's sentence cache, bounded by ``settings.sentence_cache_mb`` (0: unbounded)."""
    limit_mb = settings.sentence_cache_mb
    return FileSentenceCache(settings.sentence_cache_dir, limit_mb * 1024 * 1024 if limit_mb else None)
