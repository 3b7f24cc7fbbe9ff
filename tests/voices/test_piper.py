"""Piper's word timings from its phoneme alignments, on sentences whose phoneme words do not pair up with
the written words."""

from __future__ import annotations

import pytest

from newscaster.models import SpeechAudio
from newscaster.text.phonemes import phoneme_token
from newscaster.voices.registry import VoiceRegistry

MIN_WORD_MS = 20
"""A spoken word lasts at least this long: it has a phoneme, and Piper gives each phoneme and the pad
after it at least one frame (256 samples, 11.6 ms). "a" read "ɐ" takes ~35 ms."""


def _speak(registry: VoiceRegistry, text: str) -> SpeechAudio:
    return registry.engine("piper").synthesize(text, registry.get("piper:joe"), 1.0)


def _assert_exact_and_in_order(speech: SpeechAudio, text: str) -> None:
    assert speech.words_exact
    assert [w.word for w in speech.words] == text.split()
    for before, after in zip(speech.words, speech.words[1:], strict=False):
        assert before.end_ms <= after.start_ms, (before, after)
    for word in speech.words:
        assert word.start_ms >= 0 and word.end_ms <= speech.duration_ms, word
        if any(ch.isalnum() for ch in word.word):
            assert word.end_ms - word.start_ms >= MIN_WORD_MS, word


@pytest.mark.parametrize(
    "text",
    [
        "This does not mean the partnership has no parameters.",  # "does not" is one phoneme word
        "She said most customers should have power by Thursday night.",  # "should have" → ʃˌʊdəv
        "Typically we focus on threats from the U.S and its allies.",  # "from the" merged, U.S spelled
        "The U.S. does not expect 2,500 troops — not by 2026, Dr. Lee said.",  # numbers, a dash
        "Two members voted against the delay, arguing that the agency would face a larger increase.",
    ],
)
def test_merged_phoneme_words_get_exact_monotonic_in_sentence_timings(registry, text: str) -> None:
    _assert_exact_and_in_order(_speak(registry, text), text)


def test_a_number_read_as_several_words_is_timed_as_one_word(registry) -> None:
    text = "They paid 2,500 dollars."
    speech = _speak(registry, text)
    _assert_exact_and_in_order(speech, text)
    number = speech.words[2]
    # "two thousand five hundred" takes longer than the one-syllable words around it
    assert number.end_ms - number.start_ms > 2 * (speech.words[1].end_ms - speech.words[1].start_ms)


def test_lexicon_phoneme_words_are_timed_too(registry) -> None:
    text = f"Then {phoneme_token('Xi', 'ɕˈiː')} does not meet {phoneme_token('Zorblat', 'bənˈænə')} today."
    _assert_exact_and_in_order(_speak(registry, text), text)
