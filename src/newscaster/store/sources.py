"""Registered sources (feeds and sitemaps the server polls) and the articles seen in each.

Times are UTC ISO 8601 strings to the second, which sort as they compare. A source's ping secret is stored
as is: verifying an HMAC needs the key itself (unlike API tokens, which are only ever compared).
"""

from __future__ import annotations

import datetime as dt
import secrets
import uuid
from dataclasses import dataclass
from typing import Any

from ..fetch import Validators
from .sql import SqlDatabase

PING_SECRET_BYTES = 32
"""256 bits: an HMAC key nobody can guess, so pings need no lockout."""


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def _text(moment: dt.datetime) -> str:
    return moment.isoformat(timespec="seconds")


@dataclass(frozen=True)
class SourceSettings:
    """What a newsroom chooses for a source's narrations."""

    voice_id: str | None = None
    speed: float | None = None
    intro: str | None = None
    outro: str | None = None
    every_s: int = 900


@dataclass(frozen=True)
class SourceRecord:
    id: str
    url: str
    kind: str | None
    settings: SourceSettings
    secret: str
    created_at: str
    validators: Validators
    last_poll_at: str | None
    last_error: str | None
    failures: int
    next_poll_at: str

    def to_json(self) -> dict[str, Any]:
        """Everything but the secret, which is shown once, when the source is added."""
        return {
            "id": self.id,
            "url": self.url,
            "kind": self.kind,
            "voice": self.settings.voice_id,
            "speed": self.settings.speed,
            "intro": self.settings.intro,
            "outro": self.settings.outro,
            "every_s": self.settings.every_s,
            "created_at": self.created_at,
            "last_poll_at": self.last_poll_at,
            "last_error": self.last_error,
            "failures": self.failures,
            "next_poll_at": self.next_poll_at,
        }


def _record(row: Any) -> SourceRecord:
    return SourceRecord(
        id=row["id"],
        url=row["url"],
        kind=row["kind"],
        settings=SourceSettings(row["voice_id"], row["speed"], row["intro"], row["outro"], row["every_s"]),
        secret=row["secret"],
        created_at=row["created_at"],
        validators=Validators(row["etag"], row["last_modified"]),
        last_poll_at=row["last_poll_at"],
        last_error=row["last_error"],
        failures=row["failures"],
        next_poll_at=row["next_poll_at"],
    )


class SourceStore:
    def __init__(self, database: SqlDatabase) -> None:
        self.db = database

    def add(self, url: str, settings: SourceSettings) -> SourceRecord | None:
        """The new source (due at once), or None when ``url`` is already a source."""
        source_id, now = uuid.uuid4().hex[:12], _text(utc_now())
        cursor = self.db.connection().execute(
            """INSERT INTO sources (id, url, voice_id, speed, intro, outro, every_s, secret, created_at,
               next_poll_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (url) DO NOTHING""",
            (source_id, url, settings.voice_id, settings.speed, settings.intro, settings.outro,
             settings.every_s, secrets.token_urlsafe(PING_SECRET_BYTES), now, now),
        )  # fmt: skip
        return self.get(source_id) if cursor.rowcount else None

    def get(self, source_id: str) -> SourceRecord | None:
        row = self.db.connection().execute("SELECT * FROM sources WHERE id = ?", (source_id,)).fetchone()
        return _record(row) if row else None

    def all(self) -> list[SourceRecord]:
        rows = self.db.connection().execute("SELECT * FROM sources ORDER BY created_at, id").fetchall()
        return [_record(row) for row in rows]

    def remove(self, source_id: str) -> bool:
        """Forget the source and what it saw (its narrations stay in the library)."""
        connection = self.db.connection()
        connection.execute("DELETE FROM source_articles WHERE source_id = ?", (source_id,))
        return connection.execute("DELETE FROM sources WHERE id = ?", (source_id,)).rowcount > 0

    def due(self, now: dt.datetime) -> list[SourceRecord]:
        rows = self.db.connection().execute(
            "SELECT * FROM sources WHERE next_poll_at <= ? ORDER BY next_poll_at", (_text(now),)
        )
        return [_record(row) for row in rows.fetchall()]

    def claim(self, source: SourceRecord, until: dt.datetime) -> bool:
        """Take ``source`` (as read by ``due``) for polling: its next poll moves to ``until`` unless another
        process moved it first (then False: that one polls it). One compare-and-set row update, atomic in
        SQLite and PostgreSQL alike."""
        updated = self.db.connection().execute(
            "UPDATE sources SET next_poll_at = ? WHERE id = ? AND next_poll_at = ?",
            (_text(until), source.id, source.next_poll_at),
        )
        return bool(updated.rowcount == 1)

    def next_due_at(self) -> dt.datetime | None:
        row = self.db.connection().execute("SELECT min(next_poll_at) FROM sources").fetchone()
        return dt.datetime.fromisoformat(row[0]) if row and row[0] else None

    def make_due(self, source_id: str) -> None:
        self.db.connection().execute(
            "UPDATE sources SET next_poll_at = ? WHERE id = ?", (_text(utc_now()), source_id)
        )

    def polled(
        self, source_id: str, *, kind: str | None, validators: Validators, next_poll_at: dt.datetime
    ) -> None:
        """A good poll: its validators kept, the error and the failure count cleared."""
        self.db.connection().execute(
            """UPDATE sources SET kind = coalesce(?, kind), etag = ?, last_modified = ?, last_poll_at = ?,
               last_error = NULL, failures = 0, next_poll_at = ? WHERE id = ?""",
            (kind, validators.etag, validators.last_modified, _text(utc_now()), _text(next_poll_at),
             source_id),
        )  # fmt: skip

    def failed(self, source_id: str, error: str, *, failures: int, next_poll_at: dt.datetime) -> None:
        self.db.connection().execute(
            """UPDATE sources SET last_poll_at = ?, last_error = ?, failures = ?, next_poll_at = ?
               WHERE id = ?""",
            (_text(utc_now()), error, failures, _text(next_poll_at), source_id),
        )

    def seen_versions(self, source_id: str) -> dict[str, str]:
        rows = self.db.connection().execute(
            "SELECT url, version FROM source_articles WHERE source_id = ?", (source_id,)
        )
        return {row["url"]: row["version"] for row in rows.fetchall()}

    def saw(self, source_id: str, url: str, version: str, job_id: str | None) -> None:
        self.db.connection().execute(
            """INSERT INTO source_articles (source_id, url, version, job_id, seen_at) VALUES (?, ?, ?, ?, ?)
               ON CONFLICT (source_id, url) DO UPDATE SET version = excluded.version,
               job_id = coalesce(excluded.job_id, source_articles.job_id), seen_at = excluded.seen_at""",
            (source_id, url, version, job_id, _text(utc_now())),
        )
