"""The embedded SQLite database and the numbered migrations every backend shares.

Migrations are ``migrations/NNNN_name.sql`` files applied in order, each once, recorded in
``schema_migrations``. They are written in SQL that SQLite and PostgreSQL both run; where an engine
cannot run a step as written (SQLite's ``rowid`` triggers, its JSON functions),
``migrations/BACKEND/NNNN_name.sql`` is that backend's version of the same step, so both keep one
history with the same numbers. One connection per thread; WAL mode so readers never wait for the writer.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from importlib.resources import files
from pathlib import Path

from .sql import Dialect

BUSY_TIMEOUT_MS = 10_000
"""A writer holds the lock for milliseconds; waiting up to 10 s rides out bursts without failing requests."""

SQLITE = Dialect(
    name="sqlite",
    submission_order="rowid",  # jobs are only ever inserted, so rowid is the order of submission
    claim_lock="",  # the claim runs under BEGIN IMMEDIATE: SQLite's one write lock serializes claimers
    drop_payload="json_set(request, '$.html', NULL, '$.text', NULL)",
    shared_between_hosts=False,
    integrity_errors=(sqlite3.IntegrityError,),
    unavailable=(sqlite3.OperationalError,),
    errors=(sqlite3.Error,),
)


def _migrations(backend: str | None = None) -> list[tuple[int, str, str]]:
    """Every migration as (number, file name, script): the shared ones, each replaced by ``backend``'s
    own version where it has one."""
    folder = files("newscaster.store").joinpath("migrations")
    chosen: dict[str, str] = {}
    own = folder.joinpath(backend) if backend else None
    for source in (folder, own):
        if source is None or not source.is_dir():
            continue
        for entry in source.iterdir():
            if entry.name.endswith(".sql"):
                chosen[entry.name] = entry.read_text(encoding="utf-8")
    return sorted((int(name.split("_", 1)[0]), name, script) for name, script in chosen.items())


def migrate(connection: sqlite3.Connection) -> list[str]:
    """Apply the migrations not yet applied; returns their names."""
    connection.execute("CREATE TABLE IF NOT EXISTS schema_migrations (number INTEGER PRIMARY KEY, name TEXT)")
    done = {row[0] for row in connection.execute("SELECT number FROM schema_migrations")}
    applied = []
    for number, name, script in _migrations(SQLITE.name):
        if number in done:
            continue
        # The migration and its record commit together, so a crash never leaves one without the other.
        safe_name = name.replace("'", "")
        record = f"INSERT INTO schema_migrations (number, name) VALUES ({number}, '{safe_name}');"
        connection.executescript(f"BEGIN;\n{script}\n{record}\nCOMMIT;")
        applied.append(name)
    return applied


class Database:
    """A SQLite file shared by the server's threads, each with its own connection."""

    dialect = SQLITE

    def __init__(self, path: Path, *, migrate: bool = True) -> None:
        self.path = path
        self.data_dir = path.parent
        self._local = threading.local()
        path.parent.mkdir(parents=True, exist_ok=True)
        if migrate:
            self.migrate()

    def connection(self) -> sqlite3.Connection:
        connection = getattr(self._local, "connection", None)
        if connection is None:
            connection = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
            connection.row_factory = sqlite3.Row
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA foreign_keys=ON")
            connection.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            self._local.connection = connection
        return connection

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        connection = self.connection()
        # IMMEDIATE takes the write lock at BEGIN, so what the transaction reads cannot change before it
        # writes (a deferred BEGIN would fail with "database is locked" when it first writes instead).
        connection.execute("BEGIN IMMEDIATE")
        try:
            yield connection
        except BaseException:
            connection.execute("ROLLBACK")
            raise
        connection.execute("COMMIT")

    def migrate(self) -> list[str]:
        return migrate(self.connection())

    def describe(self) -> str:
        return f"SQLite database {self.path}"
