"""The player in a real browser, with the pages' CSP in force, on audio kept in object storage (a real
S3 endpoint): proxied through the server, or fetched from the storage after a redirect to a presigned
URL. It loads, plays and seeks (Range requests), and nothing breaks the CSP."""

from __future__ import annotations

import time
from pathlib import Path

import httpx
import pytest
from chromium import chromium_context
from test_security import WATCH_CSP, poll
from web_support import serving

from newscaster.config import Settings
from newscaster.web.app import create_app
from servers.s3 import S3Server

pytestmark = pytest.mark.slow

ARTICLE = (
    "# Ferry news\n\nThe island ferry sailed again on Monday after the long winter break. Passengers on "
    "the early crossing said the new boats felt calm and quiet. The council will review the timetable."
)


@pytest.mark.parametrize("delivery", ["proxy", "presign"])
def test_the_player_plays_and_seeks_audio_from_object_storage(
    delivery: str, s3_env: S3Server, tmp_path: Path, settings: Settings
) -> None:
    bucket = s3_env.new_bucket()
    own = Settings(
        data_dir=tmp_path / "data",
        rebuildable_cache_dir=settings.cache_dir,
        storage_url=f"s3://{bucket}/audio",
        storage_delivery=delivery,
    )
    with serving(create_app(own, job_threads=1, synthesis_processes=1)) as server:
        response = httpx.post(
            f"{server.url}/api/narrations", json={"text": ARTICLE, "voice": "espeak:en-us"}, timeout=60
        )
        assert response.status_code == 202, response.text
        deadline = time.monotonic() + 120
        while (job := httpx.get(server.url + response.headers["location"], timeout=30).json())[
            "state"
        ] not in {
            "done",
            "failed",
        }:
            assert time.monotonic() < deadline, job
            time.sleep(0.2)
        assert job["state"] == "done", job

        fetched: list[str] = []
        errors: list[str] = []
        with chromium_context(tmp_path / "profile") as context:
            page = context.new_page()
            page.add_init_script(WATCH_CSP)
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.on("request", lambda request: fetched.append(request.url))
            page.goto(f"{server.url}/articles/{job['article_id']}", wait_until="load")
            poll(page, "document.getElementById('audio').readyState >= 1")
            duration_s = page.evaluate("document.getElementById('audio').duration")
            assert duration_s > 4
            page.click("#play")
            poll(page, "document.getElementById('audio').currentTime > 0.3")
            page.evaluate(f"document.getElementById('audio').currentTime = {duration_s - 1.5}")  # a seek
            poll(page, f"document.getElementById('audio').currentTime > {duration_s - 1.3}")
            assert page.evaluate("window.__cspViolations") == [] and errors == []
    from_storage = [url for url in fetched if url.startswith(s3_env.endpoint_url)]
    if delivery == "presign":
        assert from_storage and all("X-Amz-Signature=" in url for url in from_storage)
    else:
        assert from_storage == []  # the browser only ever talked to the server
