"""How well does each installed English voice say the seed article, as heard by whisper tiny.en?

    python bench/bench_voices_wer.py [--voices hibari:heart,espeak:en-us] [--per-sentence]

Without --voices: every installed English voice (espeak-ng's many English accents only as en-us and en-gb).

Narrates ``../shared/fixtures/seed-article.html`` with each voice (``narrate()``, MP3, into a temporary
folder with a fresh sentence cache) and runs the self-check (``newscaster.check``) on the result: word error
rate of what the recognizer heard against each sentence's spoken text, and the sentences it flags. Needs the
check extra (``pip install -e '.[check]'``). A voice that is not installed is listed as such, not skipped
silently.

The recognizer is part of the measurement: tiny.en misses some names ("Xi" respelled "Shee", "SCO") on every
voice, so even a perfect narration scores a few percent. Compare voices with each other, not with zero.
Normalizer grammars are compiled once into ``~/.cache/newscaster-bench`` and reused.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from newscaster.check import CHUNK_MS, FLAG_WER, check_narration
from newscaster.config import Settings
from newscaster.errors import NewscasterError
from newscaster.pipeline import NarrationRequest, narrate
from newscaster.store.sentence_cache import MemorySentenceCache
from newscaster.text.lexicon import default_lexicon
from newscaster.voices.registry import registry_for

SEED = Path(__file__).resolve().parents[2] / "shared" / "fixtures" / "seed-article.html"
ESPEAK_ACCENTS = ("espeak:en-us", "espeak:en-gb")
"""espeak-ng lists a dozen English accents of one synthesizer; two of them stand for all."""
GRAMMARS = Path.home() / ".cache" / "newscaster-bench"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--voices", help="comma-separated voice ids [default: every installed English voice]")
    parser.add_argument("--per-sentence", action="store_true", help="transcribe each sentence alone")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="newscaster-wer-") as folder:
        settings = Settings(data_dir=Path(folder) / "data", rebuildable_cache_dir=GRAMMARS)
        english = [v.id for v in registry_for(settings).voices() if v.language.lower().startswith("en")]
        installed = set(english)
        chosen = (
            args.voices.split(",")
            if args.voices
            else [v for v in english if v.split(":")[0] != "espeak" or v in ESPEAK_ACCENTS]
        )
        lexicon = default_lexicon(settings.lexicon_path, "en")
        rows = []
        for voice in chosen:
            if voice not in installed:
                rows.append((voice, "not installed", "", "", "", "", ""))
                continue
            started = time.perf_counter()
            output = Path(folder) / f"{voice.replace(':', '-')}.mp3"
            try:
                narration = narrate(
                    NarrationRequest(str(SEED), output, voice_id=voice), settings, cache=MemorySentenceCache()
                )
            except NewscasterError as error:  # a voice that is listed but cannot speak: say so
                rows.append((voice, f"narration failed: {error}", "", "", "", "", ""))
                continue
            narrated = time.perf_counter() - started
            started = time.perf_counter()
            try:
                chunk_ms = 0 if args.per_sentence else CHUNK_MS
                report = check_narration(narration.json_path, chunk_ms=chunk_ms, lexicon=lexicon)
            except NewscasterError as error:
                raise SystemExit(f"bench_voices_wer: {error}") from None
            checked = time.perf_counter() - started
            flagged = ",".join(str(s.index) for s in report.flagged) or "-"
            rows.append((
                voice, f"{100 * report.wer:.1f} %", str(report.words), str(report.errors),
                f"{len(report.flagged)}/{len(report.sentences)} ({flagged})",
                f"{narrated:.1f} s", f"{checked:.1f} s",
            ))  # fmt: skip

    header = ("voice", "WER", "words", "errors", f"flagged > {100 * FLAG_WER:.0f} %", "narrate", "check")
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]
    mode = "one sentence a slice" if args.per_sentence else f"slices up to {CHUNK_MS // 1000} s"
    print(f"Self-check WER on {SEED.name} (whisper tiny.en, {mode})")
    for row in [header, *rows]:
        print("  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())


if __name__ == "__main__":
    main()
