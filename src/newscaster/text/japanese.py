"""Japanese as katakana, for engines that read kana but not kanji.

espeak-ng's Japanese voice reads hiragana and katakana only: each kanji comes out as the English words
"Chinese letter". pyopenjtalk-plus (its dictionary ships in the wheel) gives the reading of a whole sentence
in katakana as it is pronounced (は as ワ, long vowels as ー, digits read with their counters: 90分 →
キュージュップン), which espeak-ng then says. Engines with their own Japanese front end (Kokoro) are given
the text as written.
"""

from __future__ import annotations

import functools
import logging
import re
from typing import Any

log = logging.getLogger(__name__)

_KANJI = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


@functools.cache
def _pyopenjtalk() -> Any | None:
    try:
        import pyopenjtalk
    except ImportError:
        log.warning("pyopenjtalk-plus is not installed: Japanese kanji cannot be read by espeak-ng")
        return None
    return pyopenjtalk


def katakana_reading(text: str) -> str:
    """``text`` read out in katakana (punctuation kept); unchanged when it has no kanji or pyopenjtalk is
    missing."""
    if not _KANJI.search(text):
        return text
    pyopenjtalk = _pyopenjtalk()
    if pyopenjtalk is None:
        return text
    return str(pyopenjtalk.g2p(text, kana=True))
