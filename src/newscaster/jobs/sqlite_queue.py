"""The embedded job queue: rows in the SQLite database, so jobs survive restarts."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import uuid
from typing import Any

from ..store.database import Database
from .base import MAX_ATTEMPTS, Job, JobRequest, JobState

_GAVE_UP = "The narration crashed repeatedly and was given up"
_FINISHED = (JobState.DONE.value, JobState.FAILED.value)
_DROP_PAYLOAD = "json_set(request, '$.html', NULL, '$.text', NULL)"
"""A finished job's request without the page or text it carried (up to megabytes each); the article it
made is stored, or it failed, so nothing reads them again."""

JOB_RETENTION_S = 7 * 24 * 3600
"""Finished jobs are forgotten this long after they ended. A client polls its job for minutes; a week
leaves room for one that comes back days later, and keeps the table from growing without end."""


def _now(seconds_ago: float = 0.0) -> str:
    moment = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=seconds_ago)
    return moment.isoformat(timespec="microseconds")


class SqliteJobQueue:
    def __init__(self, database: Database) -> None:
        self.db = database

    def submit(self, request: JobRequest, *, client: str | None = None) -> Job:
        job_id, now = uuid.uuid4().hex[:16], _now()
        connection = self.db.connection()
        connection.execute(
            "INSERT INTO jobs (id, state, request, created_at, updated_at, client) VALUES (?, ?, ?, ?, ?, ?)",
            (job_id, JobState.QUEUED.value, json.dumps(dataclasses.asdict(request)), now, now, client),
        )
        # Each new job sweeps out the old finished ones (an index range, so cheap).
        connection.execute(
            "DELETE FROM jobs WHERE state IN (?, ?) AND updated_at < ?", (*_FINISHED, _now(JOB_RETENTION_S))
        )
        job = self.get(job_id)
        assert job is not None
        return job

    def get(self, job_id: str) -> Job | None:
        row = self.db.connection().execute("SELECT * FROM jobs WHERE id = ?", (job_id,)).fetchone()
        return _job_from_row(row) if row else None

    def claim(self, job_id: str | None = None) -> Job | None:
        connection = self.db.connection()
        # BEGIN IMMEDIATE takes the write lock first, so two workers can never claim the same row. Oldest is
        # by rowid, the order of submission (jobs are only ever inserted), as timestamps can tie.
        connection.execute("BEGIN IMMEDIATE")
        try:
            row = connection.execute(
                "SELECT id FROM jobs WHERE state = ? AND (? IS NULL OR id = ?) ORDER BY rowid LIMIT 1",
                (JobState.QUEUED.value, job_id, job_id),
            ).fetchone()
            if row is None:
                connection.execute("COMMIT")
                return None
            connection.execute(
                "UPDATE jobs SET state = ?, attempts = attempts + 1, updated_at = ? WHERE id = ?",
                (JobState.RUNNING.value, _now(), row["id"]),
            )
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise
        return self.get(row["id"])

    def progress(self, job_id: str, done: int, total: int) -> None:
        self.db.connection().execute(
            "UPDATE jobs SET progress_done = ?, progress_total = ?, updated_at = ? WHERE id = ?",
            (done, total, _now(), job_id),
        )

    def finish(self, job_id: str, article_id: str, narration_id: str) -> None:
        self.db.connection().execute(
            f"""UPDATE jobs SET state = ?, article_id = ?, narration_id = ?, error = NULL,
               progress_done = progress_total, updated_at = ?, request = {_DROP_PAYLOAD} WHERE id = ?""",
            (JobState.DONE.value, article_id, narration_id, _now(), job_id),
        )

    def fail(self, job_id: str, error: str, *, article_id: str | None = None) -> None:
        self.db.connection().execute(
            f"""UPDATE jobs SET state = ?, error = ?, article_id = coalesce(?, article_id), updated_at = ?,
               request = {_DROP_PAYLOAD} WHERE id = ?""",
            (JobState.FAILED.value, error, article_id, _now(), job_id),
        )

    def requeue(self, job_id: str, reason: str | None = None) -> None:
        self.db.connection().execute(
            f"""UPDATE jobs SET state = CASE WHEN attempts >= ?1 THEN ?2 ELSE ?3 END,
               error = CASE WHEN attempts >= ?1 THEN ?4 ELSE coalesce(?7, error) END,
               request = CASE WHEN attempts >= ?1 THEN {_DROP_PAYLOAD} ELSE request END,
               updated_at = ?5 WHERE id = ?6""",
            (MAX_ATTEMPTS, JobState.FAILED.value, JobState.QUEUED.value, _GAVE_UP, _now(), job_id, reason),
        )

    def recover(self) -> int:
        connection = self.db.connection()
        now = _now()
        connection.execute(
            f"UPDATE jobs SET state = ?, error = ?, updated_at = ?, request = {_DROP_PAYLOAD} "
            "WHERE state = ? AND attempts >= ?",
            (JobState.FAILED.value, _GAVE_UP, now,
             JobState.RUNNING.value, MAX_ATTEMPTS),
        )  # fmt: skip
        cursor = connection.execute(
            "UPDATE jobs SET state = ?, updated_at = ? WHERE state = ?",
            (JobState.QUEUED.value, now, JobState.RUNNING.value),
        )
        return cursor.rowcount

    def pending_count(self, client: str | None = None) -> int:
        row = (
            self.db.connection()
            .execute(
                "SELECT count(*) FROM jobs WHERE state IN (?, ?) AND (?3 IS NULL OR client = ?3)",
                (JobState.QUEUED.value, JobState.RUNNING.value, client),
            )
            .fetchone()
        )
        return int(row[0])


def _job_from_row(row: Any) -> Job:
    return Job(
        id=row["id"],
        state=JobState(row["state"]),
        request=JobRequest(**json.loads(row["request"])),
        attempts=row["attempts"],
        progress_done=row["progress_done"],
        progress_total=row["progress_total"],
        error=row["error"],
        article_id=row["article_id"],
        narration_id=row["narration_id"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        client=row["client"],
    )
