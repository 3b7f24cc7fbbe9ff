"""The article page of a very long article: the time of one GET, and what parallel GETs do to others.

    python bench/bench_article_page.py [--sentences 8518] [--gets 20] [--parallel 16] [--seconds 10]

Loopback only, bounded in count and time, and it stops by itself:

1. builds a fresh data folder holding one article of ``--sentences`` sentences (the sample article's
   paragraphs, repeated) and an espeak narration of it whose timings file is what the pipeline writes
   (sentences from the real splitter, a timed word each); the audio is a placeholder the page never reads;
2. starts ``newscaster serve`` (a subprocess: whichever newscaster is first on PYTHONPATH, so pointing it
   at an older checkout measures that one) on a free 127.0.0.1 port;
3. GETs the page ``--gets`` times, one after another: the first GET, and the median and slowest of the rest;
4. for ``--seconds``, ``--parallel`` clients GET the page in a loop while a probe GETs ``/api/voices``
   every 100 ms: the probe's p50 and p99 (what another reader waits), the pages served, and how many GETs
   were turned away (429) by a per-client read limit.

The server inherits the environment: ``NEWSCASTER_READS_PER_MINUTE=0`` measures it without the read limit.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

import httpx

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR))
from bench_load import HOST, free_port, process  # noqa: E402 (a sibling script)

PROBE_INTERVAL_S = 0.1
WORD_MS = 350
"""A placeholder word length; the page only places the numbers, it never plays them."""


def build_library(data_dir: Path, sentence_count: int) -> str:
    """One long article and a narration record of it; returns the article id."""
    from newscaster.audio.timings import to_json, to_webvtt
    from newscaster.config import Settings
    from newscaster.models import Article, Narration, Part, Sentence, SpeechOptions, Timing, WordTiming
    from newscaster.pipeline import narration_document, read_article
    from newscaster.samples import sample_article_path
    from newscaster.store.library import Library
    from newscaster.text.sentences import split_sentences
    from newscaster.voices.registry import registry_for
    from newscaster.web.state import open_database

    settings = Settings(data_dir=data_dir)
    sample = read_article(str(sample_article_path()), settings)
    paragraphs: list[str] = []
    timings: list[Timing] = []
    position_ms = 0
    while len(timings) < sentence_count:
        paragraph = sample.paragraphs[len(paragraphs) % len(sample.paragraphs)]
        number = len(paragraphs)
        for span in split_sentences(paragraph):
            if len(timings) == sentence_count:
                break
            spans = tuple(
                (span.start_char + m.start(), span.start_char + m.end())
                for m in re.finditer(r"\S+", span.text)
            )
            sentence = Sentence(
                len(timings), Part.BODY, number, span.start_char, span.end_char, span.text, span.text,
                spoken_word_spans=spans,
            )  # fmt: skip
            words = tuple(
                WordTiming(paragraph[a:b], position_ms + i * WORD_MS, position_ms + (i + 1) * WORD_MS)
                for i, (a, b) in enumerate(spans)
            )
            end_ms = position_ms + len(words) * WORD_MS
            timings.append(Timing(sentence, position_ms, end_ms, words, True))
            position_ms = end_ms + 300
        paragraphs.append(paragraph)
    article = Article(f"{sample.title} (long)", tuple(paragraphs), language="en")
    database = open_database(settings)
    library = Library(database)
    stored = library.save_article(article, reading_minutes=max(1, article.word_count // 238))
    audio = data_dir / "audio" / "long.mp3"
    audio.parent.mkdir(parents=True, exist_ok=True)
    audio.write_bytes(b"\xff\xfb" + bytes(1000))
    voice = registry_for(settings).get("espeak:en-us")
    narration = Narration(
        article, SpeechOptions(voice), str(audio), str(audio.with_suffix(".vtt")),
        str(audio.with_suffix(".json")), position_ms, tuple(timings), stored.reading_minutes, 160.0,
    )  # fmt: skip
    Path(narration.vtt_path).write_text(to_webvtt(narration.timings), encoding="utf-8")
    Path(narration.json_path).write_text(
        to_json(narration_document(narration, "audio/mpeg")), encoding="utf-8"
    )
    library.save_narration(stored, narration, "mp3", lexicon="")
    return stored.id


def sequential(base: str, path: str, gets: int) -> tuple[list[float], int]:
    """The seconds of each GET, one after another, and the page's size in bytes."""
    seconds = []
    size = 0
    with httpx.Client(base_url=base, timeout=60) as client:
        for _ in range(gets):
            started = time.perf_counter()
            response = client.get(path)
            seconds.append(time.perf_counter() - started)
            if response.status_code != 200:
                raise SystemExit(f"GET {path}: {response.status_code} {response.text[:200]}")
            size = len(response.content)
    return seconds, size


def under_load(base: str, path: str, parallel: int, duration_s: float) -> tuple[list[float], Counter[int]]:
    deadline = time.monotonic() + duration_s
    statuses: Counter[int] = Counter()
    lock = threading.Lock()
    probe_s: list[float] = []

    def reader() -> None:
        with httpx.Client(base_url=base, timeout=60) as client:
            while time.monotonic() < deadline:
                status = client.get(path).status_code
                with lock:
                    statuses[status] += 1
                if status == 429:
                    time.sleep(PROBE_INTERVAL_S)  # a flooding client that at least does not spin

    def probe() -> None:
        with httpx.Client(base_url=base, timeout=60) as client:
            while time.monotonic() < deadline:
                started = time.perf_counter()
                client.get("/api/voices").raise_for_status()
                probe_s.append(time.perf_counter() - started)
                time.sleep(PROBE_INTERVAL_S)

    threads = [threading.Thread(target=reader) for _ in range(parallel)] + [threading.Thread(target=probe)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return probe_s, statuses


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sentences", type=int, default=8518)
    parser.add_argument("--gets", type=int, default=20)
    parser.add_argument("--parallel", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=10.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="newscaster-page-bench-") as folder:
        data = Path(folder) / "data"
        article_id = build_library(data, args.sentences)
        port = free_port()
        base = f"http://{HOST}:{port}"
        env = {**os.environ, "NEWSCASTER_DATA_DIR": str(data)}
        command = [sys.executable, "-m", "newscaster.cli", "serve", "--host", HOST, "--port", str(port)]
        with process(command, env, Path(folder) / "server.log", f"{base}/api/voices"):
            path = f"/articles/{article_id}"
            times, size = sequential(base, path, args.gets)
            print(f"article page, {args.sentences} sentences, {size // 1024} KB of HTML")
            print(
                f"  one GET after another: first {times[0] * 1000:.0f} ms, then median "
                f"{statistics.median(times[1:]) * 1000:.1f} ms, slowest {max(times[1:]) * 1000:.1f} ms"
            )
            probe_s, statuses = under_load(base, path, args.parallel, args.seconds)
            print(f"  {args.parallel} clients GETting it for {args.seconds:g} s: statuses {dict(statuses)}")
            print(
                f"  another reader meanwhile (GET /api/voices every {PROBE_INTERVAL_S * 1000:.0f} ms): "
                f"p50 {percentile(probe_s, 50) * 1000:.0f} ms, p99 {percentile(probe_s, 99) * 1000:.0f} ms"
            )


if __name__ == "__main__":
    main()
