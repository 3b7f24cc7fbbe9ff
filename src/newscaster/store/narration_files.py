"""Where a stored narration's files live, and how superseded ones go away without a listener noticing.

Every narration run writes its audio, transcript and timings under a name of its own (a fresh version
token), never over the files being served. The database row then switches to the new names in one
statement; the old files become unreferenced and are removed only after ``SUPERSEDED_GRACE_S``, so a
response that looked the row up a moment before the switch still finds its file (and one that has it
open keeps reading it anyway). A failed or killed run leaves only unreferenced files, removed the same way.
"""

from __future__ import annotations

import os
import secrets
import tempfile
import time
from collections.abc import Hashable, Iterable
from pathlib import Path

from ..config import Settings
from ..models import Narration
from .library import StoredArticle
from .storage import Location, Published, ReferencedFiles

SUPERSEDED_GRACE_S = 300.0
"""How long an unreferenced narration file is kept after it stopped being served (or was written by a
run that never finished): far longer than the moment between looking a file up and opening it, and
longer than the longest narration of a run still in progress (its files are not referenced yet)."""
VERSION_TOKEN_BYTES = 6
"""48 random bits per run: two runs of one article never share a name."""


def audio_folder(settings: Settings) -> Path:
    return settings.data_dir / "audio"


def new_audio_path(
    settings: Settings, stored: StoredArticle, voice_id: str, speed: float, audio_format: str
) -> Path:
    """A name no earlier run of this article used; the ``.vtt`` and ``.json`` go beside it."""
    return _versioned_path(audio_folder(settings), stored, voice_id, speed, audio_format)


def _versioned_path(
    root: Path, stored: StoredArticle, voice_id: str, speed: float, audio_format: str
) -> Path:
    safe_voice = voice_id.replace(":", "-").replace("/", "-")
    version = secrets.token_hex(VERSION_TOKEN_BYTES)
    name = f"{stored.content_hash[:12]}-{safe_voice}-{speed:g}x-{version}.{audio_format}"
    return root / stored.id / name


def retire(paths: Iterable[Path]) -> None:
    """Start the grace period of files that just stopped being served (their age counts from now)."""
    for path in paths:
        try:
            os.utime(path)
        except OSError:
            continue


def remove_unreferenced(folder: Path, referenced: set[Path], grace_s: float = SUPERSEDED_GRACE_S) -> int:
    """Delete files under ``folder`` that no narration refers to and that are older than ``grace_s``
    (``.part`` files in progress are left to ``sweep_partial_files``), then the article folders that
    are left empty (a deleted article's); returns how many files went."""
    if not folder.is_dir():
        return 0
    keep = {path.resolve() for path in referenced}
    now, removed = time.time(), 0
    for path in folder.rglob("*"):
        if path.name.endswith(".part") or not path.is_file() or path.resolve() in keep:
            continue
        try:
            if now - path.stat().st_mtime >= grace_s:
                path.unlink()
                removed += 1
        except OSError:
            continue
    now = time.time()  # the removals above have just changed their folders' times
    for path in sorted(folder.rglob("*"), reverse=True):  # deepest first
        try:
            # A folder's time changes with each file made in it: one a run has just made (and not yet
            # written into) is younger than the grace period and stays.
            if path.is_dir() and now - path.stat().st_mtime >= grace_s and not any(path.iterdir()):
                path.rmdir()
        except OSError:
            continue
    return removed


def _size_bytes(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:  # not written (a narration without timings): nothing to count
        return 0


class LocalDiskStorage:
    """The embedded default: files in ``root`` (the data folder's ``audio/``), one folder per article.

    ``narrate()`` writes straight to the final, versioned names: they are unreferenced, so unserved,
    until the row points at them, and publishing is nothing more than that.
    """

    def __init__(self, root: Path, grace_s: float = SUPERSEDED_GRACE_S) -> None:
        self.root = root
        self.grace_s = grace_s
        self.description = str(root)

    def new_output(self, stored: StoredArticle, voice_id: str, speed: float, audio_format: str) -> Path:
        return _versioned_path(self.root, stored, voice_id, speed, audio_format)

    def publish(self, narration: Narration) -> Published:
        paths = (narration.audio_path, narration.vtt_path, narration.json_path)
        return Published(narration, sum(_size_bytes(Path(path)) for path in paths))

    def exists(self, location: Location) -> bool:
        return isinstance(location, Path) and location.is_file()

    def size_bytes(self, location: Location) -> int | None:
        try:
            return location.stat().st_size if isinstance(location, Path) else None
        except OSError:
            return None

    def read_text(self, location: Location) -> str:
        if not isinstance(location, Path):
            raise FileNotFoundError(str(location))
        return location.read_text(encoding="utf-8")

    def stamp(self, location: Location) -> Hashable | None:
        try:
            stat = location.stat() if isinstance(location, Path) else None
        except OSError:
            return None
        return (stat.st_mtime_ns, stat.st_size) if stat else None

    def retire(self, locations: Iterable[Location]) -> None:
        retire(location for location in locations if isinstance(location, Path))

    def remove_unreferenced(self, referenced: ReferencedFiles, article_id: str | None = None) -> int:
        folder = self.root / article_id if article_id else self.root
        kept = {location for location in referenced(article_id) if isinstance(location, Path)}
        return remove_unreferenced(folder, kept, self.grace_s)

    def check(self) -> None:
        """The folder exists (or can be made) and takes a new file."""
        self.root.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=self.root):
            pass
