"""The "N minute read" label: silent reading time, not listening time.

Words per minute for languages written with spaces; characters per minute for Chinese and Japanese, which
are not (their "word count" would be a count of sentences).
"""

from __future__ import annotations

import re

from newscaster.config import SILENT_READING_WPM
from newscaster.language_tags import spoken_language
from newscaster.models import Article

CHINESE_CHARS_PER_MINUTE = 255
"""Silent reading of Chinese by adults: 255 ± 29 characters per minute (IReST: Trauzettel-Klosinski &
Dietz, "Standardized assessment of reading performance", Investigative Ophthalmology & Visual Science
53(9), 2012)."""
JAPANESE_CHARS_PER_MINUTE = 357
"""Silent reading of Japanese by adults: 357 ± 56 characters per minute (the same IReST study)."""
CHARS_PER_MINUTE = {
    "cmn": CHINESE_CHARS_PER_MINUTE,
    "yue": CHINESE_CHARS_PER_MINUTE,
    "ja": JAPANESE_CHARS_PER_MINUTE,
}
"""Spoken language (``language_tags.spoken_language``) → characters per minute, for the languages read so."""


def reading_minutes(word_count: int, wpm: int = SILENT_READING_WPM) -> int:
    """Whole minutes to read ``word_count`` words silently: rounded half up, at least 1 for any text."""
    if word_count <= 0:
        return 0
    if wpm <= 0:
        raise ValueError("wpm must be positive")
    return max(1, (word_count * 2 + wpm) // (2 * wpm))


def article_reading_minutes(article: Article, wpm: int = SILENT_READING_WPM) -> int:
    """Reading time of an article's body in its language: characters per minute for Chinese and Japanese
    (spaced words inside them, such as English names, at ``wpm``), else words at ``wpm``."""
    chars_per_minute = CHARS_PER_MINUTE.get(spoken_language(article.language))
    if chars_per_minute is None:
        return reading_minutes(article.word_count, wpm)
    text = "\n".join(article.paragraphs)
    dense, spaced_words = dense_characters(text), spaced_word_count(text)
    minutes = dense / chars_per_minute + spaced_words / wpm
    return 0 if dense + spaced_words == 0 else max(1, int(minutes + 0.5))


CJK_CHARS_PER_WORD = 1.7
"""Characters of Chinese or Japanese per word, to state a pace in words per minute: IReST's readers read
158 words and 255 characters a minute in Chinese (1.6 a word), 193 and 357 in Japanese (1.85)."""


DENSE_CHARACTERS = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f"
"""Kana and Han characters (a regular-expression class body): Chinese and Japanese are read, and compared,
character by character, as they write no spaces."""
DENSE_CHARACTER = re.compile(f"[{DENSE_CHARACTERS}]")


def dense_characters(text: str) -> int:
    """Chinese characters and kana in ``text``: the units Chinese and Japanese are read in."""
    return len(DENSE_CHARACTER.findall(text))


def spaced_word_count(text: str) -> int:
    """Whitespace-separated words without Chinese characters or kana in them (English names in Chinese)."""
    return sum(1 for word in text.split() if not DENSE_CHARACTER.search(word))


def word_equivalents(text: str) -> float:
    """Words in ``text``, Chinese and Japanese counted as ``CJK_CHARS_PER_WORD`` characters a word; for
    other text simply its whitespace-separated words."""
    dense = dense_characters(text)
    if dense == 0:
        return len(text.split())
    return spaced_word_count(text) + dense / CJK_CHARS_PER_WORD


def format_minutes(minutes: int) -> str:
    """``1`` → "1 minute", ``4`` → "4 minutes"."""
    return f"{minutes} minute" if minutes == 1 else f"{minutes} minutes"
