"""Which database the store uses, chosen by NEWSCASTER_DATABASE_URL, and one migration history on both."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from newscaster.errors import OptionError
from newscaster.store.backends import SQLITE_FILE_NAME, open_database
from newscaster.store.database import Database, _migrations
from newscaster.store.sql import SqlDatabase


def test_without_a_url_the_store_is_the_data_folders_sqlite_file(tmp_path: Path) -> None:
    database = open_database(None, tmp_path)
    assert isinstance(database, Database) and database.path == tmp_path / SQLITE_FILE_NAME
    elsewhere = open_database(f"sqlite:///{tmp_path}/other.sqlite3", tmp_path / "unused")
    assert isinstance(elsewhere, Database) and elsewhere.path == tmp_path / "other.sqlite3"


def test_an_unknown_database_is_refused_with_the_known_ones(tmp_path: Path) -> None:
    with pytest.raises(
        OptionError,
        match=r"Unknown kind of database 'mysql' in the database URL \(known: postgres://, postgresql://, sqlite://\)",
    ):
        open_database("mysql://db/news", tmp_path)


def test_postgresql_gets_the_same_numbered_history_once(postgres_url: str, tmp_path: Path) -> None:
    from newscaster.store.postgres import PostgresDatabase

    # Servers and workers starting together: each migration is applied by exactly one of them.
    opened: list[PostgresDatabase] = []
    racers = [
        threading.Thread(target=lambda: opened.append(PostgresDatabase(postgres_url, tmp_path)))
        for _ in range(3)
    ]
    for racer in racers:
        racer.start()
    for racer in racers:
        racer.join(timeout=120)
    assert len(opened) == 3
    database = open_database(postgres_url.replace("postgresql://", "postgres://"), tmp_path)
    assert isinstance(database, PostgresDatabase) and database.migrate() == []
    recorded = database.connection().execute("SELECT number, name FROM schema_migrations ORDER BY number")
    assert [tuple(row) for row in recorded] == [(number, name) for number, name, _ in _migrations()]
    assert "newscaster@" in database.describe()


def test_a_password_never_shows_in_messages() -> None:
    from newscaster.store.backends import redacted_url

    assert redacted_url("postgresql://news:s3cret@db:5432/news") == "postgresql://news:***@db:5432/news"


def test_a_dropped_postgresql_connection_is_replaced_on_next_use(postgres_url: str, tmp_path: Path) -> None:
    from newscaster.store.postgres import PostgresDatabase

    database = PostgresDatabase(postgres_url, tmp_path)
    mine = database.connection().execute("SELECT pg_backend_pid()").fetchone()[0]
    with PostgresDatabase(postgres_url, tmp_path, migrate=False).transaction() as other:
        other.execute("SELECT pg_terminate_backend(?)", (mine,))  # as a server restart does
    with pytest.raises(database.dialect.unavailable):
        database.connection().execute("SELECT 1")
    assert database.connection().execute("SELECT 1").fetchone()[0] == 1


def test_sqlite_style_write_transactions_work_on_postgresql(store_database: SqlDatabase) -> None:
    """Code written for SQLite (BEGIN IMMEDIATE … COMMIT / ROLLBACK) keeps its meaning on PostgreSQL."""
    connection = store_database.connection()
    connection.execute("BEGIN IMMEDIATE")
    connection.execute(
        "INSERT INTO api_tokens (id, name, salt, secret_hash, created_at) VALUES ('t1', 'a', '', '', '')"
    )
    connection.execute("ROLLBACK")
    connection.execute("begin immediate transaction;")
    connection.execute(
        "INSERT INTO api_tokens (id, name, salt, secret_hash, created_at) VALUES ('t2', 'b', '', '', '')"
    )
    connection.execute("COMMIT")
    assert [row[0] for row in connection.execute("SELECT id FROM api_tokens")] == ["t2"]
