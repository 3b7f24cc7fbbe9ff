"""Capacity on paper: articles per hour per core for each built-in voice, and what an archive costs.

    python bench/bench_capacity.py [--article PATH] [--voices ID ...] [--archive N]

For each voice, a fresh Python process pinned to one core (as one ``newscaster worker`` process with
``--concurrency`` equal to the cores is) narrates one real article end to end with ``narrate(...,
workers=1)`` — extraction, text preparation, synthesis, loudness, MP3, transcript and timings — after a
warm-up narration (voice and normalizer grammars loaded, as a worker has them), with an empty sentence
cache. In the same process it then times the bare engine: the same spoken sentences, one engine call each,
nothing else. It prints, per voice: the article's audio length, wall and CPU seconds, real-time factor
(seconds of audio per CPU second) of the pipeline and of the bare engine, articles per hour per core
(from CPU time: on a shared machine wall time also counts other programs' turns on the core), and the
bytes stored per article (MP3 + .vtt + .json); then the worker-hours and storage for ``--archive``
articles of that size, and the load average while measuring.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
ARTICLE = BENCH_DIR / "data" / "long-article.html"
VOICES = (
    "hibari:heart",
    "espeak:en-us",
    "flite:slt",
    "festival:cmu_us_slt_arctic_hts",
    "piper:joe",
    "kokoro:jf_alpha",
)
"""One voice per built-in engine: the other voices of an engine share its model and cost the same
(flite's 8 kHz kal is cheaper). Kokoro's voices are Japanese; they read the English article forced.
Fastest first: on a loaded machine the slow ones may be left to a run of their own (``--voices``)."""
CACHE_DIR = Path.home() / ".cache" / "newscaster-bench"
WARM_UP_TEXT = "Warm-up. On 3 March 2025, Dr. Lee said the EU paid $2.4bn, or 12% more than in the 1990s."
SECONDS_PER_HOUR = 3600
CHILD_TIMEOUT_S = 1800


def cpu_seconds() -> float:
    """CPU time of this process and its finished children (flite and festival run as commands): unlike
    wall time, barely changed by other programs competing for the core."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def measure(voice_id: str, article: Path) -> dict[str, float | str | int]:
    """One voice, in this process (pinned to one core by the caller)."""
    from newscaster.config import Settings
    from newscaster.fetch import load_source
    from newscaster.pipeline import NarrationRequest, narrate, prepare_article, read_article
    from newscaster.store.sentence_cache import MemorySentenceCache
    from newscaster.synthesize import _synthesize_one
    from newscaster.voices.registry import registry_for

    with tempfile.TemporaryDirectory(prefix="newscaster-capacity-") as folder:
        settings = Settings(data_dir=Path(folder), rebuildable_cache_dir=CACHE_DIR)
        warm_up = Path(folder) / "warm-up.txt"
        warm_up.write_text(WARM_UP_TEXT, encoding="utf-8")

        def run(source: Path, name: str) -> tuple[float, float, object]:
            request = NarrationRequest(
                source=str(source), output=Path(folder) / f"{name}.mp3", voice_id=voice_id, workers=1,
                force_voice=True,
            )  # fmt: skip
            cpu, started = cpu_seconds(), time.perf_counter()
            narration = narrate(request, settings, cache=MemorySentenceCache())
            return time.perf_counter() - started, cpu_seconds() - cpu, narration

        run(warm_up, "warm-up")
        pipeline_s, pipeline_cpu_s, narration = run(article, "article")
        files = [Path(narration.audio_path), Path(narration.vtt_path), Path(narration.json_path)]  # type: ignore[attr-defined]
        stored_bytes = sum(path.stat().st_size for path in files if path.exists())

        voice = registry_for(settings).get(voice_id)
        sentences = prepare_article(read_article(load_source(str(article)), settings), True, settings)
        cpu, started = cpu_seconds(), time.perf_counter()
        for sentence in sentences:
            _synthesize_one(settings, voice, 1.0, sentence.spoken)
        bare_s, bare_cpu_s = time.perf_counter() - started, cpu_seconds() - cpu

    audio_s = narration.duration_ms / 1000  # type: ignore[attr-defined]
    return {
        "voice": voice_id,
        "words": narration.article.word_count,  # type: ignore[attr-defined]
        "audio_s": audio_s,
        "pipeline_s": pipeline_s,
        "pipeline_cpu_s": pipeline_cpu_s,
        "bare_s": bare_s,
        "bare_cpu_s": bare_cpu_s,
        "stored_bytes": stored_bytes,
    }


def child(voice_id: str, article: Path) -> dict[str, float | str | int]:
    """``measure`` in a fresh process pinned to one core, so each voice starts cold and alone."""
    core = min(os.sched_getaffinity(0))
    command = [sys.executable, __file__, "--child", voice_id, "--article", str(article)]
    pin = ["taskset", "-c", str(core)]
    result = subprocess.run(pin + command, capture_output=True, text=True, timeout=CHILD_TIMEOUT_S)
    if result.returncode != 0:
        raise RuntimeError(f"{voice_id}: {result.stderr.strip().splitlines()[-1:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--article", type=Path, default=ARTICLE)
    parser.add_argument("--voices", nargs="+", default=list(VOICES))
    parser.add_argument("--archive", type=int, default=100_000, help="Articles in the archive to cost.")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.child, args.article)))
        return

    print(f"article: {args.article.name}; each voice alone on one core", flush=True)
    print(
        "| voice | words | audio | pipeline wall (CPU) | RTF by CPU | bare engine wall (CPU) "
        "| bare RTF by CPU | articles/h/core | stored/article "
        f"| {args.archive:,} articles: worker-hours | storage |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|", flush=True)
    load_before = os.getloadavg()
    for voice_id in args.voices:
        try:
            row = child(voice_id, args.article)
        except (RuntimeError, subprocess.TimeoutExpired) as error:
            print(f"skipped {voice_id}: {error}", file=sys.stderr)
            continue
        print(table_row(row, args.archive), flush=True)
    load_after = os.getloadavg()
    print(
        f"load average (1, 5, 15 min): before {' '.join(f'{x:.2f}' for x in load_before)}, "
        f"after {' '.join(f'{x:.2f}' for x in load_after)}; {os.cpu_count()} cores"
    )


def table_row(row: dict[str, float | str | int], archive: int) -> str:
    audio_s = float(row["audio_s"])
    wall_s, cpu_s = float(row["pipeline_s"]), float(row["pipeline_cpu_s"])
    bare_wall_s, bare_cpu_s = float(row["bare_s"]), float(row["bare_cpu_s"])
    per_hour = SECONDS_PER_HOUR / cpu_s  # a core's hour of CPU; wall time also counts other programs' turns
    stored = int(row["stored_bytes"])
    return (
        f"| {row['voice']} | {row['words']} | {audio_s:.0f} s | {wall_s:.1f} s ({cpu_s:.1f} s) | "
        f"{audio_s / cpu_s:.0f}× | {bare_wall_s:.1f} s ({bare_cpu_s:.1f} s) | {audio_s / bare_cpu_s:.0f}× | "
        f"{per_hour:,.0f} | {stored / 1e6:.2f} MB | {archive / per_hour:,.0f} | "
        f"{archive * stored / 1e9:,.0f} GB |"
    )


if __name__ == "__main__":
    main()
