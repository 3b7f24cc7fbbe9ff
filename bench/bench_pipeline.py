"""How much does newscaster add to (or save over) the bare hibari engine?

    python bench/bench_pipeline.py [--repeat N]

For the seed fixture (``../shared/fixtures/seed-article.html``) and ``bench/data/long-article.html`` it
measures, in one run:

1. bare engine        ``hibari.Hibari(threads=1)`` on the article text (title, key points, paragraphs joined
                      by newlines), ``seed=0``, with hibari's own text handling; model loaded and warmed up
                      first, only synthesis is timed;
2. pipeline, 1 core   ``narrate(..., workers=1)`` end to end (file → MP3 + .vtt + .json) with a fresh
                      ``MemorySentenceCache`` per run, after one warm-up narration (model and normalizer
                      grammars loaded);
3. pipeline, all      the same with ``workers=os.cpu_count()``; each ``narrate()`` forks its own workers,
                      which load the voice once per call, so that load is part of what is timed.

Each kind lives in its own freshly spawned Python process, so a model loaded for one measurement never
leaks into another (forked pipeline workers must not inherit a loaded model). The three processes take
turns, one timed run at a time (an idle one waits on a pipe), so no two measurements compete for the CPU
and a change in the machine's load hits all three alike. Wall times are medians of ``--repeat`` runs.
Absolute times depend on the machine and its load; the ratios to the bare engine are the result.

Every timed pipeline run starts with a fresh sentence cache and an emptied in-process memo of normalized
text, so it narrates the article as if for the first time. Normalizer grammars are compiled once
(about 70 s) into ``~/.cache/newscaster-bench`` and reused.
"""

from __future__ import annotations

import argparse
import contextlib
import multiprocessing
import os
import resource
import statistics
import sys
import tempfile
import time
import traceback
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
SEED_ARTICLE = Path(__file__).resolve().parents[2] / "shared" / "fixtures" / "seed-article.html"
LONG_ARTICLE = BENCH_DIR / "data" / "long-article.html"
INPUTS = (SEED_ARTICLE, LONG_ARTICLE)
DATA_DIR = Path.home() / ".cache" / "newscaster-bench"

TARGET_ONE_CORE_RATIO = 1.2
"""pipeline (1 core) wall time / bare engine wall time: at most this."""
TARGET_ALL_CORES_RATIO = 1.0
"""pipeline (all cores) wall time / bare engine wall time: below this."""
TARGET_RTF = 100.0
"""End-to-end real-time factor (seconds of audio per second of wall time): at least this."""

WARM_UP_TEXT = (
    "Warm-up. On 3 March 2025 at 9.30am, Dr. Lee said the EU paid $2.4bn, or 12% more than in the 1990s.\n"
)
CHILD_TIMEOUT_S = 600
"""Longest wait for one answer from a measuring process (the first grammar compile takes ~70 s)."""


# --- the measuring processes --------------------------------------------------------------------------


def cpu_seconds() -> float:
    """CPU time of this process and of its finished (joined) child processes: less sensitive than wall
    time to other programs competing for the cores."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def article_text(path: Path) -> str:
    """The words the pipeline narrates, as plain text: title, key points, paragraphs, one per line."""
    from newscaster.extract import extract_article
    from newscaster.fetch import load_source

    article = extract_article(load_source(str(path)))
    return "\n".join([article.title, *article.key_points, *article.paragraphs])


class BareEngine:
    """hibari alone: its own sentence splitting and text handling, one call per article."""

    def __init__(self) -> None:
        import hibari

        self.texts: dict[str, str] = {}
        started = time.perf_counter()
        self.tts = hibari.Hibari(threads=1)
        self.tts("Warm up the engine.", seed=0)
        self.warm_up_s = time.perf_counter() - started

    def run(self, path: Path) -> dict[str, float]:
        if str(path) not in self.texts:
            self.texts[str(path)] = article_text(path)  # not timed
        text = self.texts[str(path)]
        cpu, started = cpu_seconds(), time.perf_counter()
        samples = self.tts(text, seed=0)
        wall, cpu = time.perf_counter() - started, cpu_seconds() - cpu
        return {"wall": wall, "cpu": cpu, "audio_s": len(samples) / self.tts.sample_rate}


class Pipeline:
    """``narrate()`` with ``workers`` worker processes, a fresh memory cache per run."""

    def __init__(self, workers: int) -> None:
        from newscaster.config import Settings
        from newscaster.pipeline import NarrationRequest

        self.workers = workers
        self.settings = Settings(data_dir=DATA_DIR)
        self.tmp = tempfile.TemporaryDirectory(prefix="newscaster-bench-")
        self.out_dir = Path(self.tmp.name)
        self.runs = 0
        warm_up = self.out_dir / "warm-up.txt"
        warm_up.write_text(WARM_UP_TEXT, encoding="utf-8")
        started = time.perf_counter()
        self._timed(
            NarrationRequest(source=str(warm_up), output=self.out_dir / "warm-up.mp3", workers=workers)
        )
        self.warm_up_s = time.perf_counter() - started

    def run(self, path: Path) -> dict[str, float]:
        from newscaster.pipeline import NarrationRequest

        self.runs += 1
        output = self.out_dir / f"{path.stem}-{self.runs}.mp3"
        wall, cpu, first, narration = self._timed(
            NarrationRequest(source=str(path), output=output, workers=self.workers)
        )
        return {
            "wall": wall,
            "cpu": cpu,
            "first_s": first,
            "audio_s": narration.duration_ms / 1000,
            "sentences": len(narration.timings),
        }

    def _timed(self, request: Any) -> tuple[float, float, float, Any]:
        """One ``narrate()``: (wall s, CPU s, s until the first sentence's audio is ready, Narration)."""
        from newscaster.pipeline import narrate
        from newscaster.store.sentence_cache import MemorySentenceCache

        forget_text_memos()
        first: list[float] = []

        def progress(done: int, total: int) -> None:
            if not first:
                first.append(time.perf_counter() - started)

        cpu, started = cpu_seconds(), time.perf_counter()
        narration = narrate(request, self.settings, cache=MemorySentenceCache(), progress=progress)
        wall, cpu = time.perf_counter() - started, cpu_seconds() - cpu
        if narration.sentences_from_cache:
            raise RuntimeError("a fresh cache reused sentences: the measurement is not valid")
        return wall, cpu, first[0], narration

    def stages(self, path: Path) -> dict[str, float]:
        """One single-core narration, stage by stage, calling the stage functions in ``narrate()``'s order."""
        from newscaster.audio.encode import Tags, encoder_for
        from newscaster.audio.loudness import normalize_loudness
        from newscaster.audio.timings import lay_out
        from newscaster.extract import extract_article
        from newscaster.fetch import load_source
        from newscaster.pipeline import NarrationRequest, prepare_article, speech_options
        from newscaster.store.sentence_cache import MemorySentenceCache
        from newscaster.synthesize import synthesize

        self.runs += 1
        output = self.out_dir / f"stages-{self.runs}.mp3"
        request = NarrationRequest(source=str(path), output=output, workers=1)
        settings = self.settings
        forget_text_memos()
        times: dict[str, float] = {}
        clock = time.perf_counter()

        def lap(name: str) -> None:
            nonlocal clock
            now = time.perf_counter()
            times[name] = now - clock
            clock = now

        source = load_source(str(path))
        lap("fetch (read file)")
        article = extract_article(source)
        lap("extract")
        sentences = prepare_article(article, request.intro, settings)
        lap("prepare (normalize)")
        options = speech_options(article, sentences, request, settings)
        lap("choose voice")
        chunks = list(
            synthesize(
                sentences,
                options.voice,
                options.speed,
                settings=settings,
                cache=MemorySentenceCache(),
                pool=None,
                workers=1,
            )
        )
        lap("synthesize")
        layout = lay_out(chunks)
        lap("lay out")
        samples = normalize_loudness(layout.samples, layout.sample_rate_hz)
        lap("loudness")
        tags = Tags(title=article.title, artist=article.byline or article.site_name or "newscaster")
        encoder_for("mp3").write(samples, layout.sample_rate_hz, output, tags)
        lap("encode (MP3)")
        return times


def forget_text_memos() -> None:
    """Drop the in-process memo of normalized text (loaded grammars stay), so every timed run normalizes
    the article from scratch, as the first narration of an article does."""
    from newscaster.text import normalize

    memo = getattr(normalize, "_nemo_window", None)
    if hasattr(memo, "cache_clear"):
        memo.cache_clear()
    else:
        print("warning: newscaster.text.normalize._nemo_window not found; repeats may reuse normalized text")


def serve(kind: str, workers: int, conn: Connection) -> None:
    """Body of a measuring process: warm up, then answer ("run" | "stages", path) until ("stop",)."""
    try:
        subject: BareEngine | Pipeline = BareEngine() if kind == "bare" else Pipeline(workers)
        conn.send(("ok", {"warm_up_s": subject.warm_up_s}))
        while True:
            command, *arguments = conn.recv()
            if command == "stop":
                return
            if command == "stages" and isinstance(subject, Pipeline):
                conn.send(("ok", subject.stages(Path(arguments[0]))))
            else:
                conn.send(("ok", subject.run(Path(arguments[0]))))
    except Exception:
        conn.send(("error", traceback.format_exc()))


class Child:
    """A measuring process, freshly spawned (no model inherited), driven over a pipe."""

    def __init__(self, label: str, kind: str, workers: int = 1) -> None:
        self.label = label
        context = multiprocessing.get_context("spawn")
        self.conn, child_conn = context.Pipe()
        self.process = context.Process(target=serve, args=(kind, workers, child_conn), name=f"bench-{kind}")
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


# --- orchestration and report -------------------------------------------------------------------------


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per measurement (median is used)")
    args = parser.parse_args()
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    for path in INPUTS:
        if not path.is_file():
            sys.exit(f"missing input: {path}")

    cores = os.cpu_count() or 1
    print("newscaster pipeline benchmark")
    print(f"machine: {cores} CPU cores (os.cpu_count()); python {sys.version.split()[0]}")
    print(f"repeats: {args.repeat} per measurement (interleaved), median wall time reported")
    print(f"data dir (normalizer grammar cache): {DATA_DIR}")
    print(
        "note: absolute times are noisy and machine-dependent; the ratios to the bare engine are the result"
    )
    print(f"load average (1 min) at start: {os.getloadavg()[0]:.2f}")
    print()

    total_started = time.perf_counter()
    kinds = ("bare engine", "pipeline, 1 core", f"pipeline, {cores} cores")
    children: dict[str, Child] = {}
    try:
        print("starting: bare engine (hibari.Hibari(threads=1), seed=0) ...", flush=True)
        children[kinds[0]] = Child(kinds[0], "bare")
        print("starting: pipeline, 1 core (workers=1) ...", flush=True)
        children[kinds[1]] = Child(kinds[1], "pipeline", 1)
        print(f"starting: pipeline, all cores (workers={cores}) ...", flush=True)
        children[kinds[2]] = Child(kinds[2], "pipeline", cores)
        runs: dict[tuple[str, str], list[dict[str, Any]]] = {(p.name, k): [] for p in INPUTS for k in kinds}
        stage_runs: list[dict[str, float]] = []
        for repeat in range(args.repeat):
            print(f"timed round {repeat + 1} of {args.repeat} ...", flush=True)
            order = kinds[repeat % 3 :] + kinds[: repeat % 3]  # rotate who goes first
            for path in INPUTS:
                for kind in order:
                    runs[path.name, kind].append(children[kind].ask("run", path))
            stage_runs.append(children[kinds[1]].ask("stages", LONG_ARTICLE))  # per-stage breakdown
        warm_ups = {kind: child.warm_up_s for kind, child in children.items()}
    finally:
        for child in children.values():
            child.close()
    print()

    print(f"bare engine model load + warm-up call (not timed): {warm_ups[kinds[0]]:.2f} s")
    print(
        f"pipeline warm-up narration (not timed): 1 core {warm_ups[kinds[1]]:.2f} s, "
        f"{cores} cores {warm_ups[kinds[2]]:.2f} s"
    )
    print(
        f"with workers={cores}, every narrate() forks fresh workers that load the voice: that load is timed"
    )
    print()

    header = f"{'input':<18} {'measurement':<17} {'wall s (median)':>15} {'min':>6} {'max':>6}"
    header += f" {'CPU s':>6} {'audio s':>7} {'RTF':>7} {'1st sentence s':>14}"
    print(header)
    print("-" * len(header))
    summary: dict[str, dict[str, float]] = {}
    for path in INPUTS:
        row: dict[str, tuple[float, float]] = {}
        for kind in kinds:
            data = runs[path.name, kind]
            walls = [run["wall"] for run in data]
            wall, audio_s = statistics.median(walls), data[-1]["audio_s"]
            cpu = statistics.median(run["cpu"] for run in data)
            first = (
                f"{statistics.median(run['first_s'] for run in data):.3f}" if "first_s" in data[0] else "-"
            )
            row[kind] = (wall, audio_s, cpu)
            print(
                f"{path.name:<18} {kind:<17} {wall:>15.3f} {min(walls):>6.2f} {max(walls):>6.2f} "
                f"{cpu:>6.2f} {audio_s:>7.1f} {audio_s / wall:>6.1f}x {first:>14}"
            )
        (bare_wall, _, bare_cpu), (one_wall, one_audio, one_cpu), (all_wall, all_audio, all_cpu) = (
            row[kind] for kind in kinds
        )
        summary[path.name] = {
            "bare": bare_wall,
            "one": one_wall,
            "all": all_wall,
            "one_ratio": one_wall / bare_wall,
            "one_cpu_ratio": one_cpu / bare_cpu,
            "all_cpu_ratio": all_cpu / bare_cpu,
            "all_ratio": all_wall / bare_wall,
            "one_rtf": one_audio / one_wall,
            "all_rtf": all_audio / all_wall,
        }
    print()
    print("RTF = seconds of audio per second of wall time. Pipeline audio includes the intro (title, key")
    print("points, byline) and the pauses between sentences and paragraphs; bare-engine audio is the same")
    print("words without the byline and without added pauses. '1st sentence s': from calling narrate()")
    print("until the first sentence's audio is ready. CPU s: CPU time of the measuring process and its")
    print("workers (median); unlike wall time it barely moves when other programs compete for the cores.")
    print()

    for name, s in summary.items():
        print(f"ratios for {name}:")
        print(
            f"  pipeline_1core / bare_engine     = {s['one_ratio']:.3f}   "
            f"(target <= {TARGET_ONE_CORE_RATIO}: {verdict(s['one_ratio'] <= TARGET_ONE_CORE_RATIO)})"
        )
        print(
            f"  same by CPU time (load-robust)   = {s['one_cpu_ratio']:.3f}   "
            f"(all cores: {s['all_cpu_ratio']:.3f}, i.e. total CPU spent incl. worker start-up)"
        )
        print(
            f"  pipeline_allcores / bare_engine  = {s['all_ratio']:.3f}   "
            f"(target < {TARGET_ALL_CORES_RATIO}: {verdict(s['all_ratio'] < TARGET_ALL_CORES_RATIO)})"
        )
        print(
            f"  end-to-end real-time factor      = {s['all_rtf']:.1f}x on {cores} cores, "
            f"{s['one_rtf']:.1f}x on 1 core   (target >= {TARGET_RTF:.0f}x on all cores: "
            f"{verdict(s['all_rtf'] >= TARGET_RTF)})"
        )
    print()

    names = list(stage_runs[0])
    total = statistics.median(sum(run.values()) for run in stage_runs)
    narrate_median = summary[LONG_ARTICLE.name]["one"]
    print(f"per-stage breakdown, pipeline on 1 core, {LONG_ARTICLE.name} (median of {args.repeat}):")
    for name in names:
        seconds = statistics.median(run[name] for run in stage_runs)
        print(f"  {name:<22} {seconds:>8.3f} s  {100 * seconds / total:>5.1f} %")
    print(f"  {'all stages':<22} {total:>8.3f} s  (median of the per-run totals)")
    print(f"  {'narrate() median':<22} {narrate_median:>8.3f} s  (timed runs above; also writes .vtt, .json)")
    print()

    print(
        f"load average (1 min) at end: {os.getloadavg()[0]:.2f} (the benchmark itself keeps 1-2 cores busy)"
    )
    print(f"total benchmark time: {time.perf_counter() - total_started:.1f} s")
    for name, s in summary.items():
        print(
            f"SUMMARY {name}: bare {s['bare']:.2f} s | 1 core {s['one']:.2f} s = {s['one_ratio']:.2f}x bare "
            f"[{verdict(s['one_ratio'] <= TARGET_ONE_CORE_RATIO)}] | {cores} cores {s['all']:.2f} s "
            f"= {s['all_ratio']:.2f}x bare [{verdict(s['all_ratio'] < TARGET_ALL_CORES_RATIO)}] | "
            f"end-to-end {s['all_rtf']:.0f}x real time [{verdict(s['all_rtf'] >= TARGET_RTF)}]"
        )


if __name__ == "__main__":
    main()
