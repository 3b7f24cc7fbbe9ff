"""A number agrees with the noun it counts: gender in German, Spanish, Portuguese, Italian and French, and
case in German (num2words writes "eins Stunde", "doscientos personas", "dois pessoas")."""

from __future__ import annotations

import pytest

from newscaster.text.normalize_languages import language_normalizer
from newscaster.text.number_agreement import agreeing


@pytest.mark.parametrize(
    ("language", "written", "spoken"),
    [
        ("de", "Es dauerte 1 Stunde und 1 Jahr.", "Es dauerte eine Stunde und ein Jahr."),
        ("de", "Vor 1 Woche kam 1 Mann mit 1 Kind.", "Vor einer Woche kam ein Mann mit einem Kind."),
        ("de", "Mit 1 Million Euro für 1 Monat.", "Mit einer Million Euro für einen Monat."),
        ("de", "Innerhalb 1 Woche, um 1 Uhr.", "Innerhalb einer Woche, um ein Uhr."),
        ("de", "Er lief 1 km mit 1 weiteren Person.", "Er lief ein Kilometer mit einer weiteren Person."),
        (
            "de",
            "Man nehme 1 Prise Salz und 1 Päckchen Vanillezucker.",
            "Man nehme eine Prise Salz und ein Päckchen Vanillezucker.",
        ),  # noqa: E501
        ("de", "Es gibt 1 Vollversion.", "Es gibt eine Vollversion."),
        ("de", "Das dauert 1 bis 2 Stunden.", "Das dauert ein bis zwei Stunden."),
        ("es", "Tardó 1 hora y recorrió 1 km.", "Tardó una hora y recorrió un kilómetro."),
        ("es", "Hay 21 años y 31 páginas.", "Hay veintiún años y treinta y una páginas."),
        (
            "es",
            "Llegaron 200 personas y 1.500 heridas.",
            "Llegaron doscientas personas y mil quinientas heridas.",
        ),
        ("es", "Eran 221.000 personas.", "Eran doscientas veintiún mil personas."),
        ("es", "Son 6.500.000 personas.", "Son seis millones quinientas mil personas."),
        ("pt", "Chegaram 2 pessoas em 1 hora.", "Chegaram duas pessoas em uma hora."),
        ("pt", "Foram 200 pessoas e 22 crianças.", "Foram duzentas pessoas e vinte e duas crianças."),
        ("pt", "Foram 2.000 pessoas.", "Foram duas mil pessoas."),
        ("it", "C'erano 1 donna, 1 uomo e 1 studente.", "C'erano una donna, un uomo e uno studente."),
        ("fr", "Il a fallu 1 heure pour 21 personnes.", "Il a fallu une heure pour vingt et une personnes."),
    ],
)
def test_a_number_agrees_with_the_noun_it_counts(language: str, written: str, spoken: str) -> None:
    assert language_normalizer(language).normalize(written) == spoken


@pytest.mark.parametrize(
    ("language", "written", "spoken"),
    [
        ("de", "Platz 1 Juventus.", "Platz eins Juventus."),  # a label's number
        ("de", "Nach § 1 BGB.", "Nach § eins BGB."),
        ("de", "Man nehme 1 TL Zucker.", "Man nehme eins TL Zucker."),  # an abbreviation: its gender unknown
        ("de", "Artikel 1 und 2 gelten.", "Artikel eins und zwei gelten."),
        ("de", "Die Beklagte zu 1 eine Kontrolle.", "Die Beklagte zu eins eine Kontrolle."),
        ("de", "Kommentar #1 Regenbogen.", "Kommentar #eins Regenbogen."),
        ("de", "Sie hat 1 bekommen.", "Sie hat eins bekommen."),
        ("es", "En 2021 hubo uno de cada 1 de ellos.", "En dos mil veintiuno hubo uno de cada uno de ellos."),
        ("es", "Ganó 3 a 1 Pérez.", "Ganó tres a uno Pérez."),  # a score before a name
        ("es", "Ganó 2 a 1 el domingo.", "Ganó dos a uno el domingo."),
        ("pt", "Em 2022 foram.", "Em dois mil e vinte e dois foram."),
        ("it", "Vinse 1 a 0.", "Vinse uno a zero."),
        ("fr", "En 2021 personne ne savait.", "En deux mille vingt et un personne ne savait."),
    ],
)
def test_a_number_that_counts_nothing_after_it_stays_as_counted_alone(
    language: str, written: str, spoken: str
) -> None:
    assert language_normalizer(language).normalize(written) == spoken


def test_spanish_says_veintiun_before_thousands_and_millions_whatever_follows() -> None:
    assert agreeing("veintiuno mil", 21_000, "es", "", ".") == "veintiún mil"
    assert agreeing("treinta y uno millones", 31_000_000, "es", "", ".") == "treinta y un millones"


def test_languages_without_agreement_rules_keep_the_words() -> None:
    assert agreeing("één", 1, "nl", "", " uur") == "één"
