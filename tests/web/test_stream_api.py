"""Listening while a narration is made: ``stream_url`` (MP3 as it is made) and ``events_url`` (timings),
over real HTTP (uvicorn on loopback), real jobs and real synthesis."""

from __future__ import annotations

import io
import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import av
import httpx
import numpy as np
import pytest
from web_support import LiveServer, serving

from newscaster.config import Settings
from newscaster.jobs.celery_worker import WorkerContext
from newscaster.web.app import create_app

ARTICLE = "# The long crossing\n\n" + "\n\n".join(
    " ".join(
        f"On day {day * 4 + s + 1} the ferry crossed the harbour again, and the crew counted the passengers."
        for s in range(4)
    )
    for day in range(6)
)
"""Twenty-five sentences: the narration takes long enough that its first audio comes well before its end."""


def decode(data: bytes) -> np.ndarray:
    with av.open(io.BytesIO(data)) as container:
        return np.concatenate([frame.to_ndarray().reshape(-1) for frame in container.decode(audio=0)])


@pytest.fixture(scope="module")
def http(live_server: LiveServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=live_server.url, timeout=120, trust_env=False) as client:
        yield client


def wait_done(http: httpx.Client, job_url: str) -> dict:
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        job = http.get(job_url).json()
        if job["state"] in {"done", "failed"}:
            return job
        time.sleep(0.05)
    raise AssertionError("the job did not finish")


class Listener(threading.Thread):
    """Reads a stream to its end, noting the job's state when the first bytes arrived."""

    def __init__(self, http: httpx.Client, url: str, job_url: str) -> None:
        super().__init__(daemon=True)
        self.http, self.url, self.job_url = http, url, job_url
        self.data = b""
        self.state_at_first_audio: str | None = None
        self.content_type = ""

    def run(self) -> None:
        with self.http.stream("GET", self.url) as response:
            assert response.status_code == 200, response.read()
            self.content_type = response.headers["content-type"]
            for chunk in response.iter_bytes():
                if not self.data:
                    self.state_at_first_audio = self.http.get(self.job_url).json()["state"]
                self.data += chunk


@pytest.mark.slow
def test_listeners_hear_the_stored_audio_while_it_is_made(http: httpx.Client) -> None:
    started = http.post("/api/narrations", json={"text": ARTICLE})
    assert started.status_code == 202
    job = started.json()
    assert job["stream_url"] == f"/api/jobs/{job['id']}/stream"
    job_url = f"/api/jobs/{job['id']}"
    first, second = Listener(http, job["stream_url"], job_url), Listener(http, job["stream_url"], job_url)
    first.start()
    second.start()
    events = http.get(job["events_url"]).text  # server-sent events, to the job's end
    first.join(180)
    second.join(180)
    done = wait_done(http, job_url)
    assert done["state"] == "done", done

    assert first.content_type == "audio/mpeg"
    assert first.state_at_first_audio == "running"  # audio before the narration was done
    assert first.data == second.data  # every listener gets the same bytes
    article = http.get(f"/api/articles/{done['article_id']}").json()
    stored_file = http.get(article["narrations"][0]["audio_url"]).content
    streamed, stored = decode(first.data), decode(stored_file)
    assert 0 <= len(streamed) - len(stored) <= 1728  # at most the last frame's padding beyond the end
    assert np.array_equal(streamed[: len(stored)], stored)

    late = Listener(http, job["stream_url"], job_url)  # joins after the end: gets it from the start
    late.run()
    assert late.data == first.data

    sentences = [
        json.loads(block.split("data: ", 1)[1]) for block in events.split("\n\n") if "sentence" in block
    ]
    timings = http.get(article["narrations"][0]["timings_url"]).json()["sentences"]
    assert [(s["index"], s["start_ms"], s["end_ms"]) for s in sentences] == [
        (s["index"], s["start_ms"], s["end_ms"]) for s in timings
    ]
    assert "event: done" in events


@pytest.mark.slow
def test_a_stored_narration_is_streamed_from_its_file(http: httpx.Client) -> None:
    text = "# Harbour notice\n\nThe harbour office opens at nine. Tickets are sold at the gate."
    first = http.post("/api/narrations", json={"text": text}).json()
    wait_done(http, f"/api/jobs/{first['id']}")
    again = http.post("/api/narrations", json={"text": text}).json()  # same text: the narration is reused
    done = wait_done(http, f"/api/jobs/{again['id']}")
    response = http.get(again["stream_url"])
    assert response.status_code == 307
    article = http.get(f"/api/articles/{done['article_id']}").json()
    assert response.headers["location"] == article["narrations"][0]["audio_url"]


def test_formats_that_cannot_be_streamed_and_unknown_jobs_get_json_errors(http: httpx.Client) -> None:
    job = http.post("/api/narrations", json={"text": "# Note\n\nA short note.", "format": "wav"}).json()
    assert job["stream_url"] is None
    response = http.get(f"/api/jobs/{job['id']}/stream")
    assert response.status_code == 404
    assert "not streamed" in response.json()["error"]
    for path in ("/api/jobs/nope/stream", "/api/jobs/nope/events"):
        response = http.get(path)
        assert response.status_code == 404
        assert response.json()["status"] == 404


@pytest.mark.slow
def test_a_celery_run_job_streams_the_audio_it_stores(
    tmp_path: Path, settings: Settings, redis_url: str
) -> None:
    """A server on Celery + Redis gives ``stream_url`` and ``events_url``; while a worker (here run in
    this process) narrates, a listener gets the audio from the first sentence, the same as the stored
    file, and the events give every sentence, then ``done``."""
    own = Settings(data_dir=tmp_path, rebuildable_cache_dir=settings.cache_dir, broker_url=redis_url)
    with (
        serving(create_app(own, job_threads=1, synthesis_processes=1)) as server,
        httpx.Client(base_url=server.url, timeout=120, trust_env=False) as http,
    ):
        job = http.post("/api/narrations", json={"text": ARTICLE, "voice": "espeak:en-us"}).json()
        assert job["stream_url"] == f"/api/jobs/{job['id']}/stream"
        assert job["events_url"] == f"/api/jobs/{job['id']}/events"
        streamed, events = bytearray(), []

        def listen() -> None:
            with http.stream("GET", job["stream_url"]) as response:
                assert response.status_code == 200 and response.headers["content-type"] == "audio/mpeg"
                for chunk in response.iter_bytes():
                    streamed.extend(chunk)

        def follow() -> None:
            with http.stream("GET", job["events_url"]) as response:
                kind = ""
                for line in response.iter_lines():
                    if line.startswith("event: "):
                        kind = line[len("event: ") :]
                    elif line.startswith("data: "):
                        events.append((kind, json.loads(line[len("data: ") :])))

        listeners = [threading.Thread(target=listen), threading.Thread(target=follow)]
        for thread in listeners:
            thread.start()
        time.sleep(0.5)  # the listeners wait for the job to start
        WorkerContext.build(own).run(job["id"])
        for thread in listeners:
            thread.join(60)
        done = http.get(f"/api/jobs/{job['id']}").json()
        assert done["state"] == "done", done
        article = http.get(f"/api/articles/{done['article_id']}").json()
        stored = http.get(article["narrations"][0]["audio_url"]).content

    heard, kept = decode(bytes(streamed)), decode(stored)
    assert 0 <= len(heard) - len(kept) <= 1728 and np.array_equal(heard[: len(kept)], kept)
    sentences = [data for kind, data in events if kind == "sentence"]
    assert len(sentences) == 25 and [s["start_ms"] for s in sentences] == sorted(
        s["start_ms"] for s in sentences
    )
    assert events[-1][0] == "done" and events[-1][1]["audio_url"] == article["narrations"][0]["audio_url"]
