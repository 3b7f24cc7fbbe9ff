"""HTML or text → ``Article``: the article's own words, without the page around them.

HTML goes through trafilatura (the only module that imports it), with what trafilatura misses added
around it: the headline, standfirst / key points, byline, date, language and site name are read from the
markup first; then page chrome is removed from the DOM by markup (``chrome.py``, layer 1) and links-only
blocks by link density; trafilatura finds the article body in what is left; finally each paragraph is checked
against the text patterns for boilerplate lines (``chrome.py``, layer 2). Plain text and Markdown are split
on blank lines and stripped of Markdown syntax. Text is kept as written (quotes, dashes); normalization is a
later stage.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from datetime import date
from urllib.parse import urljoin

import trafilatura
from lxml import etree
from lxml import html as lxml_html

from newscaster.chrome import (
    BYLINE_TOKENS,
    CHROME_ROLES,
    CHROME_TAGS,
    CHROME_TOKENS,
    INLINE_PROSE_TOKENS,
    KEY_POINT_TOKENS,
    byline_line,
    class_tokens,
    clean_byline,
    collapse,
    is_boilerplate,
)
from newscaster.errors import ExtractionError
from newscaster.models import Article, Source

BINARY_SAMPLE_CHARS = 8192
"""Characters inspected for binary content: a binary file gives itself away in its first few kilobytes."""

BINARY_MAX_CONTROL_SHARE = 0.05
"""Text has almost no control characters; binary data decoded as Latin-1 has 10–40 % of them."""

CHROME_MAX_SHARE = 0.5
"""A "chrome" element holding more than this share of the page's text is the article wrapper with an unlucky
class name (``article-body has-share-bar``), so it is kept and only its chrome children go."""

LINK_DENSITY_MAX = 0.75
"""A block whose link text is at least this share of its text is navigation ("Read more: <a>…</a>", tag lists,
related links); prose with a few inline links stays far below it."""

KEY_POINTS_MAX_CHARS = 1500
"""A standfirst or key-points box is a few sentences; a longer "summary" element is the body itself."""

KEY_POINT_MIN_CHARS = 15
"""Shorter entries in a key-points box are its labels ("Key points", "Summary"), not points."""

PULL_QUOTE_MIN_WORDS = 6
"""A paragraph at least this long whose words all stand, in order, inside another paragraph is a pull quote
(or a repeated teaser) and is read once, in its place in the story. Shorter lines ("He declined to comment.")
may legitimately recur."""

PULL_QUOTE_MAX_PARAGRAPHS = 500
"""Pull quotes are looked for by comparing every paragraph with every other (about 0.15 s at this many); news
articles, even long live blogs, stay below it, and on a larger text dump the comparison would cost seconds."""

TITLE_MATCH_MIN = 0.5
"""Share of words an ``<h1>`` must have in common with the meta title to be the headline (not the logo)."""

SITE_SUFFIX_MAX_WORDS = 6
"""A site name after " | " in ``<title>`` is at most this long ("South China Morning Post")."""

DASH_SUFFIX_MAX_WORDS = 4
"""After a dash the suffix must also be capitalized words and shorter, since headlines use dashes too."""

SECTION_PREFIX_MAX_WORDS = 3
"""Section labels before " | " ("Opinion", "Hong Kong Economy") are this short."""

BYLINE_SEARCH_PARAGRAPHS = 3
"""An unmarked "By …" line is taken as the byline only among the first paragraphs, where bylines sit."""

TEXT_TITLE_MAX_CHARS = 150
"""The first line of plain text is its title only if it is headline-length."""

TEXT_TITLE_WRAP_RATIO = 0.6
"""In hard-wrapped text every line is about as long as the next; a title line is clearly shorter."""

_META_DATE_KEYS = ("article:published_time", "og:published_time", "datepublished", "publish-date", "pubdate",
                   "parsely-pub-date", "sailthru.date", "dc.date.issued", "dc.date", "date")  # fmt: skip
_LEAF_BLOCK_TAGS = frozenset(
    {"p", "li", "dd", "dt", "h2", "h3", "h4", "h5", "h6", "div", "header", "section", "td"}
)
_BLOCK_TAGS = _LEAF_BLOCK_TAGS | {"ul", "ol", "dl", "table", "blockquote", "article", "main", "aside", "h1"}
_TEXT_TAGS = ("p", "li", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre")
_INLINE_TAGS = frozenset({"span", "a", "b", "strong", "i", "em", "small", "time"})
_COMPONENT_ATTRIBUTES = ("class", "id", "data-component", "data-widget", "data-qa", "data-testid",
                         "data-gu-name")  # fmt: skip
"""Attributes whose values name a page component: class and id, and the data attributes that CMSs use
instead of class names (Arc's ``data-qa="ad"``, ``data-testid``, the Guardian's ``data-gu-name``)."""
_XML_BLOCKS = frozenset({"p", "head", "item", "quote", "list", "code"})
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")
_DOUBLE_BREAK = re.compile(r"(?:<br\s*/?>\s*){2,}", re.IGNORECASE)  # "<br><br>" separates paragraphs
_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})")
_LANG = re.compile(r"^([A-Za-z]{2,3})(?:$|[-_])")
_WORD = re.compile(r"\w+")


def extract_article(source: Source) -> Article:
    """Turn a fetched page or a text into an ``Article``.

    Raises ``ExtractionError`` for binary or empty input, or when no article text is left after cleaning.
    """
    _check_is_text(source)
    return _from_html(source) if source.is_html else _from_text(source)


# --- input checks


def _label(source: Source) -> str:
    return source.name or ("the page" if source.is_html else "the text")


def _check_is_text(source: Source) -> None:
    content = source.content
    sample = content[:BINARY_SAMPLE_CHARS]
    odd = sum(
        1
        for ch in sample
        if ch == "\ufffd" or (unicodedata.category(ch) in ("Cc", "Cs") and ch not in "\t\n\r\f\v")
    )
    if "\x00" in content or (sample and odd / len(sample) > BINARY_MAX_CONTROL_SHARE):
        raise ExtractionError(f"{_label(source)} looks like a binary file, not a web page or text")
    if not content.strip():
        raise ExtractionError(f"{_label(source)} is empty")


def _no_text(source: Source) -> ExtractionError:
    return ExtractionError(f"No article text found in {_label(source)}")


# --- HTML


def _from_html(source: Source) -> Article:
    try:
        doc = lxml_html.document_fromstring(_DOUBLE_BREAK.sub("</p><p>", _XML_DECL.sub("", source.content)))
    except (etree.ParserError, ValueError) as error:
        raise _no_text(source) from error
    body = doc.find("body")
    if body is None:
        raise _no_text(source)
    for el in list(body.iter("script", "style", "noscript", "template", etree.Comment)):
        _drop(el)

    meta = _meta(doc)
    title, suffix = _title(doc, body, meta)
    site_name = meta.get("og:site_name") or meta.get("application-name") or suffix
    key_points, key_element = _key_points(body)
    byline = _byline(body, meta)
    published = _published(body, meta)
    url = _url(doc, meta, source.url)

    if key_element is not None:
        _drop(key_element)
    _remove_chrome(body)
    _remove_link_blocks(body)

    attributes: dict[str, str] = {}
    paragraphs = _clean_paragraphs(_trafilatura_blocks(doc, url, attributes), title, key_points)
    if not paragraphs:
        paragraphs = _clean_paragraphs(_plain_blocks(body), title, key_points)
    names = [byline_line(p) for p in paragraphs]
    if byline is None:  # an unmarked "By …" line near the top is the byline
        byline = next((n for n in names[:BYLINE_SEARCH_PARAGRAPHS] if n), None)
    paragraphs = [p for p, name in zip(paragraphs, names, strict=True) if not name or name != byline]
    if not paragraphs:
        raise _no_text(source)
    return Article(
        title=title,
        paragraphs=tuple(paragraphs),
        key_points=key_points,
        byline=byline,
        published=published or _iso_date(attributes.get("date")),
        language=_language(doc, meta),
        url=url,
        site_name=site_name or None,
    )


def _drop(el: etree._Element) -> None:
    """Remove an element (or HTML comment) but keep the text that follows it."""
    el.drop_tree()


def _text(el: etree._Element) -> str:
    return collapse(el.text_content())


def _meta(doc: lxml_html.HtmlElement) -> dict[str, str]:
    """``<meta>`` contents by lower-cased name / property / itemprop; the first occurrence wins."""
    found: dict[str, str] = {}
    for el in doc.iter("meta"):
        content = collapse(el.get("content") or "")
        for attr in ("property", "name", "itemprop", "http-equiv"):
            key = (el.get(attr) or "").strip().lower()
            if key and content:
                found.setdefault(key, content)
    return found


def _overlap(a: str, b: str) -> float:
    words_a, words_b = set(_WORD.findall(a.casefold())), set(_WORD.findall(b.casefold()))
    return len(words_a & words_b) / max(len(words_a), len(words_b), 1)


def _clean_title(raw: str) -> tuple[str, str | None]:
    """Strip a site-name suffix and a section prefix; return (title, site-name suffix or None)."""
    title, suffix = collapse(raw), None
    for sep in (" | ", " – ", " — ", " - ", " :: ", " · "):
        if sep in title:
            head, tail = title.rsplit(sep, 1)
            words = tail.split()
            capitalized = all(w[:1].isupper() or not w[:1].isalpha() for w in words)
            if len(head.split()) >= 2 and (
                (sep == " | " and len(words) <= SITE_SUFFIX_MAX_WORDS)
                or (capitalized and len(words) <= DASH_SUFFIX_MAX_WORDS)
            ):
                title, suffix = head, tail
                break
    if " | " in title:
        first, rest = title.split(" | ", 1)
        if len(first.split()) <= SECTION_PREFIX_MAX_WORDS and len(rest.split()) > len(first.split()):
            title = rest
    return title, suffix


def _title(doc: lxml_html.HtmlElement, body: etree._Element, meta: dict[str, str]) -> tuple[str, str | None]:
    """The headline: the ``<h1>`` that matches the meta title, else the cleaned meta title."""
    title_el = doc.find(".//title")
    page_title, suffix = _clean_title(title_el.text_content() if title_el is not None else "")
    meta_title = next(
        (t for t in (_clean_title(meta.get(k, ""))[0] for k in ("og:title", "twitter:title")) if t),
        page_title,
    )
    headings = [t for t in (_text(h) for h in body.iter("h1")) if t]
    if meta_title:
        best = max(headings, key=lambda h: _overlap(h, meta_title), default="")
        return (best if best and _overlap(best, meta_title) >= TITLE_MATCH_MIN else meta_title), suffix
    in_article = [t for t in (_text(h) for h in body.xpath(".//article//h1 | .//main//h1")) if t]
    return (in_article or headings or [""])[0], suffix


def _tokens(el: etree._Element) -> frozenset[str]:
    return class_tokens(*(el.get(attr) for attr in _COMPONENT_ATTRIBUTES))


def _inside_prose(el: etree._Element) -> bool:
    """An inline element sharing a text block with other words: part of that block's sentence."""
    parent = el.getparent()
    return (
        el.tag in _INLINE_TAGS
        and parent is not None
        and parent.tag in _TEXT_TAGS
        and len(_WORD.findall(_text(parent))) > len(_WORD.findall(_text(el)))
    )


def _is_chrome(el: etree._Element, by_tag: bool = True) -> bool:
    if by_tag and el.tag in CHROME_TAGS:
        return True
    if (
        (el.get("role") or "").lower() in CHROME_ROLES
        or el.get("aria-hidden") == "true"
        or "hidden" in el.attrib
    ):
        return True
    if re.search(r"display\s*:\s*none", el.get("style") or ""):
        return True
    tokens = _tokens(el) & CHROME_TOKENS
    if tokens and tokens <= INLINE_PROSE_TOKENS and _inside_prose(el):
        return False  # "<p><span class="dateline">WASHINGTON (AP)</span> — The Senate …"
    return bool(tokens)


def _key_points(body: etree._Element) -> tuple[tuple[str, ...], etree._Element | None]:
    """The first standfirst / key-points element outside chrome: its list items, paragraphs, or whole text."""
    for el in body.iter():
        if not isinstance(el.tag, str) or not _tokens(el) & KEY_POINT_TOKENS or _tokens(el) & CHROME_TOKENS:
            continue
        if any(
            _is_chrome(a, by_tag=a.tag in ("nav", "footer", "form", "dialog")) for a in el.iterancestors()
        ):
            continue
        if not KEY_POINT_MIN_CHARS <= len(_text(el)) <= KEY_POINTS_MAX_CHARS:
            continue
        parts = [_text(li) for li in el.iter("li")] or [_text(p) for p in el.iter("p")] or [_text(el)]
        points = tuple(p for p in parts if len(p) >= KEY_POINT_MIN_CHARS and not is_boilerplate(p))
        if points:
            return points, el
    return (), None


def _byline(body: etree._Element, meta: dict[str, str]) -> str | None:
    candidates: list[str | None] = [meta.get("author"), meta.get("byl"), meta.get("parsely-author")]
    for el in body.iter():
        if isinstance(el.tag, str) and (
            el.get("rel") == "author" or el.get("itemprop") == "author" or _tokens(el) & BYLINE_TOKENS
        ):
            candidates.append(_text(el))
    return next((b for b in map(clean_byline, candidates) if b), None)


def _iso_date(value: str | None) -> str | None:
    match = _DATE.search(value or "")
    if not match:
        return None
    try:
        return date(*(int(g) for g in match.groups())).isoformat()
    except ValueError:
        return None


def _published(body: etree._Element, meta: dict[str, str]) -> str | None:
    values = [meta.get(key) for key in _META_DATE_KEYS]
    for el in body.xpath(".//*[@itemprop='datePublished'] | .//time[@datetime]"):
        values.append(el.get("content") or el.get("datetime"))
    return next((d for d in map(_iso_date, values) if d), None)


def _language(doc: lxml_html.HtmlElement, meta: dict[str, str]) -> str:
    for value in (doc.get("lang"), doc.get("xml:lang"),
                  meta.get("content-language"), meta.get("og:locale"), meta.get("language")):  # fmt: skip
        match = _LANG.match((value or "").strip())
        if match:
            return match.group(1).lower()
    return "en"


def _url(doc: lxml_html.HtmlElement, meta: dict[str, str], fallback: str | None) -> str | None:
    for link in doc.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split() and link.get("href"):
            url = urljoin(fallback or "", link.get("href", "").strip())
            if url.startswith(("http://", "https://")):
                return url
    og_url = meta.get("og:url", "")
    return og_url if og_url.startswith(("http://", "https://")) else fallback


def _remove_chrome(body: etree._Element) -> None:
    """Drop elements whose tag, role or class/id tokens mark them as chrome, unless they hold most text."""
    total = max(len(_text(body)), 1)
    doomed = [
        el
        for el in body.iterdescendants()
        if isinstance(el.tag, str) and _is_chrome(el) and len(_text(el)) <= CHROME_MAX_SHARE * total
    ]
    for el in doomed:
        _drop(el)


def _remove_link_blocks(body: etree._Element) -> None:
    """Drop leaf blocks that are mostly link text: "Read more: <a>…</a>", section labels, lists of links."""
    not_leaves = {a for block in body.iter(*_BLOCK_TAGS) for a in block.iterancestors()}
    doomed = []
    for el in body.iterdescendants(*_LEAF_BLOCK_TAGS):
        if el in not_leaves:
            continue
        text_length = len(_text(el))
        link_length = sum(len(_text(a)) for a in el.iter("a"))
        if text_length and link_length >= LINK_DENSITY_MAX * text_length:
            doomed.append(el)
    for el in doomed:
        _drop(el)


def _xml_text(el: etree._Element) -> str:
    for lb in el.iter("lb"):
        lb.tail = " " + (lb.tail or "")
    return collapse("".join(el.itertext()))


def _xml_blocks(el: etree._Element) -> Iterator[str]:
    for child in el:
        if child.tag in _XML_BLOCKS and any(c.tag in _XML_BLOCKS for c in child):
            if child.text and child.text.strip():
                yield child.text
            yield from _xml_blocks(child)
        elif child.tag in _XML_BLOCKS:
            yield _xml_text(child)


def _trafilatura_blocks(doc: lxml_html.HtmlElement, url: str | None, attributes: dict[str, str]) -> list[str]:
    """Body blocks trafilatura finds in the cleaned page; its metadata attributes go into ``attributes``."""
    xml = trafilatura.extract(
        lxml_html.tostring(doc, encoding="unicode"),
        url=url,
        output_format="xml",
        include_comments=False,
        include_tables=False,
        include_images=False,
        include_links=False,
        include_formatting=False,
        with_metadata=True,
        deduplicate=False,
    )
    if not xml:
        return []
    root = etree.fromstring(xml)
    attributes.update({str(k): str(v) for k, v in root.attrib.items()})
    main = root.find("main")
    return list(_xml_blocks(main)) if main is not None else []


def _plain_blocks(body: etree._Element) -> list[str]:
    """Fallback for pages too short for trafilatura: the innermost text blocks left after cleaning."""
    roots = body.xpath(".//article | .//main") or [body]
    blocks = [
        _text(el)
        for el in roots[0].iter(*_TEXT_TAGS)
        if not any(d.tag in _TEXT_TAGS for d in el.iterdescendants() if isinstance(d.tag, str))
    ]
    return blocks or [collapse(line) for line in roots[0].text_content().splitlines()]


def _clean_paragraphs(blocks: Iterable[str], title: str, key_points: tuple[str, ...]) -> list[str]:
    """Collapse whitespace; drop boilerplate, the title, key points, repeats and pull quotes."""
    seen = {t.casefold() for t in (title, *key_points) if t}
    kept = []
    for block in blocks:
        text = collapse(block)
        key = text.casefold()
        if not text or key in seen or is_boilerplate(text):
            continue
        seen.add(key)
        kept.append(text)
    return _drop_pull_quotes(kept)


def _word_key(text: str) -> str:
    """Words only, case-folded, space-framed: a pull quote matches its sentence whatever the quote marks."""
    return f" {' '.join(_WORD.findall(text.casefold()))} "


def _drop_pull_quotes(paragraphs: list[str]) -> list[str]:
    """Drop paragraphs repeated word for word inside another paragraph (pull quotes, repeated teasers).

    Of two paragraphs with the same words (quote marks or punctuation aside) the first is kept.
    """
    if len(paragraphs) > PULL_QUOTE_MAX_PARAGRAPHS:
        return paragraphs
    keys = [_word_key(p) for p in paragraphs]

    def repeated(i: int, key: str) -> bool:
        return key.count(" ") - 1 >= PULL_QUOTE_MIN_WORDS and any(
            key in other and (len(other) > len(key) or j < i) for j, other in enumerate(keys) if j != i
        )

    return [p for i, (p, key) in enumerate(zip(paragraphs, keys, strict=True)) if not repeated(i, key)]


# --- plain text / Markdown

_FENCE = re.compile(r"^\s*(```|~~~)")
_SETEXT = re.compile(r"^(=+|-+)$")
_RULE = re.compile(r"^([-*_])(\s*\1){2,}$")
_HEADING = re.compile(r"^#{1,6}\s+(.*?)(\s+#+)?$")
_LIST_ITEM = re.compile(r"^([-*+]|\d{1,3}[.)])\s+(?:\[[ xX]\]\s+)?(.*)$")
_REF_DEF = re.compile(r"^\[[^\]]+\]:\s*\S+")
_QUOTE = re.compile(r"^(>\s?)+")
_INLINE = (
    (re.compile(r"!\[[^\]]*\]\([^)]*\)"), ""),  # images
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),  # [text](url)
    (re.compile(r"\[([^\]]+)\]\[[^\]]*\]"), r"\1"),  # [text][ref]
    (re.compile(r"<(https?://[^>\s]+)>"), r"\1"),  # <https://…>
    (re.compile(r"</?[A-Za-z][^>]*>"), ""),  # inline HTML tags
    (re.compile(r"`([^`]+)`"), r"\1"),  # `code`
    (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"), r"\2"),  # **strong**
    (re.compile(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])"), r"\1"),  # *em*
    (re.compile(r"(?<!\w)_(?=\S)(.+?)(?<=\S)_(?!\w)"), r"\1"),  # _em_
    (re.compile(r"~~(.+?)~~"), r"\1"),  # ~~strike~~
    (re.compile(r"\\([\\`*_{}\[\]()#+\-.!>])"), r"\1"),  # backslash escapes
)


def _strip_inline(text: str) -> str:
    for pattern, replacement in _INLINE:
        text = pattern.sub(replacement, text)
    return collapse(text)


def _text_blocks(content: str) -> list[tuple[bool, list[str]]]:
    """(is_heading, lines) blocks: split on blank lines; headings and list items are blocks of their own."""
    lines = content.splitlines()  # every line break: \r\n, \r, NEL, U+2028, U+2029
    if lines and lines[0].strip() == "---" and "---" in (s.strip() for s in lines[1:]):  # YAML front matter
        lines = lines[[s.strip() for s in lines].index("---", 1) + 1 :]
    blocks: list[tuple[bool, list[str]]] = []
    current: list[str] = []
    in_fence = False

    def flush() -> None:
        if current:
            blocks.append((False, current.copy()))
            current.clear()

    for line in lines:
        stripped = line.strip()
        if _FENCE.match(line):
            in_fence = not in_fence
            flush()
        elif in_fence or _REF_DEF.match(stripped) or stripped.startswith("|"):
            continue
        elif not stripped:
            flush()
        elif _SETEXT.match(stripped) and len(current) == 1:
            blocks.append((True, [current.pop()]))
        elif _RULE.match(stripped):
            flush()
        elif heading := _HEADING.match(stripped):
            flush()
            blocks.append((True, [heading.group(1)]))
        elif item := _LIST_ITEM.match(stripped):
            flush()
            current.append(item.group(2))
        else:
            current.append(_QUOTE.sub("", stripped))
    flush()
    return blocks


def _from_text(source: Source) -> Article:
    blocks = [(h, [t for t in map(_strip_inline, lines) if t]) for h, lines in _text_blocks(source.content)]
    blocks = [(h, lines) for h, lines in blocks if lines]
    title, byline, from_heading = "", None, False
    if blocks:
        is_heading, lines = blocks[0]
        first = lines[0]
        short = len(first) <= TEXT_TITLE_MAX_CHARS and not first.endswith((".", ",", ";", ":"))
        followed_by_byline = len(lines) > 1 and byline_line(lines[1]) is not None
        shorter_than_next = len(lines) > 1 and len(first) <= TEXT_TITLE_WRAP_RATIO * len(lines[1])
        if is_heading or (short and (len(lines) == 1 or followed_by_byline or shorter_than_next)):
            title, from_heading = first, is_heading
            blocks[0] = (False, lines[1:])
            blocks = [(h, lines) for h, lines in blocks if lines]
        if title and blocks:
            byline = byline_line(blocks[0][1][0])
            if byline:
                blocks[0] = (False, blocks[0][1][1:])
    paragraphs = _clean_paragraphs((" ".join(lines) for _, lines in blocks), title, ())
    if not paragraphs and title and not from_heading:
        paragraphs, title = [title], ""
    if not paragraphs:
        raise _no_text(source)
    return Article(title=title, paragraphs=tuple(paragraphs), byline=byline, url=source.url)
