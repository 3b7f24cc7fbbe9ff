"""Silent reading time for the "N minute read" label."""

from __future__ import annotations

import pytest

from newscaster.text.reading_time import format_minutes, reading_minutes


@pytest.mark.parametrize(
    ("words", "wpm", "minutes"),
    [
        (0, 238, 0),
        (1, 238, 1),
        (100, 238, 1),
        (238, 238, 1),
        (356, 238, 1),  # 1.496 → 1
        (357, 238, 2),  # 1.5 → 2, half rounds up
        (1000, 238, 4),  # 4.2
        (1000, 200, 5),
        (566, 238, 2),
    ],
)
def test_reading_minutes(words: int, wpm: int, minutes: int) -> None:
    assert reading_minutes(words, wpm) == minutes


def test_default_rate_is_silent_reading_238_wpm() -> None:
    assert reading_minutes(952) == 4


def test_invalid_rate_is_refused() -> None:
    with pytest.raises(ValueError):
        reading_minutes(100, 0)


@pytest.mark.parametrize(("minutes", "label"), [(1, "1 minute"), (4, "4 minutes"), (0, "0 minutes")])
def test_format_minutes(minutes: int, label: str) -> None:
    assert format_minutes(minutes) == label


def test_chinese_and_japanese_reading_time_counts_characters() -> None:
    from newscaster.models import Article
    from newscaster.text.reading_time import article_reading_minutes

    chinese = Article(title="", paragraphs=("中" * 1020,), language="zh-Hant")
    assert article_reading_minutes(chinese) == 4  # 1020 characters at 255 per minute
    japanese = Article(title="", paragraphs=("日本" * 535,), language="ja")
    assert article_reading_minutes(japanese) == 3  # 1070 characters at 357 per minute
    english = Article(title="", paragraphs=(" ".join(["word"] * 952),), language="en")
    assert article_reading_minutes(english) == 4
