"""Migrations applied to a database made by an earlier version keep its data and bring it up to date."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from newscaster.store.database import Database, _migrations


def test_upgrading_drops_the_payloads_of_finished_jobs(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    old = sqlite3.connect(path)
    old.execute("CREATE TABLE schema_migrations (number INTEGER PRIMARY KEY, name TEXT)")
    for number, name, script in _migrations():
        if number < 5:  # the database as versions before 0005 left it
            old.executescript(script)
            old.execute("INSERT INTO schema_migrations VALUES (?, ?)", (number, name))
    page = json.dumps({"url": None, "html": "<p>" + "x" * 100_000, "text": None, "voice": "espeak:en-us"})
    for job_id, state in (("failed", "failed"), ("done", "done"), ("queued", "queued")):
        old.execute(
            "INSERT INTO jobs (id, state, request, created_at, updated_at) VALUES (?, ?, ?, '', '')",
            (job_id, state, page),
        )
    old.commit()
    old.close()

    requests = {
        row["id"]: json.loads(row["request"])
        for row in Database(path).connection().execute("SELECT id, request FROM jobs")
    }
    assert requests["failed"]["html"] is None and requests["done"]["html"] is None
    assert requests["failed"]["voice"] == "espeak:en-us"
    assert len(requests["queued"]["html"]) > 100_000  # still to be narrated


def test_postgresql_upgrades_keep_the_order_and_drop_finished_payloads(
    postgres_url: str, tmp_path: Path
) -> None:
    """PostgreSQL's own versions of migrations 0004 and 0005 do what the shared ones do on SQLite."""
    import psycopg

    from newscaster.store.library import Library
    from newscaster.store.postgres import PostgresDatabase

    with psycopg.connect(postgres_url, autocommit=True) as old:
        old.execute("CREATE TABLE schema_migrations (number INTEGER PRIMARY KEY, name TEXT)")
        for number, name, script in _migrations("postgresql"):
            if number < 4:  # the database as versions before 0004 left it
                old.execute(script.encode())
                old.execute("INSERT INTO schema_migrations VALUES (%s, %s)", (number, name))
        for n, stamp in enumerate(["2024-03-01T09:00:02+00:00", "2024-03-01T09:00:01+00:00"]):
            old.execute(
                """INSERT INTO articles (id, content_key, content_hash, title, language, key_points,
                       paragraphs, word_count, reading_minutes, created_at, updated_at)
                   VALUES (%s, %s, 'h', %s, 'en', '[]', '["Text."]', 1, 1, %s, %s)""",
                (f"a{n}", f"key{n}", f"Story {n}", stamp, stamp),
            )
        page = json.dumps({"url": None, "html": "<p>" + "x" * 1000, "text": None, "voice": "espeak:en-us"})
        for job_id, state in (("done", "done"), ("queued", "queued")):
            old.execute(
                "INSERT INTO jobs (id, state, request, created_at, updated_at) VALUES (%s, %s, %s, '', '')",
                (job_id, state, page),
            )

    database = PostgresDatabase(postgres_url, tmp_path)
    assert [s.id for s, _ in Library(database).list_articles()] == ["a0", "a1"]
    requests = {
        row["id"]: json.loads(row["request"])
        for row in database.connection().execute("SELECT id, request FROM jobs")
    }
    assert requests["done"]["html"] is None and requests["done"]["voice"] == "espeak:en-us"
    assert len(requests["queued"]["html"]) > 1000
    database.close()


def test_every_migration_has_a_number_of_its_own() -> None:
    """Migrations are recorded by number: two files with one number (branches merged side by side) would
    leave one of them never applied."""
    numbers = [number for number, _, _ in _migrations()]
    assert len(numbers) == len(set(numbers)), [name for _, name, _ in _migrations()]
