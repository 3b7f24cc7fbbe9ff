"""Stage 1 of the cascade: check the input and parse a page into a DOM the later stages share.

Also the small text and DOM helpers every stage uses (whitespace collapsing, word keys, component tokens).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from lxml import etree
from lxml import html as lxml_html

from newscaster.errors import ExtractionError
from newscaster.extract.patterns import class_tokens, collapse, visible
from newscaster.models import Source

BINARY_SAMPLE_CHARS = 8192
"""Characters inspected for binary content: a binary file gives itself away in its first few kilobytes."""

BINARY_MAX_CONTROL_SHARE = 0.05
"""Text has almost no control characters; binary data decoded as Latin-1 has 10–40 % of them. (A few NUL
bytes do not make a page binary: real pages carry stray ones after an image tag.)"""

COMPONENT_ATTRIBUTES = ("class", "id", "data-component", "data-widget", "data-qa", "data-testid",
                        "data-gu-name")  # fmt: skip
"""Attributes whose values name a page component: class and id, and the data attributes that CMSs use
instead of class names (Arc's ``data-qa="ad"``, ``data-testid``, the Guardian's ``data-gu-name``)."""

_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")
_WORD = re.compile(r"\w+")
_NOT_TEXT = ("script", "style", "template")
"""Never text. (``<noscript>`` stays: some blogs carry the whole post there for readers without scripts.)"""
_BLOCK_TAGS = ("br", "p", "div", "li", "dd", "dt", "td", "th", "tr", "h1", "h2", "h3", "h4", "h5", "h6",
               "blockquote", "section", "article", "header", "footer", "aside", "nav", "figure", "figcaption",
               "ul", "ol", "dl", "table", "main", "pre", "address", "caption")  # fmt: skip


@dataclass
class Page:
    """A parsed page: the whole document, its body, the JSON-LD scripts read before scripts go, and the
    component tokens of every element that names one (computed once; stages look them up)."""

    doc: lxml_html.HtmlElement
    body: lxml_html.HtmlElement
    json_ld: list[str]
    tokens: dict[etree._Element, frozenset[str]]

    def tokens_of(self, el: etree._Element) -> frozenset[str]:
        return self.tokens.get(el, frozenset())


def label(source: Source) -> str:
    return source.name or ("the page" if source.is_html else "the text")


def no_text(source: Source) -> ExtractionError:
    return ExtractionError(f"No article text found in {label(source)}")


def check_is_text(source: Source) -> None:
    """Refuse binary and empty input with a one-line reason."""
    content = source.content
    sample = content[:BINARY_SAMPLE_CHARS]
    odd = sum(
        1
        for ch in sample
        if ch == "\ufffd" or (unicodedata.category(ch) in ("Cc", "Cs") and ch not in "\t\n\r\f\v")
    )
    if sample and odd / len(sample) > BINARY_MAX_CONTROL_SHARE:
        raise ExtractionError(f"{label(source)} looks like a binary file, not a web page or text")
    if not content.strip():
        raise ExtractionError(f"{label(source)} is empty")


def parse_page(source: Source) -> Page:
    """The page as a DOM without scripts, styles and HTML comments (JSON-LD is kept aside first).

    A ``<br>`` and every block element get a line break around them, so the words on either side of a line
    break or a block boundary (``<li>Home</li><li>News</li>``) stay two words in every text the later stages
    take from the DOM, trafilatura's and ours alike.
    """
    try:
        # NFC: the same word in one form, whether the page composed its accents or not ("Wa\u0308hrend")
        doc = lxml_html.document_fromstring(unicodedata.normalize("NFC", _XML_DECL.sub("", source.content.replace("\x00", ""))))
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
    for el in body.iter(*_BLOCK_TAGS):
        _set_apart(el)
    tokens = {
        el: found
        for el in body.iter()
        if isinstance(el.tag, str) and el.attrib and (found := tokens_of(el))
    }
    return Page(doc=doc, body=body, json_ld=json_ld, tokens=tokens)


def _set_apart(el: etree._Element) -> None:
    """A line break before an element's text and after it; lxml refuses to rewrite text that holds control
    characters, and such an element stays as it is."""
    try:
        el.tail = "\n" + (el.tail or "")
        if el.text and el.tag != "pre":
            el.text = "\n" + el.text
    except ValueError:
        pass


def text_of(el: etree._Element) -> str:
    """An element's text, whitespace collapsed."""
    return collapse(el.text_content())


def words(text: str) -> list[str]:
    return _WORD.findall(visible(text).casefold())


def word_key(text: str) -> str:
    """Words only, case-folded: the same block whatever its spacing, quote marks or punctuation."""
    return " ".join(words(text))


def tokens_of(el: etree._Element) -> frozenset[str]:
    """The component-name tokens of an element's class, id and naming data attributes."""
    return class_tokens(*(el.get(attr) for attr in COMPONENT_ATTRIBUTES))
