"""The API narrates with its library, jobs and tokens in PostgreSQL exactly as with SQLite."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from polling import wait_for_job
from web_support import web_settings

from newscaster.config import Settings
from newscaster.store.postgres import PostgresDatabase
from newscaster.web.app import create_app

STORY = "# Ferry news\n\nThe ferry sailed again on Monday. Passengers were pleased with the two new boats."


@pytest.fixture
def client(tmp_path: Path, settings: Settings, postgres_url: str) -> Iterator[TestClient]:
    configured = dataclasses.replace(web_settings(tmp_path / "data", settings), database_url=postgres_url)
    with TestClient(create_app(configured, job_threads=1, synthesis_processes=1)) as test_client:
        yield test_client


def test_a_narration_and_its_repeat_on_postgresql(client: TestClient, tmp_path: Path) -> None:
    assert isinstance(client.app.state.newscaster.library.db, PostgresDatabase)  # type: ignore[attr-defined]
    assert not (tmp_path / "data" / "newscaster.sqlite3").exists()
    jobs = []
    for _ in range(2):  # the second is served from the stored narration: still one narration row
        response = client.post("/api/narrations", json={"text": STORY, "voice": "espeak:en-us"})
        assert response.status_code == 202, response.text
        jobs.append(wait_for_job(client, response.headers["location"]))
    assert [job["state"] for job in jobs] == ["done", "done"], jobs
    assert jobs[0]["article_id"] == jobs[1]["article_id"]
    [article] = client.get("/api/articles").json()
    assert [n["voice"] for n in article["narrations"]] == ["espeak:en-us"]
    audio = client.get(article["narrations"][0]["audio_url"], headers={"Range": "bytes=0-99"})
    assert audio.status_code == 206 and len(audio.content) == 100
    rows = client.app.state.newscaster.library.db.connection().execute("SELECT count(*) FROM narrations")  # type: ignore[attr-defined]
    assert rows.fetchone()[0] == 1
    assert client.get("/readyz").status_code == 200
