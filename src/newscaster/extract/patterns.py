"""What page chrome looks like in markup: tags, ARIA roles and class/id tokens (``boilerplate`` has its
text patterns), and the whitespace helpers every stage shares.

Elements whose tag, ARIA role or class/id *tokens* say "not the article" (ads, share boxes, newsletter
sign-ups, audio widgets, captions, comments, embedded posts …) are chrome. Class names (and the ``data-*``
attributes that name components) are split into whole tokens (``ad-slot`` → ``ad``, ``slot``; ``adSlot`` →
``ad``, ``slot``) so ``ad`` never matches ``header`` or ``read``.
"""

from __future__ import annotations

import functools
import html
import re

from lxml import etree
from lxml import html as lxml_html

CHROME_TAGS = frozenset(
    {
        "script", "style", "template", "iframe", "object", "embed", "svg", "canvas",
        "nav", "footer", "aside", "form", "button", "select", "input", "textarea", "label", "dialog",
        "figure", "figcaption", "picture", "video", "audio",
    }
)  # fmt: skip
"""Tags that never hold article prose (the article's own ``<header>`` may, so it is not listed)."""

AMP_CONTENT_TAGS = frozenset({"amp-accordion", "amp-fit-text", "amp-live-list", "amp-script", "amp-story"})
"""AMP components that may hold article text; every other ``amp-*`` element (``amp-img``, ``amp-ad``,
``amp-video``, ``amp-social-share``, ``amp-iframe`` …) is chrome."""

CHROME_ROLES = frozenset(
    {"navigation", "banner", "complementary", "contentinfo", "dialog", "alertdialog", "search", "menu",
     "menubar", "toolbar", "form", "alert", "status", "button"}
)  # fmt: skip

CHROME_TOKENS = frozenset(
    {
        # advertising
        "ad", "ads", "adv", "advert", "adverts", "advertisement", "advertising", "adslot", "adunit", "dfp",
        "gpt", "promo", "promos", "promoted", "sponsor", "sponsored", "sponsors", "outbrain", "taboola",
        # sign-ups, paywalls and sharing ("cta": call-to-action boxes)
        "newsletter", "newsletters", "subscribe", "subscription", "signup", "paywall", "paywallprompt",
        "regwall", "meter", "cta", "share", "shares", "sharing", "sharebar", "sharedaddy", "social", "follow",
        "donate", "donation", "donations", "spende", "spenden",
        # onward journeys
        "related", "recommended", "recommendations", "recirc", "recirculation", "mostread", "mostpopular",
        "trending", "teaser", "teasers", "breadcrumb", "breadcrumbs", "pagination", "tags", "interstitial",
        # embedded posts from other sites: a tweet reads as "… — Name (@handle) February 10, 2026"
        "embed", "embeds", "oembed", "tweet", "twitter", "instagram", "tiktok",
        # conversation
        "comment", "comments", "commenting", "disqus", "discussion",
        # consent and overlays
        "cookie", "cookies", "consent", "gdpr", "banner", "popup", "modal", "overlay", "toast", "dialog",
        # widgets and players
        "player", "audio", "audioplayer", "listen", "tts", "toolbar", "readingtime", "readtime",
        # article furniture (read before removal)
        "byline", "dateline", "timestamp", "meta", "author", "caption", "captions", "credit", "credits",
        "imagedescription", "imagesource", "imagecredit", "photocredit", "bildunterschrift", "bildquelle",
        "copyright",
        "pullquote", "sidebar", "nav", "navbar", "menu", "footer", "masthead", "kicker", "eyebrow",
        "sectionlabel", "sectionname",
        # text meant only for screen readers ("opens in a new window")
        "sronly", "visuallyhidden", "screenreadertext",
    }
)  # fmt: skip
"""Whole class/id tokens (or class names, or adjacent token pairs, with separators removed) marking chrome."""

INLINE_PROSE_TOKENS = frozenset({"dateline"})
"""Furniture that some sites wrap inline inside the first paragraph (``<p><span class="dateline">WASHINGTON
(AP)</span> — The Senate …``): there it starts the sentence and is read; standing alone it is chrome."""

KEY_POINT_TOKENS = frozenset(
    {"standfirst", "summary", "highlights", "dek", "strapline", "keypoints", "keypoint", "takeaways",
     "subheadline", "ledesummary", "articlesummary", "keytakeaways", "keyevents", "intro", "vorspann",
     "chapeau", "bajada", "entradilla", "sottotitolo"}
)  # fmt: skip
"""Class/id tokens (or joined class names) of a standfirst or a key-points list (``intro``, ``vorspann``,
``chapeau``, ``bajada``: the standfirst in German, French and Spanish newsrooms' markup)."""

BYLINE_TOKENS = frozenset({"byline", "author", "authors", "contributor"})

TAXONOMY_PREFIXES = re.compile(r"^(tag|tags|category|categories|topic|topics|format|type|status)[-_]", re.I)
"""Class names that file the article under a taxonomy term (WordPress puts ``category-newsletter
tag-twitter format-standard`` on the ``<article>`` itself): they describe what the content is about, not which
component the element is, so they give no tokens."""

LAYOUT_FLAGS = re.compile(r"(^|--)(no|has|with|without)[-_]", re.I)
"""Class names that say what a layout has or lacks ("no-sidebar", "has-share-bar", "site__main--no-sidebar")
describe the element's surroundings, not the element: they give no tokens."""

PAGE_WRAPPER_NAMES = frozenset({"dialog-off-canvas-main-canvas"})
"""Class names of the element that wraps a CMS's whole page: Drupal 8 and later put "dialog-off-canvas-main-
canvas" around everything, which read as a dialog and put every standfirst in chrome."""

_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Za-z])(?=\d)|(?<=\d)(?=[A-Za-z])")
_SEPARATORS = re.compile(r"[-_\s:.]+")


@functools.lru_cache(maxsize=8192)
def class_tokens(*values: str | None) -> frozenset[str]:
    """Whole tokens of class/id values, each class name with its separators removed, and adjacent pairs.

    ``"ad-slot adInline site-header"`` → ``{"ad", "slot", "adslot", "inline", "adinline", "site", "header",
    "siteheader"}``; ``"most-read-interstitial"`` also gives ``"mostread"``, so a compound chrome name is
    found inside a longer class name. A pair is at least two parts, so it never forms a lone ``ad``. Taxonomy
    class names (``category-newsletter``) give nothing (``TAXONOMY_PREFIXES``). Cached: a page repeats the
    same few hundred class values thousands of times.
    """
    tokens: set[str] = set()
    for value in values:
        for name in (value or "").split():
            tokens |= _name_tokens(name)
    return frozenset(tokens)


@functools.lru_cache(maxsize=8192)
def _name_tokens(name: str) -> frozenset[str]:
    """The tokens of one class name (cached: a page repeats the same few hundred names thousands of times)."""
    if TAXONOMY_PREFIXES.match(name) or LAYOUT_FLAGS.search(name) or name.lower() in PAGE_WRAPPER_NAMES:
        return frozenset()
    parts = [p.lower() for p in _SEPARATORS.split(_CAMEL.sub(" ", name)) if p]
    return frozenset([*parts, *(a + b for a, b in zip(parts, parts[1:], strict=False)), "".join(parts)])


SENTENCE_END = re.compile(r"[.!?…:;][\"'”’»)\]]*$")
"""A line ending like a sentence or a clause (a quote mark or bracket may follow): no label or headline."""

_WS = re.compile(r"\s+")
_INVISIBLE = re.compile("[\u00ad\u200b\u2060-\u2064\ufeff\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]")
"""Soft hyphens and zero-width spaces: hyphenation and line-break hints (``Mit&shy;tel&shy;al&shy;ter``) that
would otherwise split words for every later stage. Also the direction marks of right-to-left text (LRM, RLM,
embeddings, isolates), which Arabic and Persian pages wrap around digits and dots ("د‪.‬"): a splitter or a
voice sees them as characters. And the invisible operators (U+2061–2064) that some recipe sites end lines
with. Joiners (ZWNJ, ZWJ) stay: they change how Persian or Hindi is spelled."""


ENTITY_ROUNDS = 3
"""How many levels of escaping are undone: a CMS that escapes its own escaped text ("Polic&amp;iacute;a")
does it twice at most in the pages we have seen."""


def without_entities(text: str) -> str:
    """``text`` with HTML character references decoded. Values outside the page's markup need it: JSON-LD is
    JSON, not HTML ("It&#039;s"), and a meta tag escaped twice in the source ("&amp;#039;") keeps one
    level after parsing; the voice would read "ampersand, number, zero, three, nine". Undone until nothing
    changes, ``ENTITY_ROUNDS`` at most."""
    for _ in range(ENTITY_ROUNDS):
        if "&" not in text:
            break
        text, before = html.unescape(text), text
        if text == before:
            break
    return text


_MARKUP = re.compile(
    r"</?(p|div|h[1-6]|br|li|ul|ol|blockquote|pre|span|a|em|strong|img|figure)\b[^>]*>", re.IGNORECASE
)
_MARKUP_BLOCKS = ("p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "figure", "br")


def markup_as_text(text: str) -> str:
    """Text that holds HTML outside the page's markup (a JSON-LD ``articleBody`` or description with the
    rendered story, escaped or not) as text, a line per block; the voice would otherwise read the tags."""
    if not _MARKUP.search(text):
        return text
    try:
        root = lxml_html.fragment_fromstring(text, create_parent="div")
    except (etree.ParserError, ValueError):
        return _MARKUP.sub("\n", text)
    for el in list(root.iter("script", "style", "img")):
        el.drop_tree()
    for el in root.iter(*_MARKUP_BLOCKS):
        el.tail = "\n" + (el.tail or "")
    return str(root.text_content())


def visible(text: str) -> str:
    """``text`` without invisible hyphenation and line-break hints."""
    return _INVISIBLE.sub("", text)


def collapse(text: str) -> str:
    """Collapse runs of whitespace to one space, drop invisible hyphenation hints, and trim."""
    return _WS.sub(" ", visible(text)).strip()
