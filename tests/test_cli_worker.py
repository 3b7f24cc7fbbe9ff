"""``newscaster worker``: what it says when it cannot start (it runs for real in tests/jobs and
tests/test_distributed.py)."""

from __future__ import annotations

import os
from pathlib import Path


def test_worker_without_a_broker_is_a_one_line_error(tmp_path: Path, run_cli) -> None:
    env = {**os.environ, "NEWSCASTER_DATA_DIR": str(tmp_path)}
    env.pop("NEWSCASTER_BROKER_URL", None)
    result = run_cli(["worker"], env)
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "NEWSCASTER_BROKER_URL" in lines[0], result.stderr
    assert "Traceback" not in result.stderr


def test_worker_refuses_an_unknown_queue_name(tmp_path: Path, run_cli) -> None:
    env = {
        **os.environ,
        "NEWSCASTER_DATA_DIR": str(tmp_path),
        "NEWSCASTER_BROKER_URL": "redis://127.0.0.1:1/0",
    }
    result = run_cli(["worker", "--queues", "urgent"], env)
    assert result.returncode != 0
    assert "--queues takes fresh, backfill or both" in result.stderr and "Traceback" not in result.stderr
