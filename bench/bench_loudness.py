"""Does every narration come out at the spoken-word target once encoded? And the gains that get it there.

    python bench/bench_loudness.py [VOICE ...]               # measure stored narrations
    python bench/bench_loudness.py --calibrate [VOICE ...]   # measure the voices' gains, store them
    python bench/bench_loudness.py --calibrate --speeds 1 --max-words 300 kokoro:jm_kumo   # a slow voice

Narrations are levelled sentence by sentence with a gain measured per voice and speed beforehand
(``audio/voice_gain.py``), so the first sentence can be streamed at once. ``--calibrate`` measures those
gains: for each voice (default: the installed voices of every engine) and each of ``CALIBRATION_SPEEDS``
(or ``--speeds``), the gain that brings each CALIBRATION page in the voice's language to -16 LUFS through
the pipeline's own levelling; their mean goes to ``src/newscaster/data/voice-gain.json`` (after each
voice, so an interrupted run keeps what it measured). ``--max-words`` leaves out longer pages (Kokoro
runs at about 2.5× real time on one core: the long article would take minutes per voice and speed).

Without ``--calibrate`` it narrates the CHECK pages (other articles than the calibration ones) with each
voice through ``narrate()``, as MP3 and Opus, decodes the files with PyAV and measures BS.1770 integrated
loudness with pyloudnorm — what a podcast app or loudness checker would read — and prints the distance
from the target.
"""

from __future__ import annotations

import argparse
import dataclasses
import gzip
import statistics
import tempfile
from pathlib import Path

import av
import numpy as np
import pyloudnorm

from newscaster.audio.loudness import TARGET_LUFS
from newscaster.audio.voice_gain import BUNDLED_GAINS, GainBook, measure_gain, write_bundled
from newscaster.config import Settings
from newscaster.language_tags import primary_subtag
from newscaster.models import Article, Source
from newscaster.pipeline import NarrationRequest, narrate, prepare_article, read_article
from newscaster.store.sentence_cache import FileSentenceCache
from newscaster.synthesize import synthesize
from newscaster.voices.registry import registry_for

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CALIBRATION = {
    "en": [
        ROOT / "src/newscaster/data/sample-article.html",
        ROOT / "bench/data/long-article.html",
        SHARED / "fixtures/seed-article.html",
    ],
    "ja": [
        ROOT / "src/newscaster/data/sample-article-ja.md",
        SHARED / "data/trafilatura-eval/html/nhk.or.jp.k100.html.gz",
    ],
}
"""Pages by the voice's language (primary subtag); a voice of another language is measured on English."""
CHECK = [
    ROOT / "tests/fixtures/extraction/wire-service.html",
    ROOT / "tests/fixtures/extraction/public-broadcaster.html",
    ROOT / "tests/fixtures/extraction/arc-story.html",
]
"""What the loudness test narrates (``tests/audio/test_loudness.py``): never the calibration pages."""
VOICES = [
    "hibari:heart", "piper:joe", "festival:cmu_us_slt_arctic_hts", "festival:kal_diphone",
    "flite:awb", "flite:kal", "flite:kal16", "flite:rms", "flite:slt", "espeak:en-us", "espeak:en-gb",
    "kokoro:jf_alpha", "kokoro:jf_gongitsune", "kokoro:jf_nezumi", "kokoro:jf_tebukuro", "kokoro:jm_kumo",
    "kokoro:jf_alpha-en", "kokoro:jf_gongitsune-en", "kokoro:jf_nezumi-en", "kokoro:jf_tebukuro-en",
    "kokoro:jm_kumo-en",
]  # fmt: skip
CALIBRATION_SPEEDS = (0.5, 0.75, 1.0, 1.5, 2.0)
"""Gains are interpolated between these; espeak-ng's loudness moves ±1.6 dB between 0.5x and 2x."""


def decoded_lufs(path: Path) -> float:
    frames, rate = [], 0
    with av.open(str(path)) as container:
        for frame in container.decode(audio=0):
            frames.append(frame.to_ndarray().reshape(-1))
            rate = frame.sample_rate
    return float(pyloudnorm.Meter(rate).integrated_loudness(np.concatenate(frames)))


def calibration_articles(language: str, settings: Settings, max_words: int | None) -> list[Article]:
    """The calibration pages in ``language`` (else English) that exist here, read and extracted."""
    pages = CALIBRATION.get(primary_subtag(language), CALIBRATION["en"])
    articles = []
    for page in (p for p in pages if p.is_file()):
        if page.suffix == ".gz":  # a page of the shared evaluation corpus, stored compressed
            html = gzip.decompress(page.read_bytes()).decode("utf-8", errors="replace")
            article = read_article(Source(html, is_html=True, name=page.name), settings)
        else:
            article = read_article(str(page), settings)
        if max_words is None or article.word_count <= max_words:
            articles.append(article)
    return articles


def calibrate(voice_ids: list[str], settings: Settings, speeds: list[float], max_words: int | None) -> None:
    registry = registry_for(settings)
    cache = FileSentenceCache(settings.sentence_cache_dir)
    gains = GainBook.load(BUNDLED_GAINS)  # other voices' (and other speeds') measurements stay
    for voice_id in voice_ids:
        voice = registry.get(voice_id)
        articles = calibration_articles(voice.language, settings, max_words)
        by_speed = gains.setdefault(voice_id, {})
        for speed in speeds:
            measured = []
            for article in articles:
                sentences = prepare_article(article, True, settings)
                chunks = list(synthesize(sentences, voice, speed, settings=settings, cache=cache))
                measured.append(measure_gain(chunks, voice.sample_rate_hz))
            by_speed[speed] = statistics.mean(measured)
            spread = max(measured) - min(measured)
            print(
                f"{voice_id:32} {speed:4g}x  gain {by_speed[speed]:+6.2f} dB  "
                f"({len(measured)} pages, spread {spread:.2f})",
                flush=True,
            )
        write_bundled(gains)
    print(f"written: {BUNDLED_GAINS}")


def check(voice_ids: list[str], settings: Settings) -> None:
    header = f"{'voice':32} {'article':22} {'mp3':>7} {'opus':>7}"
    print(f"{header}   (target {TARGET_LUFS:g} LUFS)")
    worst = 0.0
    for voice_id in voice_ids:
        for page in (p for p in CHECK if p.is_file()):
            row = []
            for audio_format in ("mp3", "opus"):
                with tempfile.TemporaryDirectory() as folder:
                    output = Path(folder) / f"narration.{audio_format}"
                    narrate(NarrationRequest(str(page), output, voice_id=voice_id), settings)
                    row.append(decoded_lufs(output))
            worst = max(worst, *(abs(x - TARGET_LUFS) for x in row))
            print(f"{voice_id:32} {page.stem:22} {row[0]:7.2f} {row[1]:7.2f}", flush=True)
    print(f"largest distance from the target: {worst:.2f} LU")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calibrate", action="store_true", help=f"measure gains into {BUNDLED_GAINS.name}")
    parser.add_argument(
        "--speeds", type=float, nargs="+", default=list(CALIBRATION_SPEEDS), help="speeds to calibrate"
    )
    parser.add_argument("--max-words", type=int, help="calibrate only on pages up to this many words")
    parser.add_argument("voices", nargs="*", default=VOICES)
    args = parser.parse_args()
    # A fresh data folder (no stored sentences, no measured gains); NEWSCASTER_CACHE_DIR shares grammars.
    settings = dataclasses.replace(
        Settings.from_env(), data_dir=Path(tempfile.mkdtemp(prefix="bench-loudness-"))
    )
    if args.calibrate:
        calibrate(args.voices, settings, args.speeds, args.max_words)
    else:
        check(args.voices, settings)


if __name__ == "__main__":
    main()
