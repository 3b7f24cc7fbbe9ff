"""An S3 endpoint the tests start themselves: moto's stand-alone server, over HTTP on a free port.

boto3 talks to it as to MinIO or AWS (``AWS_ENDPOINT_URL_S3``); nothing below the client library is
replaced. ``stop()`` takes the endpoint down (connections refused, as when the storage is unreachable) and
``start()`` brings it back on the same port with its buckets and objects: moto keeps them in the test
process's memory.
"""

from __future__ import annotations

import socket
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

REGION = "us-east-1"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class S3Server:
    def __init__(self) -> None:
        moto_server = pytest.importorskip(
            "moto.server", reason="moto's S3 server is not installed: pip install -e '.[test]'"
        )
        pytest.importorskip("boto3", reason="boto3 is not installed: pip install -e '.[test]'")
        self.port = _free_port()
        self._factory = moto_server.ThreadedMotoServer
        self._server: Any = None

    @property
    def endpoint_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def running(self) -> bool:
        return self._server is not None

    def start(self) -> None:
        self._server = self._factory(ip_address="127.0.0.1", port=self.port, verbose=False)
        self._server.start()

    def stop(self) -> None:
        if self._server is not None:
            self._server.stop()
            self._server = None

    def environment(self) -> dict[str, str]:
        """The AWS variables a newscaster server reads to reach this endpoint."""
        return {
            "AWS_ENDPOINT_URL_S3": self.endpoint_url,
            "AWS_REGION": REGION,
            "AWS_ACCESS_KEY_ID": "newscaster-test",
            "AWS_SECRET_ACCESS_KEY": "newscaster-test-secret",
        }

    def client(self) -> Any:
        """A boto3 client of this endpoint, for the tests' own checks."""
        import boto3

        env = self.environment()
        return boto3.client(
            "s3",
            endpoint_url=self.endpoint_url,
            region_name=REGION,
            aws_access_key_id=env["AWS_ACCESS_KEY_ID"],
            aws_secret_access_key=env["AWS_SECRET_ACCESS_KEY"],
        )

    def new_bucket(self) -> str:
        name = f"newscaster-{uuid.uuid4().hex[:12]}"
        self.client().create_bucket(Bucket=name)
        return name

    def keys(self, bucket: str) -> set[str]:
        listing = self.client().get_paginator("list_objects_v2").paginate(Bucket=bucket)
        return {item["Key"] for page in listing for item in page.get("Contents", [])}


@contextmanager
def s3_server() -> Iterator[S3Server]:
    server = S3Server()
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def s3() -> Iterator[S3Server]:
    """One endpoint per test module (every test makes its own bucket)."""
    with s3_server() as server:
        yield server


@pytest.fixture
def s3_env(s3: S3Server, monkeypatch: pytest.MonkeyPatch) -> S3Server:
    """The endpoint, with the process's AWS variables pointing at it (and no user AWS config in the way);
    restarted if a test left it stopped."""
    if not s3.running:
        s3.start()
    for name, value in s3.environment().items():
        monkeypatch.setenv(name, value)
    for name in ("AWS_ENDPOINT_URL", "AWS_DEFAULT_REGION", "AWS_PROFILE", "AWS_SESSION_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", "/nonexistent/newscaster-test")
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/newscaster-test")
    return s3
