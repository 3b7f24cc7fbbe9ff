"""Bylines that name no writer: a bare "By", a CMS account ("admin"), the site itself or its publisher
("Condé Nast"). Pages put these in their author metadata; read aloud ("By admin.") or shown under the
headline they tell the listener nothing, so the article has no byline instead.

``person_byline`` is the test, ``with_person_byline`` applies it to an extracted article (pipeline
``read_article`` calls it; extraction may call ``person_byline`` on its candidates directly).
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata

from .models import Article

ACCOUNT_NAMES = frozenset(
    {"admin", "administrator", "admins", "author", "authors", "editor", "editors", "the editors",
     "editorial", "editorial staff", "editorial team", "editorial board", "staff", "staff writer",
     "staff writers", "staff reporter", "web staff", "web desk", "news desk", "newsdesk", "newsroom",
     "news staff", "webmaster", "web editor", "site editor", "guest", "guest author", "contributor",
     "contributors", "user", "anonymous", "unknown", "none", "null", "root", "wpadmin", "wordpress",
     "press release", "press office", "sponsored", "sponsored content", "partner content"}
)  # fmt: skip
"""What CMSs and templates put in the author field when no person is named (compared without case)."""

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
_BY = re.compile(r"^\s*(?:written\s+)?by\b[:\s]*", re.IGNORECASE)
_EMAIL = re.compile(r"^\S+@\S+\.\S+$")


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
    parts = [part.strip() for part in _BY.sub("", " ".join(byline.split())).split(",")]
    people = [part for part in parts if _may_be_a_writer(part, site_name)]
    if not people:
        return None
    return byline.strip() if len(people) == len(parts) else ", ".join(people)


def _may_be_a_writer(name: str, site_name: str | None) -> bool:
    plain = _plain(name)
    if not plain or _EMAIL.match(name):
        return False
    if plain in ACCOUNT_NAMES or plain in PUBLISHERS or _CORPORATE.search(name):
        return False
    return not (site_name and plain in {_plain(site_name), _plain(site_name).removeprefix("the ")})


def with_person_byline(article: Article) -> Article:
    """``article`` without a byline that names no writer."""
    cleaned = person_byline(article.byline, article.site_name)
    return article if cleaned == article.byline else dataclasses.replace(article, byline=cleaned)
