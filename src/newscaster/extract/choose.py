"""Stage 6 of the cascade: keep the best-supported body.

The cleaned trafilatura candidate is the answer on most pages. Two things overrule it:

- **a misfire**: when chrome removal took most of the candidate's text, a rule went wrong on this page (a
  page has an article even when its markup calls the article ``paywall`` or every paragraph starts with
  "Photos"). The fallbacks are then weighed by how much prose each has that another extractor confirms;
- **a teaser**: when the page's JSON-LD ``articleBody`` is much longer than the HTML body and contains it,
  the HTML shows a paywalled or JS-loaded teaser; the JSON-LD body is the story (and the paywall text in the
  HTML is not read).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from newscaster.extract.document import word_count, words

MISFIRE_REMOVED_SHARE = 0.6
"""Chrome removal taking more than this share of a candidate's text is taken as a rule misfiring on the
page rather than a page that is mostly chrome: the fallback candidates are weighed."""

THIN_BODY_WORDS = 40
"""A body with fewer words of prose than this is not taken on trust: an extractor may have dropped the story
(live commentary in "comment" boxes, a forum thread) and the other candidates are weighed. Short briefs keep
their body unless another extractor confirms more prose."""

PROSE_MIN_WORDS = 8
"""A paragraph of at least this many words is prose; shorter blocks are labels, headings, teaser titles."""

SHINGLE_WORDS = 4
"""Candidates are compared on runs of this many words: long enough that chrome labels rarely match prose
by chance, short enough to survive different paragraph splitting."""

TEASER_MIN_RATIO = 1.5
"""A JSON-LD body this many times longer than the HTML body may be the full story behind a teaser."""

TEASER_MIN_CONTAINED = 0.5
"""…and it is, when at least this share of the HTML body's word runs also stand in the JSON-LD body."""


def shingles(paragraphs: Sequence[str]) -> set[tuple[str, ...]]:
    found: set[tuple[str, ...]] = set()
    for paragraph in paragraphs:
        ws = words(paragraph)
        found.update(tuple(ws[i : i + SHINGLE_WORDS]) for i in range(max(len(ws) - SHINGLE_WORDS + 1, 1)))
    return found


SHORT_TEXT_MIN_WORDS = 3
"""A text with no paragraph long enough to be prose is still an article when it has at least this many
words in finished sentences: "The ferry sailed again. It was calm." is a brief; "Menu" is not."""

_SENTENCE_END = re.compile(r"[.!?。！？][\"'”’)\]]*$")


def reads_as_sentences(paragraphs: Sequence[str]) -> bool:
    """The paragraphs end their sentences and hold a few words: a short story, not a label or a menu."""
    finished = [p for p in paragraphs if _SENTENCE_END.search(p.strip())]
    return bool(finished) and sum(word_count(p) for p in finished) >= SHORT_TEXT_MIN_WORDS


def prose_words(paragraphs: Sequence[str]) -> int:
    """Words of the paragraphs long enough to be prose (Chinese and Japanese in word equivalents)."""
    return round(sum(n for n in map(word_count, paragraphs) if n >= PROSE_MIN_WORDS))


def contained(inner: Sequence[str], outer: Sequence[str]) -> float:
    """Share of ``inner``'s word runs that also stand in ``outer`` (0 when ``inner`` is empty)."""
    runs = shingles(inner)
    return len(runs & shingles(outer)) / len(runs) if runs else 0.0


def supported_prose(paragraphs: Sequence[str], confirmed: set[tuple[str, ...]]) -> int:
    """Words of the prose paragraphs, each counted as far as its word runs stand in ``confirmed``."""
    total = 0
    for paragraph in paragraphs:
        length = word_count(paragraph)
        if length >= PROSE_MIN_WORDS:
            runs = shingles([paragraph])
            total += round(length * len(runs & confirmed) / len(runs))
    return total


def is_teaser(html_body: Sequence[str], json_ld_body: Sequence[str]) -> bool:
    """The HTML body is the beginning of the JSON-LD body, which is much longer."""
    html_chars = sum(len(p) for p in html_body)
    json_chars = sum(len(p) for p in json_ld_body)
    return json_chars >= TEASER_MIN_RATIO * max(html_chars, 1) and (
        not html_body or contained(html_body, json_ld_body) >= TEASER_MIN_CONTAINED
    )


@dataclass(frozen=True)
class Option:
    """A body the cascade may keep: a candidate's paragraphs after some of the chrome rules."""

    name: str
    source: str
    """The extractor the paragraphs come from (``Candidate.name``): an extractor does not confirm itself."""
    paragraphs: tuple[str, ...]


SUPPORT_TIE_SHARE = 0.9
"""Options whose confirmed prose comes within this share of the most are tied, and the first of them (in the
order of trust) wins: a body with the site's whole menu besides the story had 5 % more prose than the story
alone (a menu's few longer labels), and 0.8 would drop a standfirst that only one extractor found."""


def best_supported(options: Sequence[Option], sources: Mapping[str, Sequence[str]]) -> Option | None:
    """The option with the most prose that another extractor's raw output confirms (the first of those
    within ``SUPPORT_TIE_SHARE`` of it), or None when no option has any prose."""
    with_prose = [o for o in options if prose_words(o.paragraphs)]
    if not with_prose:
        return None
    runs = {name: shingles(blocks) for name, blocks in sources.items()}

    def support(option: Option) -> int:
        confirmed: set[tuple[str, ...]] = set()
        for name, found in runs.items():
            if name != option.source:
                confirmed |= found
        return supported_prose(option.paragraphs, confirmed)

    supports = {o.name: support(o) for o in with_prose}
    most = max(supports.values())
    return next(o for o in with_prose if supports[o.name] >= most * SUPPORT_TIE_SHARE)
