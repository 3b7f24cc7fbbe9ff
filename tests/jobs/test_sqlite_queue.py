"""The embedded job queue: one taker per job, oldest first, or a named job when it is still queued."""

from __future__ import annotations

import time
from pathlib import Path

from newscaster.jobs.base import MAX_ATTEMPTS, JobRequest, JobState
from newscaster.jobs.sqlite_queue import SqliteJobQueue
from newscaster.store.database import Database


def test_claim_takes_the_oldest_job_or_the_one_asked_for(tmp_path: Path) -> None:
    queue = SqliteJobQueue(Database(tmp_path / "jobs.sqlite3"))
    jobs = []
    for n in range(3):
        jobs.append(queue.submit(JobRequest(text=f"Story {n}.")))
        time.sleep(0.005)  # creation times are kept to the millisecond: make "oldest" well defined
    first, second, third = jobs

    asked = queue.claim(third.id)
    assert asked is not None and asked.id == third.id and asked.state is JobState.RUNNING
    assert queue.claim(third.id) is None, "a running job is not handed out twice"
    oldest = queue.claim()
    assert oldest is not None and oldest.id == first.id
    assert queue.claim(first.id) is None
    remaining = queue.claim()
    assert remaining is not None and remaining.id == second.id and queue.claim() is None


def raw_request(database: Database, job_id: str) -> str:
    row = database.connection().execute("SELECT request FROM jobs WHERE id = ?", (job_id,)).fetchone()
    return str(row[0])


def test_finished_jobs_keep_no_payload(tmp_path: Path) -> None:
    """A pasted page or text (megabytes) is not kept once its job has finished or failed."""
    database = Database(tmp_path / "jobs.sqlite3")
    queue = SqliteJobQueue(database)
    page = "<p>" + "The ferry sailed. " * 50_000 + "</p>"
    done, failed, given_up = (queue.submit(JobRequest(html=page, voice="espeak:en-us")) for _ in range(3))
    for job in (done, failed, given_up):
        assert queue.claim(job.id) is not None
    queue.finish(done.id, "article", "narration")
    queue.fail(failed.id, "The article is too long")
    for _ in range(MAX_ATTEMPTS - 1):  # crashed its worker every time
        queue.requeue(given_up.id)
        assert queue.claim(given_up.id) is not None
    queue.requeue(given_up.id)
    for job in (done, failed, given_up):
        finished = queue.get(job.id)
        assert finished is not None and finished.state in {JobState.DONE, JobState.FAILED}
        assert finished.request.html is None and finished.request.voice == "espeak:en-us"
        assert len(raw_request(database, job.id)) < 500
    waiting = queue.submit(JobRequest(text="Still to come."))
    assert queue.get(waiting.id).request.text == "Still to come."  # type: ignore[union-attr]


def test_old_finished_jobs_are_forgotten(tmp_path: Path) -> None:
    database = Database(tmp_path / "jobs.sqlite3")
    queue = SqliteJobQueue(database)
    old, recent, waiting = (queue.submit(JobRequest(text=f"Story {n}.")) for n in range(3))
    for job in (old, recent):
        queue.claim(job.id)
        queue.finish(job.id, "article", "narration")
    database.connection().execute(
        "UPDATE jobs SET updated_at = '2000-01-01T00:00:00.000+00:00' WHERE id IN (?, ?)",
        (old.id, waiting.id),  # the queued one is old too, but not finished: it stays
    )
    queue.submit(JobRequest(text="A new story."))
    assert queue.get(old.id) is None
    assert queue.get(recent.id) is not None and queue.get(waiting.id) is not None


def test_pending_jobs_are_counted_per_client(tmp_path: Path) -> None:
    queue = SqliteJobQueue(Database(tmp_path / "jobs.sqlite3"))
    for client in ("token:a", "token:a", "ip:127.0.0.1", None):
        queue.submit(JobRequest(text="Story."), client=client)
    assert queue.pending_count() == 4
    assert queue.pending_count("token:a") == 2 and queue.pending_count("token:b") == 0
    job = queue.claim()
    assert job is not None and job.client == "token:a"
    queue.fail(job.id, "failed")
    assert queue.pending_count("token:a") == 1
