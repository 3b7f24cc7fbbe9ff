"""The embedded SQLite database and its numbered migrations.

Migrations are ``migrations/NNNN_name.sql`` files applied in order, each once, recorded in
``schema_migrations``. One connection per thread; WAL mode so readers never wait for the writer.
"""

from __future__ import annotations

import sqlite3
import threading
from importlib.resources import files
from pathlib import Path

BUSY_TIMEOUT_MS = 10_000
"""A writer holds the lock for milliseconds; waiting up to 10 s rides out bursts without failing requests."""


def _migrations() -> list[tuple[int, str, str]]:
    folder = files("newscaster.store").joinpath("migrations")
    found = []
    for entry in folder.iterdir():
        if entry.name.endswith(".sql"):
            number = int(entry.name.split("_", 1)[0])
            found.append((number, entry.name, entry.read_text(encoding="utf-8")))
    return sorted(found)


def migrate(connection: sqlite3.Connection) -> list[str]:
    """Apply the migrations not yet applied; returns their names."""
    connection.execute("CREATE TABLE IF NOT EXISTS schema_migrations (number INTEGER PRIMARY KEY, name TEXT)")
    done = {row[0] for row in connection.execute("SELECT number FROM schema_migrations")}
    applied = []
    for number, name, script in _migrations():
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

    def __init__(self, path: Path) -> None:
        self.path = path
        self._local = threading.local()
        path.parent.mkdir(parents=True, exist_ok=True)
        migrate(self.connection())

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
