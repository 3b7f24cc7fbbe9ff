"""Units, numeric dates, German clock times and German ordinals, read in the article's language (espeak-ng
spells "km" and reads "18.10.2010" with its dots)."""

from __future__ import annotations

import pytest

from newscaster.text.language_numbers import number_reader
from newscaster.text.normalize_languages import language_normalizer


@pytest.mark.parametrize(
    ("language", "written", "spoken"),
    [
        (
            "de",
            "Am 18.10.2010 fuhr er 100 km/h.",
            "Am achtzehnten Oktober zweitausendzehn fuhr er einhundert Kilometer pro Stunde.",
        ),
        (
            "de",
            "Im 19. Jahrhundert stand hier die 3. Mühle.",
            "Im neunzehnten Jahrhundert stand hier die dritte Mühle.",
        ),
        (
            "de",
            "Um 18:30 Uhr waren es 25 °C.",
            "Um achtzehn Uhr dreißig waren es fünfundzwanzig Grad Celsius.",
        ),
        ("de", "Die Sitzung beginnt 9.00 Uhr.", "Die Sitzung beginnt neun Uhr."),
        (
            "de",
            "24. Juli 2013: Ab 1. August gilt es.",
            "vierundzwanzigster Juli zweitausenddreizehn: Ab ersten August gilt es.",
        ),
        (
            "es",
            "El 18/10/2010 recorrió 5 km.",
            "El dieciocho de octubre de dos mil diez recorrió cinco kilómetros.",
        ),
        ("it", "Un impianto da 3 MW su 50 m².", "Un impianto da tre megawatt su cinquanta metri quadrati."),
        ("fr", "Il pèse 80 kg et court 10 km.", "Il pèse quatre-vingts kilogrammes et court dix kilomètres."),
        ("nl", "Op 18-10-2010 reed hij 1 km.", "Op achttien oktober tweeduizendtien reed hij één kilometer."),
        ("pl", "Przejechał 5 km, potem 2 km.", "Przejechał pięć kilometrów, potem dwa kilometry."),
        (
            "de",
            "Es kostet 5,50 €, € 12 oder 1,00 €.",
            "Es kostet fünf Euro fünfzig, zwölf Euro oder ein Euro.",
        ),
        (
            "de",
            "Der Anruf kostet 0,14 €, das Projekt € 5 Mio.",
            "Der Anruf kostet vierzehn Cent, das Projekt fünf Millionen Euro.",
        ),
        (
            "es",
            "Cuesta 5,50 € y costó € 4 millones.",
            "Cuesta cinco euros con cincuenta y costó cuatro millones de euros.",
        ),
        ("it", "Costa 2,30 €.", "Costa due euro e trenta."),
        (
            "fr",
            "Il fait -5 °C, soit 18 % de moins.",
            "Il fait moins cinq degrés Celsius, soit dix-huit pour cent de moins.",
        ),
        (
            "de",
            "Kinder von 5-7 Jahren, Endstand 3-2.",
            "Kinder von fünf bis sieben Jahren, Endstand drei zu zwei.",
        ),
        ("fr", "Mᵐᵉ Durand, au XIXᵉ siècle.", "Mme Durand, au dix-neuvième siècle."),
        (
            "fr",
            "Louis XIV régnait au XVIIe siècle, après François Ier.",
            "Louis quatorze régnait au dix-septième siècle, après François premier.",
        ),
        (
            "de",
            "Papst Benedikt XVI. traf Friedrich II. in Rom.",
            "Papst Benedikt der Sechzehnte traf Friedrich der Zweite in Rom.",
        ),
        ("es", "Felipe VI y Alfonso XIII.", "Felipe sexto y Alfonso trece."),
        ("it", "Carlo III e Giovanni XXIII.", "Carlo terzo e Giovanni ventitreesimo."),
        (
            "es",
            "Abre a las 13.30, cierra a las 18:00 horas y a la 1:30.",
            "Abre a las trece y treinta, cierra a las dieciocho horas y a la una y treinta.",
        ),
        ("es", "Desde las 9.15 h hasta las 21 h.", "Desde las nueve y quince hasta las veintiuna horas."),
        ("es", "Desde las 7:00 am.", "Desde las siete am."),
        ("pt", "Às 13h30 e das 9h às 1h.", "Às treze horas e trinta e das nove horas às uma hora."),
        ("it", "Alle 13.30 e dalle 9.00.", "Alle tredici e trenta e dalle nove."),
        (
            "fr",
            "À 18h30, puis 9 h 05 et 1h30.",
            "À dix-huit heures trente, puis neuf heures cinq et une heure trente.",
        ),
        (
            "es",
            "La II Guerra Mundial, el III Congreso y el IV Pleno.",
            "La segunda Guerra Mundial, el tercer Congreso y el cuarto Pleno.",
        ),
        ("pt", "A II Guerra Mundial e o I Congresso.", "A segunda Guerra Mundial e o primeiro Congresso."),
        # a Roman numeral after a word: a cardinal (espeak-ng: "Teil römisch zwei", "chapitre deux romain")
        (
            "de",
            "Teil II, das SGB V, die Hartz-IV-Reform und die Stufen I und II.",
            "Teil zwei, das SGB fünf, die Hartz-vier-Reform und die Stufen eins und zwei.",
        ),
        ("de", "Das war Karl IV.", "Das war Karl vier."),  # at the end the dot is only the full stop
        (
            "de",
            "Der II. Weltkrieg, nach dem II. Weltkrieg, im XX. Jahrhundert.",
            "Der zweite Weltkrieg, nach dem zweiten Weltkrieg, im zwanzigsten Jahrhundert.",
        ),
        ("fr", "Le chapitre II et les tomes III et IV.", "Le chapitre deux et les tomes trois et quatre."),
        # a day and month without the year (espeak-ng: "ab vier Punkt elfte")
        (
            "de",
            "Ab 27.01. läuft es, am 4.11. endet es. Ende: 30.11.",
            "Ab siebenundzwanzigsten Januar läuft es, am vierten November endet es. "
            "Ende: dreißigster November.",
        ),
        # Swiss thousands (espeak-ng: "achtzig null null null")
        (
            "de",
            "Rund 740'000 Personen und 80’000 Franken.",
            "Rund siebenhundertvierzigtausend Personen und achtzigtausend Franken.",
        ),
        ("fr", "Il coûte 80'000 francs.", "Il coûte quatre-vingt mille francs."),
    ],
)
def test_read_in_the_language(language: str, written: str, spoken: str) -> None:
    assert language_normalizer(language).normalize(written) == spoken


@pytest.mark.parametrize(
    ("language", "written"),
    [
        ("de", "1. Dies ist der erste Punkt."),  # a list marker, not an ordinal
        ("de", "Er lief 3:41 Minuten, es stand 15:6."),  # a duration and a score, not clock times
        ("de", "Es kostet 18.30 Euro."),  # "18.30" is a time only before "Uhr"
        ("es", "Corrió 3:41 minutos, ganó 15:6 y cuesta 13.30 euros."),  # no clock word before them
        ("es", "En el siglo XXI, el capítulo IV y el XV Congreso."),  # cardinals, which espeak-ng says
        ("de", "Der 31.02.2020 ist kein Tag."),  # no such date
        ("it", "Nel 2010 ha vinto."),  # "ha" is a verb
        ("fr", "Les 5 l'ont vu."),  # an elided article, no litre
        ("fr", "Le texte et Les Echos."),  # "Le" is no Roman fifty
        ("de", "Wilfried L. wurde genannt."),  # a surname's initial
        ("de", "Die IV zahlt, X meldet, und How I Met Your Mother lief."),  # a noun, the platform, English
        ("de", "Windows 8 oder 8.1. und 2.3. sind da, am 31.2. nicht."),  # versions, no such day
        ("fr", "Contre X et la lettre I, puis les CV."),  # one letter only after a numbered noun
        ("es", "Tomó vitamina C y vio la Generación X."),
        ("de", "Es kostet €27.90 inklusive."),  # a decimal point: not a German amount of cents
        ("de", "Covid-19 und Tel. 030-1234 am 2003-03-02."),  # names, phone numbers, ISO dates: no range
    ],
)
def test_left_as_written(language: str, written: str) -> None:
    assert number_reader(language).read(written) == written


def test_a_language_babel_does_not_know_keeps_its_units_as_written() -> None:
    assert number_reader("zz").read("Er fuhr 5 km.") == "Er fuhr 5 km."
