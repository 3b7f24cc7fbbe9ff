"""The hostile corpus through the API: POST /api/narrations, then follow the job (ASGI, real SQLite).

An error is a 4xx JSON answer or a job that fails with a readable reason (not the catch-all "Narration
failed: SomeException" of an unexpected crash); a narration is a finished job whose audio decodes and
whose transcript and timings are served. Never a 5xx, never a job that runs past its time limit.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hostile_cases import Case, cases_for
from hostile_support import PageServer, decoded_seconds

from newscaster.config import Settings
from newscaster.web.app import create_app
from newscaster.web.security import SecuritySettings

JOB_TIMEOUT_S = 120
"""Far above the slowest case; a job still running then is a hang."""
GENERIC_FAILURE = "Narration failed:"
"""How the worker labels an exception nobody anticipated: a bug, whatever the input."""

pytestmark = pytest.mark.slow


def _params() -> list[object]:
    return [
        pytest.param(case, id=case.id, marks=[pytest.mark.xfail(strict=True, reason=case.xfail_api)])
        if case.xfail_api
        else pytest.param(case, id=case.id)
        for case in cases_for("api")
    ]


@pytest.fixture(scope="module")
def api(hostile_settings: Settings) -> Iterator[TestClient]:
    app = create_app(
        hostile_settings,
        job_threads=1,
        synthesis_processes=2,
        security=SecuritySettings(narrations_per_minute=0, max_queued_jobs=0),  # the corpus is one client
    )
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


def _payload(case: Case, server: PageServer) -> dict[str, Any]:
    content = case.content()
    payload: dict[str, Any] = {}
    try:
        text = content.decode("utf-8") if case.via != "http" else None
    except UnicodeDecodeError:
        text = None  # not UTF-8: JSON cannot carry it, so the page is fetched like a stranger's page
    if text is None:
        payload["url"] = server.add(f"api-{case.id}", content, case.http_headers, case.http_mode)
    else:
        payload[case.kind] = text
    if case.voice is not None:
        payload["voice"] = case.voice
    if case.speed is not None:
        payload["speed"] = case.speed
    if case.audio_format is not None:
        payload["format"] = case.audio_format
    return payload


def _follow(client: TestClient, job_url: str) -> dict[str, Any]:
    deadline = time.monotonic() + JOB_TIMEOUT_S
    job: dict[str, Any] = {}
    while time.monotonic() < deadline:
        response = client.get(job_url)
        assert response.status_code == 200, response.text
        job = response.json()
        if job["state"] in {"done", "failed"}:
            return job
        time.sleep(0.05)
    raise AssertionError(f"hung: the job is still {job.get('state')} after {JOB_TIMEOUT_S} s: {job}")


@pytest.mark.parametrize("case", _params())
def test_api_case(case: Case, api: TestClient, page_server: PageServer) -> None:
    payload = _payload(case, page_server)
    try:
        response = api.post("/api/narrations", json=payload)
        assert response.status_code < 500, f"{response.status_code}: {response.text[:500]}"
        expected = case.expected("api")
        if response.status_code != 202:
            assert 400 <= response.status_code < 500, response.text[:500]
            _check_error(case, expected, response.json()["error"])
            return
        job = _follow(api, response.headers["location"])
    finally:
        page_server.remove(f"api-{case.id}")
    if job["state"] == "failed":
        assert job["narration_id"] is None
        _check_error(case, expected, job["error"])
    else:
        assert expected in {"narration", "either"}, f"narrated, but an error was expected: {job}"
        _check_narration(case, api, job)


def _check_error(case: Case, expected: str, message: str) -> None:
    assert expected in {"error", "either"}, f"failed, but a narration was expected: {message}"
    assert isinstance(message, str) and message.strip(), "an error without a reason"
    assert not message.startswith(GENERIC_FAILURE), f"an unanticipated crash: {message}"
    assert "Traceback" not in message and "\n" not in message.strip(), message
    if case.error_hint:
        assert re.search(case.error_hint, message, re.IGNORECASE), message


def _check_narration(case: Case, client: TestClient, job: dict[str, Any]) -> None:
    article = client.get(f"/api/articles/{job['article_id']}").json()
    [narration] = [n for n in article["narrations"] if n["id"] == job["narration_id"]]
    assert narration["format"] == (case.audio_format or "mp3").lower()
    audio = client.get(narration["audio_url"])
    assert audio.status_code == 200
    assert decoded_seconds(audio.content) > 0.2
    transcript = client.get(narration["transcript_url"])
    assert transcript.status_code == 200 and transcript.text.startswith("WEBVTT")
    timings = client.get(narration["timings_url"])
    assert timings.status_code == 200 and timings.json()["sentences"]
    if case.title is not None:
        assert article["title"] == case.title
    page = client.get(f"/articles/{job['article_id']}")
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]


def test_no_partial_files_left(api: TestClient, hostile_settings: Settings) -> None:
    """After the whole corpus: nothing half-written anywhere in the data folder."""
    parts = [p for p in hostile_settings.data_dir.rglob("*.part")]
    assert parts == []
    assert api.get("/api/voices").status_code == 200  # and the server is still answering
