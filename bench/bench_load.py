"""Many listeners seeking through one narration while narrations run, against a plain static server.

    python bench/bench_load.py [--listeners 32] [--requests 40] [--rounds 4] [--narrations 8]
                               [--max-seconds 240]

Loopback only, bounded in count and time, and it stops by itself:

1. starts ``newscaster serve`` (uvicorn, a subprocess) on a free 127.0.0.1 port with a fresh data folder,
   and narrates ``bench/data/long-article.html`` once (espeak) — the file the listeners fetch;
2. starts a bare Starlette ``StaticFiles`` app under the same uvicorn on another 127.0.0.1 port,
   serving a copy of that same file — the baseline — and measures both once while idle;
3. queues ``--narrations`` narrations of the same article with the default (neural) voice at other
   speeds, so the server's job workers are synthesizing throughout what follows;
4. runs ``--rounds`` rounds under that background work, each measuring both servers (who goes first
   alternates). A measurement is ``--listeners`` concurrent listeners (httpx, asyncio), each making
   ``--requests`` HTTP Range requests the way an audio element does (mostly the next 64 KB, sometimes a
   seek to a random place);
5. checks every response: status 206, the right Content-Range, and the bytes equal to the file's bytes
   at that range — anything else counts as lost or corrupted;
6. prints requests per second and latency (p50, p99) for both servers and newscaster's ratio to the
   static baseline (requests/s: higher is better; p99: lower is better).

Absolute numbers depend on the machine and its load (client, servers and synthesis share the cores);
the ratios, measured in the same run under the same background work, are the result.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

BENCH_DIR = Path(__file__).resolve().parent
ARTICLE = BENCH_DIR / "data" / "long-article.html"
HOST = "127.0.0.1"
"""Loopback only: nothing in this benchmark ever talks to another address."""
CHUNK_BYTES = 64 * 1024
"""What a browser's audio element typically asks for per Range request while streaming."""
SEEK_CHANCE = 0.2
"""Share of requests that jump to a random place (a listener seeking or skipping a sentence)."""
START_TIMEOUT_S = 90.0
JOB_TIMEOUT_S = 300.0
REQUEST_TIMEOUT_S = 30.0
BACKGROUND_SPEEDS = (0.8, 0.9, 1.1, 1.2, 1.3, 1.4, 1.5, 1.6)


@dataclass
class Result:
    name: str
    latencies_s: list[float] = field(default_factory=list)
    errors: int = 0
    corrupted: int = 0
    wall_s: float = 0.0

    def merge(self, other: Result) -> None:
        self.latencies_s += other.latencies_s
        self.errors += other.errors
        self.corrupted += other.corrupted
        self.wall_s += other.wall_s

    @property
    def requests(self) -> int:
        return len(self.latencies_s) + self.errors

    @property
    def rps(self) -> float:
        return len(self.latencies_s) / self.wall_s if self.wall_s else 0.0

    def percentile(self, p: float) -> float:
        if not self.latencies_s:
            return float("nan")
        ordered = sorted(self.latencies_s)
        return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


@contextmanager
def process(args: list[str], env: dict[str, str], log: Path, ready_url: str) -> Iterator[subprocess.Popen]:
    """A server subprocess in its own process group; waits until ``ready_url`` answers, kills it after."""
    with log.open("ab") as output:
        child = subprocess.Popen(
            args, env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            if child.poll() is not None:
                raise SystemExit(f"server exited early; log:\n{log.read_text()}")
            with suppress(httpx.HTTPError):
                if httpx.get(ready_url, timeout=5).status_code < 500:
                    break
            if time.monotonic() > deadline:
                raise SystemExit(f"server did not start in {START_TIMEOUT_S:g} s; log:\n{log.read_text()}")
            time.sleep(0.2)
        yield child
    finally:
        with suppress(ProcessLookupError):
            os.killpg(child.pid, signal.SIGTERM)
        try:
            child.wait(15)
        except subprocess.TimeoutExpired:
            with suppress(ProcessLookupError):
                os.killpg(child.pid, signal.SIGKILL)
            child.wait(15)


def wait_for_job(base: str, location: str) -> dict[str, Any]:
    deadline = time.monotonic() + JOB_TIMEOUT_S
    while time.monotonic() < deadline:
        job = httpx.get(base + location, timeout=10).json()
        if job["state"] in {"done", "failed"}:
            return dict(job)
        time.sleep(0.2)
    raise SystemExit(f"narration did not finish in {JOB_TIMEOUT_S:g} s")


async def listener(
    client: httpx.AsyncClient, url: str, reference: bytes, requests: int, deadline: float, rng: random.Random
) -> Result:
    result = Result("")
    size = len(reference)
    position = rng.randrange(0, size)
    for _ in range(requests):
        if time.monotonic() > deadline:
            break
        if rng.random() < SEEK_CHANCE or position >= size:
            position = rng.randrange(0, size)
        start, end = position, min(size, position + CHUNK_BYTES) - 1
        began = time.perf_counter()
        try:
            response = await client.get(url, headers={"Range": f"bytes={start}-{end}"})
            body = response.content
        except httpx.HTTPError:
            result.errors += 1
            continue
        result.latencies_s.append(time.perf_counter() - began)
        expected_range = f"bytes {start}-{end}/{size}"
        if (
            response.status_code != 206
            or response.headers.get("content-range") != expected_range
            or body != reference[start : end + 1]
        ):
            result.corrupted += 1
        position = end + 1
    return result


async def load(
    name: str, url: str, reference: bytes, listeners: int, requests: int, max_s: float, seed: int
) -> Result:
    limits = httpx.Limits(max_connections=listeners, max_keepalive_connections=listeners)
    async with httpx.AsyncClient(timeout=REQUEST_TIMEOUT_S, limits=limits, trust_env=False) as client:
        await client.get(url, headers={"Range": "bytes=0-0"})  # connections warm, file in the page cache
        deadline = time.monotonic() + max_s
        began = time.perf_counter()
        results = await asyncio.gather(
            *(
                listener(client, url, reference, requests, deadline, random.Random(seed * 1000 + i))
                for i in range(listeners)
            )
        )
        total = Result(name, wall_s=time.perf_counter() - began)
    for result in results:
        total.merge(result)
    return total


def report(label: str, result: Result, narrations: str) -> None:
    print(
        f"{label} {result.name:10} {result.requests:5d} requests {result.rps:8.1f} req/s  "
        f"p99 {result.percentile(99) * 1000:7.1f} ms  errors {result.errors}  corrupted {result.corrupted}  "
        f"[narrations: {narrations}]",
        flush=True,
    )


def narration_states(base: str) -> str:
    states = []
    for location in RUNNING_JOBS:
        with suppress(httpx.HTTPError):
            states.append(httpx.get(base + location, timeout=10).json()["state"])
    return ", ".join(states) or "none"


RUNNING_JOBS: list[str] = []


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--listeners", type=int, default=32, help="concurrent listeners (default 32)")
    parser.add_argument("--requests", type=int, default=40, help="Range requests per listener per round")
    parser.add_argument("--rounds", type=int, default=4, help="loaded rounds, each measuring both servers")
    parser.add_argument(
        "--narrations", type=int, default=8, help="narrations queued to run during the load (at most 8)"
    )
    parser.add_argument("--max-seconds", type=float, default=240.0, help="stop issuing requests after this")
    parser.add_argument("--seed", type=int, default=1)
    options = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="newscaster-load-"))
    data_dir = work / "data"
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSCASTER_")}
    env["NEWSCASTER_DATA_DIR"] = str(data_dir)
    cache = os.environ.get("NEWSCASTER_CACHE_DIR") or str(Path.home() / ".cache" / "newscaster-test")
    env["NEWSCASTER_CACHE_DIR"] = cache
    env["NEWSCASTER_NARRATIONS_PER_MINUTE"] = "0"  # the benchmark is one client starting a few narrations
    app_port, static_port = free_port(), free_port()
    base = f"http://{HOST}:{app_port}"
    overall_deadline = time.monotonic() + options.max_seconds
    try:
        serve = [sys.executable, "-m", "newscaster.cli", "serve", "--host", HOST, "--port", str(app_port)]
        with process(serve, env, work / "newscaster.log", base + "/api/voices"):
            html = ARTICLE.read_text(encoding="utf-8")
            started = time.monotonic()
            response = httpx.post(
                base + "/api/narrations", json={"html": html, "voice": "espeak:en-us"}, timeout=30
            )
            job = wait_for_job(base, response.headers["location"])
            if job["state"] != "done":
                raise SystemExit(f"the article could not be narrated: {job['error']}")
            article = httpx.get(base + f"/api/articles/{job['article_id']}", timeout=10).json()
            audio_url = base + article["narrations"][0]["audio_url"]
            reference = httpx.get(audio_url, timeout=30).content
            [on_disk] = list((data_dir / "audio").rglob("*.mp3"))
            assert on_disk.read_bytes() == reference, "the served file differs from the stored one"
            minutes = article["narrations"][0]["duration_ms"] / 60000
            print(
                f"narrated {ARTICLE.name} in {time.monotonic() - started:.1f} s: "
                f"{len(reference) / 1e6:.2f} MB MP3, {minutes:.1f} min"
            )

            static_dir = work / "static"
            static_dir.mkdir()
            shutil.copyfile(on_disk, static_dir / "narration.mp3")
            static_app = (
                "import sys, uvicorn; from starlette.applications import Starlette; "
                "from starlette.routing import Mount; from starlette.staticfiles import StaticFiles; "
                f"app = Starlette(routes=[Mount('/', StaticFiles(directory={str(static_dir)!r}))]); "
                f"uvicorn.run(app, host={HOST!r}, port={static_port}, log_level='warning')"
            )
            static_url = f"http://{HOST}:{static_port}/narration.mp3"
            with process([sys.executable, "-c", static_app], env, work / "static.log", static_url):
                idle = {}
                for name, url in (("static", static_url), ("newscaster", audio_url)):
                    idle[name] = asyncio.run(
                        load(
                            name, url, reference, options.listeners, options.requests, options.max_seconds, 0
                        )
                    )
                    report("idle   ", idle[name], "none")
                # The same article with the default (neural) voice at other speeds: each is a full
                # synthesis (the sentence cache is per speed), and the listened-to narration stays current.
                for speed in BACKGROUND_SPEEDS[: options.narrations]:
                    other = httpx.post(
                        base + "/api/narrations", json={"html": html, "speed": speed}, timeout=30
                    )
                    RUNNING_JOBS.append(other.headers["location"])
                time.sleep(1.0)
                print(f"background narrations queued: {len(RUNNING_JOBS)} ({narration_states(base)})")

                totals = {"static": Result("static"), "newscaster": Result("newscaster")}
                targets = [("static", static_url), ("newscaster", audio_url)]
                for number in range(options.rounds):
                    # Alternate who goes first, so neither always meets the same stage of the narrations.
                    measured: list[Result] = []
                    for name, url in targets if number % 2 == 0 else targets[::-1]:
                        remaining = overall_deadline - time.monotonic()
                        if remaining <= 0:
                            break
                        result = asyncio.run(
                            load(name, url, reference, options.listeners, options.requests, remaining,
                                 options.seed + number)
                        )  # fmt: skip
                        states = narration_states(base)
                        report(f"round {number + 1}", result, states)
                        if "queued" not in states and "running" not in states:
                            break  # the narrations ended during this measurement: not comparable
                        measured.append(result)
                    if len(measured) < len(targets):
                        print(f"round {number + 1} left out: it did not run entirely alongside narrations")
                        break
                    for result in measured:
                        totals[result.name].merge(result)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    static, app = totals["static"], totals["newscaster"]
    if not static.latencies_s or not app.latencies_s:
        raise SystemExit("no round ran alongside narrations; queue more with --narrations")
    print()
    columns = ("requests", "req/s", "p50 ms", "p99 ms", "errors", "corrupted")
    print(f"{'server':12} " + " ".join(f"{c:>9}" for c in columns))
    for result in (static, app):
        print(
            f"{result.name:12} {result.requests:9d} {result.rps:9.1f} {result.percentile(50) * 1000:9.1f} "
            f"{result.percentile(99) * 1000:9.1f} {result.errors:9d} {result.corrupted:9d}"
        )
    print()
    rps_ratio = app.rps / static.rps
    p99_ratio = app.percentile(99) / static.percentile(99)
    print(
        f"newscaster / static, narrations running: requests/s {rps_ratio:.2f}x, p99 latency {p99_ratio:.2f}x"
    )
    idle_app, idle_static = idle["newscaster"], idle["static"]
    print(
        f"newscaster / static, idle:               requests/s {idle_app.rps / idle_static.rps:.2f}x, "
        f"p99 latency {idle_app.percentile(99) / idle_static.percentile(99):.2f}x"
    )
    lost = sum(r.errors + r.corrupted for r in (app, static, idle_app, idle_static))
    print(f"every byte range checked against the file: {'all correct' if lost == 0 else f'{lost} FAILED'}")
    if lost:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
