"""The hostile corpus through the CLI: ``python -m newscaster.cli read … -o out.mp3`` in a subprocess.

An error is one line on stderr starting "newscaster: ", a non-zero exit, no traceback and no output
file of any kind; a narration is audio that decodes, with its transcript and timings, and nothing else.
The selected cases run a few at a time as soon as the module starts (each run is mostly start-up work),
and each test then judges its own case.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
from hostile_cases import Case, cases_for
from hostile_support import PageServer, decoded_seconds, leftovers

from newscaster.config import Settings

CLI_TIMEOUT_S = 120
"""Far above the slowest case (~10 s); a run still going then is a hang."""
PARALLEL_RUNS = 3
"""Runs at once on two cores: each spends most of its time importing, so three keep both cores busy."""

pytestmark = pytest.mark.slow


@dataclass
class CliRun:
    returncode: int | None
    stdout: str
    stderr: str
    out_dir: Path


def _params() -> list[object]:
    return [
        pytest.param(case, id=case.id, marks=[pytest.mark.xfail(strict=True, reason=case.xfail_cli)])
        if case.xfail_cli
        else pytest.param(case, id=case.id)
        for case in cases_for("cli")
    ]


def _environment(root: Path, settings: Settings) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSCASTER_")}
    env.update(
        NEWSCASTER_DATA_DIR=str(root / "data"),
        NEWSCASTER_CACHE_DIR=str(settings.cache_dir),
        NEWSCASTER_ALLOW_PRIVATE_URLS="1",  # the corpus's pages are served from 127.0.0.1
        PYTHONWARNINGS="ignore",
    )
    return env


def _run(case: Case, root: Path, env: dict[str, str], server: PageServer) -> CliRun:
    work = root / case.id
    out_dir = work / "out"
    work.mkdir(parents=True)
    content = case.content()
    stdin: bytes | None = None
    if case.via == "http":
        source = server.add(f"cli-{case.id}", content, case.http_headers, case.http_mode)
    elif case.via == "stdin":
        source, stdin = "-", content
    else:
        path = work / ("input.html" if case.kind == "html" else "input.txt")
        path.write_bytes(content)
        source = str(path)
    del content
    out_dir.mkdir()  # read writes into an existing folder only
    output = case.output or str(out_dir / f"narration.{case.audio_format or 'mp3'}")
    args = [sys.executable, "-m", "newscaster.cli", "read", source, "-o", output]
    args += ["--jobs", "1", "--quiet"]
    if case.voice is not None:
        args.append(f"--voice={case.voice}")
    if case.speed is not None:
        args.append(f"--speed={case.speed}")
    if case.wpm is not None:
        args.append(f"--wpm={case.wpm}")
    if case.audio_format is not None:
        args.append(f"--format={case.audio_format}")
    try:
        done = subprocess.run(
            args,
            input=stdin if stdin is not None else b"",
            capture_output=True,
            env=env,
            cwd=work,
            timeout=CLI_TIMEOUT_S,
        )
    except subprocess.TimeoutExpired as expired:
        return CliRun(None, str(expired.stdout or ""), str(expired.stderr or ""), out_dir)
    finally:
        server.remove(f"cli-{case.id}")
    stdout, stderr = (stream.decode("utf-8", "replace") for stream in (done.stdout, done.stderr))
    return CliRun(done.returncode, stdout, stderr, out_dir)


@pytest.fixture(scope="module")
def cli_runs(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    settings: Settings,
    page_server: PageServer,
) -> Iterator[dict[str, Future[CliRun]]]:
    """Start every selected case of this module now, a few at a time."""
    selected = [
        item.callspec.params["case"]
        for item in request.session.items
        if item.module is request.module and hasattr(item, "callspec") and "case" in item.callspec.params
    ]
    root = tmp_path_factory.mktemp("hostile-cli")
    env = _environment(root, settings)
    with ThreadPoolExecutor(PARALLEL_RUNS, thread_name_prefix="hostile-cli") as executor:
        yield {case.id: executor.submit(_run, case, root, env, page_server) for case in selected}


@pytest.mark.parametrize("case", _params())
def test_cli_case(case: Case, cli_runs: dict[str, Future[CliRun]]) -> None:
    run = cli_runs[case.id].result()
    assert run.returncode is not None, f"hung: still running after {CLI_TIMEOUT_S} s"
    assert "Traceback" not in run.stderr, run.stderr
    expected = case.expected("cli")
    if run.returncode == 0:
        assert expected in {"narration", "either"}, f"narrated, but an error was expected\n{run.stdout}"
        _check_narration(case, run)
    else:
        assert expected in {"error", "either"}, f"failed (exit {run.returncode}):\n{run.stderr}"
        _check_error(case, run)


def _check_error(case: Case, run: CliRun) -> None:
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1, f"not one line on stderr:\n{run.stderr}"
    assert lines[0].startswith("newscaster: "), lines[0]
    assert "internal error" not in lines[0], lines[0]
    if case.error_hint:
        assert re.search(case.error_hint, lines[0], re.IGNORECASE), lines[0]
    assert leftovers(run.out_dir) == [], "a failed run left files behind"


def _check_narration(case: Case, run: CliRun) -> None:
    extension = case.audio_format or "mp3"
    names = leftovers(run.out_dir)
    assert names == sorted([f"narration.{extension}", "narration.json", "narration.vtt"]), names
    audio = run.out_dir / f"narration.{extension}"
    assert run.stdout.strip() == str(audio)
    assert decoded_seconds(audio.read_bytes()) > 0.2
    assert (run.out_dir / "narration.vtt").read_text(encoding="utf-8").startswith("WEBVTT")
    document = json.loads((run.out_dir / "narration.json").read_text(encoding="utf-8"))
    assert document["sentences"] and document["duration_ms"] > 0
    if case.title is not None:
        assert document["article"]["title"] == case.title
