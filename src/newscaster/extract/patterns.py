"""What page chrome looks like: markup tokens and text patterns used by ``extract``.

Two layers, so chrome is caught whether a site marks it up or not:

1. **Markup** – elements whose tag, ARIA role or class/id *tokens* say "not the article" (ads, share
   boxes, newsletter sign-ups, audio widgets, captions, comments, embedded posts …). Class names (and the
   ``data-*`` attributes that name components) are split into whole tokens (``ad-slot`` → ``ad``, ``slot``;
   ``adSlot`` → ``ad``, ``slot``) so ``ad`` never matches ``header`` or ``read``.
2. **Text** – anchored, length-limited patterns for short boilerplate lines that sites put in plain
   ``<p>`` elements ("Advertisement", "Reading Time: 3 minutes", "Share this article: …"). A real news
   sentence that merely mentions subscribers or advertising does not match: every pattern is anchored to
   the start of the line or describes the whole line, and only lines up to ``BOILERPLATE_MAX_CHARS`` are
   tested.
"""

from __future__ import annotations

import re

# ----------------------------------------------------------------------------------------------------
# Layer 1: markup

CHROME_TAGS = frozenset(
    {
        "script", "style", "template", "iframe", "object", "embed", "svg", "canvas",
        "nav", "footer", "aside", "form", "button", "select", "input", "textarea", "label", "dialog",
        "figure", "figcaption", "picture", "video", "audio",
    }
)  # fmt: skip
"""Tags that never hold article prose (the article's own ``<header>`` may, so it is not listed)."""

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
        "pullquote", "sidebar", "nav", "navbar", "menu", "footer", "masthead",
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
     "subheadline", "ledesummary", "articlesummary", "keytakeaways", "keyevents"}
)  # fmt: skip
"""Class/id tokens (or joined class names) of a standfirst or a key-points list."""

BYLINE_TOKENS = frozenset({"byline", "author", "authors", "contributor"})

TAXONOMY_PREFIXES = re.compile(r"^(tag|tags|category|categories|topic|topics|format|type|status)[-_]", re.I)
"""Class names that file the article under a taxonomy term (WordPress puts ``category-newsletter
tag-twitter format-standard`` on the ``<article>`` itself): they describe what the content is about, not which
component the element is, so they give no tokens."""

_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Za-z])(?=\d)|(?<=\d)(?=[A-Za-z])")
_SEPARATORS = re.compile(r"[-_\s:.]+")


def class_tokens(*values: str | None) -> frozenset[str]:
    """Whole tokens of class/id values, each class name with its separators removed, and adjacent pairs.

    ``"ad-slot adInline site-header"`` → ``{"ad", "slot", "adslot", "inline", "adinline", "site", "header",
    "siteheader"}``; ``"most-read-interstitial"`` also gives ``"mostread"``, so a compound chrome name is
    found inside a longer class name. A pair is at least two parts, so it never forms a lone ``ad``. Taxonomy
    class names (``category-newsletter``) give nothing (``TAXONOMY_PREFIXES``).
    """
    tokens: set[str] = set()
    for value in values:
        for name in (value or "").split():
            if TAXONOMY_PREFIXES.match(name):
                continue
            parts = [p.lower() for p in _SEPARATORS.split(_CAMEL.sub(" ", name)) if p]
            tokens.update(parts)
            tokens.update(a + b for a, b in zip(parts, parts[1:], strict=False))
            tokens.add("".join(parts))
    return frozenset(tokens)


# ----------------------------------------------------------------------------------------------------
# Layer 2: text

BOILERPLATE_MAX_CHARS = 240
"""Only lines this short are tested against the patterns: long enough for a two-sentence newsletter pitch or a
copyright line, shorter than a typical news paragraph, so real prose is rarely even considered."""

MENU_MIN_ITEMS = 3
"""A line of at least this many short items separated by ``·``, ``|`` or ``•`` is a menu ("About · Terms")."""

MENU_ITEM_MAX_WORDS = 4
"""Menu items are link labels: a handful of words, unlike the clauses of a sentence."""

_F = re.IGNORECASE

BOILERPLATE_PATTERNS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p, _F)
    for p in (
        # separators: a line with no letter or digit ("___", "* * *") has nothing to say
        r"^[\W_]+$",
        # ads
        r"^(advertisement|advertising|advert|ad|sponsored( content)?|promoted( content)?|paid (post|content)"
        r"|partner content|anzeige|werbung|publicité|publicidad|pubblicità|advertentie|reklame)\W*$",
        r"^(story|article) continues (below|after)\b",
        r"^continue reading (below|the main story)\b",
        # audio widgets
        r"^listen( now| to (this|the) (article|story))?\W*(\d+\s*min(ute)?s?)?\W*$",
        r"^(select|choose|change) (a |the |your )?voice\b",
        r"^(choose|select|change) (your |the )?(listening |playback )?speed\b",
        r"^get through articles \d+(\.\d+)?x faster\b",
        r"^(\d+(\.\d+)?\s*x\s*)+$",  # one playback speed, or a row of them ("0.75x 1x 1.25x")
        r"^\d+\s*wpm$",
        r"^(slow|average|fast|normal)$",
        r"^(play|pause|stop|mute|unmute)\W*$",
        r"^\d{1,2}:\d{2}(:\d{2})?(\s*/\s*\d{1,2}:\d{2}(:\d{2})?)?$",  # player clock "0:00 / 4:52"
        r"^(voiced|narrated|powered) by\b.{0,40}\b(polly|audio|ai|tts|text[- ]to[- ]speech)\W*$",
        # reading time, datelines
        r"^(estimated )?reading time\s*:?\s*\d",
        r"^\d+\s*(-|\s)?\s*(min|mins|minute|minutes)(\s+read|\s+listen)\W*$",
        r"^(published|updated|posted|last updated|first published|last modified)\s*:",
        # "Updated 11:05am, 14 Mar 2025" – a date with no sentence after it (no final "word." either)
        r"^(published|updated|posted|last updated|first published)\b(?=.*\d).{0,60}(?<![a-z]{3}\.)$",
        # trust and about links, comments
        r"^why you can trust\b",
        r"^\d+\s+comments?\W*$",
        r"^comments?\W*(\(?\d+\)?)?\W*$",
        r"^(join the (conversation|discussion)|view comments|show comments|leave a comment)\b",
        r"^(log ?in|sign ?in|register|subscribe) to (join|comment|continue|read|keep reading|post)\b",
        r"^already (a subscriber|have an account)\b",
        # metering and paywall pitches ("You have 2 free articles left", "This is your last free article")
        r"^(you have|you['’]ve|this is your)\b.{0,40}\bfree (articles?|stories|story|reads?)\b",
        r"^(support|help fund) (local|independent|quality|our) (journalism|reporting|news)\b",
        r"^(get )?unlimited (digital )?access\b",
        # sharing, following
        r"^share( this| the)? (article|story|page|post)\b",
        r"^share (on|via|to) (facebook|twitter|x|whatsapp|linkedin|email|reddit)\b",
        r"^(share|share this|about sharing|print|save|email|copy link|comment|close|menu|search|more|next"
        r"|previous|back to top|reuse this content|gift (this )?article)\W*$",
        r"^follow (us|@\w+)\b",
        # wire pointers: "Follow AP’s coverage of energy policy at https://…" ("Follow-up …" has no space)
        r"^follow\s.{0,160}(\bcoverage\b.{0,80}\bat\b|https?://|www\.)",
        r"^skip to (main )?content\b",
        r"^(click|tap) here\b",
        # newsletters and subscriptions
        r"^sign ?up\b.{0,80}\b(newsletter|briefing|brief|alerts?|updates|inbox)\b",
        r"^(sign ?up|subscribe|register)( now| today| here| for free)?\W*$",
        r"^subscribe (now|today|to|for)\b",
        r"^(get|receive) .{0,60}\bin(to)? your inbox\b",
        r"^by (registering|signing up|subscribing),? you agree\b",
        r"^(read more|related( stories| articles| coverage| content| reading| topics| posts| links)?"
        r"|more on (this|these) (story|stories|topics?)|explore more on these topics|see also|most read"
        r"|most popular|recommended( for you)?|you may also like|also read|read next|top stories"
        r"|trending( now)?|more from\b.{0,40})\s*(:|$)",
        r"^(tags|tagged( with| in)?|filed under|topics|categories)\s*:",
        # cookies
        r"^(we|this (site|website)) uses? cookies\b",
        r"^(accept( all)?( cookies)?|reject all|manage (settings|cookies|preferences)"
        r"|cookie (settings|policy))\W*$",
        # captions and credits
        r"^(photo|photograph|image|picture|illustration|video|graphic)s?\s*(credit)?\s*(:|by\b)",
        r"\b(photo|image|picture)s?\s*(credit)?\s*:\s*[^.]{0,80}$",
        r"\b(getty images|shutterstock|alamy|afp via getty|ap photo|reuters/[a-z]+)\W*$",
        # a caption ending in its credit: "… on Feb. 4. (Photo: J.R. Okafor/Herald)", "(AP Photo/…, File)"
        r"\((\w+ )?(photo|photograph|image|picture|video|illustration)s?( credit)?\s*(:|/|by\b)"
        r"[^()]{0,80}\)\W*$",
        # screen-reader labels of a figure, read out when the figure markup is lost
        r"^(image|photo|video) (source|caption|credit)s?\s*[,:]",
        # legal
        r"^(copyright\s*)?(©|\(c\))\s*\d{4}",
        r"^copyright\s+\d{4}\b",
        r"\ball rights reserved\b",
        r"\bsolely responsible for all content\W*$",  # wire funding disclaimers end with this
        r"^(privacy( policy)?|terms( of (use|service))?|terms (&|and) conditions|about us|contact us)\W*$",
    )
)
"""Short boilerplate lines; each either anchored at the start or describing a whole caption/credit line."""

_MENU_SPLIT = re.compile(r"\s+[·|•]\s+")
_WS = re.compile(r"\s+")
_INVISIBLE = re.compile("[\u00ad\u200b\u2060\ufeff]")
"""Soft hyphens and zero-width spaces: hyphenation and line-break hints (``Mit&shy;tel&shy;al&shy;ter``) that
would otherwise split words for every later stage."""


def visible(text: str) -> str:
    """``text`` without invisible hyphenation and line-break hints."""
    return _INVISIBLE.sub("", text)


def collapse(text: str) -> str:
    """Collapse runs of whitespace to one space, drop invisible hyphenation hints, and trim."""
    return _WS.sub(" ", visible(text)).strip()


def boilerplate_reason(text: str) -> str | None:
    """Why ``text`` (one paragraph) is page chrome by its words alone (the pattern it matches), or None."""
    line = collapse(text)
    if not line:
        return "empty"
    if len(line) > BOILERPLATE_MAX_CHARS:
        return None
    for pattern in BOILERPLATE_PATTERNS:
        if pattern.search(line):
            return f"pattern {pattern.pattern}"
    items = _MENU_SPLIT.split(line)
    if len(items) >= MENU_MIN_ITEMS and all(
        len(item.split()) <= MENU_ITEM_MAX_WORDS and not item.rstrip().endswith(".") for item in items
    ):
        return "a menu of short items"
    return None


def is_boilerplate(text: str) -> bool:
    """True if ``text`` (one paragraph) is page chrome by its words alone."""
    return boilerplate_reason(text) is not None
