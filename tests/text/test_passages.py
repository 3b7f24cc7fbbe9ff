"""Passages in another script: which sentences the article's own voice cannot read, and their language."""

from __future__ import annotations

from pathlib import Path

import pytest

from newscaster.models import Article
from newscaster.text.passages import main_script, passage_language, passage_reader, script_of

GREEK = "Αγαπητέ λαέ της Ευρώπης, σε Ελλάδα, Ισπανία, Ιταλία ή οπουδήποτε αλλού!"
JAPANESE = "みんなに知っておいて欲しいんだけど、目の前で痴漢してるやつを見つけることがあるんですよ。"
RUSSIAN = "Мы будем бороться до самого конца, сказал он журналистам."


@pytest.mark.parametrize(
    ("character", "script"),
    [("a", "LATIN"), ("é", "LATIN"), ("Ａ", "LATIN"), ("λ", "GREEK"), ("ж", "CYRILLIC"), ("東", "CJK"),
     ("の", "CJK"), ("カ", "CJK"), ("ｶ", "CJK"), ("한", "HANGUL"), ("ع", "ARABIC"), ("7", None), (",", None)],
)  # fmt: skip
def test_letters_are_named_by_their_script(character: str, script: str | None) -> None:
    assert script_of(character) == script


def test_the_articles_script_is_the_one_most_of_its_letters_use() -> None:
    assert main_script(["Ein Brief an die Menschen in Griechenland, übersetzt.", GREEK[:20]]) == "LATIN"
    assert main_script([JAPANESE, "NHK"]) == "CJK"
    assert main_script(["", "2024"]) is None


@pytest.mark.parametrize(
    ("text", "article_language", "language"),
    [
        (GREEK, "de", "el"),
        (JAPANESE, "en", "ja"),
        (RUSSIAN, "en", "ru"),
        ("我还有话想对你说", "en", "zh-Hans"),
    ],
)
def test_a_sentence_in_another_script_is_a_passage_in_its_own_language(
    text: str, article_language: str, language: str
) -> None:
    assert passage_language(text, "LATIN", article_language) == language


@pytest.mark.parametrize(
    "text",
    [
        "The Tokyo Metropolitan Government Building (東京都庁) opened in 1991, officials said.",
        "Die Stadt heißt auf Griechisch Αθήνα.",  # a word, not a passage
        "The council met on Monday and agreed the budget.",
        "ჱڿڰ—♥—ڿჱ",  # an ornament: too few letters
    ],
)
def test_names_and_words_in_another_script_stay_with_the_article(text: str) -> None:
    assert passage_language(text, "LATIN", "en") is None


def test_a_short_latin_title_in_a_chinese_article_is_not_guessed() -> None:
    """Dozens of languages write Latin letters; a song title is too short to tell which."""
    assert passage_language("Moments of Magic 1999", "CJK", "zh-Hans") is None


def test_a_passage_in_the_articles_own_language_is_not_one() -> None:
    """A Russian article with a page tagged Russian: its Cyrillic sentences are its own."""
    assert passage_language(RUSSIAN, "LATIN", "ru") is None


def test_the_reader_gives_each_passage_its_languages_normalizer(tmp_path: Path) -> None:
    article = Article(
        title="What the two leaders said in Samarkand",
        paragraphs=("The two leaders met on Thursday, officials in Beijing said.", "两位领导人谈了90分钟。"),
        language="en",
    )
    read = passage_reader(article, tmp_path)
    assert read("They talked for 90 minutes.") is None
    reading = read("两位领导人谈了90分钟。")
    assert reading is not None and reading.language == "zh-Hans"
    assert reading.normalizer.normalize("两位领导人谈了90分钟。") == "两位领导人谈了九十分钟。"
    assert read("他们讨论了合作和贸易的问题。") is reading  # made once per language
