"""Normalizers for languages other than English: numbers in the article's own language, never English words.

* **Chinese** (Mandarin and Cantonese): ``cn2an`` writes numbers, decimals, percentages and years in
  Chinese ("2022年增长3.5%" → "二零二二年增长百分之三点五"); espeak-ng alone reads years as amounts and "%"
  in English.
* **num2words languages** (French, German, Spanish, Russian, Arabic, … about 50), in three steps:
  abbreviations, number signs and ordinal marks where we have a table (``language_abbreviations``: German
  "z. B.", Italian "n. 5", Spanish "2.ª", French "19e"); unit symbols, numeric dates, German clock times and
  German ordinals (``language_numbers``: "5 km", "18/10/2010", "18:30 Uhr", "im 19. Jahrhundert"); fractions
  (``language_fractions``: "2/3", "½"); then whole
  numbers become words in the language, agreeing with the noun they count (``number_agreement``: "eine
  Stunde", "doscientas personas"), whatever the local grouping ("2 000", "2.000", "2 000" with the
  no-break spaces of French typography, which espeak-ng reads "deux zéro zéro zéro"), and decimals as
  the language says them (``DECIMAL_WORDS``; num2words would say "zéro virgule sept cinq" for "0,75", drop
  Italian decimals and give Spanish "punto"). Other ordinals and percent signs stay as written: espeak-ng
  reads them right in each language.
* **Japanese and Korean** keep their digits: every engine that speaks them reads digits with the right
  counters, which num2words does not (Korean native numbers before counters, Japanese era years).

All of them end with the post layer every language shares (quotes, dashes, brackets, whitespace).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

from newscaster.language_tags import primary_subtag
from newscaster.text.language_abbreviations import abbreviation_reader
from newscaster.text.language_fractions import read_fractions
from newscaster.text.language_numbers import number_reader, number_words
from newscaster.text.normalize import LightNormalizer, TextNormalizer, post_process
from newscaster.text.number_agreement import agreeing

DECIMAL_COMMA = frozenset(
    "fr de es pt it ru nl pl cs sk sl hr sr bg uk be ro hu tr id da sv no nb fi is lt lv et el az kz tg".split()  # noqa: E501, SIM905
)
"""Languages that write the decimal separator as a comma (and so group thousands with "." or a space)."""
ORDINAL_DOT = frozenset("de da no nb fi cs sk sl hr sr hu tr is lt lv et".split())  # noqa: SIM905
"""Languages that write ordinals as a number and a dot ("am 15. September"): such numbers stay as written."""
YEAR_STYLE = frozenset({"de", "nl"})
"""Languages that say years from 1100 to 1999 in hundreds ("neunzehnhundertneunzig"), which num2words's
``to="year"`` does; elsewhere a year is read as the number it is ("mille neuf cent quatre-vingt-dix")."""
YEAR_RANGE = range(1100, 2000)
DIGITS_LEFT_FOR_ENGINE = frozenset({"ja", "ko", "en"})
"""num2words knows these, but we do not use it for them (see the module docstring; English has its own)."""

SUPERSCRIPT_LETTERS = str.maketrans("ᵃᵈᵉʳˢᵐˡⁿᵒᵗ", "adersmlnot")
"""Letters raised in French and Spanish typography ("Mᵐᵉ", "1ᵉʳ", "XIXᵉ", "3.ᵉʳ"): the plain letters,
which the abbreviation and ordinal rules know (espeak-ng spells the raised ones)."""
MAX_NUMBER_DIGITS = 30
"""Longer numbers are no amounts a reader says in words (and Python refuses to parse past 4,300 digits)."""
DECIMAL_WORDS = {
    "de": ("Komma", True), "nl": ("komma", True), "fr": ("virgule", False), "es": ("coma", False),
    "it": ("virgola", False), "pt": ("vírgula", False),
}  # fmt: skip
"""The decimal comma's word, and whether the digits after it are read one by one: German and Dutch say "eins
Komma zwei fünf", the Romance languages "uno coma veinticinco" (up to two digits; longer fractions and
"0,05" digit by digit). What espeak-ng itself says for these; written out, every engine says it."""
HASHTAG_WORDS = {"de": "Hashtag", "nl": "hashtag", "fr": "hashtag", "es": "hashtag", "it": "hashtag",
                 "pt": "hashtag", "pl": "hashtag"}  # fmt: skip
"""The loanword for "#" before a word, which espeak-ng reads as the sign's name ("Nummer Vintage",
"almohadilla", "cancelletto", "hekje")."""
_HASHTAG = re.compile(r"(?P<said>(?i:hashtag)\s+)?(?<![\w&])#(?=[^\W\d_])|(?<=[^\W\d_])#(?=[^\W\d_])")
"""A "#" opening a word, or glued between words ("#QAnon#Macht"); after the word "Hashtag" it goes."""
_SPACES = "\u0020\u00a0\u202f\u2009"
"""Thousands separators written as spaces: plain, no-break, narrow no-break, thin."""


def _say_hashtag(match: re.Match[str], hashtag: str) -> str:
    if match["said"]:
        return match["said"]  # "unter dem Hashtag #montessori": said once
    if match.start() and match.string[match.start() - 1].isalpha():
        start = match.string.rfind(" ", 0, match.start()) + 1
        if not match.string.startswith("#", start):
            return match.group()  # "C#", "F#m": a "#" inside a word that is no hashtag
    return f" {hashtag} "


class Num2WordsNormalizer:
    """Whole numbers as words in ``language`` (a num2words code); the rest as written for the engine."""

    def __init__(self, language: str) -> None:
        self.language = language
        comma = language in DECIMAL_COMMA
        group = f"[.{_SPACES}]" if comma else f"[,{_SPACES}]"
        decimal = "," if comma else "."
        ordinal = r"(?!\.\s*\w)" if language in ORDINAL_DOT else ""
        self._number = re.compile(
            rf"(?<![\w.,:/-])(?P<int>\d{{1,3}}(?:{group}\d{{3}})+|\d+)(?P<frac>{re.escape(decimal)}\d+)?"
            rf"(?![\w/]|[:.,]\d){ordinal}"
        )
        self._group = re.compile(group)
        self._abbreviations = abbreviation_reader(language)
        self._numbers = number_reader(language)

    def normalize(self, sentence: str) -> str:
        sentence = sentence.translate(SUPERSCRIPT_LETTERS)
        hashtag = HASHTAG_WORDS.get(self.language)
        if hashtag is not None:
            sentence = _HASHTAG.sub(lambda match: _say_hashtag(match, hashtag), sentence)
        if self._abbreviations is not None:
            sentence = self._abbreviations.read(sentence)
        sentence = read_fractions(self._numbers.read(sentence), self.language)
        return post_process(self._number.sub(self._say, sentence))

    def warm_up(self) -> None:
        number_words(1, self.language, "cardinal")

    def _say(self, match: re.Match[str]) -> str:
        whole = self._group.sub("", match["int"])
        if match["frac"]:
            return self._say_decimal(whole, match["frac"][1:])
        if len(whole) > 1 and whole.startswith("0"):
            return match.group()  # a code or a phone number ("007", "0800"): digit by digit, as written
        if len(whole) > MAX_NUMBER_DIGITS:
            return whole  # a card or serial number, or an attack: the engine reads the digits
        value = int(whole)
        if self.language in YEAR_STYLE and match["int"] == whole and value in YEAR_RANGE:
            return number_words(value, self.language, "year")
        words = number_words(value, self.language, "cardinal")
        return agreeing(
            words, value, self.language, match.string[: match.start()], match.string[match.end() :]
        )

    def _say_decimal(self, whole: str, fraction: str) -> str:
        """ "1,5" as "eins Komma fünf", "3,75" as "tres coma setenta y cinco" (``DECIMAL_WORDS``); in other
        languages ungrouped digits, which the engine reads in its language."""
        reading = DECIMAL_WORDS.get(self.language)
        if reading is None or len(whole) > MAX_NUMBER_DIGITS or len(fraction) > MAX_NUMBER_DIGITS:
            return f"{whole}{',' if self.language in DECIMAL_COMMA else '.'}{fraction}"
        word, digit_by_digit = reading
        integer = number_words(int(whole), self.language, "cardinal")
        if digit_by_digit or len(fraction) > 2 or fraction.startswith("0"):
            after = " ".join(number_words(int(digit), self.language, "cardinal") for digit in fraction)
        else:
            after = number_words(int(fraction), self.language, "cardinal")
        return f"{integer} {word} {after}"


_GROUPED = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
_CLOCK = re.compile(r"(?<!\d)([01]?\d|2[0-3])[:：]([0-5]\d)(?!\d)")


class ChineseNormalizer:
    """Numbers, decimals, percentages and years read in Chinese (``cn2an``'s Arabic → Chinese transform)."""

    def normalize(self, sentence: str) -> str:
        import cn2an

        text = _GROUPED.sub("", sentence)  # "1,234,567" is one number; cn2an reads each group alone
        text = _CLOCK.sub(lambda m: f"{int(m[1])}点{m[2]}分" if m[2] != "00" else f"{int(m[1])}点", text)
        return post_process(str(cn2an.transform(text, "an2cn")))

    def warm_up(self) -> None:
        self.normalize("1")


def language_normalizer(language: str) -> TextNormalizer:
    """The normalizer for a non-English BCP 47 tag (see the module docstring)."""
    primary = primary_subtag(language)
    factory = _BUILT_IN.get(primary)
    if factory is not None:
        return factory()
    if primary not in DIGITS_LEFT_FOR_ENGINE and primary in _num2words_languages():
        return Num2WordsNormalizer(primary)
    return LightNormalizer()


_BUILT_IN: dict[str, Callable[[], TextNormalizer]] = {
    "zh": ChineseNormalizer,
    "cmn": ChineseNormalizer,
    "yue": ChineseNormalizer,
}


@functools.cache
def _num2words_languages() -> frozenset[str]:
    from num2words import CONVERTER_CLASSES

    return frozenset(code for code in CONVERTER_CLASSES if "_" not in code)
