"""Timed phonemes → written words, on streams built by hand (what Piper reports, 10 samples a phoneme)."""

from __future__ import annotations

from newscaster.voices.phoneme_alignment import TimedPhoneme, word_spans

SAMPLES_PER_PHONEME = 10


def _stream(phonemes: str) -> list[TimedPhoneme]:
    """A stream as Piper gives it: sentence start and end markers around the phonemes, one unit each."""
    units = ["^", *phonemes, "$"]
    return [
        TimedPhoneme(unit, n * SAMPLES_PER_PHONEME, (n + 1) * SAMPLES_PER_PHONEME)
        for n, unit in enumerate(units)
    ]


def _words(*phonemes: str) -> list[list[str]]:
    return [list(word) for word in phonemes]


def _span_of(stream: list[TimedPhoneme], first: int, last: int) -> tuple[int, int]:
    return stream[first].start_sample, stream[last].end_sample


def test_words_the_phonemizer_merged_get_their_own_phonemes() -> None:
    # "This does not mean": Piper reads "does not" as one phoneme word without the stress of "does"
    stream = _stream("ðɪs dʌznˌɑːt mˈiːn.")
    spans = word_spans(_words("ðˈɪs", "dˈʌz", "nˈɑːt", "mˈiːn."), stream)
    positions = [timed.phoneme for timed in stream]
    does, merged_end = positions.index("d"), positions.index("t")
    assert spans == [
        _span_of(stream, 1, 3),  # ð ɪ s
        _span_of(stream, does, does + 2),  # d ʌ z
        _span_of(stream, does + 3, merged_end),  # n ˌ ɑ ː t: the stress mark goes with its vowel
        _span_of(stream, merged_end + 2, len(stream) - 3),  # m ˈ i ː n, without the full stop
    ]


def test_a_word_said_differently_in_context_keeps_its_place() -> None:
    # "should have" → ʃˌʊdəv: of "have" (hˈæv) only the v is left, and the ə stands for its h and æ
    stream = _stream("ʃˌʊdəv pˈaʊɚ")
    spans = word_spans(_words("ʃˈʊd", "hˈæv", "pˈaʊɚ"), stream)
    assert spans is not None
    should, have, power = spans
    assert should == _span_of(stream, 1, 4)  # ʃ ˌ ʊ d
    assert have == _span_of(stream, 5, 6)  # ə v
    assert power[0] == have[1] + SAMPLES_PER_PHONEME  # after the word gap


def test_a_word_read_as_two_phoneme_words_spans_both() -> None:
    # "U.S." alone is read jˌuː ˈɛs: one written word, two phoneme words
    stream = _stream("ðə jˌuː ˈɛs ɑːmi")
    spans = word_spans([list("ðə"), [*"jˌuː", " ", *"ˈɛs"], list("ˈɑːɹmi")], stream)
    assert spans is not None
    assert spans[1] == _span_of(stream, 4, 11)  # from j to s, the gap between them included
    assert spans[0][1] <= spans[1][0] <= spans[1][1] <= spans[2][0]


def test_a_word_without_speech_gets_an_empty_span_in_place() -> None:
    stream = _stream("tˈuː, ðˈɛn θɹˈiː")
    spans = word_spans(_words("tˈuː,", "—", "ðˈɛn", "θɹˈiː"), stream)
    assert spans is not None
    assert spans[1] == (spans[0][1], spans[0][1])
    assert spans[2][0] > spans[1][1]


def test_spans_are_in_word_order_and_inside_the_stream() -> None:
    stream = _stream("ðə ðə ðə kˈæt")  # the same phoneme word again and again
    spans = word_spans(_words("ðə", "ðə", "ðə", "kˈæt"), stream)
    assert spans is not None
    flat = [sample for span in spans for sample in span]
    assert flat == sorted(flat)
    assert flat[0] >= 0 and flat[-1] <= stream[-1].end_sample


def test_another_reading_is_not_aligned() -> None:
    # the engine said something else (or the words are not what it read): no guessed word times
    assert word_spans(_words("ɡʊd", "mˈɔːɹnɪŋ"), _stream("hɛlˈoʊ ðˈɛɹ")) is None


def test_a_word_given_no_phoneme_is_not_aligned() -> None:
    assert word_spans(_words("wˈʌn", "tˈuː", "θɹˈiː"), _stream("wˈʌn θɹˈiː")) is None
