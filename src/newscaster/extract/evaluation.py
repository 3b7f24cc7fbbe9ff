"""Scoring extraction on snippet-annotated pages (trafilatura's evaluation corpus), for bench and gate.

Each page comes with up to six ``with`` snippets (article text that must be extracted) and ``without``
snippets (chrome that must not). As its authors score it: whitespace is normalized in the text and the
snippets; a ``with`` snippet found is a true positive, one missing a false negative, a ``without`` snippet
found a false positive; precision, recall and F1 are over all snippets of all pages. A crash or an empty
result finds nothing.
"""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from newscaster.errors import ExtractionError
from newscaster.extract import extract_article
from newscaster.fetch import decode_page
from newscaster.models import Article, Source

_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class AnnotatedPage:
    name: str
    url: str
    html: str
    with_snippets: tuple[str, ...]
    without_snippets: tuple[str, ...]


@dataclass(frozen=True)
class PageScore:
    name: str
    found_with: int
    total_with: int
    found_without: int
    empty: bool


@dataclass(frozen=True)
class Score:
    """Snippet counts over a corpus."""

    true_positives: int
    false_negatives: int
    false_positives: int
    empty_pages: tuple[str, ...]

    @property
    def precision(self) -> float:
        return self.true_positives / max(self.true_positives + self.false_positives, 1)

    @property
    def recall(self) -> float:
        return self.true_positives / max(self.true_positives + self.false_negatives, 1)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def normalize(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def load_corpus(folder: Path) -> list[AnnotatedPage]:
    """The pages of a trafilatura-eval folder (``evaldata.json`` + ``html/NAME.gz``), in annotation order."""
    annotations = json.loads((folder / "evaldata.json").read_text(encoding="utf-8"))
    return [
        AnnotatedPage(
            name=entry["file"],
            url=url,
            html=decode_page(
                gzip.decompress((folder / "html" / f"{entry['file']}.gz").read_bytes()), entry["file"]
            ),
            with_snippets=tuple(entry.get("with", ())),
            without_snippets=tuple(entry.get("without", ())),
        )
        for url, entry in annotations.items()
    ]


def spoken_text(article: Article) -> str:
    """What a listener hears of the article's words: title, key points, paragraphs."""
    return "\n".join([article.title, *article.key_points, *article.paragraphs])


def our_text(page: AnnotatedPage) -> str:
    """Our extraction of a page as scored text; empty when extraction fails."""
    return extracted_text(Source(content=page.html, is_html=True, url=page.url))


def extracted_text(source: Source) -> str:
    """Our extraction of any source as scored text; empty when extraction fails."""
    try:
        return spoken_text(extract_article(source))
    except ExtractionError:
        return ""


def score_page(page: AnnotatedPage, text: str) -> PageScore:
    found = normalize(text)
    return PageScore(
        name=page.name,
        found_with=sum(normalize(s) in found for s in page.with_snippets),
        total_with=len(page.with_snippets),
        found_without=sum(normalize(s) in found for s in page.without_snippets),
        empty=not found,
    )


def score_pages(pages: Iterable[AnnotatedPage], extract: Callable[[AnnotatedPage], str]) -> list[PageScore]:
    return [score_page(page, extract(page)) for page in pages]


def summarize(scores: Iterable[PageScore]) -> Score:
    scores = list(scores)
    return Score(
        true_positives=sum(s.found_with for s in scores),
        false_negatives=sum(s.total_with - s.found_with for s in scores),
        false_positives=sum(s.found_without for s in scores),
        empty_pages=tuple(s.name for s in scores if s.empty),
    )
