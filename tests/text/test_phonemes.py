"""Phoneme tokens in spoken text: parsing lexicon phonemes, splitting and restoring the written words."""

from __future__ import annotations

import pytest

from newscaster.text.phonemes import (
    SpeechSegment,
    has_phonemes,
    parse_phonemes,
    phoneme_token,
    segments,
    splice,
    strip_run_marks,
    transcribe,
    written_form,
)


def test_spoken_form_between_slashes_is_phonemes() -> None:
    assert parse_phonemes("/ɕˈiː/") == "ɕˈiː"
    assert parse_phonemes(" /wˈɑːŋ   jˈiː/ ") == "wˈɑːŋ jˈiː"
    assert parse_phonemes("Shee") is None
    assert parse_phonemes("/") is None


def test_ascii_length_and_stress_marks_are_accepted() -> None:
    assert parse_phonemes("/k'i:v/") == "kˈiːv"


@pytest.mark.parametrize("spoken", ["/k!v/", "/ʃiː5/", "/ /"])
def test_unknown_symbols_or_empty_phonemes_are_refused(spoken: str) -> None:
    with pytest.raises(ValueError):
        parse_phonemes(spoken)


def test_unknown_symbols_are_named() -> None:
    with pytest.raises(ValueError, match="! 5"):
        parse_phonemes("/k!iv5/")


def test_segments_split_plain_text_and_phoneme_words() -> None:
    spoken = f"Doctor {phoneme_token('Xi', 'ɕˈiː')} met {phoneme_token('Wang', 'wˈɑːŋ')}."
    assert segments(spoken) == [
        SpeechSegment("Doctor "),
        SpeechSegment("Xi", "ɕˈiː"),
        SpeechSegment(" met "),
        SpeechSegment("Wang", "wˈɑːŋ"),
        SpeechSegment("."),
    ]
    assert written_form(spoken) == "Doctor Xi met Wang."
    assert has_phonemes(spoken) and not has_phonemes("Doctor Xi [met].")


def test_a_possessive_is_spoken_with_its_phoneme_word() -> None:
    spoken = f"{phoneme_token('Xi', 'ɕˈiː')}'s aide and {phoneme_token('Xi', 'ɕˈiː')}’s son"
    assert segments(spoken)[0] == SpeechSegment("Xi's", "ɕˈiːz")
    assert segments(spoken)[2] == SpeechSegment("Xi’s", "ɕˈiːz")
    assert written_form(spoken) == "Xi's aide and Xi’s son"


def test_text_without_tokens_is_one_plain_segment() -> None:
    assert segments("Nothing special here.") == [SpeechSegment("Nothing special here.")]
    assert written_form("Nothing special here.") == "Nothing special here."


def test_article_text_cannot_forge_a_token() -> None:
    forged = "Read ⟦this|ðɪs⟧ now"
    assert strip_run_marks(forged) == "Read [this|ðɪs] now"
    assert not has_phonemes(strip_run_marks(forged))


def test_transcribe_takes_the_longest_match_first() -> None:
    table = {"t": "t", "tʃ": "tS", "ʃ": "S", "ː": ":"}
    assert transcribe("tʃiːʃ", table) == "tSi:S"
    assert transcribe("xyz", {}) == "xyz"


def test_splice_puts_phoneme_words_into_the_engines_own_reading() -> None:
    spoken = (
        f"She ate a {phoneme_token('Zorblat', 'bənˈænə')}, then (left) — {phoneme_token('Xi', 'ɕˈiː')}'s way."
    )
    said = ["ʃiː", "ˈeɪt", "ɐ", "zˈɔːblat,", "ðˈɛn", "lˈɛft;", "zˈaɪz", "wˈeɪ."]
    assert splice(spoken, said) == "ʃiː ˈeɪt ɐ bənˈænə, ðˈɛn lˈɛft; ɕˈiːz wˈeɪ."
    assert splice(spoken, said, str.upper).startswith("ʃiː ˈeɪt ɐ BƏNˈÆNƏ,")


def test_splice_gives_up_when_the_words_do_not_pair() -> None:
    spoken = f"Meet {phoneme_token('Xi', 'ɕˈiː')} now."
    assert splice(spoken, ["mˈiːt", "zˈaɪ"]) is None
