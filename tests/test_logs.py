"""Structured log lines: their shape, the level setting, and ``newscaster serve`` logging each request at
the level asked (``--log-level`` over ``NEWSCASTER_LOG_LEVEL``), uvicorn's own level included."""

from __future__ import annotations

import io
import logging
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from newscaster.config import Settings
from newscaster.errors import OptionError
from newscaster.logs import KeyValueFormatter, job_context, log_event, log_level_from_env


def test_an_event_is_one_line_of_key_value_pairs(caplog: pytest.LogCaptureFixture) -> None:
    logger = logging.getLogger("newscaster.test")
    with caplog.at_level(logging.INFO, logger="newscaster"):
        error = 'Bad "page"\nline two'
        log_event(logger, logging.WARNING, "job", id="j1", outcome="failed", error=error, n=None)
    record = caplog.records[-1]
    line = KeyValueFormatter().format(record)
    assert "\n" not in line
    assert line.startswith("time=") and "level=warning logger=newscaster.test event=job id=j1" in line
    assert 'error="Bad \\"page\\"\\nline two"' in line
    assert " n=" not in line  # None values are left out


def test_every_line_logged_during_a_job_carries_its_id() -> None:
    """Whatever logs inside a job (an engine warning, a storage error) says which job it was, so one
    job's lines can be found among many workers'; outside the job, lines say nothing of it."""
    logger = logging.getLogger("newscaster.test.jobs")
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(KeyValueFormatter())
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        with job_context("job42"):
            logger.warning("the voice took long")
            log_event(logger, logging.INFO, "job", id="job42", outcome="done")
        logger.warning("idle")
    finally:
        logger.removeHandler(handler)
    during, event, after = stream.getvalue().splitlines()
    assert 'job=job42 msg="the voice took long"' in during
    assert "event=job id=job42" in event and "job=" not in event  # not said twice
    assert "job=" not in after


def test_a_traceback_stays_on_the_line() -> None:
    try:
        raise ValueError("boom")
    except ValueError:
        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "failed %s", ("here",), sys.exc_info())
    line = KeyValueFormatter().format(record)
    assert "\n" not in line and 'msg="failed here"' in line and "ValueError: boom" in line


def test_the_level_comes_from_the_option_then_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NEWSCASTER_LOG_LEVEL", raising=False)
    assert log_level_from_env(None) == "info"
    monkeypatch.setenv("NEWSCASTER_LOG_LEVEL", "WARNING")
    assert log_level_from_env(None) == "warning"
    assert log_level_from_env("debug") == "debug"
    monkeypatch.setenv("NEWSCASTER_LOG_LEVEL", "loud")
    with pytest.raises(OptionError, match="debug, info, warning, error"):
        log_level_from_env(None)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def serve_and_get(tmp_path: Path, settings: Settings, args: list[str], level_env: str | None) -> str:
    """Run ``newscaster serve ARGS``, GET /api/voices once, stop it; its stderr."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSCASTER_")}
    env.update(NEWSCASTER_DATA_DIR=str(tmp_path / "data"), NEWSCASTER_CACHE_DIR=str(settings.cache_dir))
    if level_env:
        env["NEWSCASTER_LOG_LEVEL"] = level_env
    stderr = tmp_path / f"serve-{port}.log"
    with stderr.open("wb") as sink:
        server = subprocess.Popen(
            [sys.executable, "-m", "newscaster.cli", "serve", "--port", str(port), *args],
            env=env, stdout=subprocess.DEVNULL, stderr=sink,
        )  # fmt: skip
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    assert httpx.get(f"http://127.0.0.1:{port}/api/voices", timeout=10).status_code == 200
                    break
                except httpx.TransportError:
                    assert server.poll() is None and time.monotonic() < deadline, stderr.read_text()
                    time.sleep(0.1)
        finally:
            server.terminate()
            server.wait(15)
    return stderr.read_text(encoding="utf-8")


def test_serve_logs_each_request_at_the_level_asked(tmp_path: Path, settings: Settings) -> None:
    logged = serve_and_get(tmp_path, settings, ["--log-level", "info"], level_env="warning")
    lines = [line for line in logged.splitlines() if "event=request" in line]
    assert lines, logged
    line = lines[-1]
    for part in ("level=info", "method=GET", "path=/api/voices", "status=200", "client=127.0.0.1"):
        assert part in line, line
    assert float(line.split("duration_ms=")[1].split()[0]) >= 0
    # uvicorn's own records come at the level asked too, in the same shape ("Application startup complete")
    assert any("logger=uvicorn.error" in line for line in logged.splitlines()), logged

    quiet = serve_and_get(tmp_path, settings, [], level_env="warning")
    assert "event=request" not in quiet and "uvicorn.error" not in quiet, quiet


def test_an_unknown_log_level_is_a_one_line_error(tmp_path: Path) -> None:
    env = {**os.environ, "NEWSCASTER_DATA_DIR": str(tmp_path / "data"), "NEWSCASTER_LOG_LEVEL": "loud"}
    done = subprocess.run(
        [sys.executable, "-m", "newscaster.cli", "serve", "--port", str(free_port())],
        env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode != 0
    assert "Traceback" not in done.stderr and "loud" in done.stderr, done.stderr
