"""Amounts of money read as a newsreader says them (espeak-ng: "Euro fünf", "real doze vírgula zero")."""

from __future__ import annotations

import pytest

from newscaster.text.language_money import currency_name, read_money
from newscaster.text.normalize_languages import language_normalizer


@pytest.mark.parametrize(
    ("language", "written", "spoken"),
    [
        (
            "de",
            "Es kostet 5,50 €, € 12 oder 1,00 €.",
            "Es kostet fünf Euro fünfzig, zwölf Euro oder ein Euro.",
        ),
        (
            "de",
            "Preis: US$ 20, US $ 100,00 / Woche.",
            "Preis: zwanzig US-Dollar, einhundert US-Dollar / Woche.",
        ),
        ("de", "£ 200 und 30 CHF, CHF 1,50.", "zweihundert Pfund und dreißig Franken, ein Franken fünfzig."),
        ("de", "Von 5 $ bis 50 $.", "Von fünf Dollar bis fünfzig Dollar."),  # any dollar, not only the US one
        ("es", "Firmó por US$ 5 millones y 1 £.", "Firmó por cinco millones de dólares y una libra."),
        ("pt", "Pediam R$ 50 mil e R$ 12,05.", "Pediam cinquenta mil reais e doze reais e cinco."),
        ("pt", "R$ 1 e R$ 0,20.", "um real e vinte centavos."),
        ("it", "Costa 2,30 € e $ 5.", "Costa due euro e trenta e cinque dollari."),
    ],
)
def test_amounts_are_read_in_the_language(language: str, written: str, spoken: str) -> None:
    assert language_normalizer(language).normalize(written) == spoken


@pytest.mark.parametrize(
    ("language", "written"),
    [
        ("es", "Costó $7 millones."),  # a peso as often as a dollar
        ("pt", "Custou $ 10."),
        ("de", "Investiert: $500M."),  # a count word glued to the amount
        ("de", "filename=$1"),
    ],
)
def test_amounts_that_are_not_sure_stay(language: str, written: str) -> None:
    assert read_money(written, language) == written


def test_currency_names_drop_the_country() -> None:
    assert currency_name("USD", 5, "es") == "dólares"
    assert currency_name("GBP", 5, "de") == "Pfund"
    assert currency_name("BRL", 2, "pt") == "reais"
