"""A noun's gender: German from Wiktionary's lexicon (a compound from its last part), Romance from endings."""

from __future__ import annotations

import pytest

from newscaster.text.noun_gender import german_genders, romance_gender


@pytest.mark.parametrize(
    ("noun", "genders"),
    [
        ("Stunde", "f"),
        ("Jahr", "n"),
        ("Teelöffel", "m"),
        ("Kilometer", "mn"),  # "der Kilometer", also "das"
        ("Projektfahrplan", "m"),  # a compound missing from the lexicon: its last part
        ("Vollversion", "f"),
    ],
)
def test_german_nouns_have_their_lexicon_genders(noun: str, genders: str) -> None:
    assert german_genders(noun) == genders


@pytest.mark.parametrize("word", ["Insgesamt", "Dazu", "Juventus", "Xqzt"])
def test_german_words_that_are_no_common_nouns_have_no_gender(word: str) -> None:
    assert german_genders(word) is None


@pytest.mark.parametrize(
    ("language", "word", "gender"),
    [
        ("es", "horas", "f"),
        ("es", "días", "m"),  # an "-a" noun that is masculine
        ("es", "mujer", "f"),  # a feminine noun without a feminine ending
        ("es", "elecciones", "f"),
        ("es", "kilómetros", "m"),
        ("pt", "viagens", "f"),
        ("pt", "problemas", "m"),
        ("it", "stazione", "f"),
        ("it", "mano", "f"),
        ("fr", "semaines", "f"),
        ("fr", "musée", "m"),
        ("fr", "heure", "f"),
    ],
)
def test_romance_nouns_have_the_gender_of_their_ending(language: str, word: str, gender: str) -> None:
    assert romance_gender(word, language) == gender


@pytest.mark.parametrize(("language", "word"), [("es", "para"), ("es", "de"), ("pt", "das"), ("fr", "sur")])
def test_romance_words_that_count_nothing_have_no_gender(language: str, word: str) -> None:
    assert romance_gender(word, language) is None
