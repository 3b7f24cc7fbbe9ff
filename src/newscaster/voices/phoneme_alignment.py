"""Which of an engine's timed phonemes belong to which written word.

An engine that reports a duration per phoneme (Piper) reads a whole sentence at once, and its phonemizer
joins, splits and re-stresses words as context asks: "does not" becomes one phoneme word (``dʌznˌɑːt``),
"should have" becomes ``ʃˌʊdəv``, "U.S." two. Counting phoneme words therefore does not find the written
words. Instead each word is phonemized on its own, so it is known which phonemes are whose, and that
word-labelled sequence is aligned with the sentence's timed phonemes (difflib, phoneme by phoneme, stress
marks ignored). Every timed phoneme then carries the word it was spoken for, and a word's time is the span
of its phonemes.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass

from ..text.phonemes import STRESS_MARKS

WORD_GAP = " "
"""The separator between phoneme words in the engine's stream and in the word-labelled reference."""
NON_SPEECH = frozenset(WORD_GAP + "^$_" + ".,;:!?—…\"'()-–")
"""Word gap, sentence start/end and padding markers and punctuation: they time silence, not a word."""
MIN_MATCHED_SHARE = 0.7
"""Below this share of the words' phonemes found unchanged in the engine's stream, the two sequences
are not the same reading (an engine that rewrote the text) and word times would be guesses. Across the
extraction fixtures (108 sentences) read by Piper's joe, it is 0.91–1.0 per sentence, median 0.98."""


@dataclass(frozen=True)
class TimedPhoneme:
    """One phoneme of an engine's stream and the samples it was spoken over."""

    phoneme: str
    start_sample: int
    end_sample: int


def is_speech(phoneme: str) -> bool:
    return bool(phoneme) and not all(symbol in NON_SPEECH for symbol in phoneme)


def word_spans(
    word_phonemes: Sequence[Sequence[str]], stream: Sequence[TimedPhoneme]
) -> list[tuple[int, int]] | None:
    """(start_sample, end_sample) for each word, from the stream's phonemes aligned to it.

    ``word_phonemes`` are each word's phonemes read alone, in order, in the engine's phoneme units
    (gaps inside a word, as in "U.S." read ``jˌuː ˈɛs``, are allowed); ``stream`` is what the engine spoke
    for the sentence (word gaps included). Spans follow the word order and never overlap. A word without
    speech phonemes of its own (a dash) gets an empty span where it stands. None when a word with speech
    is given no phoneme of the stream, or when the two sequences share too little to be the same reading.
    """
    reference: list[str] = []
    owner: list[int | None] = []  # the word each reference symbol belongs to (None: a gap or a comma)
    for number, phonemes in enumerate(word_phonemes):
        for symbol in [WORD_GAP, *phonemes]:
            if symbol in STRESS_MARKS:  # context moves and drops stress: "dˈʌz" is read "dʌz"
                continue
            if symbol == WORD_GAP and (not reference or reference[-1] == WORD_GAP):
                continue  # one gap between words, none at the start
            reference.append(symbol)
            owner.append(number if is_speech(symbol) else None)
    spoken = [n for n, timed in enumerate(stream) if timed.phoneme not in STRESS_MARKS]
    labels = _labels(reference, owner, [stream[n].phoneme for n in spoken])
    if labels is None:
        return None
    stream_labels: list[int | None] = [None] * len(stream)
    for position, word in zip(spoken, labels, strict=True):
        stream_labels[position] = word
    _label_stress_marks(stream, stream_labels)
    owned: list[list[TimedPhoneme]] = [[] for _ in word_phonemes]
    for timed, word in zip(stream, stream_labels, strict=True):
        if word is not None:
            owned[word].append(timed)
    spans: list[tuple[int, int]] = []
    for number, timed_phonemes in enumerate(owned):
        if timed_phonemes:
            spans.append((timed_phonemes[0].start_sample, timed_phonemes[-1].end_sample))
        elif any(is_speech(symbol) for symbol in word_phonemes[number]):
            return None
        else:
            at = spans[-1][1] if spans else 0
            spans.append((at, at))
    return spans


def _labels(reference: list[str], owner: list[int | None], spoken: list[str]) -> list[int | None] | None:
    """The word each spoken phoneme belongs to (None for gaps and punctuation), in word order."""
    labels: list[int | None] = [None] * len(spoken)
    matched = 0
    matcher = difflib.SequenceMatcher(a=reference, b=spoken, autojunk=False)
    for tag, ref_start, ref_end, spoken_start, spoken_end in matcher.get_opcodes():
        if tag == "equal":
            labels[spoken_start:spoken_end] = owner[ref_start:ref_end]
            matched += sum(1 for word in owner[ref_start:ref_end] if word is not None)
        elif tag == "replace":
            # The engine said these phonemes differently in context ("ɐ" for "a" alone "ˈeɪ"): spread
            # them over the words whose phonemes they replace, in order.
            words = [word for word in owner[ref_start:ref_end] if word is not None]
            count = spoken_end - spoken_start
            for offset in range(count if words else 0):
                labels[spoken_start + offset] = words[offset * len(words) // count]
    expected = sum(1 for word in owner if word is not None)
    if expected and matched / expected < MIN_MATCHED_SHARE:
        return None
    for position, phoneme in enumerate(spoken):
        if not is_speech(phoneme):
            labels[position] = None
    _fill_within_phoneme_words(labels, spoken)
    return labels


def _fill_within_phoneme_words(labels: list[int | None], spoken: list[str]) -> None:
    """A phoneme the engine added (no reference phoneme stands for it) joins its neighbour in the same
    phoneme word: the previous one, or the next at the word's start."""
    for order in (range(len(spoken)), range(len(spoken) - 1, -1, -1)):
        last: int | None = None
        for position in order:
            if spoken[position] == WORD_GAP:
                last = None
            elif not is_speech(spoken[position]):
                continue
            elif labels[position] is None:
                labels[position] = last
            else:
                last = labels[position]


def _label_stress_marks(stream: Sequence[TimedPhoneme], labels: list[int | None]) -> None:
    """A stress mark is spoken as part of the vowel it stands before (Piper times it as a phoneme of its
    own): it belongs to the next phoneme's word, or the previous one's at the end of a phoneme word."""
    for position in range(len(stream) - 1, -1, -1):
        if stream[position].phoneme in STRESS_MARKS:
            after = labels[position + 1] if position + 1 < len(stream) else None
            before = labels[position - 1] if position > 0 else None
            labels[position] = after if after is not None else before
