"""Our extraction against plain trafilatura on the shared evaluation corpus, in one run.

    python bench/bench_extract.py [--corpus ../shared/data/trafilatura-eval] [--list] [--pages N]

For every page of the corpus (990 real pages, many languages; see ``../shared/data/README.md``) it runs

1. newscaster   ``extract_article`` (the whole cascade), scored on title + key points + paragraphs;
2. trafilatura  ``trafilatura.extract(html, url=url)`` with its defaults, scored on its text;

alternating page by page, so a change in the machine's load hits both alike. Each is scored by the
snippet method (``newscaster.extract.evaluation``) and timed in CPU seconds of this process (wall seconds
are printed too: on a shared machine they say more about the neighbours than about us). The result is the
table of precision, recall, F1, empty pages and pages per second, and our time as a multiple of
trafilatura's (goal: at most ``TARGET_TIME_RATIO``). ``--list`` also lists the pages where we find fewer
``with`` snippets than trafilatura.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import trafilatura

from newscaster.extract.evaluation import (
    AnnotatedPage,
    PageScore,
    Score,
    load_corpus,
    our_text,
    score_page,
    summarize,
)

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "data" / "trafilatura-eval"
TARGET_TIME_RATIO = 1.5
"""Our extraction time / plain trafilatura's, at most (issue 9): the cascade runs trafilatura once on most
pages, and our own stages must not cost half as much again."""


def trafilatura_text(page: AnnotatedPage) -> str:
    return trafilatura.extract(page.html, url=page.url) or ""


def row(name: str, score: Score, cpu_s: float, wall_s: float, pages: int) -> str:
    return (
        f"| {name:12} | {score.precision:.3f} | {score.recall:.3f} | **{score.f1:.3f}** | "
        f"{len(score.empty_pages):5} | {pages / cpu_s:6.1f} | {cpu_s:6.1f} | {wall_s:6.1f} |"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--list", action="store_true", help="List pages where we find less than trafilatura.")
    parser.add_argument(
        "--pages", type=int, help="Only the first N pages (a quick look; the result is the full run)."
    )
    args = parser.parse_args()
    if not (args.corpus / "evaldata.json").is_file():
        print(f"bench_extract: no corpus at {args.corpus}", file=sys.stderr)
        return 2
    pages = load_corpus(args.corpus)[: args.pages]
    ours: list[PageScore] = []
    theirs: list[PageScore] = []
    cpu = {"ours": 0.0, "trafilatura": 0.0}
    wall = {"ours": 0.0, "trafilatura": 0.0}
    for page in pages:
        for name, extract, scores in (("ours", our_text, ours), ("trafilatura", trafilatura_text, theirs)):
            cpu_start, wall_start = time.process_time(), time.perf_counter()
            text = extract(page)
            cpu[name] += time.process_time() - cpu_start
            wall[name] += time.perf_counter() - wall_start
            scores.append(score_page(page, text))
    our_score, their_score = summarize(ours), summarize(theirs)
    print(f"{len(pages)} pages from {args.corpus}")
    print("| extractor    | P     | R     | F1        | empty | pages/s |  cpu s | wall s |")
    print("|--------------|-------|-------|-----------|-------|---------|--------|--------|")
    print(row("newscaster", our_score, cpu["ours"], wall["ours"], len(pages)))
    print(row("trafilatura", their_score, cpu["trafilatura"], wall["trafilatura"], len(pages)))
    ratio = cpu["ours"] / cpu["trafilatura"]
    print(f"time ratio (CPU): {ratio:.2f}x trafilatura (goal <= {TARGET_TIME_RATIO}x)")
    print(f"empty pages (newscaster): {', '.join(our_score.empty_pages) or 'none'}")
    halved = [o.name for o, t in zip(ours, theirs, strict=True) if 2 * o.found_with < t.found_with]
    print(f"pages with fewer than half of trafilatura's 'with' snippets: {', '.join(halved) or 'none'}")
    if args.list:
        for o, t in zip(ours, theirs, strict=True):
            if o.found_with < t.found_with:
                print(f"  {o.name}: with {o.found_with}/{o.total_with} (trafilatura {t.found_with})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
