"""Fixtures shared across the suite.

Compiled normalizer grammars take ~70 s to build once, so every test shares one grammar cache folder
(``NEWSCASTER_TEST_CACHE`` or ``~/.cache/newscaster-test``) while each test gets its own data folder.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from newscaster.config import Settings

pytest_plugins = ("servers.s3", "servers.redis")
"""Fixtures of the servers the tests start themselves (``tests/servers/``): ``s3``, ``s3_env``,
``redis_server``, ``redis_url``."""

SHARED_FIXTURES = Path(__file__).resolve().parents[2] / "shared" / "fixtures"


def grammar_cache_dir() -> Path:
    return Path(os.environ.get("NEWSCASTER_TEST_CACHE") or Path.home() / ".cache" / "newscaster-test")


@pytest.fixture(scope="session")
def shared_fixtures() -> Path:
    """``../shared/fixtures``; tests that need it skip when the repository is cloned on its own (CI has it
    beside the clone; our own pages in ``tests/fixtures/`` cover the same behaviours)."""
    if not SHARED_FIXTURES.is_dir():
        pytest.skip(f"the shared fixtures folder is not beside this checkout ({SHARED_FIXTURES})")
    return SHARED_FIXTURES


@pytest.fixture(scope="session")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """One data folder per session (sentence cache, measured voice paces) and the shared grammar cache."""
    return Settings(data_dir=tmp_path_factory.mktemp("data"), rebuildable_cache_dir=grammar_cache_dir())


@pytest.fixture(scope="session")
def text_normalizer():
    from newscaster.text.normalize import normalizer_for

    return normalizer_for("en", grammar_cache_dir() / "normalizer")  # the folder the pipeline uses


CliRunner = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def run_cli() -> CliRunner:
    """Runs ``newscaster ARGS`` as users do: a real subprocess, text in and out (UTF-8, bad bytes replaced).

    ``run_cli(args, env, stdin="", cwd=None)``.
    """

    def run(
        args: list[str], env: dict[str, str], stdin: str = "", cwd: Path | None = None
    ) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "newscaster.cli", *args],
            cwd=cwd,
            env=env,
            input=stdin,
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            timeout=300,
        )

    return run
