"""Jobs on Celery with a real Redis: which backend a broker URL picks, where each job's message goes, and
what a client sees while the broker is down."""

from __future__ import annotations

import base64
import json
import os
from pathlib import Path

import pytest

from newscaster.config import Settings
from newscaster.errors import OptionError
from newscaster.jobs.backends import EmbeddedBackend, queue_backend_for
from newscaster.jobs.base import JobPriority, JobRequest, JobState
from newscaster.jobs.celery_queue import (
    NARRATION_TIME_LIMIT_S,
    VISIBILITY_TIMEOUT_S,
    Broker,
    BrokerUnavailable,
    CeleryBackend,
    queue_name,
    redis_client_for,
)
from newscaster.jobs.limits import MAX_AUDIO_S
from newscaster.web.state import open_database
from servers.redis import free_port

TEXT = "The council met on Tuesday. It approved the new budget for the library, which opens in May."


def broker_settings(tmp_path: Path, settings: Settings, broker_url: str) -> Settings:
    return Settings(data_dir=tmp_path, rebuildable_cache_dir=settings.cache_dir, broker_url=broker_url)


def queued_job_ids(redis_url: str, priority: JobPriority) -> list[str]:
    """The job ids of the messages waiting on ``priority``'s queue, oldest first."""
    client = redis_client_for(redis_url)
    messages = [json.loads(raw) for raw in reversed(client.lrange(queue_name(priority), 0, -1))]
    return [json.loads(base64.b64decode(message["body"]))[0][0] for message in messages]


def test_without_a_broker_the_built_in_queue_runs_jobs(settings: Settings) -> None:
    backend = queue_backend_for(settings)
    assert isinstance(backend, EmbeddedBackend)
    assert not backend.remote_workers


def test_an_unknown_broker_scheme_is_refused_naming_the_ones_that_work(tmp_path: Path) -> None:
    with pytest.raises(OptionError, match=r"NEWSCASTER_BROKER_URL must start with one of .*redis://"):
        queue_backend_for(Settings(data_dir=tmp_path, broker_url="kafka://localhost:9092"))


def test_a_job_is_a_database_row_plus_a_message_on_its_prioritys_queue(
    tmp_path: Path, settings: Settings, redis_url: str
) -> None:
    backend = queue_backend_for(broker_settings(tmp_path, settings, redis_url))
    assert isinstance(backend, CeleryBackend) and backend.remote_workers
    queue = backend.queue(open_database(broker_settings(tmp_path, settings, redis_url)))
    fresh = queue.submit(JobRequest(text=TEXT))
    backfill = queue.submit(JobRequest(text=TEXT, priority=JobPriority.BACKFILL.value))
    assert queued_job_ids(redis_url, JobPriority.FRESH) == [fresh.id]
    assert queued_job_ids(redis_url, JobPriority.BACKFILL) == [backfill.id]
    stored = queue.get(fresh.id)
    assert stored is not None and stored.state is JobState.QUEUED  # the database holds the state


def test_the_visibility_timeout_outlasts_the_longest_narration() -> None:
    """Redis hands an unacknowledged message out again after the visibility timeout: a narration still
    running then would run twice. The longest one is two hours of audio at 3 s of synthesis per second."""
    assert NARRATION_TIME_LIMIT_S >= 3 * MAX_AUDIO_S
    assert VISIBILITY_TIMEOUT_S > NARRATION_TIME_LIMIT_S


def test_submit_records_why_when_the_message_could_not_be_sent(tmp_path: Path, settings: Settings) -> None:
    down_settings = broker_settings(tmp_path, settings, f"redis://127.0.0.1:{free_port()}/0")
    queue = queue_backend_for(down_settings).queue(open_database(down_settings))
    with pytest.raises(BrokerUnavailable):
        queue.submit(JobRequest(text=TEXT))
    row = open_database(down_settings).connection().execute("SELECT state, error FROM jobs").fetchone()
    assert row["state"] == JobState.FAILED.value and "unreachable" in row["error"]


def test_batch_queues_its_articles_at_the_backfill_priority(
    tmp_path: Path, settings: Settings, redis_url: str, run_cli
) -> None:
    archive = tmp_path / "archive"
    archive.mkdir()
    for number in range(3):
        (archive / f"story-{number}.txt").write_text(f"Story {number}. {TEXT}", encoding="utf-8")
    env = {
        **os.environ,
        "NEWSCASTER_DATA_DIR": str(tmp_path / "data"),
        "NEWSCASTER_CACHE_DIR": str(settings.cache_dir),
        "NEWSCASTER_BROKER_URL": redis_url,
    }
    result = run_cli(["batch", str(archive)], env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("queued") == 3
    assert len(queued_job_ids(redis_url, JobPriority.BACKFILL)) == 3
    assert queued_job_ids(redis_url, JobPriority.FRESH) == []


def test_ping_says_whether_the_broker_answers(redis_url: str) -> None:
    """What a readiness check asks (``/readyz``): a broker that answers, or a ``BrokerUnavailable``."""
    Broker(redis_url).ping()
    with pytest.raises(BrokerUnavailable, match="unreachable"):
        Broker(f"redis://127.0.0.1:{free_port()}/0").ping()
