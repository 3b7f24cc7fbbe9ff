"""Helpers the web tests import (a conftest cannot be imported by name: each test folder has one)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import uvicorn
from fastapi import FastAPI
from fastapi.testclient import TestClient

from newscaster.config import Settings

TEST_CLIENT_HOSTS = ("testserver",)
"""The Host the ASGI test client sends: absolute URLs (feed, embed snippet) are built only for known hosts."""


def web_settings(data_dir: Path, settings: Settings) -> Settings:
    return Settings(
        data_dir=data_dir, rebuildable_cache_dir=settings.cache_dir, allowed_hosts=TEST_CLIENT_HOSTS
    )


@contextmanager
def framing_server(data_dir: Path, settings: Settings, publisher: str) -> Iterator[TestClient]:
    """A server (through the ASGI test client) whose player ``publisher``'s pages may frame."""
    from newscaster.web.app import create_app
    from newscaster.web.security import SecuritySettings

    security = SecuritySettings(frame_ancestors=f"'self' {publisher}")
    app = create_app(
        web_settings(data_dir, settings), job_threads=1, synthesis_processes=1, security=security
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


@contextmanager
def serving(app: FastAPI) -> Iterator[LiveServer]:
    """``app`` on a live server for the block."""
    server = LiveServer(app)
    server.start()
    try:
        yield server
    finally:
        server.stop()
