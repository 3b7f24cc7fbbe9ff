from __future__ import annotations

from pathlib import Path

import pytest

from newscaster.errors import OptionError
from newscaster.models import Part, Sentence, Voice
from newscaster.speed import (
    PaceBook,
    VoicePace,
    natural_duration_ms,
    parse_speed,
    speed_for_wpm,
    written_words,
)
from newscaster.synthesize import PARAGRAPH_PAUSE_MS

VOICE = Voice("hibari:heart", "hibari", "heart", "Heart", "en-US", "female", 24000, "Apache-2.0", 140.0)


@pytest.mark.parametrize(
    ("given", "speed"),
    [(None, 1.0), ("slow", 0.75), ("Average", 1.0), ("fast", 1.5), ("1.25x", 1.25), (2, 2.0)],
)
def test_parse_speed(given, speed) -> None:
    assert parse_speed(given) == speed


@pytest.mark.parametrize(
    ("given", "speed"),
    [(0.51, 0.5), ("0.524", 0.5), (0.526, 0.55), ("1.27x", 1.25), (1.999, 2.0), (1.3, 1.3), (0.7, 0.7)],
)
def test_speeds_are_kept_in_steps_of_five_hundredths(given, speed) -> None:
    """Each speed is a stored narration of its own: speeds a hair apart are one speed."""
    assert parse_speed(given) == speed


@pytest.mark.parametrize("given", ["0.4", "2.5", "warp", "-1"])
def test_bad_speed_is_an_option_error(given) -> None:
    with pytest.raises(OptionError):
        parse_speed(given)


def _sentences(*spoken: str) -> list[Sentence]:
    return [
        Sentence(i, Part.BODY, i, 0, len(text), text, text, ends_paragraph=True)
        for i, text in enumerate(spoken)
    ]


PACE = VoicePace(wpm=150.0, spoken_chars_per_s=15.0)


def test_natural_duration_counts_speech_and_pauses() -> None:
    sentences = _sentences("a" * 150, "b" * 30)
    # 10 s + 2 s of speech, one paragraph pause between them, none after the last
    assert natural_duration_ms(sentences, PACE) == 12_000 + PARAGRAPH_PAUSE_MS


def test_wpm_becomes_the_multiplier_that_fits_this_text() -> None:
    sentences = _sentences("word " * 30)  # 30 words, 150 characters
    # natural: 10 s for 30 words = 180 WPM; 360 WPM needs twice as fast
    assert speed_for_wpm(360, sentences, PACE) == pytest.approx(2.0)
    with pytest.raises(OptionError, match="out of range for this voice and text; choose 90 to 360"):
        speed_for_wpm(400, sentences, PACE)


def test_pace_is_measured_once_and_stored(tmp_path: Path) -> None:
    book = PaceBook(tmp_path / "pace.json")
    calls = []

    def measure(voice: Voice) -> VoicePace:
        calls.append(voice.id)
        return VoicePace(151.5, 14.0)

    assert book.natural_wpm(VOICE) == 140.0  # the engine's estimate until measured
    assert book.pace(VOICE, measure) == VoicePace(151.5, 14.0)
    assert PaceBook(tmp_path / "pace.json").pace(VOICE, measure).wpm == 151.5
    assert PaceBook(tmp_path / "pace.json").natural_wpm(VOICE) == 151.5
    assert calls == ["hibari:heart"]


def test_chinese_and_japanese_words_are_counted_by_characters() -> None:
    def sentence(text: str) -> Sentence:
        return Sentence(0, Part.BODY, 0, 0, len(text), text, text)

    # 17 characters, no spaces: 10 words at 1.7 characters a word, not one "word".
    assert written_words([sentence("两位领导人谈了九十分钟双方表示合作")]) == 10
    assert written_words([sentence("拜登 Joe Biden 说")]) == pytest.approx(2 + 3 / 1.7)
    assert written_words([sentence("Two plain English words.")]) == 4
