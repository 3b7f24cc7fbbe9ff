"""Faults: processes killed mid-narration, full and unwritable disks, voice engines that crash or hang.

Each test checks the promise from the outside (what the API answers, what the CLI prints) and the inside
(the database is consistent, no partial file exists anywhere, the audio that is served decodes).
"""

from __future__ import annotations

import dataclasses
import errno
import math
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

import httpx
import numpy as np
import pytest
from fastapi.testclient import TestClient

from newscaster.config import Settings
from newscaster.jobs.worker import STALE_SENTENCE_PART_S, sweep_partial_files
from newscaster.models import SpeechAudio, Voice
from newscaster.voices import registry
from newscaster.web.api import AUDIO_CACHE_CONTROL
from newscaster.web.app import create_app
from newscaster.web.security import SecuritySettings

TRIGGER = "Zebracrossing"
"""The word that makes the faulty engine misbehave; every other sentence it speaks normally."""
SLOW_SENTENCE_S = 0.15
"""The "slow" voice's time per sentence: long enough to be caught mid-narration."""
SAMPLE_RATE_HZ = 16_000
GREEDY_STEP_BYTES = 256 * 1024 * 1024
SERVER_START_S = 60.0
JOB_LIMIT_S = 180.0

LONG_TEXT = "# The long crossing\n\n" + "\n\n".join(
    f"Paragraph {p}. " + " ".join(f"Sentence {p}-{s} follows the ferry across the harbour." for s in range(5))
    for p in range(12)
)
"""Sixty-odd sentences: several seconds of work for any voice, so a kill lands in the middle."""


# --- A voice engine that misbehaves on demand (registered in the server and its worker processes) -------


class FaultyEngine:
    """``faulty:hang`` sleeps forever, ``faulty:crash`` raises, ``faulty:die`` kills its process,
    ``faulty:greedy`` takes 3 GB — each only on a sentence containing TRIGGER; ``faulty:slow`` takes
    SLOW_SENTENCE_S per sentence."""

    name = "faulty"
    modes = ("hang", "crash", "die", "slow", "greedy")

    def voices(self) -> list[Voice]:
        return [
            Voice(
                id=f"faulty:{mode}",
                engine="faulty",
                name=f"faulty-{mode}",
                display_name=f"Faulty ({mode})",
                language="en-us",
                gender="female",
                sample_rate_hz=SAMPLE_RATE_HZ,
                licence="test",
                natural_wpm=170.0,
                quality=-1,
            )  # fmt: skip
            for mode in self.modes
        ]

    def synthesize(self, text: str, voice: Voice, speed: float = 1.0) -> SpeechAudio:
        mode = voice.id.split(":", 1)[1]
        pid_dir = os.environ.get("FAULTY_PID_DIR")
        if pid_dir:
            Path(pid_dir, str(os.getpid())).touch()
        if TRIGGER in text:
            if mode == "hang":
                time.sleep(3600)
            elif mode == "crash":
                raise RuntimeError("the engine fell over")
            elif mode == "die":
                os._exit(70)
            elif mode == "greedy":  # 3 GB, a quarter at a time, like a model attending over a huge input
                hoard = [bytearray(GREEDY_STEP_BYTES) for _ in range(12)]
                del hoard
        if mode == "slow":
            time.sleep(SLOW_SENTENCE_S)
        seconds = max(0.3, 0.06 * len(text) / speed)
        t = np.arange(int(seconds * SAMPLE_RATE_HZ)) / SAMPLE_RATE_HZ
        return SpeechAudio((0.2 * np.sin(2 * math.pi * 220 * t)).astype(np.float32), SAMPLE_RATE_HZ)


def faulty_factory(settings: Settings) -> FaultyEngine:
    return FaultyEngine()


@pytest.fixture
def faulty_engine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Register the engine (worker processes get it too); yields the folder where workers leave their pids."""
    pid_dir = tmp_path / "worker-pids"
    pid_dir.mkdir()
    monkeypatch.setenv("FAULTY_PID_DIR", str(pid_dir))
    registry.register_engine("faulty", faulty_factory)
    try:
        yield pid_dir
    finally:
        registry._FACTORIES.pop("faulty", None)


# --- helpers --------------------------------------------------------------------------------------------


def own_settings(tmp_path: Path, settings: Settings, data: str = "data") -> Settings:
    # "testserver": the ASGI test client's Host, for the absolute URLs of an article's embed snippet
    return Settings(
        data_dir=tmp_path / data, rebuildable_cache_dir=settings.cache_dir, allowed_hosts=("testserver",)
    )


def relaxed() -> SecuritySettings:
    return SecuritySettings(narrations_per_minute=0, max_queued_jobs=0)


def follow(get: Callable[[str], Any], job_url: str, timeout_s: float = JOB_LIMIT_S) -> dict:
    deadline = time.monotonic() + timeout_s
    job: dict = {}
    while time.monotonic() < deadline:
        job = get(job_url).json()
        if job["state"] in {"done", "failed"}:
            return job
        time.sleep(0.1)
    raise AssertionError(f"the job did not end within {timeout_s:g} s: {job}")


def decoded_seconds(data: bytes) -> float:
    import io

    import av

    samples, rate = 0, 0
    with av.open(io.BytesIO(data)) as container:
        for frame in container.decode(audio=0):
            samples += frame.samples
            rate = frame.sample_rate
    return samples / rate if rate else 0.0


def partial_files(root: Path) -> list[Path]:
    return sorted(root.rglob("*.part"))


def database(data_dir: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(data_dir / "newscaster.sqlite3")
    connection.row_factory = sqlite3.Row
    return connection


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except OSError:
        return False
    return state != "Z"


def children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(child) for child in (task / "children").read_text().split()]
    return found


# --- Killed mid-narration -------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def serve(data_dir: Path, settings: Settings, log: Path) -> Iterator[tuple[subprocess.Popen, str]]:
    """``newscaster serve`` on a free loopback port, in its own process group (killed whole at the end)."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSCASTER_")}
    env.update(NEWSCASTER_DATA_DIR=str(data_dir), NEWSCASTER_CACHE_DIR=str(settings.cache_dir))
    with log.open("ab") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "newscaster.cli", "serve", "--host", "127.0.0.1", "--port", str(port)],
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + SERVER_START_S
        while True:
            assert process.poll() is None, f"the server exited:\n{log.read_text()}"
            try:
                if httpx.get(url + "/api/voices", timeout=5).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, f"the server did not start:\n{log.read_text()}"
            time.sleep(0.2)
        yield process, url
    finally:
        with_group(process, signal.SIGKILL)


def with_group(process: subprocess.Popen, sig: int) -> None:
    with suppress(ProcessLookupError):
        os.killpg(process.pid, sig)
    process.wait(30)


@pytest.mark.slow
def test_server_killed_mid_narration_completes_once_after_restart(tmp_path: Path, settings: Settings) -> None:
    data_dir = tmp_path / "data"
    log = tmp_path / "server.log"
    with serve(data_dir, settings, log) as (server, url):
        response = httpx.post(url + "/api/narrations", json={"text": LONG_TEXT}, timeout=30)
        assert response.status_code == 202, response.text
        job_url = url + response.headers["location"]
        deadline = time.monotonic() + JOB_LIMIT_S
        while True:
            job = httpx.get(job_url).json()
            assert job["state"] in {"queued", "running"}, f"finished before it could be killed: {job}"
            if job["progress"]["done"] >= 3:
                break
            assert time.monotonic() < deadline, job
            time.sleep(0.05)
        # Mid-narration: the article is stored, its audio is not, and none is served.
        [article] = httpx.get(url + "/api/articles").json()
        assert article["narrations"] == []
        assert httpx.get(url + f"/api/articles/{article['id']}/audio").status_code == 404
        workers = children(server.pid)
        assert workers, "the synthesis worker processes should be running"
        os.kill(server.pid, signal.SIGKILL)  # the server, without warning
        server.wait(10)
        # Its synthesis workers notice and exit by themselves (none lingers holding a voice model).
        deadline = time.monotonic() + 10
        while any(map(alive, workers)) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not any(map(alive, workers)), "synthesis workers outlived the killed server"

    with database(data_dir) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert [tuple(r) for r in db.execute("SELECT state FROM jobs")] == [("running",)]
        assert db.execute("SELECT count(*) FROM narrations").fetchone()[0] == 0

    with serve(data_dir, settings, log) as (_, url):
        job = follow(lambda u: httpx.get(u, timeout=10), url + response.headers["location"])
        assert job["state"] == "done", job
        assert job["attempts"] == 2
        article = httpx.get(url + f"/api/articles/{job['article_id']}").json()
        [narration] = article["narrations"]
        audio = httpx.get(url + narration["audio_url"], timeout=30)
        assert audio.status_code == 200
        duration_s = decoded_seconds(audio.content)
        assert abs(duration_s * 1000 - narration["duration_ms"]) < 200
        assert (
            httpx.get(url + narration["timings_url"]).json()["sentences"][-1]["end_ms"]
            == narration["duration_ms"]
        )

    with database(data_dir) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert db.execute("SELECT count(*) FROM jobs").fetchone()[0] == 1
        assert db.execute("SELECT count(*) FROM narrations").fetchone()[0] == 1
        assert db.execute("SELECT count(*) FROM articles").fetchone()[0] == 1
    assert partial_files(data_dir / "audio") == []
    # The sentence cache may hold a file the killed server was writing: a start removes such files once
    # they are STALE_SENTENCE_PART_S old (the cache may be shared with a running `newscaster read`).
    for leftover in partial_files(data_dir):
        stale = time.time() - STALE_SENTENCE_PART_S - 1
        os.utime(leftover, (stale, stale))
    sweep_partial_files(Settings(data_dir=data_dir))
    assert partial_files(data_dir) == []
    audio_files = sorted(p.suffix for p in (data_dir / "audio").rglob("*") if p.is_file())
    assert audio_files == [".json", ".mp3", ".vtt"]


@pytest.mark.slow
def test_synthesis_worker_killed_mid_narration_is_retried(
    tmp_path: Path, settings: Settings, faulty_engine: Path
) -> None:
    app = create_app(
        own_settings(tmp_path, settings), job_threads=1, synthesis_processes=1, security=relaxed()
    )
    with TestClient(app) as client:
        text = LONG_TEXT[: LONG_TEXT.index("Paragraph 4.")]  # twenty sentences: three seconds of "slow"
        response = client.post("/api/narrations", json={"text": text, "voice": "faulty:slow"})
        job_url = response.headers["location"]
        deadline = time.monotonic() + 60
        while client.get(job_url).json()["progress"]["done"] < 3:
            assert time.monotonic() < deadline
            time.sleep(0.05)
        [worker_pid] = [int(p.name) for p in faulty_engine.iterdir()]
        os.kill(worker_pid, signal.SIGKILL)
        job = follow(client.get, job_url)
        assert job["state"] == "done", job
        assert job["attempts"] == 2
        assert not alive(worker_pid)
        [narration] = client.get(f"/api/articles/{job['article_id']}").json()["narrations"]
        assert decoded_seconds(client.get(narration["audio_url"]).content) > 5
    assert partial_files(tmp_path / "data") == []


@pytest.mark.slow
def test_a_new_narration_is_heard_while_a_long_one_runs(
    tmp_path: Path, settings: Settings, faulty_engine: Path
) -> None:
    """By default a server narrates two articles at once: a short one asked for while a long one runs
    starts (and streams) at once instead of waiting for the long one to end."""
    app = create_app(own_settings(tmp_path, settings), synthesis_processes=1, security=relaxed())
    with TestClient(app) as client:
        long_job = client.post("/api/narrations", json={"text": LONG_TEXT, "voice": "faulty:slow"}).json()
        while client.get(f"/api/jobs/{long_job['id']}").json()["progress"]["done"] < 2:
            time.sleep(0.05)
        short = client.post("/api/narrations", json={"text": "# Notice\n\nThe ferry leaves at nine."})
        done = follow(client.get, short.headers["location"])
        assert done["state"] == "done", done
        assert client.get(f"/api/jobs/{long_job['id']}").json()["state"] == "running"
        follow(client.get, f"/api/jobs/{long_job['id']}")


# --- Voice engines that crash or hang -------------------------------------------------------------------


def test_hanging_engine_fails_the_job_in_bounded_time(
    tmp_path: Path, settings: Settings, faulty_engine: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newscaster.jobs import worker

    monkeypatch.setattr(worker, "SENTENCE_TIMEOUT_BASE_S", 8.0)
    monkeypatch.setattr(worker, "SENTENCE_TIMEOUT_PER_CHAR_S", 0.0)
    app = create_app(
        own_settings(tmp_path, settings), job_threads=1, synthesis_processes=1, security=relaxed()
    )
    text = f"# Stuck\n\nThe first sentence is fine. The {TRIGGER} sentence never ends. The last one is fine."
    with TestClient(app) as client:
        started = time.monotonic()
        response = client.post("/api/narrations", json={"text": text, "voice": "faulty:hang"})
        # While the engine hangs, the server answers other requests promptly.
        while client.get(response.headers["location"]).json()["state"] != "running":
            time.sleep(0.05)
        before = time.monotonic()
        assert client.get("/api/voices").status_code == 200
        assert client.get("/").status_code == 200
        assert time.monotonic() - before < 2.0
        job = follow(client.get, response.headers["location"], timeout_s=60)
        elapsed = time.monotonic() - started
        assert job["state"] == "failed"
        assert "faulty:hang" in job["error"] and "did not finish the sentence" in job["error"]
        assert TRIGGER in job["error"]
        assert elapsed < 30, f"took {elapsed:.1f} s"
        assert job["narration_id"] is None
        # The stuck worker process is gone, and fresh ones narrate the next job.
        stuck = [int(p.name) for p in faulty_engine.iterdir()]
        assert stuck and not any(map(alive, stuck))
        monkeypatch.undo()  # usual deadlines again: a fresh process may take seconds to start on a busy host
        ok = client.post(
            "/api/narrations", json={"text": "The ferry sailed. It was calm.", "voice": "espeak:en-us"}
        )
        assert follow(client.get, ok.headers["location"])["state"] == "done"
    assert partial_files(tmp_path / "data") == []


def test_crashing_engine_fails_the_job_with_a_reason(
    tmp_path: Path, settings: Settings, faulty_engine: Path
) -> None:
    app = create_app(
        own_settings(tmp_path, settings), job_threads=1, synthesis_processes=1, security=relaxed()
    )
    text = f"# Broken\n\nThe first sentence is fine. The {TRIGGER} sentence breaks the engine."
    with TestClient(app) as client:
        response = client.post("/api/narrations", json={"text": text, "voice": "faulty:crash"})
        job = follow(client.get, response.headers["location"])
        assert job["state"] == "failed" and job["attempts"] == 1
        assert job["error"].startswith("The voice faulty:crash failed on the sentence")
        assert "RuntimeError: the engine fell over" in job["error"]
        assert client.get("/api/voices").status_code == 200


def test_engine_that_kills_its_process_is_retried_then_given_up(
    tmp_path: Path, settings: Settings, faulty_engine: Path
) -> None:
    app = create_app(
        own_settings(tmp_path, settings), job_threads=1, synthesis_processes=1, security=relaxed()
    )
    text = f"# Fatal\n\nThe first sentence is fine. The {TRIGGER} sentence takes the process down."
    with TestClient(app) as client:
        response = client.post("/api/narrations", json={"text": text, "voice": "faulty:die"})
        job = follow(client.get, response.headers["location"])
        # Died once: maybe a neighbour's fault, so it runs again; died the same way twice: this input
        # kills the engine, and a third run would only kill it again.
        assert job["state"] == "failed" and job["attempts"] == 2
        assert "synthesis process stopped" in job["error"] and "not tried again" in job["error"]
        ok = client.post(
            "/api/narrations", json={"text": "The ferry sailed. It was calm.", "voice": "espeak:en-us"}
        )
        assert follow(client.get, ok.headers["location"])["state"] == "done"


# --- Memory ----------------------------------------------------------------------------------------------

WORKER_RSS_BOUND_MB = 1500
"""What one synthesis process may hold while narrating anything (both neural voices stay near 0.6 GB)."""
UNPUNCTUATED = " ".join(
    f"the minister {word} said talks would continue and the region needed calm"
    for word in ("first", "then", "later", "again", "finally") * 100
)[:25_000]
"""25,000 characters without a full stop: one "sentence" that once grew a worker to 22 GB."""


def process_tree_rss_mb(pid: int) -> dict[int, float]:
    from newscaster.jobs.worker import resident_mb

    return {child: resident_mb(child) for child in children(pid)}


@pytest.mark.slow
@pytest.mark.parametrize("voice_id", ["hibari:heart", "piper:joe"])
def test_one_endless_sentence_stays_within_memory(tmp_path: Path, settings: Settings, voice_id: str) -> None:
    assert len(UNPUNCTUATED) == 25_000 and "." not in UNPUNCTUATED
    with serve(tmp_path / "data", settings, tmp_path / "server.log") as (server, url):
        response = httpx.post(
            url + "/api/narrations",
            json={"text": f"# Endless\n\n{UNPUNCTUATED}", "voice": voice_id, "speed": 2.0},
            timeout=30,
        )
        assert response.status_code == 202, response.text
        peak_mb, slowest_s, job = 0.0, 0.0, {}
        deadline = time.monotonic() + 600
        while time.monotonic() < deadline:
            peak_mb = max(peak_mb, *process_tree_rss_mb(server.pid).values(), 0.0)
            if peak_mb > WORKER_RSS_BOUND_MB:
                break  # stop a runaway before it takes the machine: the test has failed already
            asked = time.monotonic()
            job = httpx.get(url + response.headers["location"], timeout=30).json()
            slowest_s = max(slowest_s, time.monotonic() - asked)
            if job["state"] in {"done", "failed"}:
                break
            time.sleep(0.2)
        assert peak_mb <= WORKER_RSS_BOUND_MB, f"a synthesis process reached {peak_mb:.0f} MB"
        assert job.get("state") == "done", job
        assert slowest_s < 2.0, f"the server took {slowest_s:.1f} s to answer while narrating"
        [narration] = httpx.get(url + f"/api/articles/{job['article_id']}").json()["narrations"]
        # All of it is read: ~4,200 words at 2x is well over ten minutes of audio.
        assert narration["duration_ms"] > 10 * 60_000, narration


def test_memory_cap_turns_a_runaway_call_into_a_failed_job(
    tmp_path: Path, settings: Settings, faulty_engine: Path
) -> None:
    base = own_settings(tmp_path, settings)
    capped = dataclasses.replace(base, worker_memory_mb=1024)
    app = create_app(capped, job_threads=1, synthesis_processes=1, security=relaxed())
    text = f"# Greedy\n\nThe first sentence is fine. The {TRIGGER} sentence wants far too much memory."
    with TestClient(app) as client:
        response = client.post("/api/narrations", json={"text": text, "voice": "faulty:greedy"})
        job = follow(client.get, response.headers["location"])
        assert job["state"] == "failed" and job["attempts"] == 1, job
        assert "MemoryError" in job["error"] and TRIGGER in job["error"]
        ok = client.post(
            "/api/narrations", json={"text": "The ferry sailed. It was calm.", "voice": "espeak:en-us"}
        )
        assert follow(client.get, ok.headers["location"])["state"] == "done"


def test_grown_synthesis_processes_are_replaced_after_the_job(
    tmp_path: Path, settings: Settings, faulty_engine: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newscaster.jobs import worker

    monkeypatch.setattr(worker, "RECYCLE_RSS_MB", 1)  # every process counts as grown
    app = create_app(
        own_settings(tmp_path, settings), job_threads=1, synthesis_processes=1, security=relaxed()
    )
    with TestClient(app) as client:
        first = client.post("/api/narrations", json={"text": "One sentence. Two.", "voice": "faulty:slow"})
        assert follow(client.get, first.headers["location"])["state"] == "done"
        used = {int(p.name) for p in faulty_engine.iterdir()}
        deadline = time.monotonic() + 20
        while any(map(alive, used)):
            assert time.monotonic() < deadline, "the grown synthesis process was kept"
            time.sleep(0.1)
        second = client.post(
            "/api/narrations", json={"text": "Three sentences. Four.", "voice": "faulty:slow"}
        )
        assert follow(client.get, second.headers["location"])["state"] == "done"
        assert {int(p.name) for p in faulty_engine.iterdir()} - used, "the next job ran in a fresh process"


# --- Full and unwritable disks --------------------------------------------------------------------------


@contextmanager
def tiny_disk(path: Path, size_kb: int, *, read_only: bool = False) -> Iterator[bool]:
    """A tmpfs of ``size_kb`` mounted at ``path`` (root only); yields False where mounting is not allowed."""
    path.mkdir(parents=True, exist_ok=True)
    options = f"size={size_kb}k" + (",ro" if read_only else "")
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(path)], capture_output=True, check=False
    )
    if mounted.returncode != 0:
        yield False
        return
    try:
        yield True
    finally:
        subprocess.run(["umount", "-l", str(path)], capture_output=True, check=False)


def fill(folder: Path) -> Path:
    """Write zeros into ``folder`` until the disk is full; returns the filler file."""
    filler = folder / "filler"
    with filler.open("wb", buffering=0) as handle:
        try:
            while True:
                handle.write(bytes(4096))
        except OSError as error:
            assert error.errno == errno.ENOSPC
    return filler


def test_full_disk_fails_the_job_and_keeps_nothing_partial(
    tmp_path: Path, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    own = own_settings(tmp_path, settings)
    audio_dir = own.data_dir / "audio"
    text = "# Full disk\n\nThe ferry sailed again on Monday. Passengers said the crossing was calm."
    with tiny_disk(audio_dir, 256) as mounted:
        if mounted:
            filler = fill(audio_dir)
        else:  # no mount permission: the same failure, from os.replace, for files in the audio folder
            real_replace = os.replace

            def full_disk(src: Any, dst: Any, *args: Any, **kwargs: Any) -> None:
                if str(dst).startswith(str(audio_dir)) and (audio_dir / "filler").exists():
                    raise OSError(errno.ENOSPC, "No space left on device", str(dst))
                real_replace(src, dst, *args, **kwargs)

            monkeypatch.setattr(os, "replace", full_disk)
            audio_dir.mkdir(parents=True, exist_ok=True)
            filler = audio_dir / "filler"
            filler.write_bytes(b"")
        app = create_app(own, job_threads=1, synthesis_processes=1, security=relaxed())
        with TestClient(app) as client:
            response = client.post("/api/narrations", json={"text": text, "voice": "espeak:en-us"})
            job = follow(client.get, response.headers["location"])
            assert job["state"] == "failed"
            assert job["error"].startswith("The server's disk is full"), job["error"]
            leftover = [p for p in audio_dir.rglob("*") if p.is_file() and p != filler]
            assert leftover == [], leftover
            with database(own.data_dir) as db:
                assert db.execute("SELECT count(*) FROM narrations").fetchone()[0] == 0
                assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            # Space again: the same request now narrates.
            filler.unlink()
            response = client.post("/api/narrations", json={"text": text, "voice": "espeak:en-us"})
            job = follow(client.get, response.headers["location"])
            assert job["state"] == "done", job
            [narration] = client.get(f"/api/articles/{job['article_id']}").json()["narrations"]
            assert decoded_seconds(client.get(narration["audio_url"]).content) > 1
    assert partial_files(own.data_dir) == []


def test_full_disk_under_the_database_is_a_503_not_a_crash(tmp_path: Path, settings: Settings) -> None:
    own = own_settings(tmp_path, settings)
    with tiny_disk(own.data_dir, 1024) as mounted:
        if not mounted:
            pytest.skip("mounting a tmpfs is not permitted here (needs root)")
        app = create_app(own, job_threads=1, synthesis_processes=1, security=relaxed())
        client = TestClient(app, raise_server_exceptions=False)  # no workers: only the API under test
        filler = fill(own.data_dir)
        # A saved page too big for the full disk (a text this long would be refused as too long first).
        big = "<h1>Full</h1><p>" + "The ferry sailed again on Monday, and the harbour was calm. " * 6000
        response = client.post("/api/narrations", json={"html": big})
        assert response.status_code == 503, response.text
        assert "disk full" in response.json()["error"] and response.headers["retry-after"]
        assert client.get("/api/voices").status_code == 200  # reads still work
        assert client.get("/api/articles").status_code == 200
        filler.unlink()
        assert client.post("/api/narrations", json={"html": big}).status_code == 202
        with database(own.data_dir) as db:
            assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            assert db.execute("SELECT count(*) FROM jobs").fetchone()[0] == 1


def cli(args: list[str], env_extra: dict[str, str], settings: Settings) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSCASTER_")}
    env.update(NEWSCASTER_CACHE_DIR=str(settings.cache_dir), **env_extra)
    return subprocess.run(
        [sys.executable, "-m", "newscaster.cli", *args], capture_output=True, text=True, env=env, timeout=120
    )


@pytest.mark.parametrize("command", [["serve", "--port", "9"], ["token", "list"]])
def test_unusable_data_folder_is_a_clear_error(
    tmp_path: Path, settings: Settings, command: list[str]
) -> None:
    not_a_folder = tmp_path / "data-file"
    not_a_folder.write_text("a file where the data folder should be")
    done = cli(command, {"NEWSCASTER_DATA_DIR": str(not_a_folder / "newscaster")}, settings)
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("newscaster: Cannot use the data folder"), done.stderr
    assert "Traceback" not in done.stderr


def test_read_only_data_folder_is_a_clear_error(tmp_path: Path, settings: Settings) -> None:
    data_dir = tmp_path / "readonly"
    with tiny_disk(data_dir, 64, read_only=True) as mounted:
        if not mounted:
            pytest.skip("mounting a tmpfs is not permitted here (needs root)")
        done = cli(["serve", "--port", "9"], {"NEWSCASTER_DATA_DIR": str(data_dir)}, settings)
    assert done.returncode == 1
    assert done.stderr.startswith("newscaster: Cannot use the data folder") and "Read-only" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_cli_output_on_a_full_disk(tmp_path: Path, settings: Settings) -> None:
    out_dir = tmp_path / "out"
    source = tmp_path / "story.txt"
    source.write_text("# Full disk\n\nThe ferry sailed again on Monday. Passengers said it was calm.\n")
    with tiny_disk(out_dir, 128) as mounted:
        if not mounted:
            pytest.skip("mounting a tmpfs is not permitted here (needs root)")
        filler = fill(out_dir)
        done = cli(
            ["read", str(source), "-o", str(out_dir / "story.mp3"), "--voice", "espeak:en-us", "-j", "1"],
            {"NEWSCASTER_DATA_DIR": str(tmp_path / "data")},
            settings,
        )
        names = sorted(p.name for p in out_dir.iterdir() if p != filler)
    assert done.returncode != 0
    assert names == []  # nothing half-written, whatever the message
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("newscaster: ") and "internal error" not in lines[0], (
        done.stderr
    )


# --- Re-narration: the narration being served survives a failed replacement -----------------------------

FERRY = "# Ferry\n\nThe ferry to Xiamen sailed on Monday. Passengers said the crossing was calm."


def narrate_then_change_lexicon(client: TestClient) -> tuple[str, dict, bytes]:
    """A narrated article and a lexicon change that makes its next narration differ; returns its id, the
    narration as the API lists it and its audio bytes."""
    job = follow(client.get, client.post("/api/narrations", json={"text": FERRY}).headers["location"])
    assert job["state"] == "done", job
    [narration] = client.get(f"/api/articles/{job['article_id']}").json()["narrations"]
    audio = client.get(narration["audio_url"])
    assert audio.status_code == 200
    lexicon = client.post("/api/lexicon", json={"written": "Xiamen", "spoken": "Shah men"})
    assert lexicon.status_code == 201, lexicon.text
    return job["article_id"], narration, audio.content


def still_served(client: TestClient, article_id: str, narration: dict, audio: bytes) -> None:
    [now] = client.get(f"/api/articles/{article_id}").json()["narrations"]
    assert now["audio_url"] == narration["audio_url"]
    served = client.get(now["audio_url"])
    assert served.status_code == 200 and served.content == audio
    assert client.get(now["timings_url"]).status_code == 200
    assert client.get(now["transcript_url"]).status_code == 200


@pytest.mark.parametrize("failing_suffix", [".vtt", ".json"])
def test_a_renarration_that_cannot_be_written_keeps_the_old_one_served(
    tmp_path: Path, settings: Settings, monkeypatch: pytest.MonkeyPatch, failing_suffix: str
) -> None:
    from newscaster import pipeline

    own = own_settings(tmp_path, settings)
    app = create_app(own, job_threads=1, synthesis_processes=1, security=relaxed())
    with TestClient(app) as client:
        article_id, narration, audio = narrate_then_change_lexicon(client)
        real_write = pipeline.write_text_atomic

        def disk_full_at(path: Path, text: str) -> None:
            if path.suffix == failing_suffix:  # the new audio (and maybe the transcript) are already written
                raise OSError(errno.ENOSPC, "No space left on device", str(path))
            real_write(path, text)

        monkeypatch.setattr(pipeline, "write_text_atomic", disk_full_at)
        again = client.post("/api/narrations", json={"article_id": article_id})
        job = follow(client.get, again.headers["location"])
        assert job["state"] == "failed" and job["error"].startswith("The server's disk is full"), job
        still_served(client, article_id, narration, audio)

        monkeypatch.setattr(pipeline, "write_text_atomic", real_write)
        job = follow(
            client.get, client.post("/api/narrations", json={"article_id": article_id}).headers["location"]
        )
        assert job["state"] == "done", job
        [renarrated] = client.get(f"/api/articles/{article_id}").json()["narrations"]
        assert renarrated["audio_url"] != narration["audio_url"]
        assert client.get(renarrated["audio_url"]).content != audio
    assert partial_files(own.data_dir) == []


KILLED_RENARRATION = """
import os, signal, sys
from pathlib import Path
from newscaster import pipeline
from newscaster.config import Settings
from newscaster.jobs.base import JobRequest
from newscaster.jobs.sqlite_queue import SqliteJobQueue
from newscaster.jobs.worker import NarrationService
from newscaster.store.library import Library
from newscaster.web.state import open_database

real_write = pipeline.write_text_atomic

def killed_between_writes(path, text):
    if path.suffix == ".json":  # the audio and the transcript are written, the timings are not
        os.kill(os.getpid(), signal.SIGKILL)
    real_write(path, text)

pipeline.write_text_atomic = killed_between_writes
settings = Settings(data_dir=Path(sys.argv[1]), rebuildable_cache_dir=Path(sys.argv[2]))
database = open_database(settings)
library, queue = Library(database), SqliteJobQueue(database)
job = queue.submit(JobRequest(article_id=sys.argv[3]))
NarrationService(settings, library, queue).run(queue.claim(job.id), None, 1)
"""


def test_a_renarration_killed_between_writes_keeps_the_old_one_served(
    tmp_path: Path, settings: Settings
) -> None:
    own = own_settings(tmp_path, settings)
    with TestClient(create_app(own, job_threads=1, synthesis_processes=1, security=relaxed())) as client:
        article_id, narration, audio = narrate_then_change_lexicon(client)
    killed = subprocess.run(
        [sys.executable, "-c", KILLED_RENARRATION, str(own.data_dir), str(own.cache_dir), article_id],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    with database(own.data_dir) as db:  # before any restart: the row still names the old, intact files
        [row] = db.execute("SELECT audio_path, vtt_path, json_path FROM narrations").fetchall()
        [job_state] = db.execute(
            "SELECT state FROM jobs WHERE request LIKE ?", (f"%{article_id}%",)
        ).fetchone()
    assert Path(row["audio_path"]).read_bytes() == audio
    assert Path(row["vtt_path"]).is_file() and Path(row["json_path"]).is_file()
    assert job_state == "running"
    with TestClient(create_app(own, job_threads=1, synthesis_processes=1, security=relaxed())) as client:
        deadline = time.monotonic() + JOB_LIMIT_S
        while True:  # the interrupted job runs again; until it is done, the old narration is served
            [now] = client.get(f"/api/articles/{article_id}").json()["narrations"]
            served = client.get(now["audio_url"])
            assert served.status_code == 200
            if now["audio_url"] != narration["audio_url"]:
                assert served.content != audio
                break
            if served.content != audio:
                # The job finished between the listing and the download: the old URL (its version no longer
                # current) answers the new audio, revalidated, and the listing must show the switch.
                assert served.headers["cache-control"] != AUDIO_CACHE_CONTROL
                [now] = client.get(f"/api/articles/{article_id}").json()["narrations"]
                assert now["audio_url"] != narration["audio_url"]
                break
            assert time.monotonic() < deadline, "the interrupted re-narration never completed"
            time.sleep(0.1)
    assert partial_files(own.data_dir) == []
