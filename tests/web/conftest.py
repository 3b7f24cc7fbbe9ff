"""Fixtures for the web tests: an app on real SQLite (ASGI client) and a live server for the browser.

Every app gets its own data folder but shares the compiled normalizer grammars of the ``settings``
fixture, so only the first test run in a fresh checkout pays the ~70 s grammar build.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from chromium import chromium_context
from fastapi.testclient import TestClient
from polling import wait_for_job as _wait_for_job
from web_support import LiveServer, serving, web_settings

from newscaster.config import Settings
from newscaster.web.app import create_app


@pytest.fixture(scope="session")
def wait_for_job() -> Callable[..., dict]:
    """``wait_for_job(client, job_url)``: poll a job until it is done or failed; returns its JSON."""
    return _wait_for_job


@pytest.fixture(scope="module")
def app_client(tmp_path_factory: pytest.TempPathFactory, settings: Settings) -> Iterator[TestClient]:
    """An ASGI client on a fresh data folder, with the job workers running (one module shares it)."""
    app = create_app(
        web_settings(tmp_path_factory.mktemp("web-data"), settings), job_threads=1, synthesis_processes=1
    )
    with TestClient(app) as client:
        yield client


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory, settings: Settings) -> Iterator[LiveServer]:
    app = create_app(
        web_settings(tmp_path_factory.mktemp("live-data"), settings), job_threads=1, synthesis_processes=1
    )
    with serving(app) as server:
        yield server


@pytest.fixture(scope="module")
def browser_page(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """A page in headless Chromium (chromium.py) at 1280 × 900, Playwright's string waits allowed past
    the pages' CSP (test_security.py drives the pages under the real one)."""
    profile = tmp_path_factory.mktemp("chromium-profile")
    with chromium_context(profile, viewport={"width": 1280, "height": 900}, bypass_csp=True) as context:
        yield context.new_page()
