"""The embedded job queue: rows in the store's database (SQLite, or PostgreSQL), so jobs survive restarts.

Several servers and workers may share a PostgreSQL database: a claim locks the row it takes and skips
rows other claimers hold (``FOR UPDATE SKIP LOCKED``, the dialect's ``claim_lock``), so each job has
exactly one taker; on SQLite the claim's ``BEGIN IMMEDIATE`` does the same with the one write lock."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import uuid
from typing import Any

from ..store.sql import SqlDatabase
from .base import MAX_ATTEMPTS, Job, JobRequest, JobState

_GAVE_UP = "The narration crashed repeatedly and was given up"
_FINISHED = (JobState.DONE.value, JobState.FAILED.value)

JOB_RETENTION_S = 7 * 24 * 3600
"""Finished jobs are forgotten this long after they ended. A client polls its job for minutes; a week
leaves room for one that comes back days later, and keeps the table from growing without end."""


SHARED_STALE_AFTER_S = 15 * 60
"""A running job reports progress after every sentence (seconds apart); on a shared database, one silent
for 15 minutes belongs to a process that died, not to a slow narration on another server."""


def _now(seconds_ago: float = 0.0) -> str:
    moment = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=seconds_ago)
    return moment.isoformat(timespec="microseconds")


class SqliteJobQueue:
    def __init__(self, database: SqlDatabase) -> None:
        self.db = database
        # A finished job's request without the page or text it carried (up to megabytes each); the
        # article it made is stored, or it failed, so nothing reads them again.
        self._drop_payload = database.dialect.drop_payload

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
        dialect = self.db.dialect
        # Oldest first by the order of submission, as timestamps can tie.
        with self.db.transaction() as connection:
            row = connection.execute(
                f"""SELECT id FROM jobs WHERE state = ? AND (? IS NULL OR id = ?)
                    ORDER BY {dialect.submission_order} LIMIT 1{dialect.claim_lock}""",
                (JobState.QUEUED.value, job_id, job_id),
            ).fetchone()
            if row is None:
                return None
            connection.execute(
                "UPDATE jobs SET state = ?, attempts = attempts + 1, updated_at = ? WHERE id = ?",
                (JobState.RUNNING.value, _now(), row["id"]),
            )
        return self.get(row["id"])

    def progress(self, job_id: str, done: int, total: int) -> None:
        self.db.connection().execute(
            "UPDATE jobs SET progress_done = ?, progress_total = ?, updated_at = ? WHERE id = ?",
            (done, total, _now(), job_id),
        )

    def finish(self, job_id: str, article_id: str, narration_id: str) -> None:
        self.db.connection().execute(
            f"""UPDATE jobs SET state = ?, article_id = ?, narration_id = ?, error = NULL,
               progress_done = progress_total, updated_at = ?, request = {self._drop_payload} WHERE id = ?""",
            (JobState.DONE.value, article_id, narration_id, _now(), job_id),
        )

    def fail(self, job_id: str, error: str, *, article_id: str | None = None) -> None:
        self.db.connection().execute(
            f"""UPDATE jobs SET state = ?, error = ?, article_id = coalesce(?, article_id), updated_at = ?,
               request = {self._drop_payload} WHERE id = ?""",
            (JobState.FAILED.value, error, article_id, _now(), job_id),
        )

    def requeue(self, job_id: str, reason: str | None = None) -> None:
        self.db.connection().execute(
            f"""UPDATE jobs SET state = CASE WHEN attempts >= ?1 THEN ?2 ELSE ?3 END,
               error = CASE WHEN attempts >= ?1 THEN ?4 ELSE coalesce(?7, error) END,
               request = CASE WHEN attempts >= ?1 THEN {self._drop_payload} ELSE request END,
               updated_at = ?5 WHERE id = ?6""",
            (MAX_ATTEMPTS, JobState.FAILED.value, JobState.QUEUED.value, _GAVE_UP, _now(), job_id, reason),
        )

    def recover(self) -> int:
        connection = self.db.connection()
        now = _now()
        # On a database shared between hosts, a running job may be another live server's: only one whose
        # progress has not moved for ``SHARED_STALE_AFTER_S`` was left by a process that died.
        every_running = not self.db.dialect.shared_between_hosts
        stale_before = _now(SHARED_STALE_AFTER_S)
        connection.execute(
            f"UPDATE jobs SET state = ?, error = ?, updated_at = ?, request = {self._drop_payload} "
            "WHERE state = ? AND attempts >= ? AND (? OR updated_at < ?)",
            (JobState.FAILED.value, _GAVE_UP, now,
             JobState.RUNNING.value, MAX_ATTEMPTS, every_running, stale_before),
        )  # fmt: skip
        cursor = connection.execute(
            "UPDATE jobs SET state = ?, updated_at = ? WHERE state = ? AND (? OR updated_at < ?)",
            (JobState.QUEUED.value, now, JobState.RUNNING.value, every_running, stale_before),
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
