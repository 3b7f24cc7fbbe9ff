"""Engine-sized pieces: a written sentence can be far longer than a voice model may take in one pass.

Neural engines attend over the whole input at once, so their memory grows with the square of its length:
a 24,000-character text without a full stop grew hibari to 22 GB and piper past 8 GB at 6,000. ``speak``
cuts a sentence's speakable text into pieces under the engine's limit — at clause punctuation first, then
between words — synthesizes them one after another and joins the audio and word timings, so the
sentence keeps one chunk, one timing and one highlight however long it is.
"""

from __future__ import annotations

import re

import numpy as np

from ..models import SpeechAudio, Voice, WordTiming
from .base import Engine, estimate_word_timings

DEFAULT_MAX_PIECE_CHARS = 300
"""Longest text handed to an engine that names no limit of its own (``max_piece_chars``). News sentences
are 100–250 characters, so they pass whole; measured here, piper:joe peaks at 0.6 GB on 300 characters and
hibari at 0.3 GB, against 1.7 GB and 0.6 GB on 1,500."""

_CLAUSE_END = re.compile(r"(?<=[,;:—–.!?…)])\s+")
_WORD_GAP = re.compile(r"\s+")


def max_piece_chars(engine: Engine) -> int:
    return int(getattr(engine, "max_piece_chars", DEFAULT_MAX_PIECE_CHARS))


def engine_pieces(text: str, max_chars: int) -> list[str]:
    """``text`` as consecutive pieces of at most ``max_chars`` characters, cut at the latest clause break
    that fits, else between words; only a single word longer than the limit is cut inside. Joined with
    single spaces, the pieces hold the same words in the same order."""
    text = " ".join(text.split())
    if len(text) <= max_chars:
        return [text] if text else []
    pieces: list[str] = []
    for clause in _CLAUSE_END.split(text):
        for part in _fit(clause, max_chars):
            if pieces and len(pieces[-1]) + 1 + len(part) <= max_chars:
                pieces[-1] = f"{pieces[-1]} {part}"
            else:
                pieces.append(part)
    return pieces


def _fit(clause: str, max_chars: int) -> list[str]:
    """A clause as word runs under the limit (a lone over-long word is cut into slices)."""
    runs: list[str] = []
    for word in _WORD_GAP.split(clause):
        slices = [word[i : i + max_chars] for i in range(0, len(word), max_chars)] or [word]
        for piece in slices:
            if runs and len(runs[-1]) + 1 + len(piece) <= max_chars:
                runs[-1] = f"{runs[-1]} {piece}"
            else:
                runs.append(piece)
    return runs


def speak(engine: Engine, text: str, voice: Voice, speed: float) -> SpeechAudio:
    """Synthesize one sentence's speakable text, piece by piece when it is longer than the engine takes."""
    pieces = engine_pieces(text, max_piece_chars(engine))
    if len(pieces) <= 1:
        return engine.synthesize(text, voice, speed)
    parts = [engine.synthesize(piece, voice, speed) for piece in pieces]
    return join_speech(text, parts)


def join_speech(text: str, parts: list[SpeechAudio]) -> SpeechAudio:
    """Consecutive pieces of one sentence as one SpeechAudio: samples end to end, word times shifted by
    the audio before them. Exact only when every piece's were and the words still pair up with ``text``."""
    sample_rate_hz = parts[0].sample_rate_hz
    words: list[WordTiming] = []
    offset_ms = 0.0
    for part in parts:
        words.extend(
            WordTiming(w.word, round(w.start_ms + offset_ms), round(w.end_ms + offset_ms)) for w in part.words
        )
        offset_ms += 1000.0 * len(part.samples) / sample_rate_hz
    samples = np.concatenate([np.asarray(p.samples, dtype=np.float32) for p in parts])
    if len(words) != len(text.split()):  # a word sliced in two: the per-word pairing no longer holds
        return SpeechAudio(samples, sample_rate_hz, estimate_word_timings(text, offset_ms), False)
    return SpeechAudio(samples, sample_rate_hz, tuple(words), all(p.words_exact for p in parts))
