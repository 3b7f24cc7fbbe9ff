"""A story's end matter: the reference list after the last paragraph, and a press release's contact box.

Wikis, journals and explainers close with a section of citations ("^ a b van der Maaten, L.J.P. (2008) …",
"1. Peasah SK, Azziz-Baumgartner E, et al. …") that a reader skips and a listener cannot: one journal page
read 195 of them. Such a section goes, from its heading to the end, when both its place and its lines say
so: the heading is a reference heading in the second half of the text, and most lines after it read as
citations or links. A recipe's "Notes" or a guide's "Note" are not reference headings; a list of sources
that reads as prose stays.

A press release closes with its contacts ("Pressekontakt:", a name, "Tel.: 0228-999582-5777", "E-Mail:
presse@…"): a heading of that kind in the later part of the text, and the run of contact lines after it,
go together when the run holds an address, a phone number or an e-mail address.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

END_MATTER_MIN_POSITION = 0.5
"""A reference heading counts only in the second half of the paragraphs: earlier, it names a section of the
story ("Literatur" heading a page about books)."""

CITATION_MIN_SHARE = 0.5
"""Share of the lines after the heading that must read as citations or links (``_CITATION``)."""

LONG_LIST_CITATION_SHARE = 0.85
LONG_LIST_MIN_POSITION = 3
"""A reference list longer than the story itself (a journal article's 42 references after 22 paragraphs)
starts in the first half: there its lines must nearly all read as citations, after a few paragraphs."""

_HEADING = re.compile(
    r"^(references|notes and references|external links|see also|further reading|bibliography|footnotes"
    r"|sources|works cited"
    r"|einzelnachweise|weblinks|literatur|literaturverzeichnis|literaturhinweise|quellen|quellenangaben"
    r"|fußnoten|références|liens externes|voir aussi|bibliographie|referencias|enlaces externos"
    r"|véase también|bibliografía|bibliografia|collegamenti esterni|voci correlate|przypisy"
    r"|linki zewnętrzne|referências|ligações externas)(\s*\[[^\]]{1,40}\])?\s*:?$",
    re.IGNORECASE,
)  # fmt: skip
"""Headings of a reference section, in the languages we read (a MediaWiki "[edit]" link may follow)."""

_CITATION = re.compile(
    r"\b1[5-9]\d\d\b|\b20\d\d\b|https?://|www\.|\bdoi\b|\bisbn\b|^\s*(\^|↑|\[\d+\]|\d+\.(\s|$)|[₀-₉¹²³⁴-⁹]+\s)",
    re.IGNORECASE,
)
"""A citation names a year, an address, a DOI or ISBN, or starts with a note's number or back-link ("^",
MediaWiki's "↑")."""


def end_matter_start(paragraphs: Sequence[str]) -> int | None:
    """Where the story's reference section starts (its heading's index), or None. One pass from the end: a
    page of a thousand "References" lines costs no more than one."""
    cited_after = 0  # citations among the paragraphs after the current one
    start = None
    for i in range(len(paragraphs) - 1, LONG_LIST_MIN_POSITION - 1, -1):
        if _HEADING.match(paragraphs[i].strip()):
            late = i >= END_MATTER_MIN_POSITION * len(paragraphs)
            share = CITATION_MIN_SHARE if late else LONG_LIST_CITATION_SHARE
            if cited_after >= share * (len(paragraphs) - i - 1):
                start = i  # the earliest heading that qualifies wins
        if _CITATION.search(paragraphs[i]):
            cited_after += 1
    return start


CONTACT_MIN_POSITION = 0.3
"""A contact heading counts from this share of the paragraphs on (press releases put the box near the end,
sometimes before an "about us" paragraph)."""

CONTACT_LINE_MAX_WORDS = 8
"""Lines of a contact box without a hard sign (an address, a number) are names, roles and organisations."""

CONTACT_SIGNED_LINE_MAX_WORDS = 25
"""A line with a hard sign is a contact line only this short: a sentence may name a phone number."""

CONTACT_SIGN_WITHIN = 4
"""A hard sign must come within this many lines of the heading: a site menu's "Pressekontakt" item is
followed by more menu items, never by an address."""

_CONTACT_HEADING = re.compile(
    r"^(press(e)?kontakt(e)?|medienkontakt(e)?|media contacts?|press contacts?|press enquiries|pressestelle"
    r"|ansprechpartner(in|innen)?|kontakt( investoren| für (die )?(presse|medien))?|contact( presse| press)?"
    r"|contacto( de prensa)?|contatto stampa|kontakt dla mediów)\s*:?$",
    re.IGNORECASE,
)  # fmt: skip
_CONTACT_SIGN = re.compile(
    r"[\w.+-]+@[\w-]+\.[\w.]+|\(at\)|https?://|www\.|\b(tel|telefon|phone|fax|mobil|e-mail|email)\b\.?\s*:?"
    r"|\+\d{2}[\s\d()/-]{6,}|\b\d{4,5} [A-ZÄÖÜ][a-zäöüß]+",
    re.IGNORECASE,
)
"""A hard sign of a contact line: an e-mail or web address, a phone or fax label or number, a postcode."""
_SENTENCE_END = re.compile(r"[.!?]\W*$")


def contact_box(paragraphs: Sequence[str]) -> range | None:
    """The paragraphs of a press contact box (its heading and the contact lines after it), or None."""
    i = math.ceil(CONTACT_MIN_POSITION * len(paragraphs))
    while i < len(paragraphs):
        if not _CONTACT_HEADING.match(paragraphs[i].strip()):
            i += 1
            continue
        stop = i + 1
        while stop < len(paragraphs) and _is_contact_line(paragraphs[stop]):
            stop += 1
        if any(_CONTACT_SIGN.search(p) for p in paragraphs[i + 1 : min(stop, i + 1 + CONTACT_SIGN_WITHIN)]):
            return range(i, stop)
        i = stop  # the headings inside this run were part of it: each line is looked at once
    return None


def _is_contact_line(line: str) -> bool:
    text = line.strip()
    length = len(text.split())
    return bool(
        (_CONTACT_SIGN.search(text) and length <= CONTACT_SIGNED_LINE_MAX_WORDS)
        or _CONTACT_HEADING.match(text)
        or (length <= CONTACT_LINE_MAX_WORDS and not _SENTENCE_END.search(text))
    )
