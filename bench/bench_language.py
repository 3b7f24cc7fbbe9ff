"""Which language detector for newscaster? Accuracy and speed on short news paragraphs.

    python bench/bench_language.py [--repeat 20]

Reads ``bench/data/language-paragraphs.json`` (six paragraphs of one to three sentences in each of 13
languages: en, zh-Hans, zh-Hant, yue (Cantonese), ja, ko, fr, de, es, pt, it, ru, ar) and asks each
candidate whose model ships inside its wheel:

* ``py3langid`` (langid.py's model, 97 languages),
* ``lingua-language-detector`` (75 languages; all of them, high accuracy, and its low accuracy mode),
* ``pycld2`` (Chromium's CLD2),

for the language of each paragraph. Two scores per candidate: the *primary language* right (zh for all
three Chinese sets: none of the candidates knows Cantonese, and only CLD2 tells Traditional script), and the
*full tag* right after newscaster's own Chinese step (script and Cantonese markers, ``text/language.py``),
which is what an article records. Speed: the first call (model load) and the median time per paragraph
over ``--repeat`` passes, each candidate in a fresh process. Last,
``newscaster.text.language.detect_language`` itself, as the pipeline runs it.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from newscaster.text.language import chinese_tag, detect_language

DATA = Path(__file__).resolve().parent / "data" / "language-paragraphs.json"
Detector = Callable[[str], str]
"""Paragraph → ISO 639-1 code (or the detector's own code for Chinese)."""


def py3langid_detector() -> Detector:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)

    def detect(text: str) -> str:
        return str(identifier.classify(text)[0])

    return detect


def lingua_detector() -> Detector:
    from lingua import LanguageDetectorBuilder

    # Models load lazily, per language the text could be: what newscaster does.
    detector = LanguageDetectorBuilder.from_all_languages().build()

    def detect(text: str) -> str:
        found = detector.detect_language_of(text)
        return found.iso_code_639_1.name.lower() if found else "und"

    return detect


def lingua_low_accuracy_detector() -> Detector:
    from lingua import LanguageDetectorBuilder

    detector = LanguageDetectorBuilder.from_all_languages().with_low_accuracy_mode().build()

    def detect(text: str) -> str:
        found = detector.detect_language_of(text)
        return found.iso_code_639_1.name.lower() if found else "und"

    return detect


def pycld2_detector() -> Detector:
    import pycld2

    def detect(text: str) -> str:
        _, _, details = pycld2.detect(text)
        return str(details[0][1])

    return detect


NEWSCASTER = "newscaster detect_language"
CANDIDATES: dict[str, Callable[[], Detector]] = {
    "py3langid": py3langid_detector,
    "lingua (all languages)": lingua_detector,
    "lingua (low accuracy mode)": lingua_low_accuracy_detector,
    "pycld2": pycld2_detector,
}


def full_tag(primary: str, text: str) -> str:
    return chinese_tag(text) if primary in CHINESE else primary


CHINESE = {"zh", "zh-Hans", "zh-Hant", "yue", "wuu", "zh-TW", "zh-CN"}
"""Tags that all mean "a Chinese language" for the primary-language score (py3langid answers ``wuu``, Wu
Chinese, for some Mandarin; CLD2 ``zh-Hant``)."""


def expected_primary(tag: str) -> str:
    return "zh" if tag in CHINESE else tag


HEADLINE_CHARS = 40
HEADLINE_CJK_CHARS = 14
"""A headline's length: what a detector sees when an article is one short paragraph."""


def headline(text: str) -> str:
    cjk = sum(1 for ch in text if "\u3040" <= ch <= "\u9fff" or "\uac00" <= ch <= "\ud7af")
    return text[: HEADLINE_CJK_CHARS if cjk > len(text) / 3 else HEADLINE_CHARS]


def resident_mb() -> float:
    status = Path("/proc/self/status").read_text()
    return int(re.search(r"VmRSS:\s+(\d+)", status)[1]) / 1024  # type: ignore[index]


def measure(name: str, factory: Callable[[], Detector], samples: list[tuple[str, str]], repeat: int) -> None:
    """Load (``factory`` and one pass over every paragraph, so lazily loaded models count), then time."""
    before_mb = resident_mb()
    started = time.perf_counter()
    detect = factory()
    for _, text in samples:
        detect(text)
    load_ms = 1000 * (time.perf_counter() - started)
    grown_mb = resident_mb() - before_mb
    primary_right = tag_right = 0
    misses: list[str] = []
    for tag, text in samples:
        primary = detect(text)
        primary_right += expected_primary(primary) == expected_primary(tag)
        got = full_tag(primary, text)
        tag_right += got == tag
        if got != tag:
            misses.append(f"{tag}→{got}")
    short_right = sum(
        expected_primary(detect(headline(text))) == expected_primary(tag) for tag, text in samples
    )
    per_pass = []
    for _ in range(repeat):
        started = time.perf_counter()
        for _, text in samples:
            detect(text)
        per_pass.append(time.perf_counter() - started)
    per_paragraph_ms = 1000 * statistics.median(per_pass) / len(samples)
    count = len(samples)
    print(
        f"{name:30} primary {primary_right:3}/{count} ({100 * primary_right / count:5.1f} %)  "
        f"tag {tag_right:3}/{count} ({100 * tag_right / count:5.1f} %)  "
        f"headline-length {100 * short_right / count:5.1f} %  "
        f"load {load_ms:6.0f} ms  +{grown_mb:4.0f} MB  {per_paragraph_ms:6.3f} ms/paragraph"
    )
    if misses:
        print(f"{'':30} misses: {', '.join(misses)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=20, help="timed passes over the set (median)")
    parser.add_argument("--only", help="one candidate, by its full name (as printed)")
    args = parser.parse_args()
    data = json.loads(DATA.read_text(encoding="utf-8"))
    samples = [(tag, text) for tag, texts in data.items() if not tag.startswith("_") for text in texts]
    if args.only is None:
        print(f"{len(samples)} paragraphs, {len(data) - 1} tags, median of {args.repeat} passes\n")
        # Each candidate in a fresh process, so one's loaded models do not flatter the next one's load.
        for name in [*CANDIDATES, NEWSCASTER]:
            command = [sys.executable, __file__, "--repeat", str(args.repeat), "--only", name]
            subprocess.run(command, check=True)
        return
    for name, factory in {**CANDIDATES, NEWSCASTER: lambda: newscaster_tag}.items():
        if name == args.only:
            try:
                measure(name, factory, samples, args.repeat)
            except ImportError as error:
                print(f"{name:30} not installed ({error})")


def newscaster_tag(text: str) -> str:
    guess = detect_language(text)
    return guess.tag if guess else "und"


if __name__ == "__main__":
    main()
