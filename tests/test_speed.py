from __future__ import annotations

from pathlib import Path

import pytest

from newscaster.errors import OptionError
from newscaster.models import Voice
from newscaster.speed import PaceBook, parse_speed, speed_for_wpm

VOICE = Voice("hibari:heart", "hibari", "heart", "Heart", "en-US", "female", 24000, "Apache-2.0", 140.0)


@pytest.mark.parametrize(
    ("given", "speed"),
    [(None, 1.0), ("slow", 0.75), ("Average", 1.0), ("fast", 1.5), ("1.25x", 1.25), (2, 2.0)],
)
def test_parse_speed(given, speed) -> None:
    assert parse_speed(given) == speed


@pytest.mark.parametrize("given", ["0.4", "2.5", "warp", "-1"])
def test_bad_speed_is_an_option_error(given) -> None:
    with pytest.raises(OptionError):
        parse_speed(given)


def test_wpm_becomes_a_multiplier_of_the_measured_pace() -> None:
    assert speed_for_wpm(250, 125) == 2.0
    with pytest.raises(OptionError, match="out of range for this voice; choose 62 to 250"):
        speed_for_wpm(400, 125)


def test_pace_is_measured_once_and_stored(tmp_path: Path) -> None:
    book = PaceBook(tmp_path / "pace.json")
    calls = []

    def measure(voice: Voice) -> float:
        calls.append(voice.id)
        return 151.5

    assert book.natural_wpm(VOICE) == 140.0  # the estimate until measured
    assert book.natural_wpm(VOICE, measure) == 151.5
    assert PaceBook(tmp_path / "pace.json").natural_wpm(VOICE, measure) == 151.5
    assert calls == ["hibari:heart"]
