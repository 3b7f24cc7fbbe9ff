"""Bylines: the names in "By Jane Doe, Staff reporter", and whether a line is one."""

from __future__ import annotations

import re

from newscaster.extract.patterns import collapse

BYLINE_MAX_WORDS = 12
"""Names of a few authors; anything longer is an author bio or a sentence."""

ROLE_MAX_WORDS = 3
"""A comma-separated byline part ending in a role word and this short is a role ("Business correspondent")."""

NAME_PARTICLES = frozenset(
    {"and", "de", "da", "del", "der", "di", "du", "van", "von", "la", "le", "bin", "al"}
)
"""Lower-case words that may sit inside names ("Ursula von der Leyen", "Jane Doe and John Roe")."""

ROLE_WORDS = frozenset(
    {"contributor", "contributors", "correspondent", "correspondents", "reporter", "reporters", "editor",
     "editors", "writer", "writers", "columnist", "staff", "journalist", "bureau", "desk", "team", "analyst",
     "producer", "critic", "newsroom"}
)  # fmt: skip

BY_PREFIX = re.compile(
    r"^(?:(?:written |words |story |text )?by|von|par|por|di|door|przez|av|af)\s*:?\s+", re.IGNORECASE
)
"""The word before the names: "By" and its equivalents in the languages of the pages we read."""
_BYLINE_SPLIT = re.compile(r"\s[|·•]\s|[\n\u2028]")


def clean_byline(raw: str | None) -> str | None:
    """Names only, or None.

    "By Mei Ling Chan, Business correspondent" → "Mei Ling Chan"; a role alone ("Opinion contributor") → None.
    """
    text = collapse(_BYLINE_SPLIT.split((raw or "").strip())[0])
    if not text or "://" in text or text.startswith(("/", "@")):
        return None
    names = []
    for part in (p.strip() for p in BY_PREFIX.sub("", text).split(",")):
        words = part.casefold().split()
        if (
            not words
            or part.lower().startswith("in ")
            or (words[-1] in ROLE_WORDS and len(words) <= ROLE_MAX_WORDS)
        ):
            break
        names.append(part)
    byline = ", ".join(names)
    if not byline or len(byline.split()) > BYLINE_MAX_WORDS or any(ch.isdigit() for ch in byline):
        return None
    return byline


def byline_line(text: str) -> str | None:
    """The name(s) in a stand-alone "By …" line ("By Jane Doe, Staff reporter" → "Jane Doe"), else None.

    "By Friday, work had started." is not one: every word of a name is capitalized or a name particle.
    """
    name = clean_byline(text) if BY_PREFIX.match(text) else None
    words = (name or "").replace(",", " ").split()
    return name if words and all(w[:1].isupper() or w in NAME_PARTICLES for w in words) else None
