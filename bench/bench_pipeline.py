"""How much does newscaster add to (or save over) the bare hibari engine?

    python bench/bench_pipeline.py [--repeat N]

For the seed fixture (``../shared/fixtures/seed-article.html``) and ``bench/data/long-article.html`` it
measures, in one run:

1. bare engine        ``hibari.Hibari(threads=1)`` on the article text (title, key points, paragraphs joined
                      by newlines), ``seed=0``, with hibari's own text handling; model loaded and warmed up
                      first, only synthesis is timed;
2. pipeline, 1 core   ``narrate(..., workers=1)`` end to end (fetch → MP3 + .vtt + .json) with a fresh
                      ``MemorySentenceCache`` per run, after one warm-up narration (model and normalizer
                      grammars loaded);
3. pipeline, all      the same with ``workers=os.cpu_count()``; each ``narrate()`` forks its own workers,
                      which load the voice once per call, so that load is part of what is timed.

Each kind runs in its own fresh Python process, one after another, so a model loaded for one measurement
never leaks into another (forked pipeline workers must not inherit a loaded model), and no two
measurements compete for the CPU. Wall times are medians of ``--repeat`` runs. Absolute times depend on
the machine and its load; the ratios to the bare engine, measured in the same run, are the result.

Every timed pipeline run starts with a fresh sentence cache and an emptied in-process memo of normalized
text, so it narrates the article as if for the first time. Normalizer grammars are compiled once
(about 70 s) into ``~/.cache/newscaster-bench`` and reused.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
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


# --- measurements (each kind runs in a child process) -------------------------------------------------


def article_text(path: Path) -> str:
    """The words the pipeline narrates, as plain text: title, key points, paragraphs, one per line."""
    from newscaster.extract import extract_article
    from newscaster.fetch import load_source

    article = extract_article(load_source(str(path)))
    return "\n".join([article.title, *article.key_points, *article.paragraphs])


def measure_bare(repeat: int) -> dict[str, Any]:
    import hibari

    started = time.perf_counter()
    tts = hibari.Hibari(threads=1)
    tts("Warm up the engine.", seed=0)
    load_s = time.perf_counter() - started
    results: dict[str, Any] = {"load_s": load_s, "inputs": {}}
    for path in INPUTS:
        text = article_text(path)
        walls, audio_s = [], 0.0
        for _ in range(repeat):
            started = time.perf_counter()
            samples = tts(text, seed=0)
            walls.append(time.perf_counter() - started)
            audio_s = len(samples) / tts.sample_rate
        results["inputs"][path.name] = {"walls": walls, "audio_s": audio_s, "words": len(text.split())}
    return results


def measure_pipeline(repeat: int, workers: int, stages: bool) -> dict[str, Any]:
    from newscaster.config import Settings
    from newscaster.pipeline import NarrationRequest, narrate
    from newscaster.store.sentence_cache import MemorySentenceCache

    settings = Settings(data_dir=DATA_DIR)
    results: dict[str, Any] = {"inputs": {}}
    with tempfile.TemporaryDirectory(prefix="newscaster-bench-") as tmp:
        out_dir = Path(tmp)
        warm_up = out_dir / "warm-up.txt"
        warm_up.write_text(WARM_UP_TEXT, encoding="utf-8")
        started = time.perf_counter()
        narrate(
            NarrationRequest(source=str(warm_up), output=out_dir / "warm-up.mp3", workers=workers),
            settings,
            cache=MemorySentenceCache(),
        )
        results["warm_up_s"] = time.perf_counter() - started
        for path in INPUTS:
            walls, firsts, narration = [], [], None
            for run in range(repeat):
                request = NarrationRequest(
                    source=str(path), output=out_dir / f"{path.stem}-{run}.mp3", workers=workers
                )
                wall, first, narration = timed_narration(request, settings)
                walls.append(wall)
                firsts.append(first)
            assert narration is not None
            results["inputs"][path.name] = {
                "walls": walls,
                "first_s": firsts,
                "audio_s": narration.duration_ms / 1000,
                "sentences": len(narration.timings),
            }
        if stages:
            runs = [
                stage_times(LONG_ARTICLE, settings, out_dir / f"stages-{run}.mp3") for run in range(repeat)
            ]
            results["stages"] = {name: statistics.median(run[name] for run in runs) for name in runs[0]}
            results["stages_total"] = statistics.median(sum(run.values()) for run in runs)
    return results


def forget_text_memos() -> None:
    """Drop the in-process memo of normalized text (loaded grammars stay), so every timed run normalizes
    the article from scratch, as the first narration of an article does."""
    from newscaster.text import normalize

    memo = getattr(normalize, "_nemo_window", None)
    if hasattr(memo, "cache_clear"):
        memo.cache_clear()
    else:
        print("warning: newscaster.text.normalize._nemo_window not found; repeats may reuse normalized text")


def timed_narration(request: Any, settings: Any) -> tuple[float, float, Any]:
    """One ``narrate()`` with a fresh cache: (wall s, s until the first sentence's audio, Narration)."""
    from newscaster.pipeline import narrate
    from newscaster.store.sentence_cache import MemorySentenceCache

    forget_text_memos()
    first: list[float] = []

    def progress(done: int, total: int) -> None:
        if not first:
            first.append(time.perf_counter() - started)

    started = time.perf_counter()
    narration = narrate(request, settings, cache=MemorySentenceCache(), progress=progress)
    wall = time.perf_counter() - started
    if narration.sentences_from_cache:
        raise RuntimeError("a fresh cache reused sentences: the measurement is not valid")
    return wall, first[0], narration


def stage_times(path: Path, settings: Any, output: Path) -> dict[str, float]:
    """One single-core narration, stage by stage, calling the stage functions in ``narrate()``'s order."""
    from newscaster.audio.encode import Tags, encoder_for
    from newscaster.audio.loudness import normalize_loudness
    from newscaster.audio.timings import lay_out
    from newscaster.extract import extract_article
    from newscaster.fetch import load_source
    from newscaster.pipeline import NarrationRequest, prepare_article, speech_options
    from newscaster.store.sentence_cache import MemorySentenceCache
    from newscaster.synthesize import synthesize

    forget_text_memos()
    times: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        times[name] = now - clock
        clock = now

    request = NarrationRequest(source=str(path), output=output, workers=1)
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


def run_child(args: argparse.Namespace) -> None:
    if args.measure == "bare":
        results = measure_bare(args.repeat)
    else:
        results = measure_pipeline(args.repeat, args.workers, args.stages)
    Path(args.result).write_text(json.dumps(results), encoding="utf-8")


# --- orchestration and report -------------------------------------------------------------------------


def in_child(repeat: int, measure: str, workers: int = 1, stages: bool = False) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="newscaster-bench-") as tmp:
        result = Path(tmp) / "result.json"
        command = [sys.executable, __file__, "--repeat", str(repeat), "--measure", measure]
        command += ["--workers", str(workers), "--result", str(result)] + (["--stages"] if stages else [])
        subprocess.run(command, check=True)
        return json.loads(result.read_text(encoding="utf-8"))


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per measurement (median is used)")
    parser.add_argument("--measure", choices=["bare", "pipeline"], help=argparse.SUPPRESS)
    parser.add_argument("--workers", type=int, default=1, help=argparse.SUPPRESS)
    parser.add_argument("--stages", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--result", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        run_child(args)
        return
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")

    cores = os.cpu_count() or 1
    print("newscaster pipeline benchmark")
    print(f"machine: {cores} CPU cores (os.cpu_count()); python {sys.version.split()[0]}")
    print(f"repeats: {args.repeat} per measurement, median wall time reported")
    print(f"data dir (normalizer grammar cache): {DATA_DIR}")
    print(
        "note: absolute times are noisy and machine-dependent; the ratios to the bare engine are the result"
    )
    print()

    total_started = time.perf_counter()
    print("running: bare engine (hibari.Hibari(threads=1), seed=0) ...", flush=True)
    bare = in_child(args.repeat, "bare")
    print("running: pipeline, 1 core (workers=1) + stage breakdown ...", flush=True)
    one = in_child(args.repeat, "pipeline", workers=1, stages=True)
    print(f"running: pipeline, all cores (workers={cores}) ...", flush=True)
    every = in_child(args.repeat, "pipeline", workers=cores)
    print()

    print(f"bare engine load + warm-up (not timed): {bare['load_s']:.2f} s")
    print(
        f"pipeline warm-up narration: 1 core {one['warm_up_s']:.2f} s, all cores {every['warm_up_s']:.2f} s"
    )
    print(f"(with workers={cores}, every narrate() forks fresh workers that load the voice: that is timed)")
    print()

    header = f"{'input':<22} {'measurement':<24} {'wall s (median)':>15} {'min':>7} {'max':>7}"
    header += f" {'audio s':>8} {'RTF':>8} {'1st sentence s':>15}"
    print(header)
    print("-" * len(header))
    summary: dict[str, dict[str, float]] = {}
    modes = (("bare engine", bare), ("pipeline, 1 core", one), (f"pipeline, {cores} cores", every))
    for path in INPUTS:
        rows = {}
        for label, results in modes:
            data = results["inputs"][path.name]
            wall = statistics.median(data["walls"])
            first = f"{statistics.median(data['first_s']):.3f}" if "first_s" in data else "-"
            rows[label] = (wall, data["audio_s"])
            print(
                f"{path.name:<22} {label:<24} {wall:>15.3f} {min(data['walls']):>7.3f} "
                f"{max(data['walls']):>7.3f} {data['audio_s']:>8.1f} {data['audio_s'] / wall:>7.1f}x "
                f"{first:>15}"
            )
        (bare_wall, bare_audio), (one_wall, one_audio), (all_wall, all_audio) = rows.values()
        summary[path.name] = {
            "bare": bare_wall,
            "one_ratio": one_wall / bare_wall,
            "all_ratio": all_wall / bare_wall,
            "one_rtf": one_audio / one_wall,
            "all_rtf": all_audio / all_wall,
            "bare_rtf": bare_audio / bare_wall,
            "one_wall": one_wall,
            "all_wall": all_wall,
        }
    print()
    print("pipeline audio includes the intro (title, key points, byline) and sentence/paragraph pauses;")
    print("bare-engine audio is the same words without the byline and without added pauses.")
    print("'1st sentence s': from calling narrate() until the first sentence's audio is ready.")
    print()

    for name, s in summary.items():
        print(f"ratios for {name}:")
        print(
            f"  pipeline_1core / bare_engine      = {s['one_ratio']:.3f}   "
            f"(target <= {TARGET_ONE_CORE_RATIO}: {verdict(s['one_ratio'] <= TARGET_ONE_CORE_RATIO)})"
        )
        print(
            f"  pipeline_allcores / bare_engine   = {s['all_ratio']:.3f}   "
            f"(target < {TARGET_ALL_CORES_RATIO}: {verdict(s['all_ratio'] < TARGET_ALL_CORES_RATIO)})"
        )
        print(
            f"  end-to-end real-time factor       = {s['all_rtf']:.1f}x on {cores} cores, "
            f"{s['one_rtf']:.1f}x on 1 core   (target >= {TARGET_RTF:.0f}x on all cores: "
            f"{verdict(s['all_rtf'] >= TARGET_RTF)})"
        )
    print()

    stages = one["stages"]
    total = one["stages_total"]
    long_one = statistics.median(one["inputs"][LONG_ARTICLE.name]["walls"])
    print(f"per-stage breakdown, pipeline on 1 core, {LONG_ARTICLE.name} (median of {args.repeat}):")
    for name, seconds in stages.items():
        print(f"  {name:<22} {seconds:>8.3f} s  {100 * seconds / total:>5.1f} %")
    print(f"  {'all stages':<22} {total:>8.3f} s  (median of the per-run totals)")
    print(
        f"  {'narrate() median':<22} {long_one:>8.3f} s  (the timed runs above; also writes .vtt and .json)"
    )
    print()

    print(f"total benchmark time: {time.perf_counter() - total_started:.1f} s")
    for name, s in summary.items():
        print(
            f"SUMMARY {name}: bare {s['bare']:.2f} s | 1 core {s['one_wall']:.2f} s "
            f"= {s['one_ratio']:.2f}x bare [{verdict(s['one_ratio'] <= TARGET_ONE_CORE_RATIO)}] | "
            f"{cores} cores {s['all_wall']:.2f} s = {s['all_ratio']:.2f}x bare "
            f"[{verdict(s['all_ratio'] < TARGET_ALL_CORES_RATIO)}] | "
            f"end-to-end {s['all_rtf']:.0f}x real time [{verdict(s['all_rtf'] >= TARGET_RTF)}]"
        )


if __name__ == "__main__":
    main()
