"""``newscaster backup PATH``: a consistent copy of the data folder while the server keeps running.

The database is in WAL mode: recent writes live in ``newscaster.sqlite3-wal`` until a checkpoint, so a
plain file copy can miss them, or catch the main file mid-checkpoint. SQLite's online backup API copies
the database as of one read transaction (WAL content included) while writers carry on. Everything else
worth keeping is copied as files: the narrations' audio (written once under names of their own, so a
copy is never half a file the database points at), the lexicon, extra voices, measured paces and the
sign-in secret. The throw-away caches (synthesized sentences, compiled grammars) are left out.
"""

from __future__ import annotations

import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from ..config import Settings
from ..errors import OptionError
from .database import BUSY_TIMEOUT_MS

DATABASE_NAME = "newscaster.sqlite3"
THROWAWAY = frozenset({"sentences", "cache", "scratch"})
"""Folders of the data folder that are rebuilt on demand (the sentence cache and compiled grammars) or only
pass through (``scratch``: a job's files before they are uploaded to object storage)."""
DATABASE_FILES = frozenset({DATABASE_NAME, f"{DATABASE_NAME}-wal", f"{DATABASE_NAME}-shm"})


@dataclass(frozen=True)
class BackupResult:
    database_bytes: int
    files: int
    file_bytes: int


def backup_database(source: Path, target: Path) -> int:
    """Copy the SQLite database ``source`` to ``target`` as of one moment; its size in bytes."""
    partial = target.with_name(f".{target.name}.part")
    partial.unlink(missing_ok=True)
    reader = sqlite3.connect(source, timeout=BUSY_TIMEOUT_MS / 1000)
    writer = sqlite3.connect(partial)
    try:
        reader.backup(writer)  # one step (pages=-1): the whole database within one read transaction
        writer.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
    finally:
        writer.close()
        reader.close()
    partial.replace(target)
    return target.stat().st_size


def _keep(path: Path) -> bool:
    return not path.name.endswith(".part") and not path.name.startswith(".")


def backup_data_folder(settings: Settings, target: Path) -> BackupResult:
    """Back up ``settings.data_dir`` into the new folder ``target`` (the database first, then the files)."""
    source = settings.data_dir
    database = source / DATABASE_NAME
    if not database.is_file():
        raise OptionError(f"There is no newscaster database in {source} (set NEWSCASTER_DATA_DIR)")
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise OptionError(f"{target} already exists; back up into a new or empty folder")
    if not target.parent.is_dir():
        raise OptionError(f"The folder {target.parent} does not exist")
    target.mkdir(exist_ok=True)
    database_bytes = backup_database(database, target / DATABASE_NAME)
    files = file_bytes = 0
    for entry in sorted(source.iterdir()):
        if entry.name in THROWAWAY or entry.name in DATABASE_FILES or not _keep(entry):
            continue
        if entry.is_dir():
            for path in sorted(entry.rglob("*")):
                if path.is_file() and _keep(path):
                    copy = target / path.relative_to(source)
                    copy.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copy2(path, copy)
                    files, file_bytes = files + 1, file_bytes + path.stat().st_size
        elif entry.is_file():
            shutil.copy2(entry, target / entry.name)
            files, file_bytes = files + 1, file_bytes + entry.stat().st_size
    return BackupResult(database_bytes, files, file_bytes)
