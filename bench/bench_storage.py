"""Seeking through audio kept in object storage (proxied by the server) against the same audio on disk.

    python bench/bench_storage.py [--requests 200]

Starts an S3 endpoint (moto's server over HTTP on 127.0.0.1, as the tests do), builds two apps, one with
the default disk storage and one with ``NEWSCASTER_STORAGE_URL=s3://…`` (``proxy`` delivery), narrates the
same short article in each (espeak), then makes ``--requests`` 64 KiB Range requests through each app's
ASGI interface, checking every answer (206, the right length), and prints the median and p95 latency.
The difference is what proxying costs: one HTTP round trip to the storage per request. Absolute numbers
depend on the machine's load; compare the two lines of one run.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = "# Ferry news\n\n" + " ".join(
    ["The island ferry sailed again on Monday after the winter break."] * 12
)
RANGE_BYTES = 64 * 1024


def measure(client, audio_url: str, requests: int) -> tuple[int, float, float]:
    size = len(client.get(audio_url).content)
    times = []
    for number in range(requests):
        first = (number * 7919) % max(1, size - RANGE_BYTES)  # spread over the file, as seeks are
        started = time.perf_counter()
        response = client.get(audio_url, headers={"Range": f"bytes={first}-{first + RANGE_BYTES - 1}"})
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 206 and len(response.content) == min(RANGE_BYTES, size - first)
    return size, statistics.median(times), sorted(times)[int(len(times) * 0.95)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "tests" / "web")]
    from fastapi.testclient import TestClient
    from polling import wait_for_job

    from newscaster.config import Settings
    from newscaster.web.app import create_app
    from servers.s3 import s3_server

    cache = Path(os.environ.get("NEWSCASTER_TEST_CACHE") or Path.home() / ".cache" / "newscaster-test")
    with s3_server() as s3:
        os.environ.update(s3.environment())
        for label, storage_url in (("disk", None), ("s3 proxy", f"s3://{s3.new_bucket()}/bench")):
            settings = Settings(
                data_dir=Path(tempfile.mkdtemp(prefix="bench-storage-")),
                rebuildable_cache_dir=cache,
                allowed_hosts=("testserver",),
                storage_url=storage_url,
            )
            with TestClient(create_app(settings, job_threads=1, synthesis_processes=1)) as client:
                posted = client.post("/api/narrations", json={"text": ARTICLE, "voice": "espeak:en-us"})
                job = wait_for_job(client, posted.headers["location"])
                [narration] = client.get(f"/api/articles/{job['article_id']}").json()["narrations"]
                size, median_ms, p95_ms = measure(client, narration["audio_url"], args.requests)
            print(
                f"{label:9s} {size} bytes of audio: {args.requests} Range requests of 64 KiB, "
                f"median {median_ms:.1f} ms, p95 {p95_ms:.1f} ms"
            )


if __name__ == "__main__":
    main()
