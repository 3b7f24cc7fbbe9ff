"""Stage 2 of the cascade: what the page says about itself in schema.org JSON-LD and OpenGraph meta.

JS-app pages and paywalled shells often carry the whole story only here (``articleBody``) while the HTML
shows a teaser; every page that has them states its headline, authors, dates and language here more
reliably than its markup does.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from newscaster.extract.patterns import collapse, markup_as_text, without_entities

ARTICLE_TYPES = frozenset(
    {"Article", "NewsArticle", "ReportageNewsArticle", "AnalysisNewsArticle", "OpinionNewsArticle",
     "BackgroundNewsArticle", "ReviewNewsArticle", "LiveBlogPosting", "BlogPosting", "Report",
     "TechArticle", "ScholarlyArticle", "SocialMediaPosting", "DiscussionForumPosting"}
)  # fmt: skip
"""schema.org types whose ``articleBody`` is a story's text (``WebPage`` descriptions are not)."""

_NESTED_KEYS = ("@graph", "mainEntity", "mainEntityOfPage", "itemListElement")
"""Keys under which sites nest the article object (``@graph``, a ``WebPage`` whose main entity it is)."""

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_CDATA = re.compile(r"^\s*(?://\s*)?<!\[CDATA\[|(?://\s*)?\]\]>\s*$")
_PARAGRAPH_BREAK = re.compile(r"\s*\n\s*")


@dataclass(frozen=True)
class StructuredData:
    """Fields of the page's article object (JSON-LD first, OpenGraph / ``article:*`` meta second)."""

    headline: str = ""
    description: str = ""
    authors: tuple[str, ...] = ()
    published: str = ""
    """As written (ISO 8601 usually); the cascade keeps the date part."""
    modified: str = ""
    language: str = ""
    body: tuple[str, ...] = ()
    """``articleBody`` split into paragraphs (on line breaks), or a live blog's updates."""
    headings: frozenset[str] = frozenset()
    """A live blog's update headlines: each opens an entry (and a chapter) when the updates are the body."""
    free: bool = True
    """False when the page declares its content paywalled (``isAccessibleForFree: false``)."""


def read_structured_data(scripts: list[str], meta: dict[str, str]) -> StructuredData:
    """The first article object in the JSON-LD ``scripts``, completed from OpenGraph ``meta``."""
    article = next((obj for text in scripts for obj in _objects(_load(text)) if _is_article(obj)), {})
    authors = tuple(a for a in _names(article.get("author")) if a)
    og_author = meta.get("article:author", "")
    if not authors and og_author and "://" not in og_author:
        authors = (og_author,)
    return StructuredData(
        headline=_string(article.get("headline")) or _string(article.get("name")),
        description=_string(article.get("description")) or meta.get("og:description", ""),
        authors=authors,
        published=_string(article.get("datePublished")) or meta.get("article:published_time", ""),
        modified=_string(article.get("dateModified")) or meta.get("article:modified_time", ""),
        language=_language(article.get("inLanguage")),
        body=_body(article),
        headings=frozenset(_update_headlines(article)),
        free=str(article.get("isAccessibleForFree", True)).strip().lower() not in ("false", "no", "0"),
    )


def _load(text: str) -> Any:
    """Parse one JSON-LD script, tolerating CDATA wrappers and raw control characters; None if broken."""
    cleaned = _CONTROL.sub(" ", _CDATA.sub("", text.strip()))
    try:
        return json.loads(cleaned, strict=False)
    except (ValueError, RecursionError):
        return None


def _objects(data: Any) -> Iterator[dict[str, Any]]:
    """Every object in a JSON-LD document, outermost first, following lists and nesting keys."""
    stack = [data]
    while stack:
        item = stack.pop(0)
        if isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, dict):
            yield item
            stack.extend(item[key] for key in _NESTED_KEYS if key in item)


def _is_article(obj: dict[str, Any]) -> bool:
    types = obj.get("@type")
    names = types if isinstance(types, list) else [types]
    return any(isinstance(t, str) and t.rsplit("/", 1)[-1] in ARTICLE_TYPES for t in names)


def _string(value: Any) -> str:
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str) and v.strip()), "")
    return collapse(markup_as_text(without_entities(value))) if isinstance(value, str) else ""


def _names(value: Any) -> Iterator[str]:
    """Author names from a string, a Person/Organization object, or a list of either."""
    for item in value if isinstance(value, list) else [value]:
        if isinstance(item, str) and "://" not in item:
            yield collapse(without_entities(item))
        elif isinstance(item, dict):
            yield _string(item.get("name"))


def _language(value: Any) -> str:
    if isinstance(value, dict):
        value = value.get("alternateName") or value.get("name")
    return _string(value)


def _update_headlines(article: dict[str, Any]) -> Iterator[str]:
    updates = article.get("liveBlogUpdate")
    for update in updates if isinstance(updates, list) else []:
        if isinstance(update, dict) and (headline := _string(update.get("headline"))):
            yield headline


def _body(article: dict[str, Any]) -> tuple[str, ...]:
    """``articleBody`` as paragraphs; a live blog without one reads its updates in the page's order."""
    text = article.get("articleBody")
    if isinstance(text, str) and text.strip():
        lines = _PARAGRAPH_BREAK.split(markup_as_text(without_entities(text)).strip())
        return tuple(p for p in (collapse(line) for line in lines) if p)
    updates = article.get("liveBlogUpdate")
    paragraphs: list[str] = []
    for update in updates if isinstance(updates, list) else []:
        if isinstance(update, dict):
            paragraphs += [p for p in (_string(update.get("headline")),) if p]
            paragraphs += _body(update)
    return tuple(paragraphs)
