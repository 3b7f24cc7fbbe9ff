"""XML sitemaps (sitemaps.org), sitemap indexes and Google News sitemaps, read with a safe parser.

lxml runs with entities left unresolved, no DTD loaded and no network, so a sitemap can neither read a
local file nor make the server fetch anything (XXE); its size is capped by the fetch (``MAX_PAGE_BYTES``).
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from lxml import etree

from ..batch import FeedEntry
from ..errors import InputError

MAX_SITEMAP_URLS = 50_000
"""The sitemap protocol's own limit per file; past it the rest of the file is ignored."""
_WEB_SCHEMES = frozenset({"http", "https"})


@dataclass(frozen=True)
class Sitemap:
    entries: list[FeedEntry]
    """The pages it lists (a ``urlset``), newest first where it gives dates."""
    children: list[str]
    """The sitemaps it lists (a ``sitemapindex``), most recently changed first."""


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def _local(tag: object) -> str:
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def root_name(document: bytes) -> str | None:
    """The local name of the document's root element, or None when it is not well-formed XML."""
    try:
        root = etree.fromstring(document, _parser())
    except etree.XMLSyntaxError:
        return None
    return _local(root.tag)


def is_sitemap(document: bytes) -> bool:
    return root_name(document) in {"urlset", "sitemapindex"}


def _child_text(element: etree._Element, name: str) -> str:
    for child in element.iter():
        if _local(child.tag) == name and child.text:
            return child.text.strip()
    return ""


def parse_sitemap(document: bytes, sitemap_url: str) -> Sitemap:
    """The pages or child sitemaps of ``document`` (UTF-8), links resolved against ``sitemap_url``."""
    try:
        root = etree.fromstring(document, _parser())
    except etree.XMLSyntaxError as error:
        raise InputError(f"{sitemap_url} is not well-formed XML ({error})") from None
    kind = _local(root.tag)
    if kind not in {"urlset", "sitemapindex"}:
        raise InputError(f"{sitemap_url} is not a sitemap (its root element is <{kind}>)")
    item = "url" if kind == "urlset" else "sitemap"
    found: list[tuple[str, str]] = []
    seen: set[str] = set()
    for element in root:
        if _local(element.tag) != item:
            continue
        url = urljoin(sitemap_url, _child_text(element, "loc"))
        if urlsplit(url).scheme not in _WEB_SCHEMES or url in seen:
            continue
        seen.add(url)
        # A news sitemap dates an article by its publication; lastmod, when given, is the later edit.
        found.append((url, _child_text(element, "lastmod") or _child_text(element, "publication_date")))
        if len(found) >= MAX_SITEMAP_URLS:
            break
    dated = sorted(found, key=lambda pair: pair[1], reverse=True)  # stable: undated keep document order
    if kind == "sitemapindex":
        return Sitemap(entries=[], children=[url for url, _ in dated])
    return Sitemap(entries=[FeedEntry(url, version) for url, version in dated], children=[])
