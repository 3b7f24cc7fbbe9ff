"""Engine-sized pieces: long sentences reach an engine in bounded pieces and come back as one sentence."""

from __future__ import annotations

import numpy as np
import pytest

from newscaster.models import SpeechAudio, Voice, WordTiming
from newscaster.voices.pieces import DEFAULT_MAX_PIECE_CHARS, engine_pieces, speak

CLAUSES = "The talks, which began on Monday, ran late; officials said little: a deal was near"


def test_short_text_is_one_piece() -> None:
    assert engine_pieces("  A short   sentence. ", 50) == ["A short sentence."]
    assert engine_pieces("", 50) == []


@pytest.mark.parametrize("limit", [12, 25, 40, 80])
def test_pieces_stay_under_the_limit_and_keep_every_word_in_order(limit: int) -> None:
    text = " ".join([CLAUSES] * 6)
    pieces = engine_pieces(text, limit)
    assert all(0 < len(piece) <= limit for piece in pieces)
    assert " ".join(pieces).split() == text.split()


def test_pieces_end_at_clause_punctuation_when_one_fits() -> None:
    assert engine_pieces(CLAUSES, 40) == [
        "The talks, which began on Monday,",
        "ran late; officials said little:",
        "a deal was near",
    ]


def test_an_unpunctuated_run_is_cut_between_words() -> None:
    text = " ".join(["word"] * 1000)
    pieces = engine_pieces(text, DEFAULT_MAX_PIECE_CHARS)
    assert len(pieces) == 17
    assert all(piece.split() == ["word"] * len(piece.split()) for piece in pieces)


def test_a_single_endless_word_is_sliced() -> None:
    pieces = engine_pieces("x" * 1000, 300)
    assert [len(p) for p in pieces] == [300, 300, 300, 100]


VOICE = Voice(
    id="counting:x", engine="counting", name="x", display_name="x", language="en", gender="female",
    sample_rate_hz=1000, licence="test", natural_wpm=150.0, quality=0,
)  # fmt: skip


class CountingEngine:
    """Records what it is asked to say; 10 ms of silence per character, one exact timing per word."""

    name = "counting"
    max_piece_chars = 30

    def __init__(self) -> None:
        self.calls: list[str] = []

    def voices(self) -> list[Voice]:
        return []

    def synthesize(self, text: str, voice: Voice, speed: float = 1.0) -> SpeechAudio:
        self.calls.append(text)
        words, start, timings = text.split(), 0, []
        for word in words:
            timings.append(WordTiming(word, start * 10, (start + len(word)) * 10))
            start += len(word) + 1
        return SpeechAudio(np.zeros(len(text) * 10, np.float32), 1000, tuple(timings), True)


def test_speak_joins_pieces_into_one_sentence_with_shifted_word_times() -> None:
    engine = CountingEngine()
    voice = VOICE
    text = " ".join([CLAUSES] * 3)
    speech = speak(engine, text, voice, 1.0)
    assert len(engine.calls) > 3 and all(len(call) <= 30 for call in engine.calls)
    assert len(speech.samples) == sum(len(call) * 10 for call in engine.calls)
    assert [w.word for w in speech.words] == text.split()
    starts = [w.start_ms for w in speech.words]
    assert starts == sorted(starts) and speech.words[-1].end_ms <= speech.duration_ms
    assert speech.words_exact


def test_a_sliced_word_falls_back_to_estimated_timings() -> None:
    engine = CountingEngine()
    voice = VOICE
    speech = speak(engine, "short " + "y" * 70, voice, 1.0)
    assert len(speech.words) == 2 and not speech.words_exact
