"""``newscaster backup``: a consistent database while another connection keeps writing (WAL content
included), the files worth keeping, and not the throw-away caches."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from newscaster.config import Settings
from newscaster.errors import OptionError
from newscaster.store.backup import backup_data_folder
from newscaster.store.database import Database


def data_folder(tmp_path: Path) -> Settings:
    settings = Settings(data_dir=tmp_path / "data")
    Database(settings.data_dir / "newscaster.sqlite3").connection().execute(
        "CREATE TABLE ledger (amount INTEGER NOT NULL)"
    )
    return settings


def writer(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(path, isolation_level=None, timeout=10)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA wal_autocheckpoint=0")  # everything stays in the -wal file
    return connection


def transfer(connection: sqlite3.Connection, amount: int) -> None:
    """Two rows that only ever exist together: a backup that catches half a transaction sums to non-zero."""
    connection.execute("BEGIN IMMEDIATE")
    connection.execute("INSERT INTO ledger VALUES (?)", (amount,))
    connection.execute("INSERT INTO ledger VALUES (?)", (-amount,))
    connection.execute("COMMIT")


def ledger(path: Path) -> tuple[int, int, str]:
    with sqlite3.connect(path) as connection:
        count, total = connection.execute("SELECT count(*), coalesce(sum(amount), 0) FROM ledger").fetchone()
        check = connection.execute("PRAGMA integrity_check").fetchone()[0]
    return count, total, check


def test_the_backup_holds_what_is_still_in_the_wal(tmp_path: Path) -> None:
    settings = data_folder(tmp_path)
    database = settings.data_dir / "newscaster.sqlite3"
    connection = writer(database)
    for amount in range(1, 201):
        transfer(connection, amount)
    assert (settings.data_dir / "newscaster.sqlite3-wal").stat().st_size > 0  # not checkpointed
    backup_data_folder(settings, tmp_path / "backup")
    assert ledger(tmp_path / "backup" / "newscaster.sqlite3") == (400, 0, "ok")
    assert not (tmp_path / "backup" / "newscaster.sqlite3-wal").exists()  # one self-contained file
    connection.close()


def test_the_backup_is_consistent_while_a_writer_keeps_writing(tmp_path: Path) -> None:
    settings = data_folder(tmp_path)
    database = settings.data_dir / "newscaster.sqlite3"
    stop = threading.Event()
    written = []

    def keep_writing() -> None:
        connection = writer(database)
        amount = 1
        while not stop.is_set():
            transfer(connection, amount)
            written.append(amount)
            amount += 1
        connection.close()

    thread = threading.Thread(target=keep_writing)
    thread.start()
    try:
        while len(written) < 500:  # well under way, with a large WAL
            threading.Event().wait(0.01)
        for number in range(3):
            backup_data_folder(settings, tmp_path / f"backup-{number}")
    finally:
        stop.set()
        thread.join()
    for number in range(3):
        count, total, check = ledger(tmp_path / f"backup-{number}" / "newscaster.sqlite3")
        assert check == "ok" and total == 0 and count % 2 == 0 and count >= 1000


def test_files_worth_keeping_are_copied_and_caches_are_not(tmp_path: Path) -> None:
    settings = data_folder(tmp_path)
    data = settings.data_dir
    (data / "audio" / "abc").mkdir(parents=True)
    (data / "audio" / "abc" / "story.mp3").write_bytes(b"ID3" + bytes(100))
    (data / "audio" / "abc" / ".story.mp3.part").write_bytes(b"half")
    (data / "lexicon.tsv").write_text("Kyiv\tKeev\n", encoding="utf-8")
    (data / "sentences" / "ab").mkdir(parents=True)
    (data / "sentences" / "ab" / "ab00.pcm").write_bytes(bytes(1000))
    (data / "cache" / "normalizer").mkdir(parents=True)
    (data / "scratch" / "1f2e").mkdir(parents=True)  # a job's files on their way to object storage
    (data / "scratch" / "1f2e" / "abc.mp3").write_bytes(bytes(500))
    result = backup_data_folder(settings, tmp_path / "backup")
    copied = {p.relative_to(tmp_path / "backup").as_posix() for p in (tmp_path / "backup").rglob("*")}
    assert copied == {"newscaster.sqlite3", "audio", "audio/abc", "audio/abc/story.mp3", "lexicon.tsv"}
    assert result.files == 2 and result.file_bytes == 103 + len("Kyiv\tKeev\n")


def test_it_backs_up_into_a_new_folder_only(tmp_path: Path) -> None:
    settings = data_folder(tmp_path)
    (tmp_path / "used").mkdir()
    (tmp_path / "used" / "x").write_text("x")
    with pytest.raises(OptionError, match="already exists"):
        backup_data_folder(settings, tmp_path / "used")
    with pytest.raises(OptionError, match="does not exist"):
        backup_data_folder(settings, tmp_path / "missing" / "backup")
    with pytest.raises(OptionError, match="no newscaster database"):
        backup_data_folder(Settings(data_dir=tmp_path / "empty"), tmp_path / "new")
