"""The publisher lexicon through the API: entries change what is said, and stored narrations follow."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from polling import wait_for_job

from newscaster.config import Settings
from newscaster.web.app import create_app

TEXT = "# Harbour news\n\nThe Nguyen family sailed on Monday. Passengers were pleased."


@pytest.fixture
def client(tmp_path: Path, settings: Settings) -> Iterator[TestClient]:
    own = Settings(data_dir=tmp_path / "data", rebuildable_cache_dir=settings.cache_dir)
    with TestClient(create_app(own, job_threads=1, synthesis_processes=1)) as test_client:
        yield test_client


def _narrate(client: TestClient) -> dict:
    response = client.post("/api/narrations", json={"text": TEXT, "voice": "espeak:en-us"})
    job = wait_for_job(client, response.headers["location"], timeout_s=60)
    assert job["state"] == "done", job
    return job


def _spoken(client: TestClient, job: dict) -> str:
    timings = client.get(f"/api/articles/{job['article_id']}/timings.json", params={"voice": "espeak:en-us"})
    return " ".join(s["spoken"] for s in timings.json()["sentences"])


def test_add_list_remove_and_renarrate(client: TestClient) -> None:
    first = _narrate(client)
    assert "Monday" in _spoken(client, first)
    entry = {"written": "Monday", "spoken": "Moon day", "case_sensitive": True}
    added = client.post("/api/lexicon", json=entry)
    assert added.status_code == 201 and added.json()["source"] == "user"
    entries = client.get("/api/lexicon").json()
    assert {
        "written": "Monday",
        "spoken": "Moon day",
        "case_sensitive": True,
        "phonemes": None,
        "source": "user",
    } in entries
    assert any(e["source"] == "bundled" for e in entries)

    second = _narrate(client)
    assert second["narration_id"] == first["narration_id"]  # same identity, made again with the new lexicon
    assert "Moon day" in _spoken(client, second)

    assert client.delete("/api/lexicon/Monday").status_code == 204
    assert client.delete("/api/lexicon/Monday").status_code == 404
    assert "Monday" in _spoken(client, _narrate(client))


def test_phoneme_entries_are_spoken_as_phonemes(client: TestClient) -> None:
    entry = {"written": "Nguyen", "spoken": "/wˈɪn/"}
    added = client.post("/api/lexicon", json=entry)
    assert added.status_code == 201 and added.json()["phonemes"] == "wˈɪn"
    assert "⟦Nguyen|wˈɪn⟧" in _spoken(client, _narrate(client))


BAD_ENTRIES = [
    {"written": "", "spoken": "x"},
    {"written": "a\tb", "spoken": "x"},
    {"written": "a"},
    {"spoken": "b"},
    {"written": "Wang Yi", "spoken": "/wˈɑːŋjˈiː/"},
    {"written": "Xi", "spoken": "/x!/"},
]


@pytest.mark.parametrize("body", BAD_ENTRIES)
def test_bad_entries_are_422(client: TestClient, body: dict) -> None:
    response = client.post("/api/lexicon", json=body)
    assert response.status_code == 422 and response.json()["error"]


def test_a_phoneme_entry_missing_a_slash_is_a_422(client: TestClient) -> None:
    response = client.post("/api/lexicon", json={"written": "Kyiv", "spoken": "/kiːv"})
    assert response.status_code == 422
    assert "slash at one end only" in response.json()["error"]
    assert [e for e in client.get("/api/lexicon").json() if e["source"] == "user"] == []
