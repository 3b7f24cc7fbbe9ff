"""The REST API through an ASGI client, with real SQLite, real jobs and real synthesis on short texts."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from polling import wait_for_job

from newscaster.config import Settings
from newscaster.jobs.base import JobRequest, JobState
from newscaster.web.app import create_app

SHORT_TEXT = "# Ferry news\n\nThe ferry sailed again on Monday. Passengers were pleased with the 2 new boats."


def make_settings(tmp_path: Path, settings: Settings) -> Settings:
    return Settings(data_dir=tmp_path / "data", rebuildable_cache_dir=settings.cache_dir)


@pytest.fixture
def client(tmp_path: Path, settings: Settings) -> Iterator[TestClient]:
    app = create_app(make_settings(tmp_path, settings), job_threads=1, synthesis_processes=1)
    with TestClient(app) as test_client:
        yield test_client


def narrate_text(client: TestClient, **extra) -> dict:
    response = client.post("/api/narrations", json={"text": SHORT_TEXT, **extra})
    assert response.status_code == 202, response.text
    assert response.headers["location"] == f"/api/jobs/{response.json()['id']}"
    job = wait_for_job(client, response.headers["location"])
    assert job["state"] == "done", job
    return job


def test_narrate_then_read_everything_back(client: TestClient) -> None:
    job = narrate_text(client)
    assert job["progress"]["done"] == job["progress"]["total"] > 0
    article = client.get(f"/api/articles/{job['article_id']}").json()
    assert article["title"] == "Ferry news"
    assert article["reading_minutes"] == 1
    [narration] = article["narrations"]
    assert narration["voice"] == "hibari:heart"
    audio = client.get(narration["audio_url"])
    assert audio.status_code == 200
    assert audio.headers["content-type"] == "audio/mpeg"
    assert audio.headers["accept-ranges"] == "bytes"
    assert "etag" in audio.headers
    assert audio.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert audio.content[:3] == b"ID3"
    vtt = client.get(narration["transcript_url"])
    assert vtt.text.startswith("WEBVTT") and "The ferry sailed again on Monday." in vtt.text
    assert vtt.headers["cache-control"] == "public, max-age=300"  # timings may be made again: revalidate
    timings = client.get(narration["timings_url"]).json()
    assert timings["sentences"][-1]["end_ms"] == timings["duration_ms"]
    listing = client.get("/api/articles").json()
    assert [a["id"] for a in listing] == [job["article_id"]]
    assert listing[0]["narrations"][0]["duration_ms"] == narration["duration_ms"]


def test_range_requests_and_revalidation(client: TestClient) -> None:
    job = narrate_text(client)
    url = client.get(f"/api/articles/{job['article_id']}").json()["narrations"][0]["audio_url"]
    whole = client.get(url)
    part = client.get(url, headers={"Range": "bytes=100-199"})
    assert part.status_code == 206
    assert part.content == whole.content[100:200]
    assert part.headers["content-range"] == f"bytes 100-199/{len(whole.content)}"
    assert client.get(url, headers={"Range": "bytes=999999999-"}).status_code == 416
    assert client.get(url, headers={"If-None-Match": whole.headers["etag"]}).status_code == 304


def test_same_article_voice_and_speed_is_served_from_storage(client: TestClient) -> None:
    """Asked again, the stored narration is handed back: nothing is prepared, synthesized or written."""
    library = client.app.state.newscaster.library  # type: ignore[attr-defined]
    first = narrate_text(client)
    [made] = library.current_narrations(first["article_id"])
    audio_before = (made.audio_path, made.audio_path.stat().st_mtime_ns)

    second = narrate_text(client)
    assert second["article_id"] == first["article_id"]
    assert second["narration_id"] == first["narration_id"]
    # The narration id is a hash of article, text, voice and speed, the same when made again; what shows
    # reuse is that the second job did no work and the narration and its audio file are the very same.
    assert first["progress"]["total"] > 0 and second["progress"] == {"done": 0, "total": 0}
    [served] = library.current_narrations(first["article_id"])
    assert served.created_at == made.created_at
    assert (served.audio_path, served.audio_path.stat().st_mtime_ns) == audio_before
    assert len(client.get(f"/api/articles/{first['article_id']}").json()["narrations"]) == 1


def test_another_voice_for_a_stored_article(client: TestClient) -> None:
    first = narrate_text(client)
    response = client.post(
        "/api/narrations", json={"article_id": first["article_id"], "voice": "espeak:en-us"}
    )
    job = wait_for_job(client, response.headers["location"])
    assert job["state"] == "done", job
    voices = {n["voice"] for n in client.get(f"/api/articles/{first['article_id']}").json()["narrations"]}
    assert voices == {"hibari:heart", "espeak:en-us"}
    audio = client.get(f"/api/articles/{first['article_id']}/audio", params={"voice": "espeak:en-us"})
    assert audio.status_code == 200


def test_voices_endpoint(client: TestClient) -> None:
    voices = client.get("/api/voices").json()
    assert voices[0]["id"] == "hibari:heart" and voices[0]["natural_wpm"] > 100


def test_openapi_is_served(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert "/api/narrations" in paths and "/api/articles/{article_id}/audio" in paths


@pytest.mark.parametrize(
    ("method", "url", "kwargs", "status"),
    [
        (
            "post",
            "/api/narrations",
            {"content": b"{not json", "headers": {"content-type": "application/json"}},
            422,
        ),
        ("post", "/api/narrations", {"json": {}}, 422),
        ("post", "/api/narrations", {"json": {"text": "a", "url": "http://x"}}, 422),
        ("post", "/api/narrations", {"json": {"text": "Hello.", "voice": "nobody"}}, 422),
        ("post", "/api/narrations", {"json": {"text": "Hello.", "speed": 9}}, 422),
        ("post", "/api/narrations", {"json": {"text": "Hello.", "format": "flac"}}, 422),
        ("post", "/api/narrations", {"json": {"article_id": "nope"}}, 404),
        ("get", "/api/jobs/nope", {}, 404),
        ("get", "/api/articles/nope", {}, 404),
        ("get", "/api/articles/nope/audio", {}, 404),
        ("get", "/api/articles/nope/timings.json", {}, 404),
        ("get", "/api/nothing-here", {}, 404),
        ("post", "/api/narrations", {"content": b"x" * (13 * 1024 * 1024)}, 413),
    ],
)
def test_bad_requests_get_json_errors(
    client: TestClient, method: str, url: str, kwargs: dict, status: int
) -> None:
    response = getattr(client, method)(url, **kwargs)
    assert response.status_code == status, response.text
    assert response.json()["error"]


def test_refused_url_fails_the_job_with_a_reason(client: TestClient) -> None:
    response = client.post("/api/narrations", json={"url": "http://127.0.0.1/private"})
    job = wait_for_job(client, response.headers["location"])
    assert job["state"] == "failed"
    assert "private or local network" in job["error"]


def test_interrupted_job_runs_again_after_restart(tmp_path: Path, settings: Settings) -> None:
    own_settings = make_settings(tmp_path, settings)
    app = create_app(own_settings, job_threads=1, synthesis_processes=1)
    state = app.state.newscaster
    job = state.queue.submit(JobRequest(text=SHORT_TEXT))
    claimed = state.queue.claim()  # a worker took it ... and the process died here
    assert claimed is not None and claimed.id == job.id
    assert state.queue.get(job.id).state is JobState.RUNNING

    restarted = create_app(own_settings, job_threads=1, synthesis_processes=1)
    with TestClient(restarted) as client:
        finished = wait_for_job(client, f"/api/jobs/{job.id}")
    assert finished["state"] == "done"
    assert finished["attempts"] == 2


def test_audio_that_was_not_narrated_is_a_json_404(client: TestClient) -> None:
    job = narrate_text(client)
    response = client.get(f"/api/articles/{job['article_id']}/audio", params={"format": "wav"})
    assert response.status_code == 404
    assert "no narration with that voice, speed and format" in response.json()["error"]


def test_narration_urls_quote_voice_ids_from_user_file_names() -> None:
    from newscaster.store.library import StoredNarration
    from newscaster.web.api import narration_json

    narration = StoredNarration(
        "n1", "a1", "hash", "piper:my voice&co", 1.25, "mp3", Path("a.mp3"), Path("a.vtt"), Path("a.json"),
        1000, 150.0, "2026-11-29T00:00:00+00:00",
    )  # fmt: skip
    urls = narration_json(narration)
    assert urls["audio_url"] == "/api/articles/a1/audio?voice=piper:my+voice%26co&speed=1.25&format=mp3"
