"""Quality gate for extraction: the whole trafilatura evaluation corpus (990 real pages), scored in this
process, against floors that only move up (``extraction_floors.json``; see its ``_about``).

The data is read from ``../shared/data/trafilatura-eval`` (read-only, never copied into the project); without
it the gate skips. Plain trafilatura runs only on the few pages where we find less than half of the ``with``
snippets (the only pages where it could find twice as many), so the gate costs one extraction per page.
"""

from __future__ import annotations

import json
import re
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest
import trafilatura

from newscaster.extract import extract_article
from newscaster.extract.choose import contained
from newscaster.extract.evaluation import (
    AnnotatedPage,
    PageScore,
    Score,
    load_corpus,
    our_text,
    score_page,
    summarize,
)
from newscaster.models import Source

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "data" / "trafilatura-eval"
FLOORS = Path(__file__).with_name("extraction_floors.json")


def load_floors(text: str | None = None) -> dict[str, Any]:
    floors: dict[str, Any] = json.loads(FLOORS.read_text(encoding="utf-8") if text is None else text)
    return floors


@pytest.fixture(scope="module")
def corpus() -> list[AnnotatedPage]:
    if not (CORPUS / "evaldata.json").is_file():
        pytest.skip(f"the shared evaluation corpus is not beside this checkout ({CORPUS})")
    return load_corpus(CORPUS)


@pytest.fixture(scope="module")
def scores(corpus: list[AnnotatedPage]) -> list[PageScore]:
    started = time.perf_counter()
    found = [score_page(page, our_text(page)) for page in corpus]
    score = summarize(found)
    print(
        f"\nextraction on {len(corpus)} pages: P {score.precision:.4f} R {score.recall:.4f} "
        f"F1 {score.f1:.4f}, {len(score.empty_pages)} empty, {time.perf_counter() - started:.1f} s"
    )
    return found


@pytest.fixture(scope="module")
def score(scores: list[PageScore]) -> Score:
    return summarize(scores)


def test_f1_holds_its_floor(score: Score) -> None:
    floor = load_floors()["f1_floor"]
    assert score.f1 >= floor, f"F1 {score.f1:.4f} fell below the floor {floor}"


def test_no_more_empty_pages_than_the_floor(score: Score) -> None:
    allowed = load_floors()["max_empty_pages"]
    assert len(score.empty_pages) <= allowed, f"pages read as empty: {', '.join(score.empty_pages)}"


def test_no_page_loses_half_of_what_trafilatura_finds(
    corpus: list[AnnotatedPage], scores: list[PageScore]
) -> None:
    """On no page do we find fewer than half of the ``with`` snippets plain trafilatura finds, except the
    deliberate ones (listed with their reason; a listed page that no longer falls below must come off)."""
    deliberate = load_floors()["deliberate"]
    below = []
    for page, ours in zip(corpus, scores, strict=True):
        if 2 * ours.found_with >= ours.total_with:
            continue  # trafilatura cannot find twice as many
        theirs = score_page(page, trafilatura.extract(page.html, url=page.url) or "")
        if 2 * ours.found_with < theirs.found_with:
            below.append(f"{page.name}: we find {ours.found_with}, trafilatura {theirs.found_with}")
    names = {line.split(":")[0] for line in below}
    assert sorted(names - set(deliberate)) == [], "\n".join(below)
    assert sorted(set(deliberate) - names) == [], "listed as deliberate but no longer below half"


def _previous_floors() -> dict[str, Any] | None:
    """The last committed version of the floors file that differs from the working copy, if any."""
    try:
        commits = subprocess.run(
            ["git", "log", "--format=%H", "--", FLOORS.name],
            cwd=FLOORS.parent, capture_output=True, text=True, check=True,
        ).stdout.split()  # fmt: skip
        current = FLOORS.read_text(encoding="utf-8")
        for commit in commits:
            committed = subprocess.run(
                ["git", "show", f"{commit}:./{FLOORS.name}"],
                cwd=FLOORS.parent, capture_output=True, text=True, check=True,
            ).stdout  # fmt: skip
            if committed != current:
                return load_floors(committed)
    except (OSError, subprocess.CalledProcessError):
        return None
    return None


def test_floors_only_rise() -> None:
    """Against the previous committed floors (not the working copy against itself)."""
    previous = _previous_floors()
    if previous is None:
        pytest.skip("no earlier committed floors to compare with (not a git checkout, or a first version)")
    current = load_floors()
    assert current["f1_floor"] >= previous["f1_floor"]
    assert current["max_empty_pages"] <= previous["max_empty_pages"]
    assert set(current["deliberate"]) <= set(previous["deliberate"]), "pages added to the deliberate list"


def test_chinese_and_japanese_pages_read_a_clean_headline_and_the_lede_once(
    corpus: list[AnnotatedPage],
) -> None:
    """On the corpus's news pages in Chinese or Japanese the headline has no site name (nor ruby readings)
    and a key point taken from the description does not repeat the story's opening, cut short or not."""
    written = [p for p in corpus if any(_DENSE.search(s) for s in p.with_snippets)]
    articles = [extract_article(Source(p.html, True, url=p.url)) for p in written]
    dense = [
        (p.name, a)
        for p, a in zip(written, articles, strict=True)
        if len(_DENSE.findall(" ".join(a.paragraphs))) > len(" ".join(a.paragraphs)) / 2
    ]
    assert len(dense) >= 4, [name for name, _ in dense]
    for name, article in dense:
        assert not _SITE_MARK.search(article.title), (name, article.title)
        for point in article.key_points:
            assert contained([point], [article.title, *article.paragraphs[:2]]) < 0.5, (name, point)


_DENSE = re.compile("[\u3040-\u30ff\u4e00-\u9fff]")
_SITE_MARK = re.compile("[|｜_]|NEWS WEB|新华网|新浪")
"""What a page's ``<title>`` adds to the headline on these pages: a separator and the site's name."""
