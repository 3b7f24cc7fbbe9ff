"""One structured log line per request, including the answers middleware gives before any route (401),
with the client a trusted proxy names."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from newscaster.config import Settings
from newscaster.logs import FIELDS_ATTRIBUTE
from newscaster.web.app import create_app
from newscaster.web.proxies import parse_trusted_proxies
from newscaster.web.security import SecuritySettings


def request_lines(caplog: pytest.LogCaptureFixture) -> list[dict[str, Any]]:
    return [
        dict(getattr(r, FIELDS_ATTRIBUTE))
        for r in caplog.records
        if getattr(r, FIELDS_ATTRIBUTE, {}).get("event") == "request"
    ]


def test_each_request_is_logged_with_status_duration_and_client(
    tmp_path: Path, settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    security = SecuritySettings(require_token=True, trusted_proxies=parse_trusted_proxies("127.0.0.1"))
    own = Settings(data_dir=tmp_path / "data", rebuildable_cache_dir=settings.cache_dir)
    app = create_app(own, job_threads=1, synthesis_processes=1, security=security)
    client = TestClient(app, client=("127.0.0.1", 50000))
    with caplog.at_level(logging.INFO, logger="newscaster"):
        assert client.get("/api/voices?x=1").status_code == 200
        assert client.post("/api/narrations", json={"text": "Hello."}).status_code == 401
        proxied = {"X-Forwarded-For": "203.0.113.9"}
        assert client.get("/api/jobs/nope", headers=proxied).status_code == 404
    voices, refused, missing = request_lines(caplog)
    assert voices["method"] == "GET" and voices["path"] == "/api/voices" and voices["status"] == 200
    assert voices["client"] == "127.0.0.1" and voices["duration_ms"] >= 0
    assert refused["method"] == "POST" and refused["status"] == 401
    assert missing["status"] == 404 and missing["client"] == "203.0.113.9"
