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


def test_every_migration_has_a_number_of_its_own() -> None:
    """Migrations are recorded by number: two files with one number (branches merged side by side) would
    leave one of them never applied."""
    numbers = [number for number, _, _ in _migrations()]
    assert len(numbers) == len(set(numbers)), [name for _, name, _ in _migrations()]
