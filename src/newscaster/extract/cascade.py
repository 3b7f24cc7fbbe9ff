"""HTML → ``Article``: the cascade, each stage engaging only as far as the previous one needs.

1. **Input** (``document``): refuse binary or empty input; parse the page; keep JSON-LD aside, drop
   scripts, styles and comments.
2. **Structured data** (``structured``): the article object of the page's JSON-LD (also inside ``@graph``)
   and its OpenGraph / ``article:*`` meta — headline, description, authors, dates, language, body.
3. **Metadata** (``metadata``): headline, standfirst / key points, byline, date, language, URL and site
   name from the markup, completed by stage 2. The description becomes the key point when the page has no
   key-points box and does not open with the same words.
4. **Body candidate** (``candidates``): trafilatura's main text of the page as it is.
5. **Chrome removal** (``chrome``): the candidate's blocks that the markup (chrome-marked containers,
   link-only blocks) or their words (``patterns``) show to be page chrome go, each with a recorded reason;
   so do the headline, key points, repeats and pull quotes. The section headings (``h2``/``h3``, a live
   blog's update headlines) that stay are marked: they open the narration's chapters.
6. **Choice** (``choose``): if chrome removal took most of the candidate (``MISFIRE_REMOVED_SHARE``) or
   left nothing, a rule misfired: the candidate with only the text rules, trafilatura's favor-recall mode,
   our own block walk and the JSON-LD ``articleBody`` are weighed, and the body with the most prose that
   another extractor confirms wins. A JSON-LD body that is much longer than the HTML body and contains it
   replaces a teaser (``is_teaser``).
7. **Finish**: an unmarked "By …" line near the top becomes the byline; an editor's sign closing a paragraph
   ("(dpa)") goes; a reference list closing the story and a press release's contact box go
   (``endmatter``); key points and a description that share no word with the story go (``_is_about``); a
   description cut short keeps only what the story does not say (``_new_in``); "No article text found"
   only when no candidate has any text left.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from newscaster.extract.boilerplate import is_boilerplate, without_editor_sign
from newscaster.extract.bylines import byline_line, person_byline
from newscaster.extract.candidates import (
    Candidate,
    json_ld_candidate,
    own_candidate,
    trafilatura_candidate,
)
from newscaster.extract.choose import (
    MISFIRE_REMOVED_SHARE,
    THIN_BODY_WORDS,
    Option,
    best_supported,
    contained,
    is_teaser,
    prose_words,
    reads_as_sentences,
)
from newscaster.extract.chrome import HEADLINE_MIN_WORDS, ChromeMap, Cleaned, Removal, clean_blocks
from newscaster.extract.document import Page, no_text, parse_page, words
from newscaster.extract.endmatter import contact_box, end_matter_start
from newscaster.extract.metadata import PageMetadata, read_meta_tags, read_metadata
from newscaster.extract.structured import StructuredData, read_structured_data
from newscaster.models import Article, Source
from newscaster.text.sentences import split_sentences

BYLINE_SEARCH_PARAGRAPHS = 3
"""An unmarked "By …" line is taken as the byline only among the first paragraphs, where bylines sit."""

DESCRIPTION_REPEAT_SHARE = 0.6
"""A description whose word runs stand this much in the story repeats it: not read. (Most are the lede,
whole or cut short; some sites cut theirs from anywhere in the text.)"""

_REMOVAL_STAGES = ("markup", "links", "text")
"""Removals that count towards a misfire; repeats of the title or key points are not chrome."""


@dataclass(frozen=True)
class Extraction:
    """The article, and how the cascade reached it: the candidate kept and what was removed on the way."""

    article: Article
    chosen: str
    removed: tuple[Removal, ...]
    weighed: tuple[str, ...] = ()
    """Candidates weighed in stage 6 (empty when the first candidate stood)."""


def extract_html(source: Source) -> Extraction:
    page = parse_page(source)  # 1
    meta = read_meta_tags(page)
    structured = read_structured_data(page.json_ld, meta)  # 2
    metadata = read_metadata(page, meta, structured, source.url)  # 3
    chrome = ChromeMap(page)
    key_box = metadata.key_box
    if key_box is not None:
        chrome.mark(key_box, "the key points, read before the body")
    first = trafilatura_candidate(page, metadata.url)  # 4
    cleaned = _clean(first, chrome, (metadata.title, *metadata.key_points))  # 5
    chosen, body, weighed = _choose(page, metadata, structured, chrome, first, cleaned)  # 6
    if not body.paragraphs and key_box is not None:
        # the "summary" box was the whole (short) article: it is the body, not its key points
        chrome.mark(key_box, None)
        metadata = replace(metadata, key_points=(), key_box=None)
        cleaned = _clean(first, chrome, (metadata.title,))
        chosen, body, weighed = _choose(page, metadata, structured, chrome, first, cleaned)
    return _finish(source, metadata, structured, chosen, body, weighed)  # 7


def _clean(candidate: Candidate, chrome: ChromeMap | None, seen: tuple[str, ...]) -> Cleaned:
    return clean_blocks(candidate.blocks, chrome, seen, candidate.headings)


def _misfired(candidate: Candidate, cleaned: Cleaned) -> bool:
    """Chrome removal took most of the candidate, or what is left is too thin to be an article."""
    removed = cleaned.removed_chars(*_REMOVAL_STAGES)
    return removed > MISFIRE_REMOVED_SHARE * max(candidate.chars, 1) or prose_words(cleaned.paragraphs) < (
        THIN_BODY_WORDS
    )


def _choose(
    page: Page,
    metadata: PageMetadata,
    structured: StructuredData,
    chrome: ChromeMap,
    first: Candidate,
    cleaned: Cleaned,
) -> tuple[str, Cleaned, tuple[str, ...]]:
    seen = (metadata.title, *metadata.key_points)
    json_ld = json_ld_candidate(structured)
    json_ld_body = _clean(json_ld, None, seen)
    chosen: tuple[str, Cleaned, tuple[str, ...]] = (f"{first.name}, chrome removed", cleaned, ())
    if _misfired(first, cleaned):
        chosen = _weigh(page, metadata, chrome, first, cleaned, json_ld, json_ld_body)
    name, body, weighed = chosen
    if json_ld.blocks and name != json_ld.name and is_teaser(body.paragraphs, json_ld_body.paragraphs):
        return f"{json_ld.name} (the HTML shows a teaser)", json_ld_body, weighed
    return name, body, weighed


def _weigh(
    page: Page,
    metadata: PageMetadata,
    chrome: ChromeMap,
    first: Candidate,
    cleaned: Cleaned,
    json_ld: Candidate,
    json_ld_body: Cleaned,
) -> tuple[str, Cleaned, tuple[str, ...]]:
    """Stage 6 after a misfire: every candidate, and the one with the most confirmed prose."""
    seen = (metadata.title, *metadata.key_points)
    recall = trafilatura_candidate(page, metadata.url, favor_recall=True)
    own = own_candidate(page)
    talk = trafilatura_candidate(page, metadata.url, with_comments=True)
    structural = ChromeMap(page, by_name=False)  # tags, roles, hidden state: not the names that misfired
    bodies = {
        f"{first.name}, chrome removed": (first, cleaned),
        f"{first.name}, text rules only": (first, _clean(first, None, seen)),
        f"{recall.name}, chrome removed": (recall, _clean(recall, chrome, seen)),
        f"{own.name}, chrome removed": (own, _clean(own, chrome, seen)),
        f"{own.name}, structural chrome removed": (own, _clean(own, structural, seen)),
        f"{talk.name}, structural chrome removed": (talk, _clean(talk, structural, seen)),
        json_ld.name: (json_ld, json_ld_body),
    }
    options = [Option(name, candidate.name, body.paragraphs) for name, (candidate, body) in bodies.items()]
    sources = {candidate.name: candidate.blocks for candidate in (first, recall, own, talk, json_ld)}
    best = best_supported(options, sources)
    if best is None:
        # A brief of a sentence or two has no paragraph long enough to count as prose anywhere: the first
        # candidate (in the order above) that still reads as sentences is the article; chrome leaves none.
        short = next((n for n, (_, body) in bodies.items() if reads_as_sentences(body.paragraphs)), None)
        if short is not None:
            return f"{short} (a short text)", bodies[short][1], tuple(bodies)
        return "none: no candidate has prose", Cleaned((), ()), tuple(bodies)
    return best.name, bodies[best.name][1], tuple(bodies)


def _finish(
    source: Source,
    metadata: PageMetadata,
    structured: StructuredData,
    chosen: str,
    body: Cleaned,
    weighed: tuple[str, ...],
) -> Extraction:
    paragraphs = list(body.paragraphs)
    headings = {paragraphs[i] for i in body.headings}
    names = [byline_line(p) for p in paragraphs]
    byline = metadata.byline or next((n for n in names[:BYLINE_SEARCH_PARAGRAPHS] if n), None)
    removed = list(body.removed)
    kept = []
    for paragraph, name in zip(paragraphs, names, strict=True):
        if name and name == byline:
            removed.append(Removal(paragraph, "repeat", "the byline"))
            continue
        text, sign = without_editor_sign(paragraph)
        if sign is not None:
            removed.append(Removal(f"({sign})", "text", "an editor's sign"))
        kept.append(text)
    end = end_matter_start(kept)
    if end is not None:
        removed += [Removal(paragraph, "text", "the reference list") for paragraph in kept[end:]]
        kept = kept[:end]
    box = contact_box(kept)
    if box is not None:
        removed += [Removal(kept[i], "text", "a press contact box") for i in box]
        kept = [paragraph for i, paragraph in enumerate(kept) if i not in box]
    if not kept:
        raise no_text(source)
    story = [metadata.title, *kept]
    told = set(words(" ".join(story)))
    # The box is judged whole: one point may say it in other words ("The cost of waiting is higher …").
    key_points = metadata.key_points if _is_about(" ".join(metadata.key_points), told) else ()
    description = _after_headline(structured.description or "", metadata.title, metadata.site_name)
    if not key_points and description and _is_about(description, told):
        standfirst = _new_in(description, story, metadata.language)
        key_points = (standfirst,) if standfirst else ()
    article = Article(
        title=metadata.title,
        paragraphs=tuple(kept),
        headings=tuple(i for i, paragraph in enumerate(kept) if paragraph in headings),
        key_points=key_points,
        byline=person_byline(byline, metadata.site_name),  # a "By admin" line goes, and is not the byline
        published=metadata.published,
        language=metadata.language,
        url=metadata.url,
        site_name=metadata.site_name,
    )
    return Extraction(article, chosen, tuple(removed), weighed)


def _new_in(description: str, story: list[str], language: str) -> str | None:
    """What the description adds to the story: all of it, or, when it is cut short ("…", "(...)"), its whole
    sentences that the story does not hold. Sites build such descriptions from a standfirst and the lede
    cut off ("… ils sont déjà 20. Article mis à jour le 7 janvier 2020. S'il fallait ne retenir (...)"):
    read whole, the lede would be heard twice, the second time broken off. (A description that is not cut
    short stays whole: its sentences lean on each other, and what is left of one is often only "Read
    more here".)"""
    if contained([description], story) >= DESCRIPTION_REPEAT_SHARE:
        return None
    if not _CUT_SHORT.search(description):
        return description
    whole = [span.text for span in split_sentences(description, language)][:-1]  # the last is cut off
    told = " ".join(story).casefold()
    new = [
        sentence
        for sentence in whole
        if contained([sentence], story) < DESCRIPTION_REPEAT_SHARE
        and sentence.casefold() not in told
        and not is_boilerplate(sentence)
    ]
    # One sentence cut off, or only repeats before the cut: as it is (a standfirst cut short still says more).
    return " ".join(new) if new else description


DESCRIPTION_REST_MIN_WORDS = 6
"""What a description adds after the headline must be this long to be a standfirst: shorter, it is a
date or a label ("(Notizia del 14 Gennaio 2020)", "(Album Vorstellung)")."""
_SEPARATOR = re.compile(r"^\s*(?:[-–—|:•»]+|\()\s*")


def _after_headline(description: str, headline: str, site_name: str | None) -> str:
    """A description that opens with the headline and a separator ("Boot Tulln 2022 abgesagt - unser Bericht
    in der Kategorie News in DiveInside …"): what follows, unless that is a few words or names the site; the
    headline would be heard twice. One whose first words are the headline as its subject ("Heizjacken von
    Bosch sorgen für Wärme …") stays whole."""
    head = words(headline)
    if len(headline.split()) < HEADLINE_MIN_WORDS or words(description)[: len(head)] != head:
        return description
    opening = re.match(r"\W*" + r"[\W_]+".join(re.escape(word) for word in head), description, re.IGNORECASE)
    separator = _SEPARATOR.match(description[opening.end() :]) if opening else None
    if opening is None or separator is None:
        return description
    rest = description[opening.end() + separator.end() :].strip().rstrip(")")
    names_site = site_name is not None and site_name.casefold() in rest.casefold()
    return "" if names_site or len(words(rest)) < DESCRIPTION_REST_MIN_WORDS else rest


DESCRIPTION_WORD_MIN_CHARS = 4
"""Words this long carry a description's content; shorter ones are "the", "und", "de", "est"."""


def _is_about(description: str, told: set[str]) -> bool:
    """Some word of the description's (or a key point's) content is among ``told``, the words of the
    headline and the story. Those that share none are the site's tagline ("Reiterrevue International", "Die
    offizielle Startseite des Deutschen Handballbundes …", "Teste die neusten Trends!"), a call to click
    ("Kliknij i zobacz więcej."), a forum's counts ("124 votes and 50 comments so far on Reddit") or a
    template left unfilled. (A text of Chinese or Japanese words, which are not spaced, is not judged.)"""
    content = [w for w in words(description) if len(w) >= DESCRIPTION_WORD_MIN_CHARS]
    return not content or any(w in told for w in content)


_CUT_SHORT = re.compile(r"(?:…|\.\.\.|\(\.\.\.\)|\[…\]|\[\.\.\.\])\s*$")
