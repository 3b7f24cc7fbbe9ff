"""Split a paragraph into sentences, keeping character offsets into the original text.

The base is sentencex (Wikimedia's rule-based splitter, best on news text here); a small fix-up layer then
repairs what it gets wrong on news copy and on lists:

* merge after a title that always precedes a name ("Ms.", "Sen.", "Lt."): sentencex splits "Ms. | Priya";
* merge after "No."/"Vol."/"p."/"approx." when a number follows, after "Sept." etc. before a day or year, and
  after "a.m."/"p.m." when the next word is lowercase;
* split after a sentence-final "U.S."/"U.K."/"U.N."/"E.U." when a typical opener follows ("The", "It");
* numbered and lettered lists ("1. First item 2. Second item", "a. … b. …") become one sentence per item;
* a four-dot ellipsis ("words. . . . Next") ends the sentence at its first period;
* in every language: a dash and a small letter continue the quotation before ("«Где?» — спросил он"), an
  ellipsis glued to a word leads into that word's sentence ("raak. ...en toen"), number signs ("n. 5",
  "n.º 5", "N°. 12") are followed by their number; titles of one language ("M." in French, "د." in Arabic).

Chinese and Japanese have their own splitter (``_split_cjk``): a sentence ends at 。！？ (fullwidth or not)
or an ellipsis, with the closing quotes and brackets after them (」』”）); a Latin "." ends one only before a
space ("U.S." inside a Chinese sentence does not); a title in 《》 keeps its own stops, as does a Japanese
quotation that a particle joins to the rest of its sentence (「行きます。」と言った).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import sentencex

from newscaster.language_tags import primary_subtag
from newscaster.text.news_words import MONTHS, TIME_ZONES


@dataclass(frozen=True)
class SentenceSpan:
    """A sentence inside a paragraph: ``text == paragraph[start_char:end_char]``, without outer whitespace."""

    start_char: int
    end_char: int
    text: str


# Titles that precede a name and never end a sentence in news copy.
_TITLE_ABBREVIATIONS = (
    "Mr|Mrs|Ms|Mx|Dr|Prof|Sen|Sens|Rep|Reps|Gov|Govs|Gen|Lt|Col|Capt|Cmdr|Cdr|Maj|Sgt|Cpl|Pvt|Adm|Brig|"
    "Rev|Fr|Hon|Pres|Supt|Insp|Det|Gov|Atty|Amb|Msgr|Sr|Sra|Mme|Mlle|Messrs"
)
# Abbreviations that precede a number ("No. 1", "Vol. 3", "pp. 46-48", "approx. 5").
_NUMBER_ABBREVIATIONS = (
    "No|Nos|no|nos|Vol|Vols|vol|p|pp|Fig|fig|Figs|approx|Approx|ca|c|Art|Sec|Ch|Ex|Nr|nr|"
    "n|nn|N|N°|n°|Nº|nº|núm|Núm|Nro|nro|Nᵒ"
)
"""With the number signs of other languages: Italian "decreto n. 5", Spanish "n.º 5" and "N°. 1026"."""
_MONTH_ABBREVIATIONS = "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"

_ENDS_WITH_TITLE = re.compile(rf"(?:^|[\s(\[“\"'‘])(?:{_TITLE_ABBREVIATIONS})\.$")
_ENDS_WITH_NUMBER_ABBREVIATION = re.compile(rf"(?:^|[\s(\[])(?:{_NUMBER_ABBREVIATIONS})\.$")
_ENDS_WITH_MONTH_ABBREVIATION = re.compile(rf"(?:^|[\s(\[])(?:{_MONTH_ABBREVIATIONS})\.$")
_ENDS_WITH_AM_PM = re.compile(r"\b[ap]\.m\.$", re.IGNORECASE)
_STARTS_WITH_DIGIT = re.compile(r"^[\s(\[]*[#ºª°]?\s*\d")
_STARTS_LOWERCASE = re.compile(r"^[\s(\[“\"'‘]*[a-z]")
# After "a.m."/"p.m." a day, a date or a time zone continues the sentence ("at 3 p.m. Tuesday", "6 p.m.
# ET on Friday"); any other capitalised word starts a new one ("at 9 a.m. Mr. Lee spoke" is two).
_CONTINUES_A_TIME = re.compile(
    r"^[\s(]*(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|today|tomorrow|tonight|yesterday|"
    rf"{MONTHS}|{'|'.join(sorted(TIME_ZONES))})(?!\w)"
)

_LANGUAGE_TITLES = {
    "fr": re.compile(r"(?:^|[\s(\[«“\"'‘])(?:M|MM|Mgr)\.$"),
    "ar": re.compile(r"(?:^|\s)(?:د|أ\.د|أ)\.$"),
}
"""Titles before a name in one language only: French "M. Macron", "MM. Dupont et Durand"; Arabic "د." (Dr)
and "أ." (professor)."""
_DASH_THEN_LOWERCASE = re.compile(r"^[—–]\s*(?=[^\W\d_])")
"""A sentence does not begin with a dash and a small letter: that is a quotation's attribution ("«Где?» —
спросил он", "“Why?” — she asked"), so the quotation before it continues."""
_ENDS_WITH_SHORT_ABBREVIATION = re.compile(r"(?:^|[\s(])[^\W\d_]{1,4}\.$")
"""A short word with a dot, then a small letter: an abbreviation inside the sentence in any language ("od
2018 r. korzystający", "ca. zwei"), which the splitter took for its end."""
_LETTER_ITEM = re.compile(r"^[a-z]\)")
"""An item of a lettered list ("a) Wie viel …"): a new sentence even after "5 m."."""
_LIST_NUMBER_END = re.compile(r"(?:^|\s)\d{1,2}\.$")
_ELLIPSIS_END = re.compile(r"(?:\.\.\.|…)$")
_ELLIPSIS_AFTER_SENTENCE_END = re.compile(r"[.!?»”\"']\s+(?P<ellipsis>\.\.\.|…)$")
_GERMAN_ORDINAL = re.compile(
    r"(?:(?:^|\s)(?:der|die|das|den|dem|des|am|im|zum|zur|vom|beim|ins|ans|ab|bis|seit|ihr|ihre|ihrem|ihren|"
    r"sein|seine|seinem|seinen)\s+\d{1,3}|(?<=\d\.)\s*[-–]\s*\d{1,3})\.$",
    re.IGNORECASE,
)
"""A German ordinal after an article or as the end of a range ("der 1. FC Köln", "am 3. Oktober", "im 1. -3.
Jahrhundert"): sentencex ends a sentence at a number's dot before a capitalized noun."""

# A dotted country/organisation abbreviation that ends one sentence before a typical sentence opener. The
# list of openers is a heuristic: words that rarely follow "U.S." inside a name ("U.S. Steel", "U.S. Open").
_DOTTED_END_THEN_OPENER = re.compile(
    r"\b(?:U\.S|U\.K|U\.N|E\.U)\.(?=\s+(?:The|It|He|She|They|We|I|But|And|In|This|That|These|Those|There|"
    r"A|An|Its|His|Her|Their|Our|On|At|By|For|So|Yet|Now|Then|Meanwhile|However|Still)\b)"
)

# List markers: "1.", "⁃9.", "a." at the start of an item.
_LIST_MARKER_ONLY = re.compile(r"^(?:[⁃•‣∙◦*-]\s*)?(?:\d{1,2}|[a-z])\.$")
_NUMBERED_START = re.compile(r"^\s*(?P<bullet>[⁃•‣∙◦*-]\s*)?(?P<marker>\d{1,2}|[a-z])\.\s")
_FOUR_DOT_ELLIPSIS_END = re.compile(r"(?<=\w)\.(?P<ellipsis> \. \. \.)$")


CJK_SENTENCE_LANGUAGES = frozenset({"zh", "cmn", "yue", "wuu", "hak", "nan", "ja"})
"""Primary subtags written without spaces and with CJK full stops; Korean writes spaces and Latin stops."""
_CJK_END = re.compile(r"(?:[。！？!?]+|…+|\.(?=\s))[”’」』）)\]】》〉\"']*")


def split_sentences(text: str, language: str = "en") -> list[SentenceSpan]:
    """Split ``text`` into sentences with offsets; whitespace-only input gives an empty list."""
    if primary_subtag(language) in CJK_SENTENCE_LANGUAGES:
        return _split_cjk(text, primary_subtag(language))
    spans: list[tuple[int, int]] = []
    for item_start, item_end in _list_items(text):
        spans.extend(_split_item(text, item_start, item_end, language))
    spans = _fix_four_dot_ellipses(text, spans)
    return [SentenceSpan(start, end, text[start:end]) for start, end in spans if start < end]


def _split_cjk(text: str, language: str) -> list[SentenceSpan]:
    spans: list[tuple[int, int]] = []
    start = 0
    for end in _CJK_END.finditer(text):
        if _inside_title_marks(text, start, end.start()):
            continue
        if language == "ja" and end.group()[-1] in "」』" and _JAPANESE_QUOTE_PARTICLE.match(text, end.end()):
            continue
        spans.append(_strip(text, start, end.end()))
        start = end.end()
    spans.append(_strip(text, start, len(text)))
    return [SentenceSpan(a, b, text[a:b]) for a, b in spans if a < b]


_JAPANESE_QUOTE_PARTICLE = re.compile(r"(?:と|って|を|が|は|の|に|で|も|や)")
"""A particle right after a Japanese quotation or title joins it to the rest of the sentence:
「行きます。」と言った, 『君の名は。』を見た."""


def _inside_title_marks(text: str, start: int, position: int) -> bool:
    """A work's title in 《》 is part of the sentence naming it, stops and all ("去看《摔跤吧！爸爸》好吗？");
    an opening mark never closed does not hold the rest of the paragraph."""
    opened = text.rfind("《", start, position)
    return opened > text.rfind("》", start, position) and text.find("》", position) != -1


def _split_item(text: str, start: int, end: int, language: str) -> list[tuple[int, int]]:
    chunk = text[start:end]
    raw: list[tuple[int, int]] = []
    for boundary in _boundaries(language, chunk):
        raw.append(_strip(text, start + boundary[0], start + boundary[1]))
    result: list[tuple[int, int]] = []
    for span in _merged(text, raw, language):
        for piece in _split_after_dotted_abbreviation(text, span):
            result.extend(_split_long_quotation(text, piece, language))
    return result


LONG_QUOTATION_WORDS = 40
"""A "sentence" longer than this that holds whole sentences inside quotation marks is cut at their ends.
sentencex never ends a sentence inside quotes ("« Je viens. » Il part." is right as two), but a paragraph
quoting someone at length would be one highlighted block, seconds long, in the read-along."""
_QUOTE_MARKS = re.compile('[«»‹›“”„‟"]')


def _split_long_quotation(text: str, span: tuple[int, int], language: str) -> list[tuple[int, int]]:
    start, end = span
    if len(text[start:end].split()) <= LONG_QUOTATION_WORDS or not _QUOTE_MARKS.search(text, start, end):
        return [span]
    # The same text with its quotation marks blanked (offsets unchanged): the splitter sees the sentences.
    unquoted = _QUOTE_MARKS.sub(" ", text[start:end])
    found = [_strip(text, start + a, start + b) for a, b in _boundaries(language, unquoted)]
    pieces = _merged(text, found, language)
    # Each cut is moved past the closing marks that belong to the sentence before it ("… attend. »").
    cuts = [_past_closing_marks(text, b, end) for _, b in pieces[:-1]]
    bounds = [start, *cuts, end]
    return [
        p for p in (_strip(text, bounds[i], bounds[i + 1]) for i in range(len(bounds) - 1)) if p[0] < p[1]
    ]


_CLOSING_MARKS = "»›”\"'’)"


def _past_closing_marks(text: str, position: int, end: int) -> int:
    while position < end and (text[position] in _CLOSING_MARKS or text[position].isspace()):
        if text[position].isspace() and (position + 1 >= end or text[position + 1] not in _CLOSING_MARKS):
            break
        position += 1
    return position


def _merged(text: str, spans: list[tuple[int, int]], language: str) -> list[tuple[int, int]]:
    """The splitter's spans, rejoined where it cut after a title, an ordinal or a list marker."""
    merged: list[tuple[int, int]] = []
    for span in (s for s in spans if s[0] < s[1]):
        if merged and _should_merge(text[merged[-1][0] : merged[-1][1]], text[span[0] : span[1]], language):
            merged[-1] = (merged[-1][0], span[1])
        elif merged and merged[-1][1] == span[0] and _ELLIPSIS_END.search(text, *merged[-1]):
            merged[-1:] = _with_leading_ellipsis(text, merged[-1], span)
        elif merged and merged[-1][1] == span[0] and _LIST_NUMBER_END.search(text, *merged[-1]):
            merged[-1] = (merged[-1][0], span[1])  # "1.Helado, 2.Carne": a list in a sentence, no space
        else:
            merged.append(span)
    return merged


def _with_leading_ellipsis(
    text: str, previous: tuple[int, int], span: tuple[int, int]
) -> list[tuple[int, int]]:
    """An ellipsis glued to the next word ("raak. ...en toen") leads into that sentence and goes with it. It
    still ends the sentence before where that one had ended ("Er ging. ...und dann" is "Er ging." and
    "...und dann"). Inside a sentence the two are one ("what I mean...see") unless a capital follows ("It
    was great...The end": a missing space)."""
    start, end = previous
    match = _ELLIPSIS_AFTER_SENTENCE_END.search(text, start, end)
    if match is not None:
        return [_strip(text, start, match.start("ellipsis")), (match.start("ellipsis"), span[1])]
    if _ELLIPSIS_END.fullmatch(text, start, end) or not text[span[0]].isupper():
        return [(start, span[1])]
    return [previous, span]


def _boundaries(language: str, chunk: str) -> list[tuple[int, int]]:
    # sentencex itself uses its English rules for a language code it does not know (or an empty one).
    found = sentencex.get_sentence_boundaries(language, chunk)
    return [(b["start_index"], b["end_index"]) for b in found]


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _should_merge(previous: str, following: str, language: str) -> bool:
    if _LIST_MARKER_ONLY.match(previous):
        return True
    if _ENDS_WITH_TITLE.search(previous):
        return True
    primary = primary_subtag(language)
    titles = _LANGUAGE_TITLES.get(primary)
    if titles is not None and titles.search(previous):
        return True
    if primary == "de" and _GERMAN_ORDINAL.search(previous):
        return True
    if (
        _ENDS_WITH_SHORT_ABBREVIATION.search(previous)
        and following[:1].islower()
        and not _LETTER_ITEM.match(following)
    ):
        return True
    dash = _DASH_THEN_LOWERCASE.match(following)
    if dash and following[dash.end()].islower():
        return True
    if _ENDS_WITH_NUMBER_ABBREVIATION.search(previous) and _STARTS_WITH_DIGIT.match(following):
        return True
    if _ENDS_WITH_MONTH_ABBREVIATION.search(previous) and _STARTS_WITH_DIGIT.match(following):
        return True
    return bool(
        _ENDS_WITH_AM_PM.search(previous)
        and (_STARTS_LOWERCASE.match(following) or _CONTINUES_A_TIME.match(following))
    )


def _split_after_dotted_abbreviation(text: str, span: tuple[int, int]) -> list[tuple[int, int]]:
    start, end = span
    pieces: list[tuple[int, int]] = []
    for match in _DOTTED_END_THEN_OPENER.finditer(text, start, end):
        pieces.append(_strip(text, start, match.end()))
        start = match.end()
    pieces.append(_strip(text, start, end))
    return [p for p in pieces if p[0] < p[1]]


def _list_items(text: str) -> list[tuple[int, int]]:
    """Cut a paragraph that starts with a list marker ("1.", "a.", "⁃9.") at each next marker in sequence.

    Only sequential markers count (after "1." we look for "2.", after "a." for "b."), so an ordinary
    sentence that happens to contain "2." is not cut.
    """
    first = _NUMBERED_START.match(text)
    if not first:
        return [(0, len(text))]
    bullet = re.escape(first["bullet"] or "")
    marker = first["marker"]
    cuts = [0]
    position = first.end()
    while True:
        marker = _next_marker(marker)
        pattern = re.compile(rf"(?<=\s){bullet}{re.escape(marker)}\.\s")
        found = pattern.search(text, position)
        if not found:
            break
        cuts.append(found.start())
        position = found.end()
    cuts.append(len(text))
    return [(cuts[i], cuts[i + 1]) for i in range(len(cuts) - 1)]


def _next_marker(marker: str) -> str:
    if marker.isdigit():
        return str(int(marker) + 1)
    return chr(ord(marker) + 1)


def _fix_four_dot_ellipses(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Four-dot ellipsis: "words. . . . The next" → "words." + ". . . The next" (the Golden Rules' form)."""
    fixed = list(spans)
    for i in range(len(fixed) - 1):
        start, end = fixed[i]
        match = _FOUR_DOT_ELLIPSIS_END.search(text, start, end)
        if match:
            fixed[i] = (start, match.start("ellipsis"))
            fixed[i + 1] = (match.start("ellipsis") + 1, fixed[i + 1][1])
    return fixed
