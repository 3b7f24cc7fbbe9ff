"""Pages copied as text: our plain-text path on the shared evaluation corpus, against reading the copy as is.

    python bench/bench_text_capture.py [--corpus ../shared/data/trafilatura-eval] [--pages N] [--list]

A listener may paste a whole page's text rather than its address (the seed, ``../shared/seed/*.txt``, is
such a capture: the article with "Advertisement", "Reading Time: 4 minutes" and the audio widget's labels
on lines of their own). Each of the corpus's 990 real pages is rendered to text as a text-mode browser lays
it out (inscriptis: one line per block, tables and lists kept), then

1. as is        the whole capture, every menu and label read out (what a reader without extraction says);
2. text path    ``extract_article`` on the capture as plain text (no markup to go by: words and lines only);
3. html path    ``extract_article`` on the page's HTML (the reference: what the markup makes possible),

each scored by the snippet method (``newscaster.extract.evaluation``). The text path should keep the recall of
"as is" while its precision moves toward the HTML path's. ``--list`` lists the pages where the text path drops
body snippets that the capture holds.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from inscriptis import get_text

from newscaster.extract.evaluation import (
    PageScore,
    extracted_text,
    load_corpus,
    our_text,
    score_page,
    summarize,
)
from newscaster.models import Source

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "data" / "trafilatura-eval"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--pages", type=int, help="Only the first N pages.")
    parser.add_argument("--list", action="store_true", help="List pages where the text path loses body text.")
    args = parser.parse_args()
    if not args.corpus.is_dir():
        print(f"no corpus at {args.corpus}", file=sys.stderr)
        return 2
    pages = load_corpus(args.corpus)[: args.pages]
    scores: dict[str, list[PageScore]] = {"as is": [], "text path": [], "html path": []}
    text_cpu_s = 0.0
    for page in pages:
        capture = get_text(page.html)
        scores["as is"].append(score_page(page, capture))
        started = time.process_time()
        scores["text path"].append(score_page(page, extracted_text(Source(content=capture, is_html=False))))
        text_cpu_s += time.process_time() - started
        scores["html path"].append(score_page(page, our_text(page)))
    print(f"{len(pages)} pages from {args.corpus}, rendered to text with inscriptis")
    print("| reading        | P     | R     | F1        | empty |")
    print("|----------------|-------|-------|-----------|-------|")
    for name, page_scores in scores.items():
        score = summarize(page_scores)
        print(
            f"| {name:14} | {score.precision:.3f} | {score.recall:.3f} | **{score.f1:.3f}** |"
            f" {len(score.empty_pages):5} |"
        )
    as_is, text = summarize(scores["as is"]), summarize(scores["text path"])
    print(
        f"text path / as is: precision {text.precision / as_is.precision:.2f}x, "
        f"recall {text.recall / as_is.recall:.2f}x; text path {len(pages) / text_cpu_s:.0f} pages/s (CPU)"
    )
    if args.list:
        for raw, ours in zip(scores["as is"], scores["text path"], strict=True):
            if ours.found_with < raw.found_with:
                print(f"  {raw.name}: with {ours.found_with}/{raw.found_with} of the capture's")
    return 0


if __name__ == "__main__":
    sys.exit(main())
