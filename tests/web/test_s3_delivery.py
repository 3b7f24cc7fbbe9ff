"""Audio kept in S3-compatible object storage (a real endpoint: moto's server over HTTP), served over HTTP
both ways ``NEWSCASTER_STORAGE_DELIVERY`` offers: proxied by the server with Range requests, or by a
redirect to a presigned URL the player follows. Either way the bytes decode, seeking gets the right bytes,
and the pages, transcript, timings and podcast feed work."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from polling import wait_for_job
from web_support import TEST_CLIENT_HOSTS

from newscaster.check import decode_audio
from newscaster.config import Settings
from newscaster.web.app import create_app
from servers.s3 import S3Server

pytestmark = pytest.mark.slow

ARTICLE = "# Ferry news\n\nThe island ferry sailed again on Monday. Passengers said the crossing felt calm."


def s3_client(tmp_path: Path, settings: Settings, bucket: str, delivery: str) -> TestClient:
    own = Settings(
        data_dir=tmp_path / "data",
        rebuildable_cache_dir=settings.cache_dir,
        allowed_hosts=TEST_CLIENT_HOSTS,
        storage_url=f"s3://{bucket}/listen",
        storage_delivery=delivery,
    )
    return TestClient(create_app(own, job_threads=1, synthesis_processes=1))


def narrate(client: TestClient) -> dict:
    response = client.post("/api/narrations", json={"text": ARTICLE, "voice": "espeak:en-us"})
    assert response.status_code == 202, response.text
    job = wait_for_job(client, response.headers["location"])
    assert job["state"] == "done", job
    [narration] = client.get(f"/api/articles/{job['article_id']}").json()["narrations"]
    return {**narration, "article_id": job["article_id"]}


def stored_audio(s3: S3Server, bucket: str) -> bytes:
    [key] = [key for key in s3.keys(bucket) if key.endswith(".mp3")]
    return s3.client().get_object(Bucket=bucket, Key=key)["Body"].read()


def assert_decodes(data: bytes, tmp_path: Path, duration_ms: int) -> None:
    path = tmp_path / "served.mp3"
    path.write_bytes(data)
    assert len(decode_audio(path)) / 16_000 == pytest.approx(duration_ms / 1000, abs=0.2)


def test_proxied_audio_answers_range_requests(s3_env: S3Server, tmp_path: Path, settings: Settings) -> None:
    bucket = s3_env.new_bucket()
    with s3_client(tmp_path, settings, bucket, "proxy") as client:
        narration = narrate(client)
        stored = stored_audio(s3_env, bucket)
        whole = client.get(narration["audio_url"])
        assert whole.status_code == 200 and whole.content == stored
        assert whole.headers["content-type"] == "audio/mpeg" and whole.headers["accept-ranges"] == "bytes"
        assert whole.headers["cache-control"] == "public, max-age=31536000, immutable"
        assert_decodes(whole.content, tmp_path, narration["duration_ms"])

        part = client.get(narration["audio_url"], headers={"Range": "bytes=100-1099"})
        assert part.status_code == 206 and part.content == stored[100:1100]
        assert part.headers["content-range"] == f"bytes 100-1099/{len(stored)}"
        assert part.headers["content-length"] == "1000"
        tail = client.get(narration["audio_url"], headers={"Range": "bytes=-500"})
        assert tail.status_code == 206 and tail.content == stored[-500:]
        rest = client.get(narration["audio_url"], headers={"Range": f"bytes={len(stored) - 10}-"})
        assert rest.status_code == 206 and rest.content == stored[-10:]
        past = client.get(narration["audio_url"], headers={"Range": f"bytes={len(stored)}-"})
        assert past.status_code == 416 and past.headers["content-range"] == f"bytes */{len(stored)}"
        again = client.get(narration["audio_url"], headers={"If-None-Match": whole.headers["etag"]})
        assert again.status_code == 304

        assert client.get(narration["transcript_url"]).text.startswith("WEBVTT")
        timings = client.get(narration["timings_url"]).json()
        assert timings["duration_ms"] == narration["duration_ms"] and timings["sentences"]
        page = client.get(f"/articles/{narration['article_id']}")
        starts = [int(ms) for ms in re.findall(r'data-start="(\d+)"', page.text)]
        assert page.status_code == 200 and max(starts) > 0  # read-along from the stored timings
        assert "media-src 'self';" in page.headers["content-security-policy"]  # nothing but this server

        feed = ET.fromstring(client.get("/feed.xml").content)
        enclosure = feed.find("channel/item/enclosure")
        assert enclosure is not None and enclosure.get("length") == str(len(stored))


def test_presigned_delivery_redirects_the_player_to_the_object(
    s3_env: S3Server, tmp_path: Path, settings: Settings
) -> None:
    bucket = s3_env.new_bucket()
    with s3_client(tmp_path, settings, bucket, "presign") as client:
        narration = narrate(client)
        stored = stored_audio(s3_env, bucket)
        redirect = client.get(narration["audio_url"], follow_redirects=False)
        assert redirect.status_code == 307 and "no-cache" in redirect.headers["cache-control"]
        target = redirect.headers["location"]
        assert target.startswith(f"{s3_env.endpoint_url}/{bucket}/listen/narrations/")
        assert re.search(r"X-Amz-Signature=[0-9a-f]{64}", target) and "X-Amz-Expires=14400" in target

        # What a player does: follow the redirect with its Range header, straight to the storage.
        part = httpx.get(target, headers={"Range": "bytes=100-1099"})
        assert part.status_code == 206 and part.content == stored[100:1100]
        whole = httpx.get(target)
        assert whole.status_code == 200 and whole.content == stored
        assert_decodes(whole.content, tmp_path, narration["duration_ms"])

        # The page lets the player load audio from there, and only there besides itself.
        csp = client.get(f"/articles/{narration['article_id']}").headers["content-security-policy"]
        assert f"media-src 'self' {s3_env.endpoint_url};" in csp
        # Transcript and timings, read by the page's scripts, stay on this server.
        assert client.get(narration["transcript_url"], follow_redirects=False).status_code == 200
        feed = ET.fromstring(client.get("/feed.xml").content)
        enclosure = feed.find("channel/item/enclosure")
        assert enclosure is not None and enclosure.get("length") == str(len(stored))
        assert enclosure.get("url", "").endswith(narration["audio_url"])  # a stable URL, not one that expires


def test_chapters_are_read_from_object_storage(s3_env: S3Server, tmp_path: Path, settings: Settings) -> None:
    """An article with section headings narrated into object storage: the feed links its chapters, the
    chapters endpoint and the article page's chapter menu read them from the stored timings."""
    sectioned = "# Harbour works\n\nThe wall is rebuilt.\n\n## Costs\n\nFour million.\n\n## Dates\n\nMarch.\n"
    with s3_client(tmp_path, settings, s3_env.new_bucket(), "proxy") as client:
        response = client.post("/api/narrations", json={"text": sectioned, "voice": "espeak:en-us"})
        job = wait_for_job(client, response.headers["location"])
        assert job["state"] == "done", job
        feed = ET.fromstring(client.get("/feed.xml").content)
        link = feed.find("channel/item/{https://podcastindex.org/namespace/1.0}chapters")
        assert link is not None
        chapters = client.get(link.get("url", "")).json()["chapters"]
        assert [c["title"] for c in chapters] == ["Harbour works", "Costs", "Dates"]
        page = client.get(f"/articles/{job['article_id']}").text
        assert re.findall(r'<button type="button" class="chapter"[^>]*>([^<]*)</button>', page) == [
            "Harbour works",
            "Costs",
            "Dates",
        ]
