"""``newscaster serve`` and ``newscaster worker`` as real processes, for the tests of the broker path."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from newscaster.config import Settings

SRC = Path(__file__).resolve().parents[2] / "src"


def process_env(settings: Settings, broker_url: str, **extra: str) -> dict[str, str]:
    """The environment of a server or worker sharing ``settings``' data folder and grammar cache."""
    inherited = {k: v for k, v in os.environ.items() if k != "NEWSCASTER_DATABASE_URL"}  # only as given
    env = {
        **inherited,
        "PYTHONPATH": str(SRC),
        "NEWSCASTER_DATA_DIR": str(settings.data_dir),
        "NEWSCASTER_CACHE_DIR": str(settings.cache_dir),
        "NEWSCASTER_BROKER_URL": broker_url,
        "NEWSCASTER_LOG_LEVEL": "info",
        **extra,
    }
    return env


class Process:
    """A ``newscaster`` command in its own process group (so a kill takes its children too), logging
    to ``log_path``."""

    def __init__(self, args: list[str], env: dict[str, str], log_path: Path) -> None:
        self.args, self.env, self.log_path = args, env, log_path
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> Process:
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "newscaster.cli", *self.args],
                env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
            )  # fmt: skip
        return self

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace") if self.log_path.exists() else ""

    def kill(self) -> None:
        """SIGKILL the whole process group: the worker and its pool processes die at once, as when the
        machine or container running them is lost."""
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(30)

    def stop(self, timeout_s: float = 30.0) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout_s)
        except subprocess.TimeoutExpired:
            self.kill()


def worker(settings: Settings, broker_url: str, log_path: Path, *options: str, **env: str) -> Process:
    return Process(["worker", *options], process_env(settings, broker_url, **env), log_path)


def wait_for(condition: Callable[[], object], timeout_s: float, what: str, poll_s: float = 0.1) -> object:
    """Poll ``condition`` until it returns something true; fail naming ``what`` after ``timeout_s``."""
    deadline = time.monotonic() + timeout_s
    while True:
        result = condition()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout_s:g} s waiting for {what}")
        time.sleep(poll_s)
