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
import time
from collections.abc import Iterable
from pathlib import Path

from ..config import Settings
from .library import StoredArticle

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
    safe_voice = voice_id.replace(":", "-").replace("/", "-")
    version = secrets.token_hex(VERSION_TOKEN_BYTES)
    name = f"{stored.content_hash[:12]}-{safe_voice}-{speed:g}x-{version}.{audio_format}"
    return audio_folder(settings) / stored.id / name


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
