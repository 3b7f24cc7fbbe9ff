"""PostgreSQL as the store (``NEWSCASTER_DATABASE_URL=postgresql://…``), through psycopg 3.

The store's queries are the ones SQLite runs (see ``sql.py``): this module turns their ``?`` / ``?N``
placeholders into psycopg's and binds values on the client side (``ClientCursor``), so a parameter
needs no declared type (``?2 IS NULL`` works as in SQLite). Connections are in autocommit mode, one
per thread, like SQLite's; ``transaction()`` groups statements that must commit together. Migrations
are the shared numbered files (``migrations/postgresql/`` where PostgreSQL needs its own version),
applied under an advisory lock so that servers and workers starting at once apply each one once.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psycopg
from psycopg.rows import RowMaker

from .backends import redacted_url
from .database import _migrations
from .sql import Dialect, numbered_placeholders

POSTGRESQL = Dialect(
    name="postgresql",
    submission_order="seq",
    # A claimer skips rows another claimer holds instead of waiting for them: each job has one taker,
    # and claimers on several servers never queue up behind one another.
    claim_lock=" FOR UPDATE SKIP LOCKED",
    drop_payload="""(request::jsonb || '{"html": null, "text": null}')::text""",
    shared_between_hosts=True,
    integrity_errors=(psycopg.IntegrityError,),
    unavailable=(psycopg.OperationalError,),
    errors=(psycopg.Error,),
)

MIGRATION_LOCK_KEY = 0x6E657773  # "news": any constant shared by every newscaster process on the database
CONNECT_TIMEOUT_S = 10
"""An unreachable database fails a request after this long instead of hanging it."""


_SQLITE_BEGIN = re.compile(
    r"\s*BEGIN\s+(IMMEDIATE|EXCLUSIVE|DEFERRED)(\s+TRANSACTION)?\s*;?\s*", re.IGNORECASE
)


class Row(tuple[Any, ...]):
    """A result row read by position or by column name, like ``sqlite3.Row``."""

    _names: dict[str, int]

    def __getitem__(self, key: Any) -> Any:  # type: ignore[override]
        if isinstance(key, str):
            return tuple.__getitem__(self, self._names[key])
        return tuple.__getitem__(self, key)

    def keys(self) -> list[str]:
        return list(self._names)


def _row_factory(cursor: Any) -> RowMaker[Row]:
    names = {column.name: index for index, column in enumerate(cursor.description or ())}

    def make(values: Sequence[Any]) -> Row:
        row = Row(values)
        row._names = names
        return row

    return make


class Connection:
    """A psycopg connection that takes the store's SQLite-style queries."""

    def __init__(self, raw: psycopg.Connection[Row]) -> None:
        self.raw = raw

    def execute(self, sql: str, parameters: Sequence[Any] = ()) -> psycopg.ClientCursor[Row]:
        if _SQLITE_BEGIN.fullmatch(sql):
            # SQLite's BEGIN IMMEDIATE takes its write lock up front; here row locks are taken as rows are
            # written, so a plain BEGIN is the same transaction (new code uses ``transaction()``).
            sql = "BEGIN"
        query, values = numbered_placeholders(sql, parameters)
        cursor = psycopg.ClientCursor(self.raw, row_factory=_row_factory)
        cursor.execute(query, values)
        return cursor


class PostgresDatabase:
    dialect = POSTGRESQL

    def __init__(self, url: str, data_dir: Path, *, migrate: bool = True) -> None:
        self.url = url
        self.data_dir = data_dir
        self._local = threading.local()
        if migrate:
            self.migrate()

    def connection(self) -> Connection:
        connection: Connection | None = getattr(self._local, "connection", None)
        if connection is None or connection.raw.closed:
            raw = psycopg.connect(
                self.url, autocommit=True, connect_timeout=CONNECT_TIMEOUT_S, row_factory=_row_factory
            )
            connection = Connection(raw)
            self._local.connection = connection
        return connection

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        connection = self.connection()
        with connection.raw.transaction():
            yield connection

    def migrate(self) -> list[str]:
        applied = []
        with self.transaction() as connection:
            # Transactional DDL: each run applies what is missing, or nothing, under one lock.
            connection.execute("SELECT pg_advisory_xact_lock(?)", (MIGRATION_LOCK_KEY,))
            connection.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations (number INTEGER PRIMARY KEY, name TEXT)"
            )
            done = {row[0] for row in connection.execute("SELECT number FROM schema_migrations")}
            for number, name, script in _migrations(POSTGRESQL.name):
                if number in done:
                    continue
                connection.raw.execute(script.encode("utf-8"))  # as written: no placeholders to rewrite
                connection.execute(
                    "INSERT INTO schema_migrations (number, name) VALUES (?, ?)", (number, name)
                )
                applied.append(name)
        return applied

    def describe(self) -> str:
        return f"PostgreSQL database {redacted_url(self.url)}"

    def close(self) -> None:
        connection: Connection | None = getattr(self._local, "connection", None)
        if connection is not None:
            connection.raw.close()
