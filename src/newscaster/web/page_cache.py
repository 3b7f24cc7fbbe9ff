"""Rendered pages kept in memory, so a page is built once per change, not once per GET.

An article page wraps every sentence in a span placed from the narration's timings: for an article of
8,518 sentences that is reading a timings file of several MB and rendering 2 MB of HTML, about a third of
a second of CPU (more on a busy machine) for every reader who opens it. Pages are cached under a key of
everything they show (the article's content hash and metadata, its narrations and their files, the query,
the site address): a change makes a new key, so a stale page is never served; old keys simply age out.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable

MAX_CACHED_PAGE_BYTES = 32 * 1024 * 1024
"""Memory for rendered pages: about sixteen pages of the longest article measured (2 MB each), or
hundreds of ordinary articles (20–60 KB); the least recently read go first."""
MAX_PAGE_SHARE = 4
"""A single page may take at most this share (1/N) of the cache, so one huge page cannot flush the rest."""


class PageCache:
    """A thread-safe LRU of rendered pages, bounded by their total size in bytes."""

    def __init__(self, max_bytes: int = MAX_CACHED_PAGE_BYTES) -> None:
        self.max_bytes = max_bytes
        self.hits = 0
        self.misses = 0
        self._pages: OrderedDict[Hashable, bytes] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> bytes | None:
        with self._lock:
            page = self._pages.get(key)
            if page is None:
                self.misses += 1
                return None
            self._pages.move_to_end(key)
            self.hits += 1
            return page

    def put(self, key: Hashable, page: bytes) -> None:
        if len(page) > self.max_bytes // MAX_PAGE_SHARE:
            return
        with self._lock:
            previous = self._pages.pop(key, None)
            if previous is not None:
                self._size -= len(previous)
            self._pages[key] = page
            self._size += len(page)
            while self._size > self.max_bytes:
                _, evicted = self._pages.popitem(last=False)
                self._size -= len(evicted)

    @property
    def size_bytes(self) -> int:
        return self._size
