"""Which language an article is written in, from its own text, as a BCP 47 tag.

Runs after extraction (``pipeline.read_article``). Two steps:

1. **Scripts first.** Letters are counted by script. Text that is mostly Chinese characters, kana or hangul is
   decided without a model: any real share of kana is Japanese, hangul is Korean, Chinese characters alone are
   Chinese, refined by ``chinese_tag`` into ``zh-Hans`` / ``zh-Hant`` by the characters' script, or ``yue``
   when written Cantonese's own characters (嘅 咗 佢哋 喺 冇 …) are common.
2. **Everything else** goes to py3langid (langid.py's model, 97 languages, inside its wheel), picked by
   ``bench/bench_language.py``: on 78 short news paragraphs in 13 languages it named every language right
   (96 % on headline-length snippets), loading in ~2 s and 75 MB and taking ~0.4 ms a paragraph. lingua was as
   accurate but needs 1.1 GB and ~50 s to load all its models (132 MB and 91 % on headlines in its low
   accuracy mode); pycld2 is instant but missed 5 % of the paragraphs.

The page's own ``lang`` / ``inLanguage`` (what extraction put on ``Article.language``) stands unless the text
says otherwise clearly (``CLEAR_CONFIDENCE`` over at least ``MIN_LETTERS`` letters); an explicit override
(``--language``, the API's ``language``) always wins.
"""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from newscaster.language_tags import normalize_tag, primary_subtag
from newscaster.models import Article

MIN_LETTERS = 20
"""Fewer letters than this ("OK.", a headline of two words) are no evidence against the page's ``lang``."""
CLEAR_CONFIDENCE = 0.5
"""py3langid's normalized probability from which the text overrules the page's ``lang``. On the benchmark
every wrong answer (all on headline-length snippets) scored ≤ 0.31, while a whole article's first
paragraphs score ≈ 1.0."""
SAMPLE_CHARS = 3000
"""Detection reads the title and the first paragraphs up to this many characters: a few sentences decide,
more only adds time."""
HAN_WEIGHT = 3
"""A Chinese character counts as this many Latin letters when scripts are compared: one character is a
syllable, about what an English word of three letters carries; so a Chinese article quoting an English name
stays Chinese, and an English article quoting a Chinese phrase stays English."""
KANA_SHARE = 0.05
"""Japanese writes grammar in kana: even kanji-heavy headlines have a few percent; Chinese has none."""
CANTONESE_MARKERS = frozenset("嘅咗佢哋喺冇啲嘢嚟噉咩嗰啱攞諗瞓搵嘥冚㗎喎囉嘞噃睇")
"""Characters of written Cantonese that standard written Chinese (Mandarin) does not use."""
CANTONESE_SHARE = 0.015
"""Markers per Chinese character from which a text is Cantonese: a standard Chinese story quoting one
Cantonese sentence stays Chinese; colloquial Cantonese has several markers per sentence."""
MIN_CANTONESE_MARKERS = 2

CHINESE_TAGS = ("zh-Hans", "zh-Hant", "yue")
"""What detection says for Chinese text."""
CHINESE_PRIMARY = frozenset({"zh", "yue", "cmn"})
"""Primary subtags of one written Chinese: a page tagged "zh" with Cantonese text is not a contradiction."""


@dataclass(frozen=True)
class LanguageGuess:
    """What the text says about its language."""

    tag: str
    """BCP 47, e.g. "fr", "zh-Hant", "yue"."""
    confidence: float
    """0–1; 1.0 for a decision by script."""
    letters: int
    """Letters the guess rests on (Chinese characters count ``HAN_WEIGHT`` each)."""

    @property
    def clear(self) -> bool:
        return self.letters >= MIN_LETTERS and self.confidence >= CLEAR_CONFIDENCE


def apply_language(
    article: Article, override: str | None = None, model_cache_dir: Path | None = None
) -> Article:
    """``article`` with its language set: ``override`` if given, else the text's when it is clear and differs
    from the page's, else the page's (refined to the script the text shows: "zh" → "zh-Hant").
    ``model_cache_dir`` holds the detection model unpacked (``langid_model``)."""
    if override:
        return replace(article, language=normalize_tag(override))
    guess = detect_language(_sample(article), model_cache_dir)
    if guess is None:
        return article
    page = article.language
    if _same_language(guess.tag, page):
        # The page's tag is right; the text adds Chinese script or Cantonese ("zh" → "zh-Hant", "yue"), and
        # the page keeps its region ("fr-CA") and a Cantonese page stays Cantonese (formal written Cantonese
        # looks like Traditional Chinese).
        if guess.tag in CHINESE_TAGS and primary_subtag(page) != "yue":
            return replace(article, language=guess.tag)
        return article
    return replace(article, language=guess.tag) if guess.clear else article


def _same_language(first: str, second: str) -> bool:
    a, b = primary_subtag(first), primary_subtag(second)
    return a == b or (a in CHINESE_PRIMARY and b in CHINESE_PRIMARY)


def _sample(article: Article) -> str:
    parts = [article.title, *article.key_points, *article.paragraphs]
    text = ""
    for part in parts:
        if len(text) >= SAMPLE_CHARS:
            break
        text += part + "\n"
    return text[:SAMPLE_CHARS]


def detect_language(text: str, model_cache_dir: Path | None = None) -> LanguageGuess | None:
    """The language of ``text``; None when it has no letters to go by."""
    counts = _script_counts(text)
    han, kana, hangul, other = counts["han"], counts["kana"], counts["hangul"], counts["other"]
    cjk_weight = (han + kana + hangul) * HAN_WEIGHT
    if cjk_weight == 0 and other == 0:
        return None
    if cjk_weight >= other:
        letters = cjk_weight + other
        if hangul >= han + kana:
            return LanguageGuess("ko", 1.0, letters)
        if kana and kana >= KANA_SHARE * (han + kana):
            return LanguageGuess("ja", 1.0, letters)
        return LanguageGuess(chinese_tag(text), 1.0, letters)
    return _langid_guess(text, other, model_cache_dir)


def chinese_tag(text: str) -> str:
    """``yue`` for written Cantonese, else ``zh-Hant`` or ``zh-Hans`` by the characters' script."""
    import hanzidentifier

    han = sum(1 for ch in text if _is_han(ch))
    markers = sum(1 for ch in text if ch in CANTONESE_MARKERS)
    if markers >= MIN_CANTONESE_MARKERS and markers >= CANTONESE_SHARE * han:
        return "yue"
    script = hanzidentifier.identify(text)
    return "zh-Hant" if script == hanzidentifier.TRADITIONAL else "zh-Hans"


def _is_han(ch: str) -> bool:
    code = ord(ch)
    return (
        0x4E00 <= code <= 0x9FFF
        or 0x3400 <= code <= 0x4DBF
        or 0x20000 <= code <= 0x2FA1F
        or (0xF900 <= code <= 0xFAFF)
    )


def _script_counts(text: str) -> dict[str, int]:
    counts = {"han": 0, "kana": 0, "hangul": 0, "other": 0}
    for ch in text:
        if _is_han(ch):
            counts["han"] += 1
        elif "\u3040" <= ch <= "\u30ff" or "\u31f0" <= ch <= "\u31ff" or "\uff66" <= ch <= "\uff9f":
            counts["kana"] += ch != "ー" and ch != "・"
        elif "\uac00" <= ch <= "\ud7af" or "\u1100" <= ch <= "\u11ff" or "\u3130" <= ch <= "\u318f":
            counts["hangul"] += 1
        elif ch.isalpha() and unicodedata.category(ch).startswith("L"):
            counts["other"] += 1
    return counts


LANGID_ALIASES = {"wuu": "zh-Hans", "zh": "zh-Hans", "nb": "no", "nn": "no"}
"""py3langid labels we record otherwise: Wu Chinese is its answer for some Mandarin (Chinese in a mostly Latin
text is too short to tell its script), and Norwegian's written standards share espeak-ng's one voice."""


@functools.cache
def _langid(model_cache_dir: Path | None) -> Any:
    from newscaster.text.langid_model import load_identifier

    return load_identifier(model_cache_dir)


def _langid_guess(text: str, letters: int, model_cache_dir: Path | None) -> LanguageGuess:
    code, probability = _langid(model_cache_dir).classify(text)
    return LanguageGuess(LANGID_ALIASES.get(code, code), float(probability), letters)
