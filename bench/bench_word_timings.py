"""How many sentences get exact word timings from a voice, over the extraction fixtures?

    python bench/bench_word_timings.py [--voice piper:joe] [--show-estimated] [FIXTURE.html ...]

Without fixtures: every ``*.html`` in ``../shared/fixtures`` and ``tests/fixtures/extraction``. Each article
is extracted and prepared as a narration would be (intro included, the bundled lexicon), and every
sentence's spoken text is synthesized at 1.0 with the voice. A sentence counts as exact when the engine
marks its word timings exact *and* they are sound: one timing per spoken word, in the spoken order, each
inside the sentence's audio, starts never going backwards. Prints the share per fixture and over all.
Normalizer grammars are compiled once into ``--cache-dir`` and reused.
"""

from __future__ import annotations

import argparse
import tempfile
from collections.abc import Sequence
from pathlib import Path

from newscaster.config import Settings
from newscaster.models import SpeechAudio
from newscaster.pipeline import prepare_article, read_article
from newscaster.voices.base import engine_text
from newscaster.voices.registry import registry_for

REPO = Path(__file__).resolve().parents[1]
FIXTURE_DIRS = (REPO.parent / "shared" / "fixtures", REPO / "tests" / "fixtures" / "extraction")
GRAMMARS = Path.home() / ".cache" / "newscaster-bench"


def sound_exact(speech: SpeechAudio, spoken: str) -> bool:
    """Exact as marked, and each spoken word timed once, in order, inside the sentence."""
    words = speech.words
    if not speech.words_exact or [w.word for w in words] != spoken.split():
        return False
    duration_ms = speech.duration_ms
    starts = [w.start_ms for w in words]
    inside = all(0 <= w.start_ms <= w.end_ms <= duration_ms + 1 for w in words)
    return inside and starts == sorted(starts)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("fixtures", nargs="*", type=Path, help="HTML files [default: all fixtures]")
    parser.add_argument("--voice", default="piper:joe")
    parser.add_argument("--cache-dir", type=Path, default=GRAMMARS, help="compiled normalizer grammars")
    parser.add_argument("--show-estimated", action="store_true", help="print sentences that are not exact")
    args = parser.parse_args(argv)
    fixtures = args.fixtures or sorted(p for folder in FIXTURE_DIRS for p in folder.glob("*.html"))

    with tempfile.TemporaryDirectory(prefix="newscaster-timings-") as folder:
        settings = Settings(data_dir=Path(folder), rebuildable_cache_dir=args.cache_dir)
        registry = registry_for(settings)
        voice = registry.get(args.voice)
        engine = registry.engine(voice.engine)
        total_exact = total = 0
        for fixture in fixtures:
            sentences = prepare_article(read_article(str(fixture), settings), True, settings)
            exact = 0
            for sentence in sentences:
                speech = engine.synthesize(engine_text(engine, sentence.spoken), voice, 1.0)
                if sound_exact(speech, sentence.spoken):
                    exact += 1
                elif args.show_estimated:
                    print(f"  estimated: {sentence.spoken}")
            print(f"{fixture.name:40} {exact:3d} / {len(sentences):3d} exact")
            total_exact += exact
            total += len(sentences)
    share = 100 * total_exact / total if total else 0.0
    print(f"{'all fixtures':40} {total_exact:3d} / {total:3d} exact ({share:.1f} %) with {voice.id}")


if __name__ == "__main__":
    main()
