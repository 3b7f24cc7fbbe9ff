"""What a failed job says: the real cause, in words for the person who asked; and the log line of each job."""

from __future__ import annotations

import errno
import logging
import re
import socket
import time
from pathlib import Path

import pytest

from newscaster.config import Settings
from newscaster.errors import FetchError, OutputError
from newscaster.fetch import fetch_url
from newscaster.jobs.base import JobRequest
from newscaster.jobs.sqlite_queue import SqliteJobQueue
from newscaster.jobs.worker import NarrationService, WorkerPool, failure_reason
from newscaster.logs import FIELDS_ATTRIBUTE
from newscaster.store.database import Database
from newscaster.store.library import Library


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


@pytest.mark.slow
def test_a_warmed_up_server_has_its_voice_loaded_before_the_first_job(tmp_path, settings) -> None:
    """``newscaster serve`` starts its synthesis processes with the default voice loaded and keeps them:
    the first job's sentences go to processes that are already there and stay after it."""
    import time

    from fastapi.testclient import TestClient

    from newscaster.config import Settings
    from newscaster.web.app import create_app

    own = Settings(data_dir=tmp_path / "data", rebuildable_cache_dir=settings.cache_dir)
    app = create_app(own, job_threads=1, synthesis_processes=2, warm_up=True)
    workers = app.state.newscaster.workers

    def processes() -> set[int]:
        return set(dict(getattr(workers._pool, "_processes", None) or {}))

    def resident_mb_of(pids: set[int]) -> list[float]:
        from newscaster.jobs.worker import resident_mb

        return [resident_mb(pid) for pid in pids]

    with TestClient(app) as client:
        deadline = time.monotonic() + 300  # two model loads on a busy two-core machine
        while len(processes()) < 2 or min(resident_mb_of(processes())) < 100:  # a loaded model is > 100 MB
            assert time.monotonic() < deadline, "the synthesis processes were not started and loaded"
            time.sleep(0.2)
        warmed = processes()
        job = client.post("/api/narrations", json={"text": "# Notice\n\nThe ferry leaves at nine."}).json()
        while client.get(f"/api/jobs/{job['id']}").json()["state"] not in {"done", "failed"}:
            assert time.monotonic() < deadline + 300
            time.sleep(0.1)
        assert client.get(f"/api/jobs/{job['id']}").json()["state"] == "done"
        assert processes() == warmed  # the same processes did the job, and are still there


# --- One log line per job ----------------------------------------------------------------------------


def run_jobs(tmp_path: Path, settings: Settings, *requests: JobRequest) -> list[str]:
    """Run ``requests`` through a real worker pool; the job ids, in order, once all have settled."""
    own = Settings(data_dir=tmp_path / "data", rebuildable_cache_dir=settings.cache_dir)
    database = Database(own.data_dir / "newscaster.sqlite3")
    library, queue = Library(database), SqliteJobQueue(database)
    workers = WorkerPool(NarrationService(own, library, queue), threads=1, processes=1)
    ids = [queue.submit(request).id for request in requests]
    workers.start()
    try:
        deadline = time.monotonic() + 120
        while any(queue.get(i).state.value in {"queued", "running"} for i in ids):  # type: ignore[union-attr]
            assert time.monotonic() < deadline, "the jobs did not finish"
            time.sleep(0.1)
        time.sleep(0.2)  # the log line follows the outcome's record
    finally:
        workers.stop()
    return ids


def job_lines(caplog: pytest.LogCaptureFixture) -> dict[str, dict[str, str]]:
    """The structured fields of each ``event=job`` record, by job id."""
    found = {}
    for record in caplog.records:
        fields = getattr(record, FIELDS_ATTRIBUTE, None)
        if isinstance(fields, dict) and fields.get("event") == "job":
            found[str(fields["id"])] = {k: str(v) for k, v in fields.items() if v is not None}
    return found


def test_each_job_logs_its_outcome_and_a_failed_one_its_error(
    tmp_path: Path, settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    text = "# Harbour news\n\nThe ferry sailed again on Monday."
    with caplog.at_level(logging.INFO, logger="newscaster"):
        done, reused, failed = run_jobs(
            tmp_path,
            settings,
            JobRequest(text=text, voice="espeak:en-us"),
            JobRequest(text=text, voice="espeak:en-us"),
            JobRequest(url="http://127.0.0.1:9/story"),  # a private address: the fetch refuses it
        )
    lines = job_lines(caplog)
    assert lines[done]["outcome"] == "done" and lines[done]["voice"] == "espeak:en-us"
    assert re.fullmatch(r"[0-9a-f]{16}", lines[done]["article"])
    assert int(lines[done]["duration_ms"]) > 0 and "error" not in lines[done]
    assert lines[reused]["outcome"] == "reused" and lines[reused]["article"] == lines[done]["article"]
    assert lines[failed]["outcome"] == "failed"
    assert "private address" in lines[failed]["error"]
    assert lines[failed]["article"] == "http://127.0.0.1:9/story"
    jobs = [r for r in caplog.records if getattr(r, FIELDS_ATTRIBUTE, {}).get("event") == "job"]
    levels = {getattr(r, FIELDS_ATTRIBUTE)["id"]: r.levelno for r in jobs}
    assert levels[failed] == logging.WARNING and levels[done] == logging.INFO
