"""The embedded job queue: one taker per job, oldest first, or a named job when it is still queued."""

from __future__ import annotations

from pathlib import Path

from newscaster.jobs.base import JobRequest, JobState
from newscaster.jobs.sqlite_queue import SqliteJobQueue
from newscaster.store.database import Database


def test_claim_takes_the_oldest_job_or_the_one_asked_for(tmp_path: Path) -> None:
    queue = SqliteJobQueue(Database(tmp_path / "jobs.sqlite3"))
    jobs = []
    for n in range(3):
        jobs.append(queue.submit(JobRequest(text=f"Story {n}.")))
    first, second, third = jobs

    asked = queue.claim(third.id)
    assert asked is not None and asked.id == third.id and asked.state is JobState.RUNNING
    assert queue.claim(third.id) is None, "a running job is not handed out twice"
    oldest = queue.claim()
    assert oldest is not None and oldest.id == first.id
    assert queue.claim(first.id) is None
    remaining = queue.claim()
    assert remaining is not None and remaining.id == second.id and queue.claim() is None


def test_jobs_submitted_back_to_back_are_claimed_in_submission_order(tmp_path: Path) -> None:
    """Submissions within one clock tick share a timestamp; the queue still hands them out in order."""
    queue = SqliteJobQueue(Database(tmp_path / "jobs.sqlite3"))
    # In one transaction (no disk sync between them) the submissions come microseconds apart, as a burst
    # of API requests can: many share a millisecond.
    queue.db.connection().execute("BEGIN")
    submitted = [queue.submit(JobRequest(text=f"Story {n}.")).id for n in range(20)]
    queue.db.connection().execute("COMMIT")
    claimed = []
    while (job := queue.claim()) is not None:
        claimed.append(job.id)
    assert claimed == submitted
