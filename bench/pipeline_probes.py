"""The measuring sides of ``bench_pipeline.py``: the bare engine and newscaster, in process and as processes.

In process, each subject lives in its own freshly spawned Python process (``Child``), model loaded and
warmed up first, so no model leaks from one measurement into another; the parent asks them in turn for
one timed run at a time, so no two measurements compete for the cores. As whole processes, every run is
a fresh interpreter (``run_process``), optionally pinned to one core with ``taskset``.
"""

from __future__ import annotations

import contextlib
import json
import multiprocessing
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
from dataclasses import replace
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

GRAMMAR_CACHE = Path(
    os.environ.get("NEWSCASTER_CACHE_DIR") or Path.home() / ".cache" / "newscaster-bench"
).expanduser()
"""Compiled normalizer grammars (about 70 s to build once); ``NEWSCASTER_CACHE_DIR`` reuses another."""
CHILD_TIMEOUT_S = 900
"""Longest wait for one answer from a measuring process (the first grammar compile takes ~70 s)."""
PROCESS_TIMEOUT_S = 600
WARM_UP_TEXT = (
    "Warm-up. On 3 March 2025 at 9.30am, Dr. Lee said the EU paid $2.4bn, or 12% more than in the 1990s.\n"
)

BARE_PROCESS = """
import json, sys, time
started = time.perf_counter()
import hibari
tts = hibari.Hibari(threads=int(sys.argv[2]))
loaded = time.perf_counter()
text = open(sys.argv[1], encoding="utf-8").read()
samples, first = 0, None
for chunk in tts.stream(text, seed=0):
    first = first or time.perf_counter()
    samples += len(chunk)
print(json.dumps({"load_s": loaded - started, "first_s": (first or loaded) - started,
                  "audio_s": samples / tts.sample_rate}))
"""
"""The bare engine as a whole process: import, load, stream the text (its fastest path), print timings."""


def cpu_seconds(pool: Any = None) -> float:
    """CPU time of this process and its finished (waited-for) children, and of the live worker
    processes of ``pool`` (kept between runs, never waited for): steadier than wall time when other
    programs compete for the cores."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    workers = 0.0
    for pid in dict(getattr(pool, "_processes", None) or {}):
        with contextlib.suppress(OSError):
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            workers += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime
    return time.process_time() + children.ru_utime + children.ru_stime + workers


def article_text(path: Path) -> str:
    """The words both sides narrate, as plain text: title, key points, paragraphs, one per line."""
    from newscaster.extract import extract_article
    from newscaster.fetch import load_source

    article = extract_article(load_source(str(path)))
    return "\n".join([article.title, *article.key_points, *article.paragraphs])


# --- in process ---------------------------------------------------------------------------------------


class BareEngine:
    """hibari alone: ``Hibari(threads=N).stream(text)``, its own sentence splitting and text handling."""

    def __init__(self, threads: int) -> None:
        import hibari

        self.texts: dict[str, str] = {}
        started = time.perf_counter()
        self.tts = hibari.Hibari(threads=threads)
        for _ in self.tts.stream("Warm up the engine. Twice.", seed=0):
            pass
        self.warm_up_s = time.perf_counter() - started

    def run(self, path: Path) -> dict[str, float]:
        if str(path) not in self.texts:
            self.texts[str(path)] = article_text(path)  # not timed
        samples, first = 0, 0.0
        cpu, started = cpu_seconds(), time.perf_counter()
        for chunk in self.tts.stream(self.texts[str(path)], seed=0):
            first = first or time.perf_counter() - started
            samples += len(chunk)
        wall, cpu = time.perf_counter() - started, cpu_seconds() - cpu
        return {"wall": wall, "cpu": cpu, "first_s": first, "audio_s": samples / self.tts.sample_rate}


class Pipeline:
    """``narrate()`` with ``workers`` synthesis workers and a fresh sentence cache per run. The workers are
    started by each ``narrate()`` call (as a one-off caller gets them), or with ``keep_workers`` once,
    before the runs (as the server keeps them, and as a caller narrating many articles can: the
    counterpart of the bare engine's model loaded once)."""

    def __init__(self, workers: int, keep_workers: bool = False) -> None:
        from newscaster.config import Settings

        self.workers = workers
        self.pool: Any = None
        self.tmp = tempfile.TemporaryDirectory(prefix="newscaster-bench-")
        self.out_dir = Path(self.tmp.name)
        self.settings = Settings(data_dir=self.out_dir / "data", rebuildable_cache_dir=GRAMMAR_CACHE)
        self.runs = 0
        warm_up = self.out_dir / "warm-up.txt"
        warm_up.write_text(WARM_UP_TEXT, encoding="utf-8")
        started = time.perf_counter()
        if keep_workers:
            from newscaster.synthesize import forked_pool
            from newscaster.voices.registry import registry_for

            voice = registry_for(self.settings).default_for("en")
            self.pool = forked_pool(voice, workers, self.settings)
        self._timed(warm_up)
        self.warm_up_s = time.perf_counter() - started

    def run(self, path: Path) -> dict[str, float]:
        wall, cpu, first, narration = self._timed(path)
        return {"wall": wall, "cpu": cpu, "first_s": first, "audio_s": narration.duration_ms / 1000}

    def _timed(self, source: Path | Any, cache: Any = None) -> tuple[float, float, float, Any]:
        """One ``narrate()``: (wall s, CPU s, s until the first audio was ready, Narration)."""
        from newscaster.pipeline import NarrationRequest, narrate
        from newscaster.store.sentence_cache import MemorySentenceCache

        forget_text_memos()
        self.runs += 1
        request = NarrationRequest(
            source=source if not isinstance(source, Path) else str(source),
            output=self.out_dir / f"run-{self.runs}.mp3",
            workers=self.workers,
        )
        first: list[float] = []

        def progress(done: int, total: int) -> None:
            if not first:
                first.append(time.perf_counter() - started)

        fresh = cache is None
        cpu, started = cpu_seconds(self.pool), time.perf_counter()
        narration = narrate(
            request,
            self.settings,
            cache=MemorySentenceCache() if fresh else cache,
            progress=progress,
            pool=self.pool,
        )
        wall, cpu = time.perf_counter() - started, cpu_seconds(self.pool) - cpu
        if fresh and narration.sentences_from_cache:
            raise RuntimeError("a fresh cache reused sentences: the measurement is not valid")
        return wall, cpu, first[0] if first else wall, narration

    def renarrate(self, path: Path) -> dict[str, float]:
        """Narrate the article, change one sentence, narrate again with the same (file) cache."""
        from newscaster.extract import extract_article
        from newscaster.fetch import load_source
        from newscaster.store.sentence_cache import FileSentenceCache

        article = extract_article(load_source(str(path)))
        cache = FileSentenceCache(Path(tempfile.mkdtemp(dir=self.out_dir, prefix="sentences-")))
        first_wall, first_cpu, _, first = self._timed(article, cache)
        edited = edit_one_sentence(article)
        second_wall, second_cpu, _, second = self._timed(edited, cache)
        return {
            "first_wall": first_wall,
            "first_cpu": first_cpu,
            "second_wall": second_wall,
            "second_cpu": second_cpu,
            "sentences": len(second.timings),
            "synthesized": len(second.timings) - second.sentences_from_cache,
            "first_synthesized": len(first.timings) - first.sentences_from_cache,
        }

    def stages(self, path: Path) -> dict[str, float]:
        """CPU seconds per stage of one single-worker narration (``newscaster.stage_clock``)."""
        from newscaster.pipeline import NarrationRequest, narrate
        from newscaster.stage_clock import StageClock
        from newscaster.store.sentence_cache import MemorySentenceCache

        forget_text_memos()
        self.runs += 1
        clock = StageClock()
        request = NarrationRequest(str(path), self.out_dir / f"stages-{self.runs}.mp3", workers=1)
        narrate(request, self.settings, cache=MemorySentenceCache(), clock=clock)
        return dict(clock.seconds)


def edit_one_sentence(article: Any) -> Any:
    """The article with one word of one body sentence changed (the first "said" of the longest paragraph
    that has one), the way an editor fixes a detail after publication."""
    paragraphs = list(article.paragraphs)
    candidates = sorted((p for p in paragraphs if " said" in p), key=len, reverse=True)
    if not candidates:
        raise RuntimeError("no sentence with 'said' to edit")
    number = paragraphs.index(candidates[0])
    paragraphs[number] = paragraphs[number].replace(" said", " told reporters", 1)
    return replace(article, paragraphs=tuple(paragraphs))


def forget_text_memos() -> None:
    """Drop the in-process memo of normalized text (loaded grammars stay), so every timed run normalizes
    the article from scratch, as the first narration of an article does."""
    from newscaster.text import normalize

    memo = getattr(normalize, "_nemo_window", None)
    if hasattr(memo, "cache_clear"):
        memo.cache_clear()


def serve(kind: str, size: int, conn: Connection) -> None:
    """Body of a measuring process: warm up, then answer (command, path) until ("stop",)."""
    try:
        subject: BareEngine | Pipeline = (
            BareEngine(size) if kind == "bare" else Pipeline(size, keep_workers=kind == "pipeline-kept")
        )
        conn.send(("ok", {"warm_up_s": subject.warm_up_s}))
        while True:
            command, *arguments = conn.recv()
            if command == "stop":
                return
            conn.send(("ok", getattr(subject, command)(Path(arguments[0]))))
    except Exception:
        conn.send(("error", traceback.format_exc()))


class Child:
    """A measuring process, freshly spawned (no model inherited), driven over a pipe."""

    def __init__(self, label: str, kind: str, size: int) -> None:
        self.label = label
        context = multiprocessing.get_context("spawn")
        self.conn, child_conn = context.Pipe()
        self.process = context.Process(target=serve, args=(kind, size, child_conn), name=f"bench-{kind}")
        self.process.start()
        child_conn.close()
        self.warm_up_s = self._answer()["warm_up_s"]

    def _answer(self) -> dict[str, Any]:
        if not self.conn.poll(CHILD_TIMEOUT_S):
            raise RuntimeError(f"{self.label}: no answer within {CHILD_TIMEOUT_S} s")
        status, payload = self.conn.recv()
        if status != "ok":
            raise RuntimeError(f"{self.label} failed:\n{payload}")
        return payload

    def ask(self, command: str, path: Path) -> dict[str, Any]:
        self.conn.send((command, str(path)))
        return self._answer()

    def close(self) -> None:
        if self.process.is_alive():
            with contextlib.suppress(OSError):
                self.conn.send(("stop",))
            self.process.join(10)
        if self.process.is_alive():
            self.process.terminate()
            self.process.join(5)


# --- whole processes ----------------------------------------------------------------------------------


def pinned(args: list[str], one_core: bool) -> list[str]:
    """``args`` run on CPU 0 only (``taskset -c 0``) when ``one_core``."""
    if not one_core:
        return args
    if shutil.which("taskset") is None:
        raise SystemExit("taskset (util-linux) is needed for the one-core figures")
    return ["taskset", "-c", "0", *args]


def newscaster_env(data_dir: Path) -> dict[str, str]:
    """A fresh data folder (nothing cached) and the shared grammar cache."""
    return {
        **os.environ,
        "NEWSCASTER_DATA_DIR": str(data_dir),
        "NEWSCASTER_CACHE_DIR": str(GRAMMAR_CACHE),
        "PYTHONUNBUFFERED": "1",
    }


def run_process(args: list[str], env: dict[str, str] | None = None) -> dict[str, Any]:
    """A fresh process from start to exit: wall and CPU seconds (its children's too), and its stdout."""
    cpu, started = cpu_seconds(), time.perf_counter()
    done = subprocess.run(args, env=env, capture_output=True, timeout=PROCESS_TIMEOUT_S, check=False)
    wall, cpu = time.perf_counter() - started, cpu_seconds() - cpu
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed ({done.returncode}):\n{done.stderr.decode()[-2000:]}")
    return {"wall": wall, "cpu": cpu, "stdout": done.stdout}


def bare_process(text_path: Path, threads: int, one_core: bool) -> dict[str, Any]:
    result = run_process(pinned([sys.executable, "-c", BARE_PROCESS, str(text_path), str(threads)], one_core))
    return {**result, **json.loads(result.pop("stdout"))}


def read_process(source: Path, work_dir: Path, one_core: bool) -> dict[str, Any]:
    """``newscaster read SOURCE -o FILE.mp3 -q`` in a fresh process with a fresh data folder."""
    data_dir = Path(tempfile.mkdtemp(dir=work_dir, prefix="data-"))
    output = data_dir / "out.mp3"
    args = [sys.executable, "-m", "newscaster.cli", "read", str(source), "-o", str(output), "-q"]
    result = run_process(pinned(args, one_core), newscaster_env(data_dir))
    result.pop("stdout")
    return result


def first_stdout_byte(source: Path, work_dir: Path, one_core: bool) -> dict[str, Any]:
    """``newscaster read SOURCE -o -``: seconds from start until the first byte of audio on stdout, and
    until the process ended; None when the command does not stream (no bytes, or it failed)."""
    data_dir = Path(tempfile.mkdtemp(dir=work_dir, prefix="data-"))
    args = pinned([sys.executable, "-m", "newscaster.cli", "read", str(source), "-o", "-"], one_core)
    started = time.perf_counter()
    with subprocess.Popen(
        args, env=newscaster_env(data_dir), stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
    ) as child:
        assert child.stdout is not None
        first_byte = child.stdout.read(1)
        first = time.perf_counter() - started
        rest = len(child.stdout.read())
        code = child.wait(PROCESS_TIMEOUT_S)
    wall = time.perf_counter() - started
    if code != 0 or not first_byte or rest < 1000:
        return {"first_s": None, "wall": wall}
    return {"first_s": first, "wall": wall}
