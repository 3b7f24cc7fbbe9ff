"""Links written without their scheme: ``example.com/news/story`` is the page at ``https://example.com/…``.

People copy addresses from a browser's bar, which hides the scheme, and type them the same way. Read as
text, such a link would be narrated as a three-second sentence; read as a file name, it is "No such file".
"""

from __future__ import annotations

import re

ASSUMED_SCHEME = "https://"
"""What a link without a scheme gets: nearly every news site serves HTTPS, and those that do not redirect
there from the same address."""
FILE_SUFFIXES = frozenset(
    {".html", ".htm", ".xhtml", ".txt", ".text", ".md", ".markdown", ".xml", ".rss", ".atom", ".json",
     ".pdf", ".epub", ".doc", ".docx", ".odt", ".rtf", ".csv", ".tsv", ".mp3", ".opus", ".wav", ".vtt"}
)  # fmt: skip
"""Endings that make a lone word with a dot a file name ("story.txt"), not a host name."""

_LINK = re.compile(
    r"^(?P<host>(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?P<tld>[a-z]{2,63}))"
    r"(?::\d{1,5})?(?P<rest>[/?#]\S*)?$",
    re.IGNORECASE,
)


def scheme_less_link(text: str) -> str | None:
    """``https://`` + ``text`` when it is a link without its scheme (a host name with a dot and a
    top-level domain, maybe a port and a path); None for anything else, and for a bare file name."""
    candidate = text.strip()
    found = _LINK.match(candidate)
    if found is None:
        return None
    if not found.group("rest") and f".{found.group('tld').lower()}" in FILE_SUFFIXES:
        return None
    return ASSUMED_SCHEME + candidate


def web_address(text: str) -> str:
    """``text`` with ``https://`` in front when it is a link written without its scheme; else as given
    (a link with a scheme never matches: "https:" is no host name)."""
    return scheme_less_link(text) or text.strip()
