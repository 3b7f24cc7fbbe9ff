"""Schemathesis against the app's own OpenAPI schema, in process (ASGI, no network).

Every operation gets generated requests; no answer may be a 5xx, and every answer must match the schema:
a declared status code, a declared content type, a body that validates (4xx errors included). The data
folder holds one real narration, so the audio, transcript and timings endpoints are also checked with
a stored article. Job workers do not run during fuzzing: generated narrations only queue (the queue bound
then answers 429, which is declared too).
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from web_support import TEST_CLIENT_HOSTS

from newscaster.config import Settings
from newscaster.web.app import create_app
from newscaster.web.security import SecuritySettings

EXAMPLES_PER_OPERATION = 60
"""Enough to reach every validator and error path of each operation; the whole module stays under a
minute on two cores."""
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
STORED_TEXT = "# Fuzz target\n\nThe ferry sailed again on Monday. Passengers said it was calm."


FUZZ_DATA_DIR = Path(tempfile.mkdtemp(prefix="newscaster-fuzz-"))
atexit.register(shutil.rmtree, FUZZ_DATA_DIR, ignore_errors=True)
FUZZ_APP = create_app(
    Settings(data_dir=FUZZ_DATA_DIR, allowed_hosts=TEST_CLIENT_HOSTS),
    job_threads=0,  # nothing is narrated while fuzzing: generated narrations only queue
    synthesis_processes=1,
    security=SecuritySettings(max_queued_jobs=25, narration_burst=15, narrations_per_minute=6),
)
schema = schemathesis.openapi.from_asgi("/openapi.json", FUZZ_APP)


@pytest.fixture(scope="module")
def stored_article(settings: Settings) -> str:
    """One narrated article in the fuzzed app's data folder (narrated by a second app with workers)."""
    own = Settings(data_dir=FUZZ_DATA_DIR, rebuildable_cache_dir=settings.cache_dir)
    with TestClient(create_app(own, job_threads=1, synthesis_processes=1)) as client:
        response = client.post("/api/narrations", json={"text": STORED_TEXT, "voice": "espeak:en-us"})
        deadline = time.monotonic() + 60
        while (job := client.get(response.headers["location"]).json())["state"] not in {"done", "failed"}:
            assert time.monotonic() < deadline
            time.sleep(0.1)
    assert job["state"] == "done", job
    return str(job["article_id"])


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,  # the same examples every run: a failure here is reproducible, not a flake
)
def test_api_conforms_to_its_schema(case: Any) -> None:
    # oEmbed 1.0 answers an unsupported format with 501 (section 2.3.4), which oEmbed consumers expect: the
    # one 5xx allowed, and only as declared (status_code_conformance still holds it to the schema).
    checks = [c for c in CHECKS if c is not not_a_server_error] if case.path == "/oembed" else CHECKS
    case.call_and_validate(checks=checks)


@pytest.mark.parametrize(
    ("path", "query", "headers"),
    [
        ("/api/articles/{article_id}", {}, {}),
        ("/api/articles/{article_id}/audio", {}, {}),
        ("/api/articles/{article_id}/audio", {"format": "mp3", "speed": 1}, {"Range": "bytes=10-99"}),
        ("/api/articles/{article_id}/audio", {}, {"Range": "bytes=99999999-"}),
        ("/api/articles/{article_id}/transcript.vtt", {}, {}),
        ("/api/articles/{article_id}/timings.json", {"voice": "espeak:en-us"}, {}),
    ],
)
def test_stored_article_answers_conform(stored_article: str, path: str, query: dict, headers: dict) -> None:
    case = schema[path]["GET"].Case(
        path_parameters={"article_id": stored_article}, query=query, headers=headers
    )
    response = case.call_and_validate(checks=CHECKS)
    assert response.status_code in {200, 206, 416}
