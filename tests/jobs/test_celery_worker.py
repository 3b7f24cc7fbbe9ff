"""The Celery workers on a real Redis: what a job's run leaves in the database and on the broker (bad
input fails once, transient failures come back later, a dead worker's job is taken over, a redelivered
message changes nothing), and a real ``newscaster worker`` taking fresh articles before backfill."""

from __future__ import annotations

import re
import socket
from dataclasses import replace
from pathlib import Path

import pytest
from test_celery_queue import TEXT, broker_settings, queued_job_ids

from newscaster.config import Settings
from newscaster.errors import ExtractionError, FetchError, OutputError, VoiceError
from newscaster.jobs.base import MAX_ATTEMPTS, JobPriority, JobRequest, JobState
from newscaster.jobs.celery_worker import (
    RETRY_BASE_DELAY_S,
    WORKER_DIED,
    WorkerContext,
    is_transient,
    reap_once,
    retry_delay_s,
)
from servers.processes import wait_for, worker

NO_ARTICLE = "<html><head><title>Menu</title></head><body><nav><a href='/'>Home</a></nav></body></html>"


@pytest.fixture
def context(tmp_path: Path, settings: Settings, redis_url: str) -> WorkerContext:
    return WorkerContext.build(broker_settings(tmp_path, settings, redis_url))


def narration_rows(context: WorkerContext) -> list[str]:
    rows = context.service.library.db.connection().execute("SELECT audio_path FROM narrations").fetchall()
    return [row[0] for row in rows]


def test_transient_failures_are_the_5xx_ones() -> None:
    assert is_transient(FetchError("example.com took too long to answer", 502))
    assert is_transient(OutputError("Cannot write x.mp3"))  # the server's disk: 507
    assert is_transient(OSError(28, "No space left on device"))
    assert not is_transient(ExtractionError("The page has no article text"))
    assert not is_transient(VoiceError("Unknown voice 'nobody'"))
    assert not is_transient(ValueError("a bug"))


def test_retries_back_off_exponentially() -> None:
    assert [retry_delay_s(attempt) for attempt in (1, 2, 3)] == [
        RETRY_BASE_DELAY_S,
        2 * RETRY_BASE_DELAY_S,
        4 * RETRY_BASE_DELAY_S,
    ]


def test_a_page_with_no_article_fails_once_with_its_reason(context: WorkerContext, redis_url: str) -> None:
    job = context.queue.submit(JobRequest(html=NO_ARTICLE))
    context.run(job.id)
    failed = context.queue.get(job.id)
    assert failed is not None and failed.state is JobState.FAILED
    assert failed.attempts == 1
    assert "article" in (failed.error or "").lower()
    assert queued_job_ids(redis_url, JobPriority.FRESH) == [job.id]  # only the submission: no retry


def test_a_site_that_does_not_answer_is_retried_later_then_given_up(
    tmp_path: Path, settings: Settings, redis_url: str
) -> None:
    context = WorkerContext.build(
        replace(broker_settings(tmp_path, settings, redis_url), allow_private_urls=True)
    )
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # closed again: nothing answers there
    job = context.queue.submit(JobRequest(url=f"http://127.0.0.1:{port}/story"))
    context.run(job.id)
    waiting = context.queue.get(job.id)
    assert waiting is not None and waiting.state is JobState.QUEUED  # to be tried again, not failed
    assert waiting.attempts == 1 and "Could not connect" in (waiting.error or "")
    assert queued_job_ids(redis_url, JobPriority.FRESH) == [job.id, job.id]  # submitted, then the retry
    for _ in range(MAX_ATTEMPTS - 1):
        context.run(job.id)
    given_up = context.queue.get(job.id)
    assert given_up is not None and given_up.state is JobState.FAILED
    assert given_up.attempts == MAX_ATTEMPTS and "Could not connect" in (given_up.error or "")


def test_a_redelivered_message_of_a_finished_job_changes_nothing(context: WorkerContext) -> None:
    job = context.queue.submit(JobRequest(text=TEXT))
    context.run(job.id)
    done = context.queue.get(job.id)
    assert done is not None and done.state is JobState.DONE
    files = sorted(path.name for path in (context.settings.data_dir / "audio").rglob("*") if path.is_file())
    context.run(job.id)  # the broker hands the same message out again
    again = context.queue.get(job.id)
    assert again == done
    assert len(narration_rows(context)) == 1
    assert sorted(p.name for p in (context.settings.data_dir / "audio").rglob("*") if p.is_file()) == files


def test_a_second_job_for_the_same_narration_reuses_the_first(context: WorkerContext) -> None:
    first = context.queue.submit(JobRequest(text=TEXT))
    second = context.queue.submit(JobRequest(text=TEXT))
    context.run(first.id)
    context.run(second.id)
    made, reused = context.queue.get(first.id), context.queue.get(second.id)
    assert made is not None and reused is not None
    assert reused.state is JobState.DONE and reused.narration_id == made.narration_id
    assert len(narration_rows(context)) == 1
    assert len(list((context.settings.data_dir / "audio").rglob("*.mp3"))) == 1


def test_a_job_whose_worker_died_is_republished_and_taken_over(
    context: WorkerContext, redis_url: str
) -> None:
    job = context.queue.submit(JobRequest(text=TEXT))
    assert queued_job_ids(redis_url, JobPriority.FRESH) == [job.id]
    context.queue.claim(job.id)  # a worker took it …
    context.leases.add_running(job.id)  # … and was killed: listed as running, but nobody holds its lease
    assert reap_once(context) == 1
    assert reap_once(context) == 0  # unlisted: another reaper round does not publish it twice
    assert queued_job_ids(redis_url, JobPriority.FRESH) == [job.id, job.id]
    context.run(job.id)
    taken_over = context.queue.get(job.id)
    assert taken_over is not None and taken_over.state is JobState.DONE
    assert taken_over.attempts == 2
    assert context.leases.running() == []


def test_a_job_someone_else_is_running_is_left_to_them(context: WorkerContext) -> None:
    job = context.queue.submit(JobRequest(text=TEXT))
    with context.leases.hold(f"job:{job.id}") as got:  # a live worker holds it
        assert got
        context.run(job.id)  # a republished message for it arrives elsewhere
        assert context.queue.get(job.id).state is JobState.QUEUED  # type: ignore[union-attr]
    assert reap_once(context) == 0
    assert WORKER_DIED not in (context.queue.get(job.id).error or "")  # type: ignore[union-attr]


def started_job_ids(log: str) -> list[str]:
    return re.findall(r"event=job_start id=(\w+)", log)


@pytest.mark.slow
def test_a_fresh_article_overtakes_the_backfill_waiting_before_it(
    tmp_path: Path, settings: Settings, redis_url: str
) -> None:
    """One busy worker, five backfill jobs, then two fresh ones: both start right after the current job
    (asking the queues round robin would put a backfill job between them)."""
    worker_settings = broker_settings(tmp_path, settings, redis_url)
    context = WorkerContext.build(worker_settings)
    backfill = [
        context.queue.submit(
            JobRequest(text=f"Archive story {n}. {TEXT}", priority=JobPriority.BACKFILL.value)
        )
        for n in range(5)
    ]
    process = worker(worker_settings, redis_url, tmp_path / "worker.log", "--concurrency", "1").start()
    try:
        wait_for(lambda: started_job_ids(process.log()), 120, "the worker to start the first backfill job")
        fresh = [context.queue.submit(JobRequest(text=f"Breaking news {n}. {TEXT}")) for n in range(2)]
        everything = [*backfill, *fresh]
        wait_for(
            lambda: all(context.queue.get(j.id).state is JobState.DONE for j in everything),  # type: ignore[union-attr]
            180,
            "all seven jobs to be done",
            poll_s=0.5,
        )
    finally:
        process.stop()
    started = started_job_ids(process.log())
    first = started[0]
    assert first in {job.id for job in backfill}
    assert started[1:3] == [job.id for job in fresh], process.log()[-3000:]
    assert sorted(started) == sorted(job.id for job in everything)  # each started once
