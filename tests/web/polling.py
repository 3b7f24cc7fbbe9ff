"""Waiting for a narration job through the API, as clients do: poll until done or failed."""

from __future__ import annotations

import time

from fastapi.testclient import TestClient


def wait_for_job(client: TestClient, job_url: str, timeout_s: float = 120) -> dict:
    deadline = time.monotonic() + timeout_s
    job: dict = {}
    while time.monotonic() < deadline:
        job = client.get(job_url).json()
        if job["state"] in {"done", "failed"}:
            return job
        time.sleep(0.1)
    raise AssertionError(f"job did not finish in {timeout_s:g} s: {job}")
