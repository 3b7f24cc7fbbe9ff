"""The embedded job queue: one taker per job, oldest first, or a named job when it is still queued."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from newscaster.jobs.base import MAX_ATTEMPTS, JobRequest, JobState
from newscaster.jobs.sqlite_queue import SqliteJobQueue
from newscaster.store.database import Database

GAVE_UP = "The narration crashed repeatedly and was given up"


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


def test_a_job_carries_its_request_progress_and_result(tmp_path: Path) -> None:
    queue = SqliteJobQueue(Database(tmp_path / "jobs.sqlite3"))
    request = JobRequest(text="Story.", voice="espeak:en-us", speed=1.25, audio_format="opus")
    job = queue.submit(request)
    assert job.state is JobState.QUEUED and job.request == request and job.attempts == 0
    assert dt.datetime.fromisoformat(job.created_at).utcoffset() == dt.timedelta(0)  # stamped in UTC
    assert queue.get("no-such-job") is None and queue.pending_count() == 1

    claimed = queue.claim()
    assert claimed is not None and claimed.attempts == 1 and queue.pending_count() == 1
    queue.progress(job.id, 2, 5)
    running = queue.get(job.id)
    assert running is not None and (running.progress_done, running.progress_total) == (2, 5)
    queue.finish(job.id, "article-1", "narration-1")
    done = queue.get(job.id)
    assert done is not None and done.state is JobState.DONE and done.error is None
    assert (done.article_id, done.narration_id, done.progress_done, done.progress_total) == (
        "article-1", "narration-1", 5, 5,
    )  # fmt: skip
    assert done.updated_at >= running.updated_at >= job.created_at
    assert queue.pending_count() == 0


def test_a_failed_job_keeps_its_error_and_article(tmp_path: Path) -> None:
    queue = SqliteJobQueue(Database(tmp_path / "jobs.sqlite3"))
    job = queue.submit(JobRequest(text="Story."))
    queue.claim()
    queue.fail(job.id, "The server's disk is full", article_id="article-1")
    failed = queue.get(job.id)
    assert failed is not None and failed.state is JobState.FAILED
    assert (failed.error, failed.article_id) == ("The server's disk is full", "article-1")
    assert queue.pending_count() == 0


def test_a_crashed_job_runs_again_until_its_attempts_are_used_up(tmp_path: Path) -> None:
    queue = SqliteJobQueue(Database(tmp_path / "jobs.sqlite3"))
    job = queue.submit(JobRequest(text="Story."))
    for attempt in range(1, MAX_ATTEMPTS + 1):
        claimed = queue.claim()
        assert claimed is not None and claimed.attempts == attempt
        queue.requeue(job.id)
    given_up = queue.get(job.id)
    assert given_up is not None and given_up.state is JobState.FAILED
    assert given_up.error == GAVE_UP
    assert queue.claim() is None


def test_recover_requeues_jobs_a_dead_process_left_running(tmp_path: Path) -> None:
    queue = SqliteJobQueue(Database(tmp_path / "jobs.sqlite3"))
    worn_out = queue.submit(JobRequest(text="Crashes every time."))
    for _ in range(MAX_ATTEMPTS - 1):
        queue.claim(worn_out.id)
        queue.requeue(worn_out.id)
    queue.claim(worn_out.id)  # its last attempt, running when the process died
    interrupted = queue.submit(JobRequest(text="Was running."))
    queue.claim(interrupted.id)
    waiting = queue.submit(JobRequest(text="Never started."))

    assert queue.recover() == 1  # the interrupted one; the worn-out one has no attempt left
    jobs = [queue.get(job.id) for job in (worn_out, interrupted, waiting)]
    assert [(job.state, job.error) for job in jobs if job] == [
        (JobState.FAILED, GAVE_UP),
        (JobState.QUEUED, None),
        (JobState.QUEUED, None),
    ]
    assert queue.pending_count() == 2
