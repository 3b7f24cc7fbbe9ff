"""A story's end matter: the reference list, "External links" or "Weblinks" after the last paragraph.

Wikis, journals and explainers close with a section of citations ("^ a b van der Maaten, L.J.P. (2008) …",
"1. Peasah SK, Azziz-Baumgartner E, et al. …") that a reader skips and a listener cannot: one journal page
read 195 of them. Such a section goes, from its heading to the end, when both its place and its lines say
so: the heading is a reference heading in the second half of the text, and most lines after it read as
citations or links. A recipe's "Notes" or a guide's "Note" are not reference headings; a list of sources
that reads as prose stays.
"""

from __future__ import annotations

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
    r"^(references|external links|see also|further reading|bibliography|footnotes|sources|works cited"
    r"|einzelnachweise|weblinks|literatur|literaturverzeichnis|literaturhinweise|quellen|quellenangaben"
    r"|fußnoten|références|liens externes|voir aussi|bibliographie|referencias|enlaces externos"
    r"|véase también|bibliografía|bibliografia|collegamenti esterni|voci correlate|przypisy"
    r"|linki zewnętrzne|referências|ligações externas)(\s*\[[^\]]{1,40}\])?\s*:?$",
    re.IGNORECASE,
)  # fmt: skip
"""Headings of a reference section, in the languages we read (a MediaWiki "[edit]" link may follow)."""

_CITATION = re.compile(
    r"\b1[5-9]\d\d\b|\b20\d\d\b|https?://|www\.|\bdoi\b|\bisbn\b|^\s*(\^|\[\d+\]|\d+\.(\s|$)|[₀-₉¹²³⁴-⁹]+\s)",
    re.IGNORECASE,
)
"""A citation names a year, an address, a DOI or ISBN, or starts with a note's number or back-link."""


def end_matter_start(paragraphs: Sequence[str]) -> int | None:
    """Where the story's reference section starts (its heading's index), or None."""
    for i, paragraph in enumerate(paragraphs):
        if i < LONG_LIST_MIN_POSITION or not _HEADING.match(paragraph.strip()):
            continue
        after = paragraphs[i + 1 :]
        cited = sum(1 for line in after if _CITATION.search(line))
        late = i >= END_MATTER_MIN_POSITION * len(paragraphs)
        share = CITATION_MIN_SHARE if late else LONG_LIST_CITATION_SHARE
        if cited >= share * len(after):
            return i
    return None
