"""Lay sentence chunks end to end and say where each sentence lands; write WebVTT and JSON timings.

Sentence times are exact: they are sums of sample counts. Word times are the engine's where it gives
them, estimated otherwise, and marked so.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..models import AudioChunk, Timing, WordTiming
from .resample import resample


@dataclass(frozen=True)
class Layout:
    """The whole narration as one signal, and where each sentence sits in it."""

    samples: np.ndarray
    sample_rate_hz: int
    timings: tuple[Timing, ...]

    @property
    def duration_ms(self) -> int:
        return round(1000 * len(self.samples) / self.sample_rate_hz)


def lay_out(chunks: Sequence[AudioChunk]) -> Layout:
    """Concatenate chunks with their pauses; the last chunk's pause is dropped so the audio ends
    where the last sentence ends."""
    if not chunks:
        return Layout(np.zeros(0, np.float32), 24000, ())
    sample_rate_hz = chunks[0].speech.sample_rate_hz
    pieces: list[np.ndarray] = []
    timings: list[Timing] = []
    position = 0
    for number, chunk in enumerate(chunks):
        speech = resample(chunk.speech.samples, chunk.speech.sample_rate_hz, sample_rate_hz)
        timings.append(place(chunk, position, len(speech), sample_rate_hz))
        pieces.append(speech)
        position += len(speech)
        if number < len(chunks) - 1:
            pause = round(sample_rate_hz * chunk.pause_ms / 1000)
            pieces.append(np.zeros(pause, np.float32))
            position += pause
    return Layout(np.concatenate(pieces), sample_rate_hz, tuple(timings))


def place(chunk: AudioChunk, start_sample: int, speech_samples: int, sample_rate_hz: int) -> Timing:
    """Where ``chunk``'s sentence lands when its speech starts ``start_sample`` into the narration."""
    start_ms = 1000 * start_sample / sample_rate_hz
    end_ms = 1000 * (start_sample + speech_samples) / sample_rate_hz
    words = tuple(
        WordTiming(w.word, round(start_ms + w.start_ms), min(round(start_ms + w.end_ms), round(end_ms)))
        for w in chunk.speech.words
    )
    return Timing(chunk.sentence, round(start_ms), round(end_ms), words, chunk.speech.words_exact)


def _vtt_time(ms: int) -> str:
    hours, rest = divmod(ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}.{millis:03d}"


_LINE_BREAKS = re.compile(r"[\r\n]+")
"""WebVTT's line terminators; a blank line inside cue text would end the cue."""


def cue_text(text: str) -> str:
    """Written text as WebVTT cue text: browsers read cues as markup (``<b>``, ``<c.class>``, ``&amp;``),
    so ``&``, ``<`` and ``>`` are escaped (which also keeps ``-->`` out), and line breaks, which could end
    the cue early, become spaces."""
    escaped = html.escape(text, quote=False)
    return _LINE_BREAKS.sub(" ", escaped)


def to_webvtt(timings: Sequence[Timing]) -> str:
    """A cue per sentence, showing the text as written (what the listener reads along)."""
    lines = ["WEBVTT", ""]
    for timing in timings:
        text = cue_text(timing.sentence.text)
        lines += [f"s{timing.sentence.index}", f"{_vtt_time(timing.start_ms)} --> {_vtt_time(timing.end_ms)}"]
        lines += [text, ""]
    return "\n".join(lines)


WORD_MATCH_LOOKAHEAD = 3
"""Engines occasionally merge or split a word ("twenty-four"); look this far ahead to re-synchronize."""


def _written_spans(timing: Timing) -> list[tuple[int, int] | None]:
    """The written span of each timed word: timed words follow the spoken words in order."""
    spoken_words = timing.sentence.spoken.split()
    spans = timing.sentence.spoken_word_spans
    found: list[tuple[int, int] | None] = []
    position = 0
    for word in timing.words:
        window = spoken_words[position : position + WORD_MATCH_LOOKAHEAD]
        if word.word in window and len(spans) == len(spoken_words):
            position += window.index(word.word)
            found.append(spans[position])
            position += 1
        else:
            found.append(None)
    return found


def timing_to_dict(timing: Timing) -> dict[str, Any]:
    sentence = timing.sentence
    words = []
    for word, span in zip(timing.words, _written_spans(timing), strict=True):
        item: dict[str, Any] = {"word": word.word, "start_ms": word.start_ms, "end_ms": word.end_ms}
        if span is not None:
            item["start_char"], item["end_char"] = span
        words.append(item)
    passage = {"language": sentence.language} if sentence.language else {}
    return {
        "index": sentence.index,
        "part": sentence.part.value,
        "paragraph_index": sentence.paragraph_index,
        "start_char": sentence.start_char,
        "end_char": sentence.end_char,
        "text": sentence.text,
        "spoken": sentence.spoken,
        "start_ms": timing.start_ms,
        "end_ms": timing.end_ms,
        "words_timing": "exact" if timing.words_exact else "estimated",
        "words": words,
        **passage,  # a passage in another language, read by a voice of that language
    }


def to_json(document: dict[str, Any]) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2)
