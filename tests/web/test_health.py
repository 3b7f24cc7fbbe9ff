"""``/healthz`` says the process is up; ``/readyz`` asks the database, the queue and the storage, and
answers 503 naming whatever is down: here a real S3 endpoint that was stopped, and a local audio folder
that cannot be written."""

from __future__ import annotations

import time
from pathlib import Path

from fastapi.testclient import TestClient
from web_support import TEST_CLIENT_HOSTS, web_settings

from newscaster.config import Settings
from newscaster.web.app import create_app
from newscaster.web.health import READINESS_TIMEOUT_S, Probe, readiness_checks, run_checks
from servers.redis import RedisServer
from servers.s3 import S3Server


def client_for(settings: Settings) -> TestClient:
    return TestClient(create_app(settings, job_threads=1, synthesis_processes=1))  # no lifespan: no workers


def test_liveness_and_readiness_of_the_embedded_defaults(tmp_path: Path, settings: Settings) -> None:
    client = client_for(web_settings(tmp_path / "data", settings))
    live = client.get("/healthz")
    assert live.status_code == 200 and live.json()["status"] == "ok"
    ready = client.get("/readyz")
    assert ready.status_code == 200 and ready.headers["cache-control"] == "no-store"
    assert ready.json() == {"status": "ready", "checks": {"database": "ok", "queue": "ok", "storage": "ok"}}


def test_readiness_fails_when_the_audio_folder_cannot_be_written(tmp_path: Path, settings: Settings) -> None:
    own = web_settings(tmp_path / "data", settings)
    client = client_for(own)
    (own.data_dir / "audio").write_text("not a folder")
    ready = client.get("/readyz")
    assert ready.status_code == 503
    body = ready.json()
    assert body["down"] == ["storage"] and body["error"] == "Not ready: storage down"
    assert body["checks"]["database"] == "ok" and "exists" in body["checks"]["storage"].lower()
    assert client.get("/healthz").status_code == 200  # alive all the same: nothing to restart


def test_readiness_names_a_stopped_s3_endpoint(s3_env: S3Server, tmp_path: Path, settings: Settings) -> None:
    bucket = s3_env.new_bucket()
    own = Settings(
        data_dir=tmp_path / "data",
        rebuildable_cache_dir=settings.cache_dir,
        allowed_hosts=TEST_CLIENT_HOSTS,
        storage_url=f"s3://{bucket}/audio",
    )
    client = client_for(own)
    assert client.get("/readyz").json()["checks"]["storage"] == "ok"
    s3_env.stop()
    try:
        started = time.monotonic()
        ready = client.get("/readyz")
        assert time.monotonic() - started < READINESS_TIMEOUT_S + 5  # a probe never hangs
        assert ready.status_code == 503 and ready.json()["down"] == ["storage"]
        assert ready.json()["checks"]["storage"].startswith(f"s3://{bucket}/audio/: ")
        assert client.get("/healthz").status_code == 200
    finally:
        s3_env.start()
    assert client.get("/readyz").status_code == 200  # back as soon as the endpoint is


def test_readiness_names_a_stopped_broker(
    redis_server: RedisServer, redis_url: str, tmp_path: Path, settings: Settings
) -> None:
    own = Settings(
        data_dir=tmp_path / "data",
        rebuildable_cache_dir=settings.cache_dir,
        allowed_hosts=TEST_CLIENT_HOSTS,
        broker_url=redis_url,
    )
    client = client_for(own)
    assert client.get("/readyz").json()["checks"] == {"database": "ok", "queue": "ok", "storage": "ok"}
    redis_server.stop()
    try:
        ready = client.get("/readyz")
        assert ready.status_code == 503 and ready.json()["down"] == ["queue"]
        assert "job queue (broker) is unreachable" in ready.json()["checks"]["queue"]
        assert client.get("/healthz").status_code == 200
    finally:
        redis_server.start()
    assert client.get("/readyz").status_code == 200


def test_a_backend_brings_its_own_check_and_a_hung_one_times_out() -> None:
    class Broker:
        """As a Celery queue would: its own check of its broker."""

        def readiness_check(self) -> Probe:
            return Probe("queue", lambda: time.sleep(5))

    checks = readiness_checks(("database", object(), lambda: None), ("queue", Broker(), lambda: None))
    started = time.monotonic()
    assert run_checks(checks, timeout_s=0.5) == {"database": "ok", "queue": "no answer within 0.5 s"}
    assert time.monotonic() - started < 3
