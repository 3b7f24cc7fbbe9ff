"""HTML or text → ``Article``: the article's own words, without the page around them.

HTML goes through the cascade in ``cascade`` (numbered stages, one module each: ``document``,
``structured``, ``metadata``, ``candidates``, ``chrome``, ``choose``); plain text and Markdown through
``text``. Text is kept as written (quotes, dashes); normalization is a later stage.
"""

from __future__ import annotations

from newscaster.extract.cascade import Extraction, extract_html
from newscaster.extract.document import check_is_text
from newscaster.extract.text import article_from_text
from newscaster.models import Article, Source

__all__ = ["Extraction", "explain_extraction", "extract_article"]


def extract_article(source: Source) -> Article:
    """Turn a fetched page or a text into an ``Article``.

    Raises ``ExtractionError`` for binary or empty input, or when no candidate has article text.
    """
    check_is_text(source)
    return extract_html(source).article if source.is_html else article_from_text(source)


def explain_extraction(source: Source) -> Extraction:
    """``extract_article`` with its record: the body candidate kept and every block removed, with why."""
    check_is_text(source)
    if source.is_html:
        return extract_html(source)
    return Extraction(article_from_text(source), "plain text", ())
