"""Fractions read as the language says them (espeak-ng: "uno barra tres", "un deux litre", "zwei drei")."""

from __future__ import annotations

import pytest

from newscaster.text.language_fractions import read_fractions
from newscaster.text.normalize_languages import language_normalizer


@pytest.mark.parametrize(
    ("language", "written", "spoken"),
    [
        ("de", "1/2 Liter Milch und 1/2 TL Salz.", "ein halber Liter Milch und einhalb TL Salz."),
        (
            "de",
            "2/3 der Stimmen, 1/8 Liter, ¼ Stunde.",
            "zwei Drittel der Stimmen, ein Achtel Liter, ein Viertel Stunde.",
        ),
        (
            "de",
            "1 1/2 Tassen, 2½ Stunden, 1/100 Sekunde.",
            "eineinhalb Tassen, zweieinhalb Stunden, ein Hundertstel Sekunde.",
        ),
        (
            "es",
            "1/3 de los votos, 3/4 de taza, 1/2 taza.",
            "un tercio de los votos, tres cuartos de taza, media taza.",
        ),
        ("es", "½ kilo y 1/12 parte.", "medio kilo y un doceavo parte."),
        ("fr", "1/2 litre, 1/2 tasse, 2/3 des voix.", "un demi litre, une demi tasse, deux tiers des voix."),
        ("it", "1/2 litro, 1/2 tazza, 2/3 dei voti.", "mezzo litro, mezza tazza, due terzi dei voti."),
        ("pt", "1/2 xícara, 2/3 dos votos, 1/12.", "meia xícara, dois terços dos votos, um doze avos."),
    ],
)
def test_fractions_are_read_in_the_language(language: str, written: str, spoken: str) -> None:
    assert language_normalizer(language).normalize(written) == spoken


@pytest.mark.parametrize(
    ("language", "written"),
    [
        ("de", "Rund um die Uhr 24/7, Urteil KZR 1/79, Heft 69/9."),  # no proper fraction
        ("de", "Er schoss im Sprint 9/10, das Spiel hatte 7/9."),  # tallies and scores
        ("fr", "15/20 lignes et 23/43 membres."),
        ("es", "Somos mamá 24/7 y el Decreto 34/11."),
    ],
)
def test_slashes_that_are_no_fractions_stay(language: str, written: str) -> None:
    assert read_fractions(written, language) == written


def test_a_language_without_fraction_words_keeps_them() -> None:
    assert read_fractions("1/2", "nl") == "1/2"
