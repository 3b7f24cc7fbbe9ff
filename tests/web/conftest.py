"""Fixtures for the web tests: an app on real SQLite (ASGI client) and a live server for the browser.

Every app gets its own data folder but shares the compiled normalizer grammars of the ``settings``
fixture, so only the first test run in a fresh checkout pays the ~70 s grammar build.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import uvicorn
from fastapi import FastAPI
from fastapi.testclient import TestClient
from polling import wait_for_job as _wait_for_job

from newscaster.config import Settings
from newscaster.web.app import create_app

TEST_CLIENT_HOSTS = ("testserver",)
"""The Host the ASGI test client sends: absolute URLs (feed, embed snippet) are built only for known hosts."""


def web_settings(data_dir: Path, settings: Settings) -> Settings:
    return Settings(
        data_dir=data_dir, rebuildable_cache_dir=settings.cache_dir, allowed_hosts=TEST_CLIENT_HOSTS
    )


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


class LiveServer:
    """uvicorn serving the app on 127.0.0.1 in a background thread."""

    def __init__(self, app: FastAPI) -> None:
        self._socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._socket.bind(("127.0.0.1", 0))  # a free port, held until uvicorn takes the socket over
        self.port = self._socket.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(app, log_level="warning", lifespan="on", access_log=False)
        self.server = uvicorn.Server(config)
        self._thread = threading.Thread(
            target=self.server.run, kwargs={"sockets": [self._socket]}, name="live-server", daemon=True
        )

    def start(self, timeout_s: float = 30) -> None:
        self._thread.start()
        deadline = time.monotonic() + timeout_s
        while not self.server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the live server did not start")
            time.sleep(0.05)

    def stop(self) -> None:
        self.server.should_exit = True
        self._thread.join(15)
        self._socket.close()


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory, settings: Settings) -> Iterator[LiveServer]:
    app = create_app(
        web_settings(tmp_path_factory.mktemp("live-data"), settings), job_threads=1, synthesis_processes=1
    )
    server = LiveServer(app)
    server.start()
    try:
        yield server
    finally:
        server.stop()
