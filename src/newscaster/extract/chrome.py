"""Stage 5 of the cascade: take the page chrome out of a body candidate, block by block, with a record.

A candidate's blocks are traced back to the page elements that hold the same words. A block goes when

- **markup**: every element holding it sits inside an element whose tag, ARIA role, hidden state or
  component tokens say "not the article" (``patterns.CHROME_TOKENS``) — unless that chrome element holds
  most of the candidate itself: then it is the article's wrapper with an unlucky class name
  (``<article class="post category-newsletter">``, ``<div class="story has-share-bar">``) and it stays;
- **links**: the element holding it is mostly link text (a teaser, a "Read more: <a>…</a>" line);
- **text**: its words alone are boilerplate (``patterns.boilerplate_reason``);
- **repeat**: it is the headline, a key point, or a block already read.

Each removal is recorded with its stage and reason, so a rule that misfires on a page shows itself (and
the cascade can fall back, stage 6).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass

from lxml import etree

from newscaster.extract.boilerplate import boilerplate_reason, is_onward_label
from newscaster.extract.choose import prose_words
from newscaster.extract.document import Page, key_word_count, text_of, word_key, words
from newscaster.extract.patterns import (
    AMP_CONTENT_TAGS,
    CHROME_ROLES,
    CHROME_TAGS,
    CHROME_TOKENS,
    INLINE_PROSE_TOKENS,
    SENTENCE_END,
    collapse,
    visible,
)
from newscaster.text.reading_time import word_equivalents

WRAPPER_MIN_SHARE = 0.5
"""A chrome-marked element holding at least this share of a candidate's text (of the blocks traced back to
the page), prose among it, is the article's wrapper with a misleading class or role, not chrome: its blocks
stay (chrome nested inside it still goes). A ``<nav>`` of short links holding most of a near-empty page is
still navigation."""

LINK_DENSITY_MAX = 0.75
"""A block whose link text is at least this share of its text is navigation ("Read more: <a>…</a>", tag lists,
related links); prose with a few inline links stays far below it."""

PULL_QUOTE_MIN_WORDS = 6
"""A paragraph at least this long whose words all stand, in order, inside another paragraph is a pull quote
(or a repeated teaser) and is read once, in its place in the story. Shorter lines ("He declined to comment.")
may legitimately recur."""

PULL_QUOTE_MAX_PARAGRAPHS = 500
"""Pull quotes are looked for by comparing every paragraph with every other (about 0.15 s at this many); news
articles, even long live blogs, stay below it, and on a larger text dump the comparison would cost seconds."""

TEASER_MAX_WORDS = 20
"""After an onward-journey label, lines up to this long without a sentence end are the listed headlines; the
first line that reads like prose ends the list."""

HEADING_MAX_WORDS = 20
"""A "heading" longer than this is a paragraph set in a heading tag (a standfirst in an ``<h2>``): it is read,
but does not open a section (nor a chapter)."""

INDEX_MAX_CHARS = 20_000
"""Elements longer than this are containers, never one block: they are not indexed for tracing blocks."""

HOLDER_MAX_RATIO = 3
HOLDER_MAX_SLACK_CHARS = 400
"""An element holding a block has at most this many times its characters, plus this many, in its raw text
(the source's indentation and line breaks): only such elements are indexed, which keeps tracing cheap."""

_INLINE_TAGS = frozenset({"span", "a", "b", "strong", "i", "em", "small", "time"})
_INDEXED_TAGS = frozenset(
    {"p", "div", "li", "dd", "dt", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre",
     "section", "article", "header", "footer", "aside", "nav", "figure", "figcaption", "caption", "address",
     "center", "main", "summary", "details", "form", "table", "tr", "ul", "ol"}
)  # fmt: skip
"""Elements a block of an extractor's output comes from. Inline elements (links, spans) are left out: they
are most of a page's elements, and a block that is one link is also its parent's whole text."""
_TEXT_TAGS = frozenset({"p", "li", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre"})
_FIGURE_CONTENT = etree.XPath("boolean(.//table | .//pre | .//code)")
"""A ``<figure>`` holding a table or a code listing is part of the article, not a picture with a caption."""
_DISPLAY_NONE = re.compile(r"display\s*:\s*none")


@dataclass(frozen=True)
class Removal:
    """One block taken out of the body, the stage that took it and why."""

    text: str
    stage: str
    """"markup", "links", "text" or "repeat"."""
    reason: str


@dataclass(frozen=True)
class Cleaned:
    """A candidate's blocks after chrome removal, and what went."""

    paragraphs: tuple[str, ...]
    removed: tuple[Removal, ...]
    headings: tuple[int, ...] = ()
    """Indexes of the ``paragraphs`` that are section headings."""

    def removed_chars(self, *stages: str) -> int:
        return sum(len(r.text) for r in self.removed if r.stage in stages)


def markup_reason(page: Page, el: etree._Element, by_tag: bool = True, by_name: bool = True) -> str | None:
    """Why the markup of ``el`` itself says "chrome", or None. ``by_name=False`` leaves the component names
    out (the tag, ARIA role and hidden state alone), for a page where a name misfired."""
    if by_tag and el.tag in CHROME_TAGS and not (el.tag == "figure" and _FIGURE_CONTENT(el)):
        return f"<{el.tag}>"
    if by_tag and str(el.tag).startswith("amp-") and el.tag not in AMP_CONTENT_TAGS:
        return f"<{el.tag}>"  # AMP components: images, ads, players, share buttons, forms
    role = (el.get("role") or "").lower()
    if role in CHROME_ROLES:
        return f'role="{role}"'
    if el.get("aria-hidden") == "true" or "hidden" in el.attrib:
        return "hidden"
    if _DISPLAY_NONE.search(el.get("style") or ""):
        return "display: none"
    tokens = page.tokens_of(el) & CHROME_TOKENS if by_name else frozenset()
    if tokens and tokens <= INLINE_PROSE_TOKENS and _inside_prose(el):
        return None  # "<p><span class="dateline">WASHINGTON (AP)</span> — The Senate …"
    return f"component {', '.join(sorted(tokens))!s}" if tokens else None


def _inside_prose(el: etree._Element) -> bool:
    """An inline element sharing a text block with other words: part of that block's sentence."""
    parent = el.getparent()
    return (
        el.tag in _INLINE_TAGS
        and parent is not None
        and parent.tag in _TEXT_TAGS
        and len(word_key(text_of(parent))) > len(word_key(text_of(el)))
    )


class ChromeMap:
    """The page's chrome-marked elements, and the elements that hold a block's words (``holders``)."""

    def __init__(self, page: Page, by_name: bool = True) -> None:
        self.page = page
        self.by_name = by_name
        self._reasons: dict[etree._Element, str | None] = {}
        self._owners: dict[etree._Element, tuple[etree._Element, ...]] = {}
        texts: list[tuple[int, str, etree._Element]] = []
        for el in page.body.iter(*_INDEXED_TAGS):
            text = el.text_content()
            if len(text) <= INDEX_MAX_CHARS:
                texts.append((len(text), text, el))
        texts.sort(key=lambda item: item[0])
        self._texts = texts
        self._lengths = [length for length, _, _ in texts]
        self._index: dict[str, list[etree._Element]] = {}
        self._indexed: set[int] = set()

    def reason(self, el: etree._Element) -> str | None:
        """Why ``el`` is chrome (``markup_reason``, or a reason given by ``mark``), or None."""
        if el not in self._reasons:
            self._reasons[el] = markup_reason(self.page, el, by_name=self.by_name)
        return self._reasons[el]

    def mark(self, el: etree._Element, reason: str | None) -> None:
        """Take ``el`` for chrome for ``reason`` (None: not chrome, whatever its markup says)."""
        self._reasons[el] = reason
        self._owners.clear()

    def prepare(self, blocks: Iterable[str]) -> None:
        """Index the elements that may hold one of ``blocks``: those whose raw text is at least as long as the
        shortest block and at most ``HOLDER_MAX_RATIO`` times the longest (indentation inflates raw text)."""
        lengths = [len(b) for b in blocks]
        if not lengths:
            return
        start = bisect.bisect_left(self._lengths, min(lengths))
        stop = bisect.bisect_right(self._lengths, HOLDER_MAX_RATIO * max(lengths) + HOLDER_MAX_SLACK_CHARS)
        for position in range(start, stop):
            if position not in self._indexed:
                self._indexed.add(position)
                _, text, el = self._texts[position]
                key = _trace_key(text)
                if key:
                    self._index.setdefault(key, []).append(el)

    def holders(self, block: str) -> list[etree._Element]:
        """The innermost indexed elements whose text is exactly the block's (whitespace aside).

        An element around a holder with no text of its own holds the same words, and is not where they
        are: an image group (``<div class="mol-img-group"><img><p class="imageCaption">…``) would
        otherwise count as an unmarked copy of its caption and keep it."""
        found = self._index.get(_trace_key(visible(block)), [])
        if len(found) < 2:
            return found
        held, outer = set(found), set()
        for el in found:
            for ancestor in el.iterancestors():
                if ancestor in outer:
                    break  # a walk from another holder went on from here already
                if ancestor in held:
                    outer.add(ancestor)
        return [el for el in found if el not in outer]

    def chrome_owners(self, el: etree._Element) -> tuple[etree._Element, ...]:
        """The chrome-marked elements at or above ``el``, innermost first.

        Worked out once per element from its parent's: a block repeated all over a page ("Share", a
        topic link) has hundreds of holders, whose walks to the body share all but their first steps."""
        path = []
        node: etree._Element | None = el
        above: tuple[etree._Element, ...] = ()
        while node is not None and node is not self.page.body:
            known = self._owners.get(node)
            if known is not None:
                above = known
                break
            path.append(node)
            node = node.getparent()
        for node in reversed(path):
            if self.reason(node):
                above = (node, *above)
            self._owners[node] = above
        return above


def clean_blocks(
    blocks: Iterable[str],
    chrome: ChromeMap | None,
    seen: Iterable[str] = (),
    headings: Iterable[str] = (),
) -> Cleaned:
    """Remove chrome from a candidate's blocks (markup rules only when ``chrome`` is given).

    ``seen`` are texts already read (the headline first, then key points): a block repeating one goes, and
    so does one of the first blocks that restates the headline (``_restates``). ``headings``: the blocks
    that are section headings; chrome headings ("Related articles", "Advertisement") go like any chrome
    block, and the kept ones are marked in ``Cleaned.headings``.
    """
    lined = [_EDIT_LINK.sub("", b).strip() for b in blocks if b.strip()]
    texts = [collapse(b) for b in lined]
    removed: list[Removal] = []
    if chrome is not None:
        chrome.prepare(texts)
    marked = _markup_removals(texts, chrome) if chrome is not None else {}
    seen = tuple(seen)
    headline = seen[0] if seen else ""
    intro_keys = {word_key(s) for s in seen if s}  # headline and key points, read before the body
    seen_keys = set(intro_keys)
    kept: list[str] = []
    onward = False  # inside a list of links to other stories, opened by a label ("Related", "Lea también")
    for i, text in enumerate(texts):
        if i not in marked and "\n" in lined[i] and not boilerplate_reason(text):
            text = _without_chrome_lines(lined[i], removed)
        key = word_key(text)
        reason = boilerplate_reason(text)
        onward = is_onward_label(text) or (onward and not reason and _is_teaser_line(text))
        if i in marked:
            removed.append(Removal(text, *marked[i]))
        elif reason:
            removed.append(Removal(text, "text", reason))
        elif onward:
            removed.append(Removal(text, "text", "a headline in a list of other stories"))
        elif not key or key in intro_keys or (key in seen_keys and not _SPEAKER_LABEL.match(text)):
            removed.append(Removal(text, "repeat", "already read"))
        elif len(kept) < HEADLINE_REPEAT_BLOCKS and _restates(text, headline):
            removed.append(Removal(text, "repeat", "the headline again, with a kicker or a breadcrumb"))
        else:
            seen_keys.add(key)
            kept.append(text)
    paragraphs, quotes = _drop_pull_quotes(kept)
    removed += [Removal(q, "repeat", "pull quote: its words stand inside another paragraph") for q in quotes]
    heading_texts = {collapse(h) for h in headings}
    marked_headings = tuple(
        i for i, p in enumerate(paragraphs) if p in heading_texts and word_equivalents(p) <= HEADING_MAX_WORDS
    )
    return Cleaned(tuple(paragraphs), tuple(removed), marked_headings)


HEADLINE_MIN_WORDS = 3
"""A headline shorter than this (a name; Chinese, written without spaces) is too little to tell its repeat
from a section about it ("蔡健雅早年经历", her early years) or a description whose subject it is."""
HEADLINE_REPEAT_BLOCKS = 2
"""How far into the body the headline may come again: a page's own headline sits above the story, after at
most a kicker or a breadcrumb line."""
HEADLINE_EXTRA_WORDS = 8
"""What a restated headline may add to the headline's words: a kicker ("Tag der Abstimmung:"), a
breadcrumb ("Accueil > Actualités et humeurs >"), a site's name ("BMAS -"), the rest of a headline the
title cut short. More is a sentence that begins with the headline's words."""


def _restates(text: str, headline: str) -> bool:
    """``text`` holds the headline's words in a row, with little else, and is no sentence (no full stop);
    a headline under ``HEADLINE_MIN_WORDS`` is not judged."""
    head, said = words(headline), words(text)
    if len(headline.split()) < HEADLINE_MIN_WORDS or text.rstrip().endswith("."):
        return False
    if len(said) - len(head) > HEADLINE_EXTRA_WORDS:
        return False
    return any(said[start : start + len(head)] == head for start in range(len(said) - len(head) + 1))


_SPEAKER_LABEL = re.compile(r"^[^\W\d_][\w.'’ -]{0,38}:$")
"""An interview's "Anne:" or "Christian Drosten:" on a line of its own, before each of that speaker's turns:
repeated by nature, and without it the listener cannot tell the questions from the answers."""
_EDIT_LINK = re.compile(
    r"\[\s*(edit|bearbeiten( \| quelltext bearbeiten)?|modifier( \| modifier le code)?|editar"
    r"( código)?|modifica( \| modifica wikitesto)?|edytuj( kod)?|bewerken)\s*\]\s*$",
    re.I,
)
"""A wiki's edit link after a section heading ("Details[edit]"): a button, not part of the heading."""


def _markup_removals(texts: list[str], chrome: ChromeMap) -> dict[int, tuple[str, str]]:
    """Blocks whose holders all sit in chrome, or are mostly links, with (stage, reason).

    Two passes: the chrome-marked elements that hold most of the traced text are found first (they are
    wrappers, not chrome); then a holder counts as chrome only inside a marked element that is not one.
    Each distinct text is traced once: a table of "X" cells is hundreds of blocks, each held by every cell.
    """
    places: dict[str, list[int]] = {}
    for i, text in enumerate(texts):
        places.setdefault(text, []).append(i)
    chains: dict[str, list[tuple[etree._Element, ...]]] = {}
    covered: dict[etree._Element, set[str]] = {}
    traced = 0
    for text, where in places.items():
        holders = chrome.holders(text)
        if not holders:
            continue  # the words changed on the way through the extractor: keep rather than guess
        traced += len(text) * len(where)
        chains[text] = [chrome.chrome_owners(h) for h in holders]
        for chain in chains[text]:
            for el in chain:
                covered.setdefault(el, set()).add(text)
    wrappers = {
        el
        for el, held in covered.items()
        if sum(len(text) * len(places[text]) for text in held) >= WRAPPER_MIN_SHARE * traced
        and prose_words(list(held))
    }
    found: dict[int, tuple[str, str]] = {}
    for text, holder_chains in chains.items():
        owners = [next((el for el in chain if el not in wrappers), None) for chain in holder_chains]
        holders = chrome.holders(text)
        marked = next((owner for owner in owners if owner is not None), None)
        # Each copy of the block is chrome-marked or a link: a kicker repeated as a topic link goes too.
        # (Link shares are worked out only as far as needed: each reads a holder's whole text.)
        if marked is not None and all(
            owner is not None or link_share(h) >= LINK_DENSITY_MAX
            for owner, h in zip(owners, holders, strict=True)
        ):
            reason = ("markup", f"inside <{marked.tag}> marked {chrome.reason(marked)}")
        elif all(link_share(h) >= LINK_DENSITY_MAX for h in holders):
            reason = ("links", f"at least {LINK_DENSITY_MAX:.0%} link text")
        else:
            continue
        found.update((i, reason) for i in places[text])
    return found


def _trace_key(text: str) -> str:
    """A text without its whitespace: a block traced back to the page's markup has the same characters
    (extractors only re-space them), and this is several times cheaper than comparing words."""
    return "".join(text.split())


def _without_chrome_lines(block: str, removed: list[Removal]) -> str:
    """A block that is not boilerplate as a whole, without its (``<br>``-separated) lines that are ("Photos:
    Getty Images" over the paragraph it illustrates)."""
    lines = block.split("\n")
    reasons = [boilerplate_reason(line) for line in lines]
    if not any(reasons):
        return collapse(block)
    removed.extend(Removal(line, "text", str(r)) for line, r in zip(lines, reasons, strict=True) if r)
    return collapse(" ".join(line for line, r in zip(lines, reasons, strict=True) if not r))


def _is_teaser_line(text: str) -> bool:
    """A headline-like line: short, no sentence end."""
    return word_equivalents(text) <= TEASER_MAX_WORDS and not SENTENCE_END.search(text)


def link_share(el: etree._Element) -> float:
    """The share of ``el``'s text that is link text."""
    text_length = len(text_of(el))
    if not text_length:
        return 0.0
    return sum(len(text_of(a)) for a in el.iter("a")) / text_length


def _drop_pull_quotes(paragraphs: list[str]) -> tuple[list[str], list[str]]:
    """Paragraphs not repeated word for word inside another one, and the pull quotes (or repeated teasers).

    Of two paragraphs with the same words (quote marks or punctuation aside) the first is kept.
    """
    if len(paragraphs) > PULL_QUOTE_MAX_PARAGRAPHS:
        return paragraphs, []
    keys = [f" {word_key(p)} " for p in paragraphs]

    def repeated(i: int, key: str) -> bool:
        return key_word_count(key) >= PULL_QUOTE_MIN_WORDS and any(
            key in other and (len(other) > len(key) or j < i) for j, other in enumerate(keys) if j != i
        )

    flags = [repeated(i, key) for i, key in enumerate(keys)]
    return [p for p, f in zip(paragraphs, flags, strict=True) if not f], [
        p for p, f in zip(paragraphs, flags, strict=True) if f
    ]
