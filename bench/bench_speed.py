"""Does ``--speed S`` make a narration last 1/S of the 1.0 narration, for every neural voice?

    python bench/bench_speed.py [--voice ID ...] [--fixture PAGE.html] [--japanese 0:3] [--raw]
                                [--speeds 0.5,0.75,1,1.25,1.5,2] [--sentences N]

Each voice reads a real article, prepared as a narration is (English voices: ``--fixture``, by default the
shared seed article; Japanese voices: paragraphs ``--japanese`` of ``bench/data/language-paragraphs.json``).
Every sentence is synthesized at each speed and laid out with its pauses as ``narrate()`` lays it out;
the achieved speed is the 1.0 narration's duration divided by this one's, both measured in the same run,
pauses included. Prints requested vs achieved speed and the error.

``--raw`` hands each engine the speed as its own rate (``calibrated = False``, no curve) and prints the
speech alone (no pauses): the (rate, achieved) points the engines' speed curves are made of
(``HEART_SPEED_CURVE``, ``JOE_SPEED_CURVE``; kokoro's ``SPEED_CURVE`` was counted in predicted frames,
which its comment explains, and corrected by this benchmark's full synthesis).
Normalizer grammars are compiled once into ``--cache-dir`` and reused.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from newscaster.audio.timings import lay_out
from newscaster.config import Settings
from newscaster.models import AudioChunk, Sentence, Source, Voice
from newscaster.pipeline import prepare_article, read_article
from newscaster.synthesize import pause_after
from newscaster.voices.base import Engine, engine_text
from newscaster.voices.pieces import speak
from newscaster.voices.registry import VoiceRegistry, registry_for

REPO = Path(__file__).resolve().parents[1]
SEED = REPO.parent / "shared" / "fixtures" / "seed-article.html"
JAPANESE = REPO / "bench" / "data" / "language-paragraphs.json"
GRAMMARS = Path.home() / ".cache" / "newscaster-bench"
NEURAL_ENGINES = ("hibari", "piper", "kokoro")
"""The engines whose rate control is a model's duration predictor, calibrated by a measured curve."""
SPEEDS = (0.5, 0.75, 1.0, 1.25, 1.5, 2.0)
TOLERANCE = 0.05
"""The narration may last up to 5 % more or less than 1/speed of the 1.0 narration."""


def narration_ms(
    engine: Engine, voice: Voice, sentences: Sequence[Sentence], speed: float
) -> tuple[int, float]:
    """The narration's duration (pauses included, laid out as ``narrate()`` does) and its speech alone."""
    chunks = []
    for number, sentence in enumerate(sentences):
        following = sentences[number + 1] if number + 1 < len(sentences) else None
        speech = speak(engine, engine_text(engine, sentence.spoken), voice, speed)
        chunks.append(AudioChunk(sentence, speech, pause_after(sentence, following, speed)))
    return lay_out(chunks).duration_ms, sum(chunk.speech.duration_ms for chunk in chunks)


def japanese_source(paragraphs: str) -> Source:
    start, _, end = paragraphs.partition(":")
    chosen = json.loads(JAPANESE.read_text(encoding="utf-8"))["ja"][
        int(start or 0) : int(end) if end else None
    ]
    return Source(content="\n\n".join(chosen), is_html=False, name="ja.md")


def neural_voices(registry: VoiceRegistry, wanted: Sequence[str]) -> list[Voice]:
    if wanted:
        return [registry.get(voice_id) for voice_id in wanted]
    return [voice for voice in registry.voices() if voice.engine in NEURAL_ENGINES]


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--voice", action="append", default=[], help="a voice id [default: every neural voice]"
    )
    parser.add_argument("--fixture", type=Path, default=SEED, help="the English article [default: the seed]")
    parser.add_argument("--japanese", default="0:3", help="which Japanese paragraphs, as a slice [0:3]")
    parser.add_argument("--speeds", default=",".join(f"{s:g}" for s in SPEEDS))
    parser.add_argument("--sentences", type=int, default=0, help="read only the first N sentences")
    parser.add_argument("--raw", action="store_true", help="the engine's own rate, speech only")
    parser.add_argument("--cache-dir", type=Path, default=GRAMMARS, help="compiled normalizer grammars")
    args = parser.parse_args(argv)
    speeds = sorted({1.0, *(float(s) for s in args.speeds.split(","))})

    with tempfile.TemporaryDirectory(prefix="newscaster-speed-") as folder:
        settings = Settings(data_dir=Path(folder), rebuildable_cache_dir=args.cache_dir)
        registry = registry_for(settings)
        texts = {
            "en": read_article(str(args.fixture), settings),
            "ja": read_article(japanese_source(args.japanese), settings, "ja"),
        }
        worst = 0.0
        print(f"{'voice':24} {'requested':>9} {'achieved':>9} {'error':>7}  {'seconds':>8}")
        for voice in neural_voices(registry, args.voice):
            engine = registry.engine(voice.engine)
            engine.calibrated = not args.raw  # type: ignore[attr-defined]
            article = texts["ja" if voice.language == "ja" else "en"]
            sentences = prepare_article(article, False, settings)[: args.sentences or None]
            durations = {}
            for speed in speeds:
                started = time.perf_counter()
                narration, speech = narration_ms(engine, voice, sentences, speed)
                durations[speed] = (speech if args.raw else narration, time.perf_counter() - started)
            for speed in speeds:
                achieved = durations[1.0][0] / durations[speed][0]
                error = achieved / speed - 1
                worst = max(worst, abs(error)) if speed != 1.0 else worst
                flag = "" if abs(error) <= TOLERANCE else "  off"
                seconds = durations[speed][1]
                print(
                    f"{voice.id:24} {speed:9.3f} {achieved:9.3f} {error:+7.1%}  {seconds:8.1f}{flag}",
                    flush=True,
                )
        print(f"worst error: {worst:.1%} (tolerance {TOLERANCE:.0%})")


if __name__ == "__main__":
    main()
