"""Stage 3 of the cascade: what trafilatura does not give — headline, standfirst / key points, byline, date,
language, canonical URL and site name — from the markup, completed by the structured data of stage 2."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urljoin, urlsplit

from lxml import etree

from newscaster.extract.boilerplate import is_boilerplate
from newscaster.extract.bylines import clean_byline, person_byline
from newscaster.extract.chrome import LINK_DENSITY_MAX, link_share, markup_reason
from newscaster.extract.document import Page, document_order, lines_of, text_of, word_key, words
from newscaster.extract.patterns import (
    BYLINE_TOKENS,
    CHROME_TOKENS,
    KEY_POINT_TOKENS,
    SENTENCE_END,
    collapse,
    markup_as_text,
    without_entities,
)
from newscaster.extract.structured import StructuredData
from newscaster.text.reading_time import dense_characters, word_equivalents

KEY_POINTS_MAX_CHARS = 1500
"""A standfirst or key-points box is a few sentences; a longer "summary" element is the body itself."""

KEY_POINT_MIN_CHARS = 15
"""Shorter entries in a key-points box are its labels ("Key points", "Summary"), not points."""

TITLE_MATCH_MIN = 0.5
"""Share of words an ``<h1>`` must have in common with the meta title to be the headline (not the logo)."""

SITE_SUFFIX_MAX_WORDS = 6
"""A site name after " | " in ``<title>`` is at most this long ("South China Morning Post")."""

DASH_SUFFIX_MAX_WORDS = 4
"""After a dash the suffix must also be capitalized words and shorter, since headlines use dashes too."""

SECTION_PREFIX_MAX_WORDS = 3
"""Section labels before " | " ("Opinion", "Hong Kong Economy") are this short."""

DENSE_TITLE_SEPARATORS = ("｜", "|", "_", "－", "-", "—")
"""Chinese and Japanese titles set the site name off without spaces ("蔡健雅_百度百科", "…的城！-新华网",
"NEWS WEB EASY|子どもへの…"). Only tried on such titles: in spaced scripts these marks join words."""

_META_DATE_KEYS = ("article:published_time", "og:published_time", "datepublished", "publish-date", "pubdate",
                   "parsely-pub-date", "sailthru.date", "dc.date.issued", "dc.date", "date")  # fmt: skip
NOT_KEY_POINT_TOKENS = frozenset(
    {"rating", "ratings", "fivestar", "stars", "rev", "review", "reviews", "ekomi"}
)
"""Names of a box that sums up readers' ratings ("jdgm-rev-widg__summary", "fivestar-summary",
"ekomi-rating-summary"): "Based on 40 reviews" is no standfirst."""
_KEY_POINT_CHROME_TAGS = frozenset({"nav", "footer", "form", "dialog"})
"""Containers that put a "summary" box out of the article (a key-points box may sit in an ``<aside>``)."""
CONVERSATION_TOKENS = frozenset({"comment", "comments", "commenting", "disqus", "discussion", "respond"})
"""Component names of a page's comment section, whose "author" fields name commenters, not the writer."""
_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})")
_LANG = re.compile(r"^([A-Za-z]{2,3})(?:$|[-_])")


@dataclass(frozen=True)
class PageMetadata:
    """Everything about the article except its body."""

    title: str
    key_points: tuple[str, ...]
    byline: str | None
    published: str | None
    language: str
    url: str | None
    site_name: str | None
    key_box: etree._Element | None = field(default=None, compare=False, repr=False)
    """The element the key points came from (``key_points``), which chrome removal keeps out of the body."""


def read_meta_tags(page: Page) -> dict[str, str]:
    """``<meta>`` contents by lower-cased name / property / itemprop; the first occurrence wins."""
    found: dict[str, str] = {}
    for el in page.doc.iter("meta"):
        content = collapse(markup_as_text(without_entities(el.get("content") or "")))
        for attr in ("property", "name", "itemprop", "http-equiv"):
            key = (el.get(attr) or "").strip().lower()
            if key and content:
                found.setdefault(key, content)
    return found


def read_metadata(
    page: Page, meta: dict[str, str], structured: StructuredData, fallback_url: str | None
) -> PageMetadata:
    title_el = page.doc.find(".//title")
    page_title, suffix = clean_title(title_el.text_content() if title_el is not None else "")
    site_name = meta.get("og:site_name") or meta.get("application-name") or suffix or None
    url = _url(page, meta, fallback_url)
    title = _title(page, meta, structured, page_title, [site_name, *_domain_names(url), *BLOG_LABELS])
    points, key_box = key_points(page)
    return PageMetadata(
        title=title,
        key_points=tuple(p for p in points if word_key(p) != word_key(title)),  # the headline is read once
        byline=_byline(page, meta, structured, site_name),
        published=_published(page, meta, structured),
        language=_language(page, meta, structured),
        url=url,
        site_name=site_name,
        key_box=key_box,
    )


def _overlap(a: str, b: str) -> float:
    words_a, words_b = set(words(a)), set(words(b))
    return len(words_a & words_b) / max(len(words_a), len(words_b), 1)


def clean_title(raw: str) -> tuple[str, str | None]:
    """Strip a site-name suffix and a section prefix; return (title, site-name suffix or None)."""
    title, suffix = collapse(raw), None
    for sep in (" | ", " – ", " — ", " - ", " :: ", " · "):
        if sep in title:
            head, tail = title.rsplit(sep, 1)
            tail_words = tail.split()
            capitalized = all(w[:1].isupper() or not w[:1].isalpha() for w in tail_words)
            if word_equivalents(head) >= 2 and (
                (sep == " | " and len(tail_words) <= SITE_SUFFIX_MAX_WORDS)
                or (capitalized and len(tail_words) <= DASH_SUFFIX_MAX_WORDS)
            ):
                title, suffix = head, tail
                break
    if suffix is None and dense_characters(title):
        return _without_dense_site_name(title)
    return without_section_label(title), suffix


def _without_dense_site_name(title: str) -> tuple[str, str | None]:
    """A Chinese or Japanese title without the site name set off after (or before) it by a bare mark."""
    for sep in DENSE_TITLE_SEPARATORS:
        head, _, tail = title.rpartition(sep)
        if _is_site_name(tail, head):
            return head.strip(), tail.strip()
    for sep in DENSE_TITLE_SEPARATORS[:2]:  # a site name before the headline is set off by a bar
        head, _, tail = title.partition(sep)
        if _is_site_name(head, tail) and len(head) < len(tail):
            return tail.strip(), head.strip()
    return title, None


_BRACKETS = re.compile(r"[()（）《》「」『』【】\[\]]")


def _is_site_name(part: str, headline: str) -> bool:
    """``part`` is short enough to be a site name beside ``headline``: not a number ("2022-23年"), and
    not the inside of brackets ("只能想念你 - 蕭敬騰)")."""
    return (
        bool(part.strip())
        and dense_characters(headline) > 0
        and word_equivalents(part) <= SITE_SUFFIX_MAX_WORDS
        and not any(ch.isdigit() for ch in part + headline[-1:])
        and not _BRACKETS.search(part)
    )


SITE_NAME_SEPARATORS = (" | ", " » ", " « ", " :: ", " – ", " — ", " - ", " · ", ": ")
"""Marks that set a site's name off before or after the headline ("seelenradio » Nummer zwei: Leo", an old
WordPress default). The name is only taken off when it is the site's own (``without_site_name``)."""

BLOG_LABELS = ("Blog Archive", "Blog Archiv")
"""Old WordPress themes' label between the site's name and the post's ("Site » Blog Archive » Title")."""


def without_site_name(title: str, site_names: list[str | None]) -> str:
    """``title`` without the site's name set off before or after it, when that part is the site's name
    (``og:site_name``, the ``<title>`` suffix) or its domain, whatever its case and spacing."""
    names = {_folded(name) for name in site_names if name} - {""}
    stripped = True
    while stripped:
        stripped = False
        for sep in SITE_NAME_SEPARATORS:
            head, found, tail = title.partition(sep)
            if found and _folded(head) in names and word_equivalents(tail) >= 2:
                title, stripped = tail.strip(), True
                break
            head, found, tail = title.rpartition(sep)
            if found and _folded(tail) in names and word_equivalents(head) >= 2:
                title, stripped = head.strip(), True
                break
    return title


def _folded(name: str) -> str:
    return "".join(ch for ch in name.casefold() if ch.isalnum())


_SECOND_LEVEL = frozenset({"co", "com", "org", "net", "ac", "gov", "edu", "or", "ne", "go"})
"""Labels under a country's domain that are not the site's name ("bbc.co.uk", "abc.net.au")."""


def _domain_names(url: str | None) -> list[str]:
    """A site's names from its address: ``www.heise.de`` → ``heise.de`` and ``heise``."""
    host = (urlsplit(url).hostname or "") if url else ""
    labels = host.removeprefix("www.").split(".")
    suffix_labels = 2 if len(labels) > 2 and labels[-2] in _SECOND_LEVEL else 1
    if len(labels) <= suffix_labels:
        return []
    return [".".join(labels[-suffix_labels - 1 :]), labels[-suffix_labels - 1]]


def without_section_label(title: str) -> str:
    """``title`` without a section label before " | " ("Opinion | The China-Russia partnership …")."""
    if " | " in title:
        first, rest = title.split(" | ", 1)
        label_words = word_equivalents(first)
        if label_words <= SECTION_PREFIX_MAX_WORDS and word_equivalents(rest) > label_words:
            return rest
    return title


def _title(
    page: Page,
    meta: dict[str, str],
    structured: StructuredData,
    page_title: str,
    site_names: list[str | None],
) -> str:
    """The headline: the ``<h1>`` that matches the meta title, else the cleaned meta title (without the
    site's name: an ``<h1>`` says what the page shows, and is kept as it is)."""
    meta_titles = (meta.get("og:title", ""), meta.get("twitter:title", ""), structured.headline)
    meta_title = next((t for t in (clean_title(m)[0] for m in meta_titles) if t), page_title)
    meta_title = without_site_name(meta_title, site_names)
    # An <h1> named as chrome is a breadcrumb or the logo wrapping the site's name, not the headline.
    headings = [t for t in (text_of(h) for h in page.body.iter("h1") if not markup_reason(page, h)) if t]
    if meta_title:
        best = max(headings, key=lambda h: _overlap(h, meta_title), default="")
        return best if best and _overlap(best, meta_title) >= TITLE_MATCH_MIN else meta_title
    in_article = [t for t in (text_of(h) for h in page.body.xpath(".//article//h1 | .//main//h1")) if t]
    return (in_article or headings or [""])[0]


def _in_conversation(page: Page, el: etree._Element) -> bool:
    """``el`` is a form field or sits in the comments: a comment form's "Name *" label, a commenter's "Jo
    says:". (Other chrome is left alone: bylines sit in headers and "entry-meta" boxes.)"""
    return any(a.tag == "form" or page.tokens_of(a) & CONVERSATION_TOKENS for a in el.iterancestors())


def key_points(page: Page) -> tuple[tuple[str, ...], etree._Element | None]:
    """The first standfirst / key-points element outside chrome: its list items, paragraphs, or whole text.
    Failing one, a "teaser" beside the headline (``_beside_headline``) is the standfirst."""
    for el in page.named(KEY_POINT_TOKENS):
        if page.tokens_of(el) & CHROME_TOKENS or el.tag in _KEY_POINT_CHROME_TAGS:
            continue
        points = _points_of(page, el)
        if points:
            return points, el
    teasers = page.named(TEASER_TOKENS)
    holders = {a for h in page.body.iter("h1") for a in (h, *h.iterancestors())} if teasers else set()
    for el in teasers:
        if not _beside_headline(el, holders) or len(text_of(el)) < TEASER_STANDFIRST_MIN_CHARS:
            continue
        if any(_READ_MORE.match(text_of(a)) for a in el.iter("a")):
            continue  # "… Hintergründe. mehr": a teaser for another page
        points = _points_of(page, el)
        if any(SENTENCE_END.search(point) for point in points):
            return points, el
    return (), None


TEASER_TOKENS = frozenset({"teaser", "teasertext"})
TEASER_STANDFIRST_MIN_CHARS = 60
"""A "teaser" is a link to another story almost everywhere; in TYPO3's news view ("news-single … teaser-text")
and on some ministries' pages ("article-teaser") it is the story's own standfirst, next to its headline, and
a sentence or more long."""
_READ_MORE = re.compile(
    r"^(mehr|weiter|weiterlesen|mehr lesen|more|read more|lire la suite|en savoir plus|leer más|ver más"
    r"|continua|leggi (tutto|di più)|lees meer|czytaj (dalej|więcej))\W*$",
    re.IGNORECASE,
)
HEADLINE_SEARCH_LEVELS = 2
"""How far up from a teaser its container may be that also holds the headline (``<h1>``)."""


def _beside_headline(el: etree._Element, headline_holders: set[etree._Element]) -> bool:
    """``el`` sits in the headline's container (its parent or grandparent holds the ``<h1>``), not in it.
    ``headline_holders``: every ``<h1>`` and its ancestors, found once (a page of thousands of teasers would
    otherwise search the whole page from each)."""
    if el in headline_holders:
        return False
    ancestors = itertools.islice(el.iterancestors(), HEADLINE_SEARCH_LEVELS + 1)
    return any(a in headline_holders for a in ancestors)


def _points_of(page: Page, el: etree._Element) -> tuple[str, ...]:
    """The points of a standfirst / key-points box, or () when it is not one."""
    if any(markup_reason(page, a, by_tag=a.tag in _KEY_POINT_CHROME_TAGS) for a in el.iterancestors()):
        return ()
    if (
        not KEY_POINT_MIN_CHARS <= len(text_of(el)) <= KEY_POINTS_MAX_CHARS
        or el.tag == "h1"
        or el.find(".//h1") is not None
        or page.tokens_of(el) & NOT_KEY_POINT_TOKENS
        or link_share(el) >= LINK_DENSITY_MAX
    ):
        # too short or long for a standfirst, the headline itself ("intro-headline") or the whole article
        # header ("intro-header"), a "summary" of ratings, or a list of links ("highlights-top")
        return ()
    chrome = [d for d in el.iterdescendants() if markup_reason(page, d)]
    inside = {d for c in chrome for d in c.iter()}
    parts = (
        [text_of(li) for li in el.iter("li") if li not in inside]
        or [text_of(p) for p in el.iter("p") if p not in inside]
        or [collapse(_text_without(el, set(chrome)))]
    )
    return tuple(p for p in parts if len(p) >= KEY_POINT_MIN_CHARS and not is_boilerplate(p))


def _text_without(el: etree._Element, left_out: set[etree._Element]) -> str:
    """``el``'s text without the subtrees in ``left_out`` (a share bar inside a standfirst box)."""
    parts = [el.text or ""]
    for child in el:
        if child not in left_out:
            parts.append(_text_without(child, left_out))
        parts.append(child.tail or "")
    return "".join(parts)


def _byline(
    page: Page, meta: dict[str, str], structured: StructuredData, site_name: str | None
) -> str | None:
    candidates: list[str | None] = [meta.get("author"), meta.get("byl"), meta.get("parsely-author")]
    if structured.authors:
        candidates.append(", ".join(structured.authors))
    marked = {*page.body.xpath(".//*[@rel='author' or @itemprop='author']")}
    marked.update(page.named(BYLINE_TOKENS))
    for el in sorted(marked, key=document_order):
        if not _in_conversation(page, el):
            candidates.append(lines_of(el))  # a role on the next line is not part of the name
    # "admin" in the author meta tag gives way to the writer the page names further on.
    names = (person_byline(clean_byline(candidate), site_name) for candidate in candidates)
    return next((name for name in names if name), None)


def iso_date(value: str | None) -> str | None:
    match = _DATE.search(value or "")
    if not match:
        return None
    try:
        return date(*(int(g) for g in match.groups())).isoformat()
    except ValueError:
        return None


def _published(page: Page, meta: dict[str, str], structured: StructuredData) -> str | None:
    values = [structured.published, *(meta.get(key) for key in _META_DATE_KEYS)]
    for el in page.body.xpath(".//*[@itemprop='datePublished'] | .//time[@datetime]"):
        values.append(el.get("content") or el.get("datetime"))
    return next((d for d in map(iso_date, values) if d), None)


def _language(page: Page, meta: dict[str, str], structured: StructuredData) -> str:
    for value in (page.doc.get("lang"), page.doc.get("xml:lang"), structured.language,
                  meta.get("content-language"), meta.get("og:locale"), meta.get("language")):  # fmt: skip
        match = _LANG.match((value or "").strip())
        if match:
            return match.group(1).lower()
    return "en"


def _url(page: Page, meta: dict[str, str], fallback: str | None) -> str | None:
    for link in page.doc.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split() and link.get("href"):
            url = urljoin(fallback or "", link.get("href", "").strip())
            if url.startswith(("http://", "https://")):
                return url
    og_url = meta.get("og:url", "")
    return og_url if og_url.startswith(("http://", "https://")) else fallback
