"""The engine interface every voice backend implements, built-in or third-party.

An engine lists the voices it can speak *right now* (weights installed, binaries present) and turns one
sentence of speakable text into audio at a given speed. Nothing here downloads anything.
"""

from __future__ import annotations

import re
from typing import Protocol, runtime_checkable

from ..models import SpeechAudio, Voice, WordTiming
from ..text.phonemes import written_form

MIN_SPEED = 0.5
MAX_SPEED = 2.0
"""Engine rate controls stay intelligible in this range; beyond it neural voices slur or drag."""


@runtime_checkable
class Engine(Protocol):
    """A text-to-speech backend. ``name`` is the prefix of its voice ids (``name:voice``).

    An engine that sets the optional class attribute ``speaks_phonemes = True`` is given sentences with the
    lexicon's phoneme tokens (``⟦Xi|ɕˈiː⟧``, see ``text/phonemes.py``) and speaks their phonemes; any other
    engine is given the written words in their place (``engine_text``). The optional ``max_piece_chars``
    is the longest text the engine takes in one call (default ``pieces.DEFAULT_MAX_PIECE_CHARS``): longer
    sentences reach it in pieces (``pieces.speak``).
    """

    name: str

    def voices(self) -> list[Voice]:
        """Voices installed and usable offline, best first."""
        ...

    def synthesize(self, text: str, voice: Voice, speed: float = 1.0) -> SpeechAudio:
        """One sentence of speakable text → audio lasting 1/``speed`` of the 1.0 audio, by the engine's own
        rate control (the neural engines look their rate up on a measured ``speed_curve.SpeedCurve``)."""
        ...


_WORD = re.compile(r"\S+")


def engine_text(engine: Engine, spoken: str) -> str:
    """What ``engine`` is given to say for a sentence's spoken text."""
    return spoken if getattr(engine, "speaks_phonemes", False) else written_form(spoken)


def estimate_word_timings(text: str, duration_ms: float) -> tuple[WordTiming, ...]:
    """Spread a sentence's duration over its words by letter count — for engines that give no alignment."""
    words = [m.group(0) for m in _WORD.finditer(text)]
    weights = [len(written_form(w).strip(".,;:!?\"'()")) + 1 for w in words]
    total = sum(weights)
    if not words or total == 0:
        return ()
    timings = []
    elapsed = 0.0
    for word, weight in zip(words, weights, strict=True):
        span = duration_ms * weight / total
        timings.append(WordTiming(word=word, start_ms=round(elapsed), end_ms=round(elapsed + span)))
        elapsed += span
    return tuple(timings)


def word_timings_from_boundaries(
    text: str, boundaries_ms: list[tuple[float, float]]
) -> tuple[WordTiming, ...] | None:
    """Pair the text's words with engine word boundaries; None when the counts disagree."""
    words = [m.group(0) for m in _WORD.finditer(text)]
    if len(words) != len(boundaries_ms) or not words:
        return None
    return tuple(
        WordTiming(word=w, start_ms=round(start), end_ms=round(end))
        for w, (start, end) in zip(words, boundaries_ms, strict=True)
    )
