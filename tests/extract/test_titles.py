"""A headline for pasted text without one: its first sentence, trimmed, and not read twice."""

from __future__ import annotations

import pytest

from newscaster.config import Settings
from newscaster.extract.titles import TITLE_MAX_CHARS, headline, spoken_title, title_from_text, with_title
from newscaster.models import Article, Source
from newscaster.pipeline import read_article


def test_a_short_first_sentence_is_the_headline_without_its_full_stop() -> None:
    body = ("The ferry sailed again on Monday. Passengers were pleased.", "Second paragraph.")
    assert title_from_text(body) == "The ferry sailed again on Monday"
    assert with_title(Article("", body)).title == "The ferry sailed again on Monday"
    assert with_title(Article("Given", body)).title == "Given"
    assert headline("Is the strike over?") == "Is the strike over?"


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "The island council, which met for six hours on Tuesday evening at the harbour office, approved "
            "the long-delayed ferry budget for next year.",
            "The island council, which met for six hours on Tuesday evening at the harbour office…",
        ),
        (
            "Officials in the northern province said on Tuesday that they had approved the long delayed "
            "construction of a new bridge across the river",
            "Officials in the northern province said on Tuesday that they had approved the long…",
        ),
        ("https://example.com/" + "x" * 200, "https://example.com/" + "x" * 69 + "…"),
    ],
)
def test_a_long_first_sentence_is_cut_at_a_clause_or_a_word(sentence: str, expected: str) -> None:
    assert headline(sentence) == expected and len(expected) <= TITLE_MAX_CHARS


def test_a_title_the_body_opens_with_is_not_read_twice() -> None:
    body = ("The ferry sailed again on Monday. Passengers were pleased.",)
    assert spoken_title(with_title(Article("", body))).title == ""
    long_body = (
        "The island council, which met for six hours on Tuesday evening at the harbour office, approved "
        "the long-delayed ferry budget.",
    )
    assert spoken_title(with_title(Article("", long_body))).title == ""
    repeated = Article("Ferry returns", ("Ferry returns. The ferry sailed again on Monday.",))
    assert spoken_title(repeated).title == ""
    # a headline that merely begins like the body is a headline
    assert spoken_title(Article("Ferry", ("Ferry services resumed on Monday.",))).title == "Ferry"
    assert spoken_title(Article("Ferry returns", ("The ferry returns.",))).title == "Ferry returns"


def test_pasted_chinese_text_is_titled_by_its_first_sentence(settings: Settings) -> None:
    """The title is made once the language is known: Chinese sentences end at 。, not at a Latin stop."""
    text = "渡轮周一恢复航行。乘客们对两艘新船感到满意，港口官员表示航班将逐步增加。"
    article = read_article(Source(text, is_html=False, name="pasted text"), settings)
    assert article.language == "zh-Hans"
    assert article.title == "渡轮周一恢复航行"
    assert spoken_title(article).title == ""  # it is the body's first sentence: heard once
    asked = Article("渡轮会恢复吗？", ("渡轮会恢复吗？乘客们在等待。",), language="zh-Hans")
    assert spoken_title(asked).title == ""
