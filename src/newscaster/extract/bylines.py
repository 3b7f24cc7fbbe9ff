"""Bylines: the names in "By Jane Doe, Staff reporter", whether a line is one, and whether it names a writer.

Pages put bylines in their author metadata that name no writer: a bare "By", a CMS account ("admin"), the
site itself or its publisher ("Condé Nast"). Read aloud ("By admin.") or shown under the headline they tell
the listener nothing, so ``person_byline`` drops them: the metadata stage skips such candidates, and the
article (page or text) is left without a byline rather than with one of those.
"""

from __future__ import annotations

import re
import unicodedata

from newscaster.extract.patterns import collapse
from newscaster.text.byline_words import BY_PREFIX

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


ACCOUNT_NAMES = frozenset(
    {"admin", "administrator", "admins", "author", "authors", "editor", "editors", "the editors",
     "editorial", "editorial staff", "editorial team", "editorial board", "staff", "staff writer",
     "staff writers", "staff reporter", "web staff", "web desk", "news desk", "newsdesk", "newsroom",
     "news staff", "webmaster", "web editor", "site editor", "guest", "guest author", "contributor",
     "contributors", "user", "anonymous", "unknown", "none", "null", "root", "wpadmin", "wordpress",
     "press release", "press office", "sponsored", "sponsored content", "partner content", "name",
     "your name", "full name"}
)  # fmt: skip
"""What CMSs and templates put in the author field when no person is named, and the labels of a comment
form's name field that a byline search can meet ("Name *") (compared without case)."""

STAFF_WORDS = frozenset(
    {"red", "redaktion", "onlineredaktion", "redaction", "redaccion", "redazione", "redactie", "redakcja",
     "redakce", "autor", "autorin", "autoren", "auteur", "auteurs", "autore", "author", "admin", "staff",
     "team", "online", "web", "news", "desk", "editor", "editors", "editorial", "the", "die", "der", "la",
     "le", "el", "de", "het", "il"}
)  # fmt: skip
"""Words of a byline that names the newsroom in any language ("Redaktion", "La Rédaction", "Autor
Redaktion", "Online-Redaktion", "red" for Redaktion): a byline made only of these names no writer (compared
without accents)."""

PUBLISHERS = frozenset(
    {"conde nast", "hearst", "hearst magazines", "hearst newspapers", "gannett", "news corp", "newscorp",
     "dotdash meredith", "future plc", "axel springer", "vox media", "buzzfeed", "tribune publishing",
     "mcclatchy", "lee enterprises", "advance local", "nexstar media", "sinclair broadcast group",
     "reach plc", "tegna", "penske media", "bustle digital group", "ziff davis", "insider inc",
     "mediahuis", "dpg media", "schibsted", "bonnier news", "tamedia", "ringier", "nine entertainment",
     "newsquest", "national world", "dmg media"}
)  # fmt: skip
"""Publishing companies whose name sites put in the author field (compared without case or accents);
only names no writer has (a lone surname such as "Sinclair" may be one)."""

_CORPORATE = re.compile(
    r"(?:^|\s)(?:(?:inc|incorporated|llc|ltd|limited|plc|gmbh|corp|corporation|company|holdings|media group|"
    r"publishing|publications|publishers)\.?|co\.|s\.a\.|a\.g\.)$",
    re.IGNORECASE,
)
"""A company's legal form at the end of a name ("… Media Group", "… Inc."): an organization, no writer.
The short forms count only with their dots ("Co."), as "Co" or "Sa" may end a person's name."""
_EMAIL = re.compile(r"^\S+@\S+\.\S+$")
_DOMAIN = re.compile(r"^(?:www\.)?(?:[\w-]+\.)+(?:[a-z]{2,3}|info|news|online|blog)(?:/\S*)?$")
"""A web address alone ("przepisy.pl", "www.example.com", "wien.ORF.at/Agenturen") names a site, not its
writer. A user name ("christian.stadtfeld") may name one: its last part is no top-level domain."""
_CREDIT = re.compile(
    r"^[(\[]?\s*(?:fotos?|photos?|photography|bild|bilder|images?|videos?|grafik|graphics?|theme|design)\s*"
    r"(?::|\W*$)",
    re.IGNORECASE,
)
"""A picture credit ("Fotos: EL HERALDO/AFP"), a media label ("VIDEO") or a theme's credit ("Theme: Pirate
Rogue von xwolf") sits where bylines sit and names no writer of the text."""
_PROFILE_LINK = re.compile(r"\b(?:profile|profil|perfil|profilo|profiel)\b", re.IGNORECASE)
"""A link to the writer's profile ("View my complete profile", "Afficher mon profil complet") is a label."""
_SENTENCE = re.compile(r"^\S+(?:\s+\S+){3,}\w{4}\.$")
"""Four words or more ending in a full stop after a whole word: a caption or a sentence, not names (which
end in a name, or in an initial: "T. V. Raman", "John Smith Jr.")."""


def _plain(text: str) -> str:
    """Lower case without accents or punctuation: "Condé Nast." → "conde nast"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    letters = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^\w\s]", " ", letters).split())


def person_byline(byline: str | None, site_name: str | None = None) -> str | None:
    """``byline`` when it may name a writer; None for "By" alone, an account name, an e-mail address,
    the site's own name or a publisher. In a list ("Jane Doe, Condé Nast") only those go."""
    if byline is None:
        return None
    # The trailing space lets a bare "By" (nothing after it) match the prefix and leave no name.
    named = BY_PREFIX.sub("", collapse(byline) + " ")
    parts = [part.strip() for part in named.split(",")]
    people = [part for part in parts if _may_be_a_writer(part, site_name)]
    if not people:
        return None
    return byline.strip() if len(people) == len(parts) else ", ".join(people)


def _may_be_a_writer(name: str, site_name: str | None) -> bool:
    plain = _plain(name)
    if (
        not plain
        or _EMAIL.match(name)
        or _DOMAIN.match(name)
        or _CREDIT.match(name)
        or _PROFILE_LINK.search(name)
        or _SENTENCE.search(name)
    ):
        return False
    if plain in ACCOUNT_NAMES or plain in PUBLISHERS or _CORPORATE.search(name):
        return False
    if all(word in STAFF_WORDS for word in plain.split()):
        return False
    return not (site_name and plain in {_plain(site_name), _plain(site_name).removeprefix("the ")})
