"""Abbreviations, number signs and ordinal marks of other languages are written out before the engine reads
them (espeak-ng spells them letter by letter: "z. B." → "tset be")."""

from __future__ import annotations

import pytest

from newscaster.text.language_abbreviations import BY_LANGUAGE, abbreviation_reader
from newscaster.text.normalize_languages import language_normalizer


@pytest.mark.parametrize(
    ("language", "written", "spoken"),
    [
        (
            "de",
            "Das gilt z. B. für Nr. 5, d.h. auf S. 12.",
            "Das gilt zum Beispiel für Nummer fünf, das heißt auf Seite zwölf.",
        ),
        (
            "de",
            "Der Bund gibt 5 Mio. Euro und 3 Mrd Dollar aus, usw.",
            "Der Bund gibt fünf Millionen Euro und drei Milliarden Dollar aus, und so weiter.",
        ),
        (
            "de",
            "Dr. Meier traf Prof. Schulze in St. Pauli.",
            "Doktor Meier traf Professor Schulze in Sankt Pauli.",
        ),
        ("de", "Z.B. kostet es ca. 5 Euro usw.", "Zum Beispiel kostet es circa fünf Euro und so weiter."),
        ("de", "Die Anlage Nr.41 steht dort.", "Die Anlage Nummer einundvierzig steht dort."),
        (
            "it",
            "Il decreto n. 18 stanzia 5 mln di euro, ecc.",
            "Il decreto numero diciotto stanzia cinque milioni di euro, eccetera.",
        ),
        ("it", "Il Sig. Rossi e il dott. Bianchi.", "Il signor Rossi e il dottor Bianchi."),
        (
            "es",
            "La ley n.º 27 llegó a EE. UU., pág. 5, etc.",
            "La ley número veintisiete llegó a Estados Unidos, página cinco, etcétera.",
        ),
        ("es", "Es su 3.ª edición.", "Es su tercera edición."),
        ("es", "El 21.º aniversario.", "El vigésimo primero aniversario."),
        (
            "pt",
            "A Dra. Souza leu a lei n.º 7 pela 1.ª vez.",
            "A doutora Souza leu a lei número sete pela primeira vez.",
        ),
        (
            "fr",
            "M. Dupont vit dans le 19e arrondissement, n° 5, p. ex. ici.",
            "Monsieur Dupont vit dans le dix-neuvième arrondissement, numéro cinq, par exemple ici.",
        ),
        ("nl", "Bijv. dhr. Jansen, nr. 5, enz.", "Bijvoorbeeld de heer Jansen, nummer vijf, enzovoort."),
        (
            "pl",
            "W 2018 r. gen. Nowak dostał m.in. 500 zł.",
            "W dwa tysiące osiemnaście roku generał Nowak dostał między innymi pięćset złotych.",
        ),
    ],
)
def test_written_out_in_the_language(language: str, written: str, spoken: str) -> None:
    assert language_normalizer(language).normalize(written) == spoken


@pytest.mark.parametrize(
    ("language", "written"),
    [
        ("fr", "Il a vu M. le maire."),  # "M." before a small letter is no title
        ("it", "La n. è una lettera."),  # a number sign without its number
        ("es", "Hace 25º y el horno va a 180ºC."),  # degrees, and espeak-ng reads "3º" itself
        ("de", "Der Mio.-Betrag ist klein."),  # a count word with no number before it
        ("de", "Das Ende."),
    ],
)
def test_left_as_written_where_the_meaning_is_not_sure(language: str, written: str) -> None:
    reader = abbreviation_reader(language)
    assert reader is not None
    assert reader.read(written) == written


def test_languages_without_a_table_have_no_reader() -> None:
    assert abbreviation_reader("sw") is None and abbreviation_reader("en") is None


def test_every_table_reads_every_entry() -> None:
    """Each written form is found and replaced in a context where it may be read."""
    for language, table in BY_LANGUAGE.items():
        reader = abbreviation_reader(language)
        assert reader is not None
        for written, spoken in table.anywhere.items():
            assert spoken in reader.read(f"Und {written} dann"), (language, written)
        for written, spoken in table.before_number.items():
            assert spoken in reader.read(f"Und {written} 5 dann"), (language, written)
        for written, spoken in table.after_number.items():
            assert spoken in reader.read(f"Und 5 {written} dann"), (language, written)
        for written, spoken in table.before_name.items():
            assert spoken in reader.read(f"Und {written} Lopez dann"), (language, written)
