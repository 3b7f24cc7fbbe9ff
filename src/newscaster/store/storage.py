"""Where stored narrations' files live: one protocol, implementations registered by URL scheme.

``NEWSCASTER_STORAGE_URL`` picks the implementation: unset (or ``file:``) keeps the files on local disk
under the data folder (``narration_files.py``, the embedded default); ``s3://bucket/prefix`` puts them in
S3-compatible object storage (``s3_storage.py``: MinIO, Ceph RGW, R2, AWS). Whatever the backend, the
order is the same: a run's files are written completely where nobody serves them yet, then one database
statement records them, and the files it replaced are removed only after a grace period.

A narration row names its files by *location*: a ``Path`` on disk, or an ``ObjectRef``
(``s3://bucket/key``) in object storage, told apart by the text the database holds.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol
from urllib.parse import urlsplit

from ..config import Settings
from ..errors import OptionError, OutputError
from ..models import Narration

if TYPE_CHECKING:
    from .library import StoredArticle

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ObjectRef:
    """A file in object storage, ``scheme://bucket/key`` as the database stores it."""

    url: str

    @property
    def bucket(self) -> str:
        return urlsplit(self.url).netloc

    @property
    def key(self) -> str:
        return urlsplit(self.url).path.lstrip("/")

    @property
    def name(self) -> str:
        """The key's last part (``<sha256>.mp3``), as ``Path.name`` is a file's."""
        return self.url.rsplit("/", 1)[-1]

    def __str__(self) -> str:
        return self.url


Location = Path | ObjectRef
"""Where one of a narration's files is: on disk, or in object storage."""


def location_from_text(text: str) -> Location:
    """A location as the database holds it: a URL for an object, else an absolute path on disk."""
    return ObjectRef(text) if "://" in text else Path(text)


@dataclass(frozen=True)
class Published:
    """A narration whose files are all in their final place, and the bytes they take there."""

    narration: Narration
    size_bytes: int


ReferencedFiles = Callable[[str | None], set[Location]]
"""``Library.referenced_files``: the locations narration rows point to (of one article, or of all)."""


class StorageUnavailable(OutputError):
    """The storage cannot be reached or refused a request (endpoint down, wrong credentials): the
    server's problem, not the request's, and worth trying again later."""

    http_status = 503


class NarrationStorage(Protocol):
    """Where a narration's audio, transcript and timings are kept and served from."""

    description: str
    """For messages and ``/readyz``: the folder or ``s3://bucket/prefix``."""

    def new_output(self, stored: StoredArticle, voice_id: str, speed: float, audio_format: str) -> Path:
        """A local path no other run uses, where ``narrate()`` writes the audio (``.vtt`` and ``.json``
        beside it); nobody serves it before ``publish``."""
        ...

    def publish(self, narration: Narration) -> Published:
        """Put the run's files where they are served from; the narration returned names them there. Only
        after this returns may a row point at them. Raises ``StorageUnavailable`` (nothing recorded)."""
        ...

    def exists(self, location: Location) -> bool: ...

    def size_bytes(self, location: Location) -> int | None:
        """The file's size, or None when it is not there."""
        ...

    def read_text(self, location: Location) -> str:
        """A small file (transcript, timings) as text; raises ``OSError`` when it is not there."""
        ...

    def stamp(self, location: Location) -> Hashable | None:
        """Changes whenever the bytes at ``location`` may have: for page caches. None when missing."""
        ...

    def retire(self, locations: Iterable[Location]) -> None:
        """Start the grace period of files that just stopped being served."""
        ...

    def remove_unreferenced(self, referenced: ReferencedFiles, article_id: str | None = None) -> int:
        """Delete files no row refers to whose grace period is over (of one article's run, or all, as
        when the server starts); returns how many went."""
        ...

    def check(self) -> None:
        """For ``/readyz``: returns when the storage can be used, raises (with the reason) otherwise."""
        ...


StorageFactory = Callable[[Settings], NarrationStorage]


def _local_disk(settings: Settings) -> NarrationStorage:
    from .narration_files import LocalDiskStorage

    return LocalDiskStorage(settings.data_dir / "audio")


def _s3(settings: Settings) -> NarrationStorage:
    from .s3_storage import s3_storage_for

    return s3_storage_for(settings)


_FACTORIES: dict[str, StorageFactory] = {"": _local_disk, "file": _local_disk, "s3": _s3}
"""Implementations by the scheme of ``NEWSCASTER_STORAGE_URL``; the S3 one imports boto3 only when used."""


def register_storage(scheme: str, factory: StorageFactory) -> None:
    """Make ``NEWSCASTER_STORAGE_URL=<scheme>://…`` build its storage with ``factory`` (a plugin's)."""
    _FACTORIES[scheme.lower()] = factory


def storage_for(settings: Settings) -> NarrationStorage:
    """The storage ``settings.storage_url`` names (local disk when unset); a bad URL is an
    ``OptionError`` naming the variable."""
    scheme = urlsplit(settings.storage_url or "").scheme.lower()
    factory = _FACTORIES.get(scheme)
    if factory is None:
        known = ", ".join(f"{name}://" for name in sorted(_FACTORIES) if name)
        raise OptionError(
            f"NEWSCASTER_STORAGE_URL: unknown storage {settings.storage_url!r}; use one of {known} "
            "(or leave it unset for files in the data folder)"
        )
    return factory(settings)
