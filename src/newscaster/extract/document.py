"""Stage 1 of the cascade: check the input and parse a page into a DOM the later stages share.

Also the small text and DOM helpers every stage uses (whitespace collapsing, word keys, component tokens).
"""

from __future__ import annotations

import bisect
import contextlib
import functools
import itertools
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from lxml import etree
from lxml import html as lxml_html

from newscaster.errors import ExtractionError
from newscaster.extract.patterns import class_tokens, collapse, visible
from newscaster.models import Source
from newscaster.text.reading_time import CJK_CHARS_PER_WORD, DENSE_CHARACTER, DENSE_CHARACTERS

BINARY_SAMPLE_CHARS = 8192
"""Characters inspected for binary content: a binary file gives itself away in its first few kilobytes."""

BINARY_MAX_CONTROL_SHARE = 0.05
"""Text has almost no control characters; binary data decoded as Latin-1 has 10–40 % of them. (A few NUL
bytes do not make a page binary: real pages carry stray ones after an image tag.)"""

COMPONENT_ATTRIBUTES = ("class", "id", "data-component", "data-widget", "data-qa", "data-testid",
                        "data-gu-name")  # fmt: skip
"""Attributes whose values name a page component: class and id, and the data attributes that CMSs use
instead of class names (Arc's ``data-qa="ad"``, ``data-testid``, the Guardian's ``data-gu-name``)."""

LINE_BREAK = "\u2028"
"""What a ``<br>`` leaves in the DOM's text: whitespace to every helper, a line end to ``split_lines``."""
_SOURCE_SPACE = re.compile(rf"[^\S{LINE_BREAK}]+")
"""Whitespace as the page's source has it, which a browser shows as one space; not our ``<br>`` mark."""
_NAMING_VALUES = etree.XPath(
    " | ".join([*(f".//*/@{name}" for name in COMPONENT_ATTRIBUTES), ".//*[contains(name(), '-')]"])
)
"""The values of every naming attribute on the page and its custom elements (whose tag names them), in
document order (found by libxml2; each value knows its element)."""
_VALUE_SEPARATOR = "\x01"
_SEPARATORS = re.compile(r"[-_:.\s]+")
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")
_WORD = re.compile(rf"[{DENSE_CHARACTERS}]|[^\W{DENSE_CHARACTERS}]+")
"""A word: a run of letters and digits, or one Chinese or Japanese character (they write no spaces)."""
_ODD_CHARACTER = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ufffd\ud800-\udfff]")
"""Control characters (Unicode Cc) other than whitespace, lone surrogates and replacement characters."""
_NOT_TEXT = ("script", "style", "template", "rt", "rp")
"""Never text. Ruby annotations (``<rt>``, ``<rp>``) spell out how the characters they sit on are read; the
voice reads the characters. (``<noscript>`` stays: some blogs carry the whole post there for readers
without scripts.)"""
_BLOCK_TAGS = ("br", "p", "div", "li", "dd", "dt", "td", "th", "tr", "h1", "h2", "h3", "h4", "h5", "h6",
               "blockquote", "section", "article", "header", "footer", "aside", "nav", "figure", "figcaption",
               "ul", "ol", "dl", "table", "main", "pre", "address", "caption")  # fmt: skip


@dataclass
class Page:
    """A parsed page: the whole document, its body, and the JSON-LD scripts read before scripts go."""

    doc: lxml_html.HtmlElement
    body: lxml_html.HtmlElement
    json_ld: list[str]
    _tokens: dict[etree._Element, frozenset[str]] = field(default_factory=dict)
    _owners: list[etree._Element] = field(default_factory=list)
    _folded: str | None = None
    _starts: list[int] = field(default_factory=list)

    def tokens_of(self, el: etree._Element) -> frozenset[str]:
        """The component tokens of ``el`` (worked out once per element, and only for elements asked about)."""
        found = self._tokens.get(el)
        if found is None:
            found = self._tokens[el] = tokens_of(el)
        return found

    def named(self, vocabulary: frozenset[str]) -> list[etree._Element]:
        """The elements whose component tokens meet ``vocabulary``, in document order.

        All naming attribute values of the page are folded at once (lower-cased, separators removed, one
        string); the elements whose values contain a vocabulary word somewhere are checked for whole tokens.
        """
        if self._folded is None:
            found_values = _NAMING_VALUES(self.body)
            self._owners = [_owner(value) for value in found_values]
            joined = _VALUE_SEPARATOR.join(_name(value) for value in found_values)
            self._folded = _SEPARATORS.sub("", joined).lower()
            lengths = (len(folded) + 1 for folded in self._folded.split(_VALUE_SEPARATOR))
            self._starts = [0, *itertools.accumulate(lengths)]  # where each value starts
        found: dict[etree._Element, None] = {}
        last = -1
        # One search through the whole folded string (not one per value): pages carry thousands of names.
        for match in _hint(vocabulary).finditer(self._folded):
            i = bisect.bisect_right(self._starts, match.start()) - 1
            if i == last:
                continue
            last = i
            el = self._owners[i]
            if el not in found and self.tokens_of(el) & vocabulary:
                found[el] = None
        return list(found)


def label(source: Source) -> str:
    return source.name or ("the page" if source.is_html else "the text")


def no_text(source: Source) -> ExtractionError:
    return ExtractionError(f"No article text found in {label(source)}")


def check_is_text(source: Source) -> None:
    """Refuse binary and empty input with a one-line reason."""
    content = source.content
    sample = content[:BINARY_SAMPLE_CHARS]
    odd = len(_ODD_CHARACTER.findall(sample))
    if sample and odd / len(sample) > BINARY_MAX_CONTROL_SHARE:
        raise ExtractionError(f"{label(source)} looks like a binary file, not a web page or text")
    if not content.strip():
        raise ExtractionError(f"{label(source)} is empty")


def parse_page(source: Source) -> Page:
    """The page as a DOM without scripts, styles and HTML comments (JSON-LD is kept aside first)."""
    try:
        # NFC: the same word in one form, whether the page composed its accents or not ("Wa\u0308hrend")
        doc = lxml_html.document_fromstring(
            unicodedata.normalize("NFC", _XML_DECL.sub("", source.content.replace("\x00", "")))
        )
    except (etree.ParserError, ValueError) as error:
        raise no_text(source) from error
    body = doc.find("body")
    if body is None:
        raise no_text(source)
    json_ld = [
        script.text or ""
        for script in doc.iter("script")
        if "ld+json" in (script.get("type") or "").lower() and (script.text or "").strip()
    ]
    for el in list(doc.iter(*_NOT_TEXT, etree.Comment, etree.ProcessingInstruction)):
        if el.getparent() is not None:
            el.drop_tree()
    for br in body.iter("br"):  # "line<br>break" is two words in every text taken from the DOM
        _set_tail(br, LINE_BREAK + (br.tail or ""))
    for mark in [sup for sup in _LINKED_SUPS(body) if len(text_of(sup)) <= NOTE_MARK_MAX_CHARS]:
        mark.drop_tree()  # what follows it stays
    for anchor in [a for a in _HREFLESS_OR_EMPTY_ANCHORS(body) if _not_a_link(a)]:
        anchor.drop_tag()  # its text and what follows it stay where they are
    return Page(doc=doc, body=body, json_ld=json_ld)


NOTE_MARK_MAX_CHARS = 4
"""A footnote's mark is a number or a sign ("1", "[12]", "*"); a longer linked superscript is text."""
_LINKED_SUPS = etree.XPath(".//sup[.//a[starts-with(@href, '#')] or ancestor::a[starts-with(@href, '#')]]")
"""A footnote's number, linked to its note on the same page (``<sup><a href="#fn1">1</a></sup>``,
``<a href="#fn1"><sup>1</sup></a>``): taken into the text it is glued to the word before it
("Monatsbrutto2", "40 %1") and read as part of it. A ``<sup>`` that is no link ("m<sup>2</sup>",
"1<sup>st</sup>") is the text's own."""
_HREFLESS_OR_EMPTY_ANCHORS = etree.XPath(".//a[not(@href) or (not(*) and not(normalize-space()))]")


def _not_a_link(anchor: etree._Element) -> bool:
    """An ``<a>`` whose text is the page's own, not a link's.

    ``<a name="pcr">the question…</a>`` is a place links lead to (it has no ``href``): taken for a link, a
    paragraph or heading all in one read as a list of links, and an interview's questions were lost. An
    empty ``<a>`` (an icon the style sheet draws) has nothing to read, and trafilatura dropped the heading
    text after one (a guide's eleven section headings)."""
    if not len(anchor) and not (anchor.text or "").strip():
        return True
    attributes = set(anchor.attrib)
    return anchor.get("href") is None and bool(attributes) and attributes <= _LINK_TARGET_ATTRIBUTES


_LINK_TARGET_ATTRIBUTES = frozenset({"name", "id"})
"""All a link target has. An ``<a>`` without ``href`` but with a class or a role is a scripted button
("Share", "Load more"), which chrome removal finds by those; one with no attributes at all stands for a
link (a menu's entry for the page it is on)."""


def lines_of(el: etree._Element) -> str:
    """An element's text with a line break around each block inside it (``<div>By Jane Doe</div><div>Staff
    reporter</div>`` → two lines). The DOM is left as it is (trafilatura reads it later)."""
    parts: list[str] = []
    for event, node in etree.iterwalk(el, events=("start", "end")):
        if not isinstance(node.tag, str):
            continue
        if node.tag in _BLOCK_TAGS:
            parts.append("\n")
        if event == "start":
            parts.append(_source_text(node.text))
        elif node is not el:
            parts.append(_source_text(node.tail))
    return "".join(parts)


def _source_text(text: str | None) -> str:
    """A text node for ``lines_of``: line breaks among words are spaces ("Ralf\n  Balke"); a node of
    whitespace alone between two elements keeps its line break (a name link, then a handle on the next
    line)."""
    if text is None:
        return ""
    return _SOURCE_SPACE.sub(" ", text) if text.strip() else text


def _set_tail(el: etree._Element, tail: str) -> None:
    """lxml refuses text that holds control characters; such an element keeps its tail."""
    with contextlib.suppress(ValueError):
        el.tail = tail


def split_lines(text: str) -> str:
    """A text's ``<br>`` lines, each collapsed, joined by newlines (empty lines dropped)."""
    return "\n".join(line for line in map(collapse, text.split(LINE_BREAK)) if line)


def document_order(el: etree._Element) -> tuple[int, ...]:
    """A sort key putting elements in the order they appear in the page: each ancestor's place among its
    siblings, from the root down (cheaper than walking the whole page for a few elements)."""
    places: list[int] = []
    node, parent = el, el.getparent()
    while parent is not None:
        places.append(parent.index(node))
        node, parent = parent, parent.getparent()
    return tuple(reversed(places))


def text_of(el: etree._Element) -> str:
    """An element's text, whitespace collapsed."""
    return collapse(el.text_content())


def words(text: str) -> list[str]:
    return _WORD.findall(visible(text).casefold())


def word_count(text: str) -> float:
    """How many of ``words(text)`` there are, Chinese and Japanese characters counted as words' worth
    (``CJK_CHARS_PER_WORD`` characters a word), so that thresholds in words hold in every script."""
    found = words(text)
    return _weighed(found) if DENSE_CHARACTER.search(text) else len(found)


def key_word_count(key: str) -> float:
    """``word_count`` of the text whose ``word_key`` is ``key``."""
    found = key.split()
    return _weighed(found) if DENSE_CHARACTER.search(key) else len(found)


def _weighed(found: list[str]) -> float:
    dense = sum(1 for w in found if DENSE_CHARACTER.fullmatch(w))
    return len(found) - dense + dense / CJK_CHARS_PER_WORD


def word_key(text: str) -> str:
    """Words only, case-folded: the same block whatever its spacing, quote marks or punctuation."""
    return " ".join(words(text))


def _owner(value: Any) -> etree._Element:
    """The element a value found by ``_NAMING_VALUES`` names (a custom element names itself)."""
    return value if isinstance(value, etree._Element) else value.getparent()


def _name(value: Any) -> str:
    return str(value.tag) if isinstance(value, etree._Element) else str(value)


def tokens_of(el: etree._Element) -> frozenset[str]:
    """The component-name tokens of an element's class, id and naming data attributes, and of its tag when it
    is a custom element (``<pp-navigation-desktop-menu>``, ``<app-social-share>``: web components are named
    by their tags).

    A heading's id made from its own words (``<h3 id="nav_nur_die_folie__1">Nur die Folie bleibt zurück``,
    ``<h2 id="comments-from-the-minister">``) is a link target, not a component name, and gives no tokens.
    """
    values = [el.get(name) for name in COMPONENT_ATTRIBUTES]
    if el.tag in HEADING_TAGS and values[_ID] and _is_anchor_of(values[_ID], el):
        values[_ID] = None
    if isinstance(el.tag, str) and "-" in el.tag:
        tag_tokens = class_tokens(el.tag)
        # A component's tag says what it is: "<pp-navigation-mobile>" is navigation, where a class name
        # "left-navigation_page-wrapper" may be the page itself.
        navigation = _NAV if "navigation" in tag_tokens else frozenset()
        return class_tokens(*values) | tag_tokens | navigation
    return class_tokens(*values)


_NAV = frozenset({"nav"})


HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_ID = COMPONENT_ATTRIBUTES.index("id")
ANCHOR_SHARED_WORDS = 2
"""Words of its heading a slug id must hold: one shared word is as likely a component name that repeats
the label ("comments" on "3 Comments")."""


def _is_anchor_of(element_id: str, heading: etree._Element) -> bool:
    id_words = set(words(_SEPARATORS.sub(" ", element_id)))
    return len(id_words & set(words(text_of(heading)))) >= ANCHOR_SHARED_WORDS


@functools.lru_cache(maxsize=16)
def _hint(vocabulary: frozenset[str]) -> re.Pattern[str]:
    """A cheap first test on folded names: a word of the vocabulary appears somewhere in them. Whole tokens
    are then checked on the few elements that pass ("dek" is inside "dekoration" but not a token of it)."""
    return re.compile("|".join(sorted(vocabulary)))
