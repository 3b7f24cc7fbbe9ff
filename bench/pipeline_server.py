"""``bench_pipeline.py``'s server section: time to first audio, throughput, memory of ``newscaster serve``.

A real ``newscaster serve`` (a subprocess on a free loopback port, fresh data folder, shared grammar
cache) is warmed up with one short narration (engine loaded in its synthesis processes), then:

- time to first audio: from sending ``POST /api/narrations`` for an uncached article until the first
  byte of audio arrives — from the job's ``stream_url`` when the server streams, else from its stored
  audio once the job is done;
- throughput: up to ten different ~1,000-word English articles queued at once; articles per hour, and
  the ratio to a bare-engine loop over the same texts on both cores (two ``Hibari(threads=1)`` processes,
  each streaming half of the texts); the peak resident memory of the server and its workers meanwhile.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
from bench_load import free_port, process
from pipeline_probes import BARE_PROCESS, newscaster_env

HOST = "127.0.0.1"
EVAL_PAGES = Path(__file__).resolve().parents[2] / "shared" / "data" / "trafilatura-eval"
THROUGHPUT_ARTICLES = 10
ARTICLE_WORDS = (700, 1400)
"""Real English pages whose extracted body has about 1,000 words (the issue's "1,000-word articles")."""
JOB_TIMEOUT_S = 900.0
POLL_S = 0.25
"""How often a waiting client asks for a job's state: as often as a player does. Ten jobs polled every 50 ms
made the server answer 200 requests a second, a load of the benchmark's own on the server it measures."""
RSS_SAMPLE_S = 0.2


def markdown(title: str, paragraphs: list[str]) -> str:
    return "# " + title + "\n\n" + "\n\n".join(paragraphs)


def eval_articles(limit: int = THROUGHPUT_ARTICLES) -> list[tuple[str, list[str]]]:
    """(title, paragraphs) of up to ``limit`` English ~1,000-word articles from the shared evaluation
    pages, in a fixed order; empty when the shared data is not there."""
    from newscaster.errors import NewscasterError
    from newscaster.extract import extract_article
    from newscaster.models import Source
    from newscaster.text.language import apply_language

    index = EVAL_PAGES / "evaldata.json"
    if not index.is_file():
        return []
    found: list[tuple[str, list[str]]] = []
    for url, entry in sorted(json.loads(index.read_text(encoding="utf-8")).items()):
        path = EVAL_PAGES / "html" / f"{entry['file']}.gz"
        if not path.is_file() or not re.search(r"news|article|story|/20\d\d/", url):
            continue
        try:
            html = gzip.decompress(path.read_bytes()).decode("utf-8", errors="replace")
            # Detected from the text, as the server does for pasted text (a page's lang can be wrong).
            article = apply_language(extract_article(Source(html, is_html=True, url=url, name=url)), None)
        except (NewscasterError, ValueError):
            continue
        if (
            article.language.lower().startswith("en")
            and ARTICLE_WORDS[0] <= article.word_count <= ARTICLE_WORDS[1]
        ):
            found.append((article.title, list(article.paragraphs)))
            if len(found) == limit:
                break
    return found


@contextmanager
def newscaster_server(work_dir: Path) -> Iterator[tuple[str, subprocess.Popen[bytes], Path]]:
    port = free_port()
    data_dir = Path(tempfile.mkdtemp(dir=work_dir, prefix="server-"))
    env = {
        **newscaster_env(data_dir),
        "NEWSCASTER_NARRATION_BURST": "100",
        "NEWSCASTER_NARRATIONS_PER_MINUTE": "600",
    }
    env["NEWSCASTER_MAX_QUEUED_JOBS_PER_CLIENT"] = "100"
    args = [sys.executable, "-m", "newscaster.cli", "serve", "--host", HOST, "--port", str(port)]
    base = f"http://{HOST}:{port}"
    with process(args, env, data_dir / "server.log", f"{base}/api/voices") as child:
        yield base, child, data_dir


def submit(client: httpx.Client, base: str, text: str) -> dict[str, Any]:
    response = client.post(f"{base}/api/narrations", json={"text": text, "voice": "hibari:heart"})
    if response.is_error:
        raise RuntimeError(f"POST /api/narrations: {response.status_code} {response.text}")
    return response.json()


def wait_done(client: httpx.Client, base: str, job_id: str) -> dict[str, Any]:
    deadline = time.monotonic() + JOB_TIMEOUT_S
    while time.monotonic() < deadline:
        job = client.get(f"{base}/api/jobs/{job_id}").json()
        if job["state"] == "done":
            return job
        if job["state"] == "failed":
            raise RuntimeError(f"job {job_id} failed: {job['error']}")
        time.sleep(POLL_S)
    raise RuntimeError(f"job {job_id} did not finish in {JOB_TIMEOUT_S:g} s")


def first_audio_s(client: httpx.Client, base: str, text: str) -> dict[str, Any]:
    """Seconds from the POST until the first audio byte, and how: "stream" or "stored file"."""
    started = time.perf_counter()
    job = submit(client, base, text)
    if job.get("stream_url"):
        first = 0.0
        with client.stream("GET", base + job["stream_url"]) as response:
            response.raise_for_status()
            for chunk in response.iter_bytes():
                if chunk and not first:
                    first = time.perf_counter() - started
        done = wait_done(client, base, job["id"])
        return {"first_s": first, "via": "stream", "done_s": time.perf_counter() - started, "job": done}
    done = wait_done(client, base, job["id"])
    article = client.get(f"{base}/api/articles/{done['article_id']}").json()
    with client.stream("GET", base + article["narrations"][0]["audio_url"]) as response:
        next(response.iter_bytes())
        first = time.perf_counter() - started
    return {"first_s": first, "via": "stored file", "done_s": first, "job": done}


def _descendants(pid: int) -> list[int]:
    """``pid`` and every process below it."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            parent = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(parent, []).append(int(entry))
    found, stack = [], [pid]
    while stack:
        current = stack.pop()
        found.append(current)
        stack.extend(children.get(current, []))
    return found


def tree_cpu_s(pid: int) -> tuple[float, float]:
    """CPU seconds (user + system) so far of ``pid`` itself and of its live descendants together."""
    own, below = 0.0, 0.0
    for current in _descendants(pid):
        try:
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        seconds = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        if current == pid:
            own = seconds
        else:
            below += seconds
    return own, below


def tree_rss_mb(pid: int) -> tuple[float, float]:
    """(sum, largest) resident memory in MiB of ``pid`` and all its descendants."""
    sizes = []
    for current in _descendants(pid):
        try:
            for line in Path(f"/proc/{current}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    sizes.append(int(line.split()[1]) / 1024)
        except OSError:
            continue
    return sum(sizes), max(sizes, default=0.0)


class RssWatch:
    """Samples the server tree's memory in a thread; ``peak`` after ``stop``."""

    def __init__(self, pid: int) -> None:
        self.pid, self.peak_total, self.peak_process = pid, 0.0, 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(RSS_SAMPLE_S):
            total, largest = tree_rss_mb(self.pid)
            self.peak_total, self.peak_process = max(self.peak_total, total), max(self.peak_process, largest)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


def bare_loop_s(texts: list[str], work_dir: Path) -> float:
    """Two bare-engine processes (one thread each), each streaming half of ``texts``: wall seconds."""
    halves = [texts[0::2], texts[1::2]]
    files = []
    for number, half in enumerate(halves):
        path = work_dir / f"bare-loop-{number}.txt"
        path.write_text("\n".join(half), encoding="utf-8")
        files.append(path)
    started = time.perf_counter()
    children = [
        subprocess.Popen([sys.executable, "-c", BARE_PROCESS, str(path), "1"], stdout=subprocess.DEVNULL)
        for path in files
    ]
    for child in children:
        if child.wait(JOB_TIMEOUT_S) != 0:
            raise RuntimeError("a bare-engine loop process failed")
    return time.perf_counter() - started


def measure_server(long_text: str, work_dir: Path, throughput: bool) -> dict[str, Any]:
    """Time to first audio (twice, best kept) and, when ``throughput``, the ten-article run."""
    results: dict[str, Any] = {}
    server = newscaster_server(work_dir)
    with server as (base, child, data_dir), httpx.Client(timeout=60, trust_env=False) as client:
        wait_done(client, base, submit(client, base, "# Warm up\n\nThe engine warms up. Twice over.")["id"])
        tries = []
        for number in range(3):
            shutil.rmtree(data_dir / "sentences", ignore_errors=True)  # nothing synthesized before
            tries.append(first_audio_s(client, base, f"{long_text}\n\nEdition {number + 1}."))
        best = min(tries, key=lambda t: t["first_s"])
        results["first_audio_s"], results["first_audio_via"] = best["first_s"], best["via"]
        results["narration_done_s"] = best["done_s"]
        if throughput:
            articles = eval_articles()
            if articles:
                texts = [markdown(title, paragraphs) for title, paragraphs in articles]
                watch = RssWatch(child.pid)
                cpu_before = tree_cpu_s(child.pid)
                started = time.perf_counter()
                jobs = [submit(client, base, text)["id"] for text in texts]
                done = [wait_done(client, base, job) for job in jobs]
                wall = time.perf_counter() - started
                cpu_after = tree_cpu_s(child.pid)
                watch.stop()
                audio_s = 0.0
                for job in done:
                    article = client.get(f"{base}/api/articles/{job['article_id']}").json()
                    audio_s += article["narrations"][0]["duration_ms"] / 1000
                results.update(
                    articles=len(texts), server_wall_s=wall, audio_s=audio_s,
                    peak_rss_total_mb=watch.peak_total, peak_rss_process_mb=watch.peak_process,
                    server_cpu_s=cpu_after[0] - cpu_before[0], workers_cpu_s=cpu_after[1] - cpu_before[1],
                )  # fmt: skip
    if results.get("articles"):
        plain = ["\n".join([title, *paragraphs]) for title, paragraphs in eval_articles()]
        results["bare_loop_s"] = bare_loop_s(plain, work_dir)
    return results
