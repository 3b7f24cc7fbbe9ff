"""Settings with embedded defaults, overridable by ``NEWSCASTER_*`` environment variables.

Everything lives under one data folder (default ``~/.local/share/newscaster``): the database, audio,
the sentence cache and compiled normalizer grammars. Users drop extra voices into ``voices_dir``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from .errors import OptionError

SILENT_READING_WPM = 238
"""Silent reading rate for non-fiction (Brysbaert 2019), used for "Reading Time: N minutes"."""


DEFAULT_WORKER_MEMORY_MB = 4096
"""A synthesis process with hibari and piper loaded maps about 0.5 GB and peaks near 1.3 GB of address
space on a 300-character piece (measured here; runtimes reserve far more than they touch), so 4 GiB
leaves room for every installed engine while two workers can never take more than 8 GiB."""


SENTENCE_CACHE_MB = 1024
"""Synthesized sentences kept for re-narrating edited articles: about 8 MB per article (16-bit samples), so
1 GB holds the last hundred or so articles' sentences, the ones an edit is likely to touch; older ones are
synthesized again if ever needed. (Unbounded, 8 articles took 65 MB.)"""


def _default_data_dir() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "newscaster"


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    reading_wpm: int = SILENT_READING_WPM
    allow_private_urls: bool = False
    """Allow fetching URLs that resolve to loopback/private addresses (intranet deployments)."""
    rebuildable_cache_dir: Path | None = None
    """Where compiled normalizer grammars go; default ``data_dir/cache``. Shareable between data folders."""
    feed_title: str = "newscaster"
    """The podcast feed's title (``/feed.xml``), as podcast apps show the show."""
    feed_description: str = "Articles narrated by newscaster."
    feed_author: str | None = None
    """The feed's ``itunes:author``; default: the feed title."""
    feed_language: str = "en"
    """The feed's language, a BCP 47 tag."""
    feed_category: str = "News"
    """An Apple Podcasts category, e.g. "News" or "Technology"."""
    feed_image_url: str | None = None
    """Cover art for podcast apps (JPEG or PNG, 1400–3000 px square); none unless configured."""
    worker_memory_mb: int = DEFAULT_WORKER_MEMORY_MB
    """Address-space cap of each synthesis process, in MiB (0: none). A runaway engine call fails its
    job with an out-of-memory error instead of taking the host down."""
    base_url: str | None = None
    """Where readers reach the server, e.g. ``https://news.example/listen``: the feed's links and the embed
    snippet start with it, whatever ``Host`` a request names. Checked when the server starts."""
    sentence_cache_mb: int = SENTENCE_CACHE_MB
    """Size limit of the sentence cache in MiB (0: unbounded); least recently used sentences go first."""
    broker_url: str | None = None
    """A Celery broker (``redis://host:6379/0``; ``amqp://`` for RabbitMQ): jobs go to ``newscaster worker``
    processes through it instead of the server's own threads (see docs/deploy.md). None: the built-in
    queue."""
    allowed_hosts: tuple[str, ...] = ()
    """Without ``base_url``: the ``Host`` names (``name`` or ``name:port``) absolute URLs may be built
    from, besides the address the server is bound to and the loopback names (see ``web/site.py``)."""

    storage_url: str | None = None
    """Where narrations' files go: unset for the data folder's ``audio/``; ``s3://bucket/prefix`` for
    S3-compatible object storage (endpoint, region and keys from the usual ``AWS_*`` variables)."""
    storage_delivery: str = "proxy"
    """How audio in object storage reaches listeners: ``proxy`` (the server streams it, Range requests
    included) or ``presign`` (the audio URL redirects to a short-lived presigned URL of the object)."""
    storage_public_endpoint: str | None = None
    """For ``presign``: the endpoint URL listeners reach the storage at, when the server reaches it at
    another (``http://minio:9000`` inside a compose network); default: the server's endpoint."""

    @property
    def cache_dir(self) -> Path:
        """Compiled grammars and other rebuildable caches."""
        return self.rebuildable_cache_dir or self.data_dir / "cache"

    @property
    def sentence_cache_dir(self) -> Path:
        """Synthesized sentences keyed by (engine, voice, speed, spoken text)."""
        return self.data_dir / "sentences"

    @property
    def voices_dir(self) -> Path:
        """Where users put extra voices (Piper ``.onnx`` + ``.onnx.json`` pairs)."""
        return self.data_dir / "voices"

    @property
    def lexicon_path(self) -> Path:
        """The user's pronunciation lexicon, applied after the bundled one."""
        return self.data_dir / "lexicon.tsv"

    @classmethod
    def from_env(cls) -> Settings:
        env = os.environ
        return cls(
            data_dir=Path(env.get("NEWSCASTER_DATA_DIR") or _default_data_dir()).expanduser(),
            reading_wpm=int(env.get("NEWSCASTER_READING_WPM", SILENT_READING_WPM)),
            allow_private_urls=env.get("NEWSCASTER_ALLOW_PRIVATE_URLS", "") in {"1", "true", "yes"},
            rebuildable_cache_dir=Path(env["NEWSCASTER_CACHE_DIR"])
            if env.get("NEWSCASTER_CACHE_DIR")
            else None,
            feed_title=env.get("NEWSCASTER_FEED_TITLE") or cls.feed_title,
            feed_description=env.get("NEWSCASTER_FEED_DESCRIPTION") or cls.feed_description,
            feed_author=env.get("NEWSCASTER_FEED_AUTHOR") or None,
            feed_language=env.get("NEWSCASTER_FEED_LANGUAGE") or cls.feed_language,
            feed_category=env.get("NEWSCASTER_FEED_CATEGORY") or cls.feed_category,
            feed_image_url=env.get("NEWSCASTER_FEED_IMAGE_URL") or None,
            worker_memory_mb=int(env.get("NEWSCASTER_WORKER_MEMORY_MB") or DEFAULT_WORKER_MEMORY_MB),
            base_url=env.get("NEWSCASTER_BASE_URL", "").strip() or None,
            allowed_hosts=tuple(env.get("NEWSCASTER_ALLOWED_HOSTS", "").replace(",", " ").split()),
            broker_url=env.get("NEWSCASTER_BROKER_URL", "").strip() or None,
            sentence_cache_mb=_whole_number(env, "NEWSCASTER_SENTENCE_CACHE_MB", SENTENCE_CACHE_MB),
            storage_url=env.get("NEWSCASTER_STORAGE_URL", "").strip() or None,
            storage_delivery=env.get("NEWSCASTER_STORAGE_DELIVERY", "").strip().lower()
            or cls.storage_delivery,
            storage_public_endpoint=env.get("NEWSCASTER_STORAGE_PUBLIC_ENDPOINT", "").strip() or None,
        )


def _whole_number(env: Mapping[str, str], name: str, default: int) -> int:
    value = env.get(name, "").strip()
    if not value:
        return default
    if not value.isdigit():
        raise OptionError(f"{name} must be a whole number, 0 or more, not {value!r}")
    return int(value)
