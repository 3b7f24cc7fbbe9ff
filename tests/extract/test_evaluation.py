"""The snippet scoring the bench and the gate share."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from newscaster.extract.evaluation import AnnotatedPage, load_corpus, score_page, summarize


def _page(with_snippets: tuple[str, ...], without: tuple[str, ...] = ()) -> AnnotatedPage:
    return AnnotatedPage("p.html", "https://example.com/p", "<html></html>", with_snippets, without)


def test_snippets_are_found_whatever_their_whitespace() -> None:
    page = _page(("new  tram\nlines", "missing words"), ("Advertisement",))
    score = score_page(page, "The council approved new tram lines.\n\nAdvertisement")
    assert (score.found_with, score.total_with, score.found_without, score.empty) == (1, 2, 1, False)


def test_precision_recall_f1_over_all_snippets_and_empty_pages_named() -> None:
    scores = [
        score_page(_page(("a b", "c d"), ("x",)), "a b c d x"),  # 2 found, 1 chrome read
        score_page(_page(("e f",)), ""),  # empty: finds nothing
    ]
    total = summarize(scores)
    assert (total.true_positives, total.false_negatives, total.false_positives) == (2, 1, 1)
    assert total.precision == pytest.approx(2 / 3) and total.recall == pytest.approx(2 / 3)
    assert total.f1 == pytest.approx(2 / 3) and total.empty_pages == ("p.html",)


def test_corpus_pages_decode_as_the_product_decodes_a_page(tmp_path: Path) -> None:
    """A page declared UTF-8 with one stray Windows-1252 byte is UTF-8 (four corpus pages were read as
    "GlÃ¼ck" when a failed strict decode fell back to Windows-1252 for the whole page)."""
    (tmp_path / "html").mkdir()
    page = '<meta charset="utf-8"><p>Glück, weiß</p>'.encode() + b"<p>caf\xe9</p>"
    (tmp_path / "html" / "p.html.gz").write_bytes(gzip.compress(page))
    (tmp_path / "evaldata.json").write_text(json.dumps({"https://p": {"file": "p.html"}}), encoding="utf-8")
    html = load_corpus(tmp_path)[0].html
    assert "Glück, weiß" in html and "Ã" not in html


def test_a_corpus_folder_loads_in_annotation_order(tmp_path: Path) -> None:
    (tmp_path / "html").mkdir()
    for name in ("b.html", "a.html"):
        (tmp_path / "html" / f"{name}.gz").write_bytes(gzip.compress(f"<p>{name}</p>".encode()))
    annotations = {
        "https://b": {"file": "b.html", "with": ["b"]},
        "https://a": {"file": "a.html", "without": ["x"]},
    }
    (tmp_path / "evaldata.json").write_text(json.dumps(annotations), encoding="utf-8")
    pages = load_corpus(tmp_path)
    assert [(p.name, p.url, p.html) for p in pages] == [
        ("b.html", "https://b", "<p>b.html</p>"),
        ("a.html", "https://a", "<p>a.html</p>"),
    ]
    assert pages[0].with_snippets == ("b",) and pages[1].without_snippets == ("x",)
