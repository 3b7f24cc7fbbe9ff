"""Passages in another script: which sentences of an article its own voice cannot read.

A German blog post carries its Greek translation whole; an English post on Japan quotes its Japanese
instructions; a page of Chinese lyrics lists English song titles. The article's voice reads such a sentence
as letter soup (hibari spells Cyrillic and Greek letter by letter, and says nothing for Japanese), so
``prepare`` marks it with its own language, normalizes it as that language, and the pipeline has the best
installed voice for that language read it.

Only a change of *script* marks a passage. A French quotation in an English article is written in the same
letters, and a language model is no judge of one short sentence (``text/language.py``'s benchmark: 4 % of
headline-length snippets named wrong), so those stay with the article's voice.
"""

from __future__ import annotations

import functools
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from newscaster.language_tags import primary_subtag
from newscaster.models import Article
from newscaster.text.language import detect_language
from newscaster.text.lexicon import Lexicon, default_lexicon
from newscaster.text.normalize import TextNormalizer, normalizer_for

MIN_PASSAGE_LETTERS = 8
"""Fewer letters in another script than this are a name or a word ("Ελλάδα", "東京"), which the article's
voice may spell but which is no sentence to hand to another voice mid-paragraph."""
PASSAGE_SHARE = 0.6
"""The share of a sentence's letters that must be in the other script: a sentence that mostly reads in the
article's own script (an English sentence naming "東京都庁") stays with the article's voice."""

_CJK_SCRIPTS = frozenset({"CJK", "HIRAGANA", "KATAKANA", "HALFWIDTH", "KATAKANA-HIRAGANA"})
"""Chinese characters and kana are one writing system here: Japanese mixes them in every sentence."""


@functools.lru_cache(maxsize=4096)
def script_of(character: str) -> str | None:
    """The script a letter is written in, as Unicode names it ("LATIN", "CYRILLIC", "GREEK", "CJK" for
    Chinese characters and kana); None for anything that is not a letter."""
    if not character.isalpha():
        return None
    if character.isascii():
        return "LATIN"
    name = unicodedata.name(character, "")
    first = name.split(" ", 1)[0]
    if first in _CJK_SCRIPTS:
        return "CJK"
    if name.startswith("FULLWIDTH LATIN"):
        return "LATIN"
    return first or None


def script_counts(text: str) -> Counter[str]:
    """Letters of ``text`` per script."""
    counts: Counter[str] = Counter()
    if text.isascii():
        letters = sum(1 for ch in text if ch.isalpha())
        if letters:
            counts["LATIN"] = letters
        return counts
    for character in text:
        script = script_of(character)
        if script is not None:
            counts[script] += 1
    return counts


def main_script(texts: Iterable[str]) -> str | None:
    """The script most of the texts' letters are written in; None when they have no letters."""
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(script_counts(text))
    return counts.most_common(1)[0][0] if counts else None


def passage_language(
    text: str, article_script: str | None, article_language: str, model_cache_dir: Path | None = None
) -> str | None:
    """The language of ``text`` when it is a passage in another script than the article's
    (``article_script``, from ``main_script``) and not in the article's own language; else None."""
    if article_script is None or text.isascii() and article_script == "LATIN":
        return None
    counts = script_counts(text)
    if not counts:
        return None
    script, letters = counts.most_common(1)[0]
    if script == article_script or letters < MIN_PASSAGE_LETTERS:
        return None
    if letters < PASSAGE_SHARE * sum(counts.values()):
        return None
    guess = detect_language(text, model_cache_dir)
    if guess is None or primary_subtag(guess.tag) == primary_subtag(article_language):
        return None
    if script == "LATIN" and not guess.clear:
        return None  # dozens of languages write Latin letters: a short title is anyone's
    return guess.tag


@dataclass(frozen=True)
class Reading:
    """How the sentences of one language are made speakable: its normalizer and lexicon."""

    language: str
    normalizer: TextNormalizer
    lexicon: Lexicon


PassageReader = Callable[[str], Reading | None]
"""A sentence's text → how to read it when it is a passage in another language, else None."""


def passage_reader(article: Article, cache_dir: Path, lexicon_path: Path | None = None) -> PassageReader:
    """``passage_language`` for the sentences of ``article``, with the other languages' normalizers and
    lexicons made once each (``cache_dir`` holds NeMo's grammars and the language model, as for the
    article's own)."""
    article_script = main_script([article.title, *article.paragraphs])

    @functools.cache
    def reading(language: str) -> Reading:
        normalizer = normalizer_for(language, cache_dir / "normalizer")
        return Reading(language, normalizer, default_lexicon(lexicon_path, language))

    def read(text: str) -> Reading | None:
        language = passage_language(text, article_script, article.language, cache_dir / "langid")
        return reading(language) if language else None

    return read
