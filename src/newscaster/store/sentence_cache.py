"""Synthesized sentences, kept so re-narrating an edited article only synthesizes what changed.

Keyed by (engine, voice, speed, speakable text): the same words in the same voice at the same speed
sound the same (engines run with a fixed seed). Two backends behind one small interface: files on
disk (the embedded default) and memory (tests, one-off runs).

The files are a throw-away cache, bounded in size: a hit marks its file as used (its modification time),
and past the limit (``NEWSCASTER_SENTENCE_CACHE_MB``) the least recently used files go first, both
automatically as sentences are added and with ``newscaster cache prune``.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np

from ..config import Settings
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


class MemorySentenceCache:
    def __init__(self) -> None:
        self._items: dict[str, SpeechAudio] = {}

    def get(self, key: str) -> SpeechAudio | None:
        return self._items.get(key)

    def put(self, key: str, speech: SpeechAudio) -> None:
        self._items[key] = speech

    def __len__(self) -> int:
        return len(self._items)


PRUNED_SHARE = 0.9
"""An automatic prune brings the cache down to this share of its limit, so the next few sentences added do
not each start another walk over the folder."""


@dataclass(frozen=True)
class PruneResult:
    removed_files: int
    removed_bytes: int
    kept_bytes: int


def cache_files(root: Path) -> list[tuple[float, int, Path]]:
    """(last used, size in bytes, path) of every cached sentence, least recently used first."""
    found = []
    for path in root.glob("*/*.npz") if root.is_dir() else ():
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
    """One ``.npz`` per sentence under ``root/ab/abcdef….npz``, written atomically; with ``max_bytes``,
    the least recently used sentences are removed once the folder grows past it."""

    def __init__(self, root: Path, max_bytes: int | None = None) -> None:
        self.root = root
        self.max_bytes = max_bytes
        self._size_bytes: int | None = None  # measured at the first put, then counted along
        self._lock = threading.Lock()

    def _path(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.npz"

    def get(self, key: str) -> SpeechAudio | None:
        path = self._path(key)
        try:
            with np.load(path, allow_pickle=False) as stored:
                meta = json.loads(str(stored["meta"]))
                samples = stored["samples"].astype(np.float32)
        except (OSError, ValueError, KeyError):
            return None  # missing or damaged: synthesize again
        with contextlib.suppress(OSError):
            os.utime(path)  # used now: the last to go when the cache is pruned
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
        if self.max_bytes:
            self._grew(len(buffer.getvalue()))

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
