"""The word before a writer's name: stripped by extraction, recognized by the narrator, in many languages."""

from __future__ import annotations

import pytest

from newscaster.extract.bylines import clean_byline
from newscaster.text.byline_words import BY_PREFIX, says_who_wrote


@pytest.mark.parametrize(
    ("byline", "names"),
    [
        ("By Jane Doe, Staff reporter", "Jane Doe"),
        ("Posted by Jane Doe", "Jane Doe"),
        ("Author: Jane Doe", "Jane Doe"),
        ("Von Anna Keller", "Anna Keller"),
        ("Autorin: Anna Keller", "Anna Keller"),
        ("przez Jana Nowaka", "Jana Nowaka"),
        ("作者：张三", "张三"),
        ("Автор: Иван Петров", "Иван Петров"),
        ("Per Olsson", "Per Olsson"),  # a first name, not Catalan "per"
        ("Bybee Jones", "Bybee Jones"),
    ],
)
def test_extraction_keeps_the_names_only(byline: str, names: str) -> None:
    assert clean_byline(byline) == names


@pytest.mark.parametrize("text", ["Bypass", "Vonnegut", "Paris", "作者张三"])
def test_a_word_that_only_starts_like_one_is_no_prefix(text: str) -> None:
    assert BY_PREFIX.match(text) is None


@pytest.mark.parametrize(
    ("byline", "says"),
    [("By Jane Doe", True), ("Autor: Jan Nowak", True), ("作者：张三", True),
     ("Jane Doe", False), ("Bybee Jones", False), ("Diana Ross", False), ("张三", False)],
)  # fmt: skip
def test_the_narrator_adds_no_second_by(byline: str, says: bool) -> None:
    assert says_who_wrote(byline) is says
