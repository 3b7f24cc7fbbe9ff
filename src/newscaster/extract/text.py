"""Plain text and Markdown → ``Article``: split on blank lines, Markdown syntax stripped, title and byline
taken from the first lines when they look like ones."""

from __future__ import annotations

import re

from newscaster.extract.boilerplate import is_boilerplate
from newscaster.extract.bylines import byline_line, person_byline
from newscaster.extract.chrome import clean_blocks
from newscaster.extract.document import no_text
from newscaster.extract.metadata import without_section_label
from newscaster.extract.patterns import SENTENCE_END, collapse
from newscaster.models import Article, Source

TEXT_TITLE_MAX_CHARS = 150
"""The first line of plain text is its title only if it is headline-length."""

TEXT_TITLE_WRAP_RATIO = 0.6
"""In hard-wrapped text every line is about as long as the next; a title line is clearly shorter."""

HARD_WRAP_MAX_CHARS = 140
"""Hard-wrapped text breaks its lines at 72–80 characters (e-mail, Project Gutenberg) or at most 132 (code
projects' Markdown). A block with a longer line is not wrapped: it is a page copied from a browser or a
capture of one, with every paragraph, label and button on a line of its own ("Advertisement", "Reading Time:
4 minutes", "1.25x"), where a paragraph of prose is a line of 150 characters or more."""

HARD_WRAP_FILL_RATIO = 0.6
"""In a hard-wrapped paragraph every line but the last fills at least this share of the longest; a shorter
line ends its paragraph, or is a line of its own (a title, a byline, a label)."""

_FENCE = re.compile(r"^\s*(```|~~~)")
_SETEXT = re.compile(r"^(=+|-+)$")
_RULE = re.compile(r"^([-*_])(\s*\1){2,}$")
_HEADING = re.compile(r"^#{1,6}\s+(.*?)(\s+#+)?$")
_LIST_ITEM = re.compile(r"^([-*+]|\d{1,3}[.)])\s+(?:\[[ xX]\]\s+)?(.*)$")
_REF_DEF = re.compile(r"^\[[^\]]+\]:\s*\S+")
_QUOTE = re.compile(r"^(>\s?)+")
_INLINE = (
    (re.compile(r"!\[[^\]]*\]\([^)]*\)"), ""),  # images
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),  # [text](url)
    (re.compile(r"\[([^\]]+)\]\[[^\]]*\]"), r"\1"),  # [text][ref]
    (re.compile(r"<(https?://[^>\s]+)>"), r"\1"),  # <https://…>
    (re.compile(r"</?[A-Za-z][^>]*>"), ""),  # inline HTML tags
    (re.compile(r"`([^`]+)`"), r"\1"),  # `code`
    (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"), r"\2"),  # **strong**
    (re.compile(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])"), r"\1"),  # *em*
    (re.compile(r"(?<!\w)_(?=\S)(.+?)(?<=\S)_(?!\w)"), r"\1"),  # _em_
    (re.compile(r"~~(.+?)~~"), r"\1"),  # ~~strike~~
    (re.compile(r"\\([\\`*_{}\[\]()#+\-.!>])"), r"\1"),  # backslash escapes
)


def _strip_inline(text: str) -> str:
    for pattern, replacement in _INLINE:
        text = pattern.sub(replacement, text)
    return collapse(text)


def _text_blocks(content: str) -> list[tuple[bool, list[str]]]:
    """(is_heading, lines) blocks: split on blank lines; headings and list items are blocks of their own."""
    lines = content.splitlines()  # every line break: \r\n, \r, NEL, U+2028, U+2029
    if lines and lines[0].strip() == "---" and "---" in (s.strip() for s in lines[1:]):  # YAML front matter
        lines = lines[[s.strip() for s in lines].index("---", 1) + 1 :]
    blocks: list[tuple[bool, list[str]]] = []
    current: list[str] = []
    in_fence = False

    def flush() -> None:
        if current:
            blocks.append((False, current.copy()))
            current.clear()

    for line in lines:
        stripped = line.strip()
        if _FENCE.match(line):
            in_fence = not in_fence
            flush()
        elif in_fence or _REF_DEF.match(stripped) or stripped.startswith("|"):
            continue
        elif not stripped:
            flush()
        elif _SETEXT.match(stripped) and len(current) == 1:
            blocks.append((True, [current.pop()]))
        elif _RULE.match(stripped):
            flush()
        elif heading := _HEADING.match(stripped):
            flush()
            blocks.append((True, [heading.group(1)]))
        elif item := _LIST_ITEM.match(stripped):
            flush()
            current.append(item.group(2))
        else:
            current.append(_QUOTE.sub("", stripped))
    flush()
    return blocks


def _paragraphs(lines: list[str]) -> list[list[str]]:
    """A block's lines grouped into paragraphs.

    A wrapped line runs on into the next. A paragraph ends after a sentence on a line too long to be a
    wrapped one (a capture puts each paragraph on a line of its own) or on a clearly short one (the last line
    of a wrapped paragraph). A line of chrome that stands where a sentence, a short line or a line too long
    to be wrapped ended ("Advertisement" between two paragraphs, "Reading Time: 4 minutes" under a key
    point) is a paragraph of its own, which ``clean_blocks`` drops; a wrapped line that only starts like
    chrome ("subscribe to the view that …") runs on.
    """
    wrap_width = max((len(line) for line in lines if len(line) <= HARD_WRAP_MAX_CHARS), default=0)
    groups: list[list[str]] = []
    takes_next = False  # the last group is a paragraph the next line may continue
    line_ended = True
    for line in lines:
        alone = line_ended and is_boilerplate(line)
        if takes_next and not alone:
            groups[-1].append(line)
        else:
            groups.append([line])
        sentence_end = bool(SENTENCE_END.search(line))
        short, unwrapped = len(line) < HARD_WRAP_FILL_RATIO * wrap_width, len(line) > HARD_WRAP_MAX_CHARS
        takes_next = not alone and not (sentence_end and (short or unwrapped))
        line_ended = alone or sentence_end or short or unwrapped
    return groups


def _first_readable(blocks: list[tuple[bool, list[str]]]) -> int:
    """Index of the first block that is not chrome (the title is looked for there), or ``len(blocks)``."""
    readable = (i for i, (_, lines) in enumerate(blocks) if not is_boilerplate(" ".join(lines)))
    return next(readable, len(blocks))


def article_from_text(source: Source) -> Article:
    blocks = [
        (is_heading, paragraph)
        for is_heading, lines in _text_blocks(source.content)
        if (stripped := [t for t in map(_strip_inline, lines) if t])
        for paragraph in ([stripped] if is_heading else _paragraphs(stripped))
    ]
    title, byline, from_heading = "", None, False
    start = _first_readable(blocks)
    if start < len(blocks):
        is_heading, lines = blocks[start]
        first = lines[0]
        short = len(first) <= TEXT_TITLE_MAX_CHARS and not first.endswith((".", ",", ";", ":"))
        followed_by_byline = len(lines) > 1 and byline_line(lines[1]) is not None
        shorter_than_next = len(lines) > 1 and len(first) <= TEXT_TITLE_WRAP_RATIO * len(lines[1])
        if is_heading or (short and (len(lines) == 1 or followed_by_byline or shorter_than_next)):
            title, from_heading = without_section_label(first), is_heading
            blocks[start] = (False, lines[1:])
            blocks = [(h, lines) for h, lines in blocks if lines]
        if title and start < len(blocks):
            byline = byline_line(blocks[start][1][0])
            if byline:
                blocks[start] = (False, blocks[start][1][1:])
    headings = [" ".join(lines) for is_heading, lines in blocks if is_heading]
    body = clean_blocks((" ".join(lines) for _, lines in blocks), None, (title,), headings)
    paragraphs, heading_indexes = list(body.paragraphs), body.headings
    if not paragraphs and title and not from_heading:
        paragraphs, title, heading_indexes = [title], "", ()
    if not paragraphs:
        raise no_text(source)
    return Article(
        title=title,
        paragraphs=tuple(paragraphs),
        byline=person_byline(byline),
        url=source.url,
        headings=heading_indexes,
    )
