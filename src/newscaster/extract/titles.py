"""A headline for an article that came without one (pasted text with no "# " line).

Without a title an article has no link in the library, an empty ``<title />`` in the podcast feed and no
headline on its page. Its first sentence, trimmed at a word to headline length, stands in. That sentence
is also the start of the body, so ``spoken_title`` keeps the narration from reading it twice.

Applied once the article's language is known (``pipeline.read_article``), as sentences end differently in
Chinese and Japanese.
"""

from __future__ import annotations

import dataclasses
import re

from newscaster.models import Article
from newscaster.text.sentences import split_sentences

TITLE_MAX_CHARS = 90
"""A derived headline is cut at a word before this many characters (with "…"): about the length of
news headlines (60–90 characters), and what a library row or a podcast app shows in one or two lines."""
TITLE_MIN_CHARS = 40
"""When cutting, a clause break (comma, dash, colon) after at least this many characters is preferred to
a cut between words: "The council approved the budget, …" reads better than "… the budget on a".
"""
ELLIPSIS = "…"

_CLAUSE_BREAK = re.compile(r"\s*[,;:–—]\s+|\s+-\s+")
_FULL_STOPS = (".", "。", "．")
"""A headline drops its sentence's full stop (Latin, CJK ideographic and full-width); ? and ! stay."""
_TRAILING = re.compile(r"[\s,;:.!?–—。．，、；：！？-]+$")


def title_from_text(paragraphs: tuple[str, ...], language: str = "en") -> str:
    """The first sentence of the first paragraph with words, as a headline; "" when there is none."""
    for paragraph in paragraphs:
        spans = split_sentences(paragraph, language)
        if spans:
            return headline(spans[0].text)
    return ""


def headline(sentence: str) -> str:
    """``sentence`` without its final stop, cut to ``TITLE_MAX_CHARS`` at a clause break or a word."""
    text = " ".join(sentence.split())
    if len(text) <= TITLE_MAX_CHARS:
        return _TRAILING.sub("", text) if text.endswith(_FULL_STOPS) else text
    room = text[: TITLE_MAX_CHARS - len(ELLIPSIS) + 1]
    breaks = [m.start() for m in _CLAUSE_BREAK.finditer(room) if m.start() >= TITLE_MIN_CHARS]
    cut = breaks[-1] if breaks else room.rfind(" ")
    if cut <= 0:  # one enormous "word" (a URL): cut it where it is
        cut = TITLE_MAX_CHARS - len(ELLIPSIS)
    return _TRAILING.sub("", text[:cut]) + ELLIPSIS


def with_title(article: Article) -> Article:
    """``article``, with its first sentence as its title when it has none."""
    if article.title.strip():
        return article
    return dataclasses.replace(article, title=title_from_text(article.paragraphs, article.language))


def spoken_title(article: Article) -> Article:
    """What the intro reads: the article without its title when the body opens with it (a title made
    from the first sentence, or a page that repeats its headline), so it is not heard twice."""
    title = article.title.strip()
    stem = title.removesuffix(ELLIPSIS).rstrip()
    first = " ".join(article.paragraphs[0].split()) if article.paragraphs else ""
    if not stem or not first.startswith(stem):
        return article
    after = first[len(stem) : len(stem) + 1]
    # The whole first sentence ("Ferry returns." after the headline "Ferry returns"), or a cut one up to a
    # word's end; not a headline that merely begins the same way ("Ferry" before "Ferry services …").
    # Chinese and Japanese put no space after a sentence: a stem ending in 。！？ is a whole one.
    whole_sentence = (
        after in {"", ".", "!", "?", "。", "．", "！", "？"}
        or (stem[-1] in ".!?" and after.isspace())
        or stem[-1] in "。！？"
    )
    repeated = whole_sentence or (title.endswith(ELLIPSIS) and not after.isalnum())
    return dataclasses.replace(article, title="") if repeated else article
