"""What a newsroom gives when it adds a source, checked the same way for the CLI and the API."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from ..config import Settings
from ..errors import FetchError, OptionError

if TYPE_CHECKING:  # the CLI reads this module's defaults at start: the checks' modules load when used
    from ..store.sources import SourceSettings

DEFAULT_INTRO = "You are listening to {site}, narrated by newscaster."
"""Spoken first when a source asks for an intro; ``{site}`` is the article's site name (or host)."""
DEFAULT_EVERY_S = 15 * 60
"""News sites publish a few articles an hour; a quarter-hour poll costs one small (usually 304) request."""
MIN_EVERY_S = 60
"""Polling more often than a minute gains a newsroom nothing a ping would not, and looks like abuse."""
MAX_EVERY_S = 7 * 24 * 3600
MAX_SPOKEN_CHARS = 500
"""An intro or outro is a sentence or two; more is an article of its own."""
_DURATION = re.compile(r"^\s*(\d+)\s*([smhd]?)\s*$", re.IGNORECASE)
_SECONDS_PER = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_every(text: str) -> int:
    """``90s``, ``15m``, ``2h``, ``1d`` or plain seconds → seconds, within the allowed range."""
    match = _DURATION.match(text)
    if not match:
        raise OptionError(f"Polling interval {text!r} is not a duration like 15m, 2h or 1d")
    seconds = int(match.group(1)) * _SECONDS_PER[match.group(2).lower()]
    if not MIN_EVERY_S <= seconds <= MAX_EVERY_S:
        raise OptionError(f"Polling interval {text!r} is outside 1m–7d")
    return seconds


@dataclass(frozen=True)
class NewSource:
    url: str
    voice: str | None = None
    speed: str | float | None = None
    intro: bool | str = False
    """True: the default intro; a string: that intro; False: none."""
    outro: str | None = None
    every: str | int = DEFAULT_EVERY_S


def _spoken(text: str | None, what: str) -> str | None:
    text = " ".join((text or "").split())
    if len(text) > MAX_SPOKEN_CHARS:
        raise OptionError(f"The {what} is too long ({len(text)} characters; at most {MAX_SPOKEN_CHARS})")
    return text or None


def checked(new: NewSource, settings: Settings) -> tuple[str, SourceSettings]:
    """The source's URL and settings, or an error naming what is wrong (``NewscasterError``)."""
    from ..fetch import check_url
    from ..speed import parse_speed
    from ..store.sources import SourceSettings
    from ..voices.registry import registry_for

    url = new.url.strip()
    if urlsplit(url).scheme not in {"http", "https"}:
        raise FetchError(f"{url!r} is not an http(s) URL of a feed or sitemap", 422)
    check_url(url, allow_private=settings.allow_private_urls)  # a private address: refused now, not at poll
    voice_id = registry_for(settings).get(new.voice).id if new.voice else None
    speed = parse_speed(new.speed) if new.speed is not None else None
    intro = DEFAULT_INTRO if new.intro is True else _spoken(new.intro or None, "intro")
    every_s = new.every if isinstance(new.every, int) else parse_every(new.every)
    if not MIN_EVERY_S <= every_s <= MAX_EVERY_S:
        raise OptionError(f"Polling interval {every_s} s is outside 1m–7d")
    return url, SourceSettings(voice_id, speed, intro, _spoken(new.outro, "outro"), every_s)
