"""Stage 4 of the cascade: body candidates, each a list of text blocks in reading order.

trafilatura (the only module that imports it) finds the main text of a page; it runs on the page as it
is, so a misfiring chrome rule of ours can never hide the article from it. Its favor-recall mode and the
page's own JSON-LD ``articleBody`` are the fallbacks stage 6 weighs when the first candidate looks wrong.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree

from newscaster.extract.document import Page, split_lines
from newscaster.extract.patterns import collapse
from newscaster.extract.structured import StructuredData

_CONTAINERS = frozenset({"div", "list", "quote", "item", "table", "main", "body", "row", "cell", "section"})
"""trafilatura output elements that may hold further blocks; a container without block children is a block."""
_BLOCKS = _CONTAINERS | {"p", "head", "code"}
_TEXT_TAGS = ("p", "li", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre")
SECTION_HEADING_TAGS = ("h2", "h3")
"""The headings that open a section of a story (and a chapter); ``h1`` is the headline, ``h4``–``h6`` label
boxes and small asides more often than sections, so they are read as plain paragraphs."""
_LINE_BREAK = "\u2028"
_PARAGRAPH_BREAK = re.compile(r"\u2028\s*\u2028[\u2028\s]*")


@dataclass(frozen=True)
class Candidate:
    """One extractor's idea of the body."""

    name: str
    blocks: tuple[str, ...]
    headings: frozenset[str] = frozenset()
    """The blocks that are section headings (``SECTION_HEADING_TAGS``), by their text."""

    @property
    def chars(self) -> int:
        return sum(len(b) for b in self.blocks)


def trafilatura_candidate(
    page: Page, url: str | None, favor_recall: bool = False, with_comments: bool = False
) -> Candidate:
    """trafilatura's main text of the page (images and links left out; tables kept, since some pages still
    lay their article out in one). Comments are left out unless asked for: then what trafilatura takes for
    comments follows the body (live commentary and forum posts sit in "comment" boxes)."""
    import trafilatura  # here, not at the top: text and Markdown input never need its 0.2–0.4 s import

    document = trafilatura.bare_extraction(
        page.doc,
        url=url,
        favor_recall=favor_recall,
        include_comments=with_comments,
        include_tables=True,
        include_images=False,
        include_links=False,
        include_formatting=False,
        with_metadata=False,
        deduplicate=False,
    )
    name = (
        "trafilatura"
        + (" favor_recall" if favor_recall else "")
        + (" with comments" if with_comments else "")
    )
    parts = [
        part
        for part in (
            getattr(document, "body", None),
            getattr(document, "commentsbody", None) if with_comments else None,
        )
        if part is not None
    ]
    headings: set[str] = set()
    blocks = tuple(block for part in parts for block in _blocks(part, headings))
    return Candidate(name, blocks, frozenset(headings))


def _blocks(el: etree._Element, headings: set[str]) -> Iterator[str]:
    """The text blocks of trafilatura's output tree: paragraphs, headings, list items, table rows; the
    section headings' texts are added to ``headings`` (trafilatura keeps a page's h1–h6 as
    ``<head rend="hN">`` whatever its formatting option)."""
    for child in el:
        if not isinstance(child.tag, str):
            continue
        if child.tag == "row":
            yield collapse(" ".join(_text(cell) for cell in child))
        elif child.tag in _CONTAINERS and any(isinstance(g.tag, str) and g.tag in _BLOCKS for g in child):
            if child.text and child.text.strip():
                yield collapse(child.text)
            yield from _blocks(child, headings)
        else:
            texts = list(_leaf(child))
            if texts and child.tag == "head" and child.get("rend") in SECTION_HEADING_TAGS:
                texts = [" ".join(texts)]  # a heading broken over lines (<br>) is still one heading
                headings.add(texts[0])
            yield from texts
        if child.tail and child.tail.strip():
            yield collapse(child.tail)


def _leaf(el: etree._Element) -> Iterator[str]:
    """A block's text; a run of two or more line breaks (``<br><br>``) separates paragraphs in it, and a
    single one stays a line break ("Photo: AP<br>The story…": stage 5 judges such lines one by one)."""
    for lb in el.iter("lb"):
        lb.tail = _LINE_BREAK + (lb.tail or "")
    for paragraph in _PARAGRAPH_BREAK.split("".join(el.itertext())):
        text = "\n".join(line for line in map(collapse, paragraph.split(_LINE_BREAK)) if line)
        if text:
            yield text


def _text(el: etree._Element) -> str:
    return " ".join(_leaf(el))


def own_candidate(page: Page) -> Candidate:
    """Our own walk, for pages too short for trafilatura: the innermost text blocks of the ``<article>`` (or
    ``<main>``, or the body), else its lines."""
    root = (page.body.xpath(".//article | .//main") or [page.body])[0]
    blocks = [
        split_lines(el.text_content())
        for el in root.iter(*_TEXT_TAGS)
        if not any(isinstance(d.tag, str) and d.tag in _TEXT_TAGS for d in el.iterdescendants())
    ]
    blocks = [b for b in blocks if b] or [collapse(line) for line in root.text_content().splitlines()]
    headings = frozenset(split_lines(el.text_content()) for el in root.iter(*SECTION_HEADING_TAGS))
    return Candidate("own block walk", tuple(b for b in blocks if b), headings)


def json_ld_candidate(structured: StructuredData) -> Candidate:
    return Candidate("JSON-LD articleBody", structured.body, structured.headings)
