"""Fractions in other languages, written with a slash or as one character ("1/2", "2/3", "½", "1 ½").

espeak-ng reads "1/3" as "uno barra tres" in Spanish and "1/2 litro" as "uno barra due litro" in Italian,
drops the slash in French ("1/2 litre" is "un deux litre") and in German ("2/3 der Stimmen" is "zwei drei
der Stimmen"). Recipes write halves and quarters, news writes "2/3 des voix". Here they are read as the
language says them: "ein halber Liter", "zwei Drittel", "media taza", "un tiers", "tre quarti", "dois
terços", "zweieinhalb", "dos y medio".

Only a proper fraction with a usual denominator is one: "24/7", "KZR 1/79" and "15/20 lignes" are not.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from newscaster.text.language_numbers import number_words
from newscaster.text.noun_gender import german_genders, romance_gender

DENOMINATORS = frozenset({2, 3, 4, 5, 8})
"""The denominators of a fraction written with a slash: "15/20 lignes" or "23/43 membres" are ranges and
tallies, and "7/9" or "9/10" mostly scores ("im Sprint 9/10"); they are read as written."""
UNIT_DENOMINATORS = frozenset({6, 10, 12, 16, 100, 1000})
"""Further denominators, for one part only ("1/10 Sekunde", "1/100")."""
GLYPHS = {
    "½": (1, 2), "⅓": (1, 3), "⅔": (2, 3), "¼": (1, 4), "¾": (3, 4), "⅕": (1, 5), "⅖": (2, 5), "⅗": (3, 5),
    "⅘": (4, 5), "⅙": (1, 6), "⅚": (5, 6), "⅛": (1, 8), "⅜": (3, 8), "⅝": (5, 8), "⅞": (7, 8),
}  # fmt: skip
_FRACTION = re.compile(
    r"(?<![\w/.,:-])(?:(?P<whole>\d{1,3})(?:[\u0020\u00a0\u202f](?=\d{1,2}/)|[\u0020\u00a0\u202f]?(?=[½⅓⅔¼¾⅕⅖⅗⅘⅙⅚⅛⅜⅝⅞])))?"
    r"(?:(?P<numerator>\d{1,2})/(?P<denominator>\d{1,4})(?![\w/]|[.,:]\d)|(?P<glyph>[½⅓⅔¼¾⅕⅖⅗⅘⅙⅚⅛⅜⅝⅞]))"
)
_NOUN_AFTER = re.compile(r"[\u0020\u00a0\u202f]+([^\W\d_]+)\b")


@dataclass(frozen=True)
class FractionWords:
    """How one language says fractions."""

    one: str
    """The numerator one ("un tercio", "ein Drittel")."""
    and_word: str
    """Between the whole and the fraction of a mixed number: "dos y medio"."""
    half: str
    """A half alone: "un medio", "einhalb"."""
    half_before: dict[str, str]
    """A half before a noun of each gender ("f", "m", "n"): "media taza", "ein halber Liter"."""
    named: dict[int, str]
    """Denominators with their own word (singular): "tercio", "tiers", "quart"."""
    part: Callable[[int, bool], str]
    """Any other denominator as a part (``plural`` or not): "quinto", "Fünftel", "cinquièmes"."""


def _plural_s(word: str, plural: bool) -> str:
    return word + "s" if plural and not word.endswith(("s", "x")) else word


def _spanish_part(denominator: int, plural: bool) -> str:
    if denominator <= 10 or denominator in (100, 1000):
        word = number_words(denominator, "es", "ordinal")
    else:  # "onceavo", "dieciseisavo"
        word = number_words(denominator, "es").replace("é", "e") + "avo"
    return _plural_s(word, plural)


def _portuguese_part(denominator: int, plural: bool) -> str:
    if denominator <= 10 or denominator in (100, 1000):
        return _plural_s(number_words(denominator, "pt", "ordinal"), plural)
    return f"{number_words(denominator, 'pt')} avos"  # "um doze avos", "cinco doze avos"


def _italian_part(denominator: int, plural: bool) -> str:
    word = number_words(denominator, "it", "ordinal")
    return word[:-1] + "i" if plural else word  # "quinto", "tre quinti"


def _french_part(denominator: int, plural: bool) -> str:
    return _plural_s(number_words(denominator, "fr", "ordinal"), plural)


def _german_part(denominator: int, plural: bool) -> str:
    return number_words(denominator, "de", "ordinal").removesuffix("e").capitalize() + "el"  # "Drittel"


FRACTION_WORDS = {
    "de": FractionWords(
        one="ein", and_word="und", half="einhalb",
        half_before={"f": "eine halbe", "m": "ein halber", "n": "ein halbes"}, named={}, part=_german_part,
    ),
    "es": FractionWords(
        one="un", and_word="y", half="un medio", half_before={"f": "media", "m": "medio"},
        named={3: "tercio", 4: "cuarto"}, part=_spanish_part,
    ),
    "pt": FractionWords(
        one="um", and_word="e", half="um meio", half_before={"f": "meia", "m": "meio"}, named={3: "terço"},
        part=_portuguese_part,
    ),
    "it": FractionWords(
        one="un", and_word="e", half="un mezzo", half_before={"f": "mezza", "m": "mezzo"}, named={},
        part=_italian_part,
    ),
    "fr": FractionWords(
        one="un", and_word="et", half="un demi", half_before={"f": "une demi", "m": "un demi"},
        named={3: "tiers", 4: "quart"}, part=_french_part,
    ),
}  # fmt: skip
"""The languages whose fractions are read here."""


def read_fractions(text: str, language: str) -> str:
    """``text`` with its fractions in words of ``language`` (unchanged for a language not in the table)."""
    words = FRACTION_WORDS.get(language)
    if words is None or not any(mark in text for mark in ("/", *GLYPHS)):
        return text
    return _FRACTION.sub(lambda match: _say(match, words, language), text)


def _say(match: re.Match[str], words: FractionWords, language: str) -> str:
    if match["glyph"]:
        numerator, denominator = GLYPHS[match["glyph"]]
    else:
        numerator, denominator = int(match["numerator"]), int(match["denominator"])
    usual = denominator in DENOMINATORS or (numerator == 1 and denominator in UNIT_DENOMINATORS)
    if not (0 < numerator < denominator and (usual or match["glyph"])):
        return match.group()
    whole = int(match["whole"]) if match["whole"] else None
    if denominator == 2:
        return _say_half(whole, words, language, _gender_after(match, language))
    plural = numerator > 1
    part = words.named.get(denominator)
    part = _plural_s(part, plural) if part else words.part(denominator, plural)
    count = words.one if numerator == 1 else number_words(numerator, language)
    fraction = f"{count} {part}"
    if whole is None:
        return fraction
    return f"{number_words(whole, language)} {words.and_word} {fraction}"


def _say_half(whole: int | None, words: FractionWords, language: str, gender: str | None) -> str:
    if whole is not None:
        if language == "de":  # "zweieinhalb", "eineinhalb"
            return number_words(whole, "de").removesuffix("s") + "einhalb"
        half = words.half_before.get(gender or "m", words.half.split()[-1])
        return f"{number_words(whole, language)} {words.and_word} {half.split()[-1]}"
    if gender is None:
        return words.half
    return words.half_before.get(gender, words.half)


def _gender_after(match: re.Match[str], language: str) -> str | None:
    """The gender of the noun right after the fraction ("1/2 taza"), if one follows."""
    noun = _NOUN_AFTER.match(match.string, match.end())
    if noun is None:
        return None
    if language == "de":
        genders = german_genders(noun[1]) if noun[1][:1].isupper() else None
        return genders[0] if genders else None
    return romance_gender(noun[1], language) if noun[1][:1].islower() else None
