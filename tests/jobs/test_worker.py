"""What a failed job says (the real cause, in words for the person who asked), and the file sweep."""

from __future__ import annotations

import errno
import os
import socket
import time
from pathlib import Path

import pytest

from newscaster.config import Settings
from newscaster.errors import FetchError, OutputError
from newscaster.fetch import fetch_url
from newscaster.jobs.sqlite_queue import SqliteJobQueue
from newscaster.jobs.worker import NarrationService, WorkerPool, failure_reason
from newscaster.models import Article
from newscaster.store.database import Database
from newscaster.store.library import Library
from newscaster.store.narration_files import SUPERSEDED_GRACE_S, audio_folder, retire


def fetch_error(url: str, **kwargs: object) -> FetchError:
    with pytest.raises(FetchError) as caught:
        fetch_url(url, **kwargs)  # type: ignore[arg-type]
    return caught.value


def test_an_unknown_host_says_the_page_could_not_be_fetched() -> None:
    """The name lookup fails with an OSError, which is not the server failing to save anything."""
    reason = failure_reason(fetch_error("http://nonexistent.invalid/story"))
    assert reason.startswith("The page could not be fetched: Could not find the server nonexistent.invalid")
    assert "could not be saved" not in reason


def test_a_refused_connection_says_why() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # closed again: nothing listens there
    reason = failure_reason(fetch_error(f"http://127.0.0.1:{port}/", allow_private=True))
    assert reason.startswith("The page could not be fetched: Could not connect to 127.0.0.1")
    assert "refused" in reason.lower()


def test_an_output_the_server_could_not_write_is_still_the_servers_problem() -> None:
    try:
        raise OSError(errno.ENOSPC, "No space left on device")
    except OSError as cause:
        error = OutputError("Cannot write x.mp3")
        error.__cause__ = cause
    assert failure_reason(error).startswith("The server's disk is full")


def test_a_running_server_sweeps_away_a_deleted_articles_files_after_their_grace(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path)
    database = Database(tmp_path / "db.sqlite3")
    library = Library(database)
    stored = library.save_article(Article("Gone", ("A story.",), url="https://example.com/gone"), 1)
    folder = audio_folder(settings) / stored.id
    folder.mkdir(parents=True)
    files = [folder / name for name in ("a.mp3", "a.vtt", "a.json")]
    for path in files:
        path.write_bytes(b"x")
    library.delete_article(stored.id)
    retire(files)
    pool = WorkerPool(
        NarrationService(settings, library, SqliteJobQueue(database)), 0, 1, sweep_interval_s=0.05
    )
    pool.start()
    try:
        time.sleep(0.3)
        assert all(path.exists() for path in files)  # within its grace period: kept
        past = time.time() - SUPERSEDED_GRACE_S - 1
        for path in [*files, folder]:
            os.utime(path, (past, past))
        deadline = time.monotonic() + 10
        while any(path.exists() for path in files) and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        pool.stop()
    assert not any(path.exists() for path in files)
