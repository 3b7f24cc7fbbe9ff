"""Does every narration come out at the spoken-word target once encoded? And the gains that get it there.

    python bench/bench_loudness.py [VOICE ...]               # measure stored narrations
    python bench/bench_loudness.py --calibrate [VOICE ...]   # measure the voices' gains, store them

Narrations are levelled sentence by sentence with a gain measured per voice and speed beforehand
(``audio/voice_gain.py``), so the first sentence can be streamed at once. ``--calibrate`` measures those
gains: for each voice (default: the installed English voices of every engine) and each of
``CALIBRATION_SPEEDS``, the gain that brings each CALIBRATION page to -16 LUFS through the pipeline's
own levelling; their mean goes to ``src/newscaster/data/voice-gain.json``.

Without ``--calibrate`` it narrates the CHECK pages (other articles than the calibration ones) with each
voice through ``narrate()``, as MP3 and Opus, decodes the files with PyAV and measures BS.1770 integrated
loudness with pyloudnorm — what a podcast app or loudness checker would read — and prints the distance
from the target.
"""

from __future__ import annotations

import argparse
import dataclasses
import statistics
import tempfile
from pathlib import Path

import av
import numpy as np
import pyloudnorm

from newscaster.audio.loudness import TARGET_LUFS
from newscaster.audio.voice_gain import BUNDLED_GAINS, GainBook, measure_gain, write_bundled
from newscaster.config import Settings
from newscaster.pipeline import NarrationRequest, narrate, prepare_article, read_article
from newscaster.store.sentence_cache import FileSentenceCache
from newscaster.synthesize import synthesize
from newscaster.voices.registry import registry_for

ROOT = Path(__file__).resolve().parents[1]
CALIBRATION = [
    ROOT / "src/newscaster/data/sample-article.html",
    ROOT / "bench/data/long-article.html",
    ROOT.parent / "shared/fixtures/seed-article.html",
]
CHECK = [
    ROOT / "tests/fixtures/extraction/wire-service.html",
    ROOT / "tests/fixtures/extraction/public-broadcaster.html",
    ROOT / "tests/fixtures/extraction/arc-story.html",
]
"""What the loudness test narrates (``tests/audio/test_loudness.py``): never the calibration pages."""
VOICES = [
    "hibari:heart", "piper:joe", "festival:cmu_us_slt_arctic_hts", "festival:kal_diphone",
    "flite:awb", "flite:kal", "flite:kal16", "flite:rms", "flite:slt", "espeak:en-us", "espeak:en-gb",
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


def calibrate(voice_ids: list[str], settings: Settings) -> None:
    registry = registry_for(settings)
    cache = FileSentenceCache(settings.sentence_cache_dir)
    gains = GainBook.load(BUNDLED_GAINS)  # other voices' measurements stay
    pages = [p for p in CALIBRATION if p.is_file()]
    for voice_id in voice_ids:
        voice = registry.get(voice_id)
        gains[voice_id] = {}
        for speed in CALIBRATION_SPEEDS:
            measured = []
            for page in pages:
                sentences = prepare_article(read_article(str(page), settings), True, settings)
                chunks = list(synthesize(sentences, voice, speed, settings=settings, cache=cache))
                measured.append(measure_gain(chunks, voice.sample_rate_hz))
            gains[voice_id][speed] = statistics.mean(measured)
            spread = max(measured) - min(measured)
            gain = gains[voice_id][speed]
            print(f"{voice_id:32} {speed:4g}x  gain {gain:+6.2f} dB  (spread {spread:.2f})", flush=True)
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
    parser.add_argument("voices", nargs="*", default=VOICES)
    args = parser.parse_args()
    # A fresh data folder (no stored sentences, no measured gains); NEWSCASTER_CACHE_DIR shares grammars.
    settings = dataclasses.replace(
        Settings.from_env(), data_dir=Path(tempfile.mkdtemp(prefix="bench-loudness-"))
    )
    (calibrate if args.calibrate else check)(args.voices, settings)


if __name__ == "__main__":
    main()
