"""Numbers in the article's own language: never English number words outside English."""

from __future__ import annotations

import re

import pytest

from newscaster.text.normalize import normalizer_for

ENGLISH_NUMBER_WORDS = re.compile(
    r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten|twenty|thirty|ninety|hundred|thousand|million|"
    r"percent)\b",
    re.IGNORECASE,
)


@pytest.mark.parametrize(
    ("language", "written", "spoken"),
    [
        (
            "fr",
            "Ils ont parlé pendant 90 minutes le 15 septembre 2022.",
            "Ils ont parlé pendant quatre-vingt-dix minutes le quinze septembre deux mille vingt-deux.",
        ),
        # French typography groups thousands with (narrow) no-break spaces, which espeak-ng reads digit by
        # digit; decimals, times and percent signs stay for the engine, which reads them in French.
        (
            "fr",
            "2\u202f000 personnes, 0,75 point, 4 %, à 15:30.",
            "deux mille personnes, zéro virgule soixante-quinze point, quatre pour cent, à 15:30.",
        ),
        (
            "de",
            "Am 15. September trafen sich 2.000 Menschen, 1990 nicht.",
            "Am fünfzehnten September trafen sich zweitausend Menschen, neunzehnhundertneunzig nicht.",
        ),
        ("es", "Más de 2.000 personas, un 4 %.", "Más de dos mil personas, un cuatro por ciento."),
        (
            "zh-Hans",
            "2022年9月15日，他们谈了90分钟，增长3.5%，约1,234,567人，下午3:30开始。",
            "二零二二年九月十五日，他们谈了九十分钟，增长百分之三点五，约一百二十三万四千五百六十七人，下午三点三十分开始。",
        ),
        ("yue", "佢哋講咗90分鐘。", "佢哋講咗九十分鐘。"),
        ("ja", "2022年9月15日、90分間会談した。", "2022年9月15日、90分間会談した。"),
    ],
)
def test_numbers_are_read_in_the_articles_language(language: str, written: str, spoken: str) -> None:
    result = normalizer_for(language, None).normalize(written)
    assert result == spoken
    assert not ENGLISH_NUMBER_WORDS.search(result)


def test_codes_with_a_leading_zero_stay_as_written() -> None:
    assert normalizer_for("fr", None).normalize("Appelez le 0800 en cas de doute.") == (
        "Appelez le 0800 en cas de doute."
    )


@pytest.mark.parametrize(
    ("language", "written", "spoken"),
    [
        ("de", "Es waren 1,25 Prozent.", "Es waren eins Komma zwei fünf Prozent."),
        ("es", "Son 3,75 millones.", "Son tres coma setenta y cinco millones."),
        ("it", "Costa 0,05 al chilo.", "Costa zero virgola zero cinque al chilo."),
        ("pt", "Mede 3,999 metros.", "Mede três vírgula nove nove nove metros."),
        ("pl", "To 2,5 mln.", "To 2,5 mln."),  # no reading of ours: the engine reads the digits
    ],
)
def test_decimals_are_read_as_the_language_says_them(language: str, written: str, spoken: str) -> None:
    assert normalizer_for(language, None).normalize(written) == spoken


@pytest.mark.parametrize("language", ["de", "fr", "es", "pl"])
def test_a_number_of_thousands_of_digits_is_left_to_the_engine(language: str) -> None:
    """Python refuses to parse more than 4,300 digits: such a number once made the narration fail."""
    grouped = "1" + ".000" * 1500 if language != "fr" else "1" + " 000" * 1500
    for number in ("7" * 5000, grouped, "3," + "5" * 5000, "9" * 5000 + " €"):
        spoken = normalizer_for(language, None).normalize(f"Die Zahl {number} ist lang.")
        assert "7777" in spoken or "000" in spoken or "5555" in spoken or "9999" in spoken


@pytest.mark.parametrize(
    ("language", "written", "spoken"),
    [
        (
            "de",
            "Die Aktion #aufschrei und #QAnon#Macht.",
            "Die Aktion Hashtag aufschrei und Hashtag QAnon Hashtag Macht.",
        ),
        ("de", "Unter dem Hashtag #montessori posten.", "Unter dem Hashtag montessori posten."),
        ("es", "Con el #MeToo.", "Con el hashtag MeToo."),
        ("de", "Spielt F#m und C# in Raum #1.", "Spielt F#m und C# in Raum #eins."),
    ],
)
def test_hashtags_are_read_as_hashtags(language: str, written: str, spoken: str) -> None:
    """espeak-ng reads the sign: "Nummer aufschrei", "almohadilla MeToo"."""
    assert normalizer_for(language, None).normalize(written) == spoken
