"""Numbers with what surrounds them in other languages, as the engine must read them.

espeak-ng reads what follows a number letter by letter ("5 km" is "cinco ka eme" in Spanish, "100 km/h" "cento
kappa emme barra acca" in Italian), numeric dates with their separators ("18/10/2010" "dieciocho barra diez
barra …", "18.10.2010" "achtzehn Punkt zehn Punkt …"), clock times with theirs ("13.30" "trece punto
treinta", "18h30" "dix-huit hache trente") and German ones twice ("23:08 Uhr" "dreiundzwanzig Uhr null acht
Uhr"), German ordinals as cardinals ("im 19. Jahrhundert" "im neunzehn Jahrhundert"), rulers' numbers oddly
("Louis XIV" "Louis quatorze romain", "Benedikt XVI." "Benedikt römisch sechzehn"), money in the wrong order
("€ 5" "Euro fünf", ``language_money``), a range as "fünf Strich sieben", and "-5" without its minus in
French and Spanish, Swiss thousands ("80'000" "achtzig null null null") and German days without the year
("ab 4.11." "ab vier Punkt elfte"). In the order ``NumberReader.read`` applies them: minus signs, Swiss
thousands, numeric dates, German days and months, amounts of money, ranges and scores, Spanish, Portuguese,
Italian and French clock times, units, German clock times and ordinals (in Roman numerals too: "der II.
Weltkrieg" "der römisch zwei Weltkrieg"), French Roman ordinals, Spanish and
Portuguese Roman ordinals ("la II Guerra" "la dos Guerra" in espeak-ng), German and French Roman numerals
after a word ("Teil II" "Teil römisch zwei", "chapitre II" "chapitre deux romain"), rulers' numbers.

Unit, month and currency names come from CLDR through Babel, so each is in the language and agrees with its
number ("1 Kilometer", "5 километров", "18 października"). The numbers themselves stay digits here: the
language's normalizer writes them out after (``normalize_languages``).
"""

from __future__ import annotations

import datetime
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import InvalidOperation

from newscaster.text.language_money import read_money
from newscaster.text.news_abbreviations import NUMBERED_ROMAN, at_end, roman_value
from newscaster.text.noun_gender import romance_gender

UNITS = {
    "km/h": "speed-kilometer-per-hour", "km²": "area-square-kilometer", "m²": "area-square-meter",
    "m³": "volume-cubic-meter", "km": "length-kilometer", "cm": "length-centimeter",
    "mm": "length-millimeter", "m": "length-meter", "kg": "mass-kilogram", "mg": "mass-milligram",
    "g": "mass-gram", "t": "mass-tonne", "ml": "volume-milliliter", "l": "volume-liter",
    "kWh": "energy-kilowatt-hour", "kW": "power-kilowatt", "MW": "power-megawatt", "GW": "power-gigawatt",
    "°C": "temperature-celsius", "°F": "temperature-fahrenheit", "min": "duration-minute",
    "h": "duration-hour", "s": "duration-second", "mph": "speed-mile-per-hour",
    "m/s": "speed-meter-per-second", "%": "concentr-percent",
}  # fmt: skip
"""Unit symbols after a number and their CLDR names (Babel's ``format_unit``). Not "ha": after a year it is
the Italian and Spanish "has" ("Nel 2010 ha vinto")."""

MINUS_WORDS = {
    "de": "minus", "fr": "moins", "es": "menos", "it": "meno", "pt": "menos", "nl": "min", "pl": "minus",
    "sv": "minus", "da": "minus", "nb": "minus", "ru": "минус", "uk": "мінус", "cs": "mínus",
}  # fmt: skip
"""The minus of a negative number ("-5 °C"): espeak-ng drops a hyphen-minus in French and Spanish ("cinq
degrés") and says an English "minus" for "−"."""
_MINUS = re.compile(r"(?<![\w.,)\]/-])[-−](?=\d)")

RANGE_WORDS = {"de": ("bis", "zu"), "fr": ("à", "à"), "es": ("a", "a"), "it": ("a", "a"), "pt": ("a", "a")}
"""What a hyphen between two numbers says: a range when the second is larger ("5-7 Jahre": "fünf bis sieben"),
else a score ("3-2": "drei zu zwei"). espeak-ng says "fünf Strich sieben", or drops the hyphen in French."""
_RANGE = re.compile(r"(?<![\w.,/:-])(?P<low>[1-9]\d{0,3}|0)\s?[-–]\s?(?P<high>\d{1,4})(?![\w/:-]|[.,]\d)")

DATE_SEPARATORS = {"de": ".", "fr": "/", "es": "/", "it": "/", "pt": "/", "nl": "-"}
"""How each language writes a day-month-year date ("18.10.2010", "18/10/2010", "18-10-2010"); read as the
long date ("18. Oktober 2010"). Only languages whose long date reads its day as a plain number (or, in
German, through the ordinal rule)."""

_NUMBER = r"\d{1,3}(?:[.,\u00a0\u202f ]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?"
_UNIT = re.compile(
    rf"(?<![\w.,])(?P<number>{_NUMBER})[\u00a0\u202f ]?"
    rf"(?P<unit>{'|'.join(re.escape(symbol) for symbol in sorted(UNITS, key=len, reverse=True))})"
    r"(?![\w/²³'’])"
)
_AFTER_A_CLOCK_WORD = "|".join(f"(?<=\\b(?i:{word}) )" for word in ("um", "ab", "bis", "gegen", "von"))
_TO_A_TIME = r"\s*(?:[-–]|bis|und)\s*\d{1,2}(?:[:.][0-5]\d)?\s*Uhr\b"
"""The second time of a range ending in "Uhr" ("10:00 bis 17:00 Uhr", "9:30-18 Uhr"): the first is one too."""
_GERMAN_CLOCK = re.compile(
    rf"(?:(?:{_AFTER_A_CLOCK_WORD})"
    r"(?P<hour>[01]?\d|2[0-4]):(?P<minute>[0-5]\d)(?![\d:,.]\d|\s*Min|\s*Sek)"
    rf"|(?<![\w.,:])(?P<uhr_hour>[01]?\d|2[0-4])[:.](?P<uhr_minute>[0-5]\d)(?=\s*Uhr\b|{_TO_A_TIME}))(?:\s*Uhr\b)?"
)
"""German clock times: "18:30 Uhr", "18.30 Uhr", or "um 18:30". Without "Uhr" or a word of time before it,
"3:41" is a duration or a score and stays."""


@dataclass(frozen=True)
class ClockWords:
    """How one Romance language says a clock time written "13:30", "13.30" or "13h30"."""

    after: tuple[str, ...]
    """Words before a time ("a las 13.30"): without one (or "h", or a leading zero: "09:05"), "3:41" is a
    duration or a score and stays."""
    joiner: str
    """Between the hour and the minutes: "trece y treinta", "tredici e trenta"."""
    one: str
    """The hour one, which is feminine ("la una", "à uma")."""
    hours: str = ""
    """A full hour's word ("trece horas", "catorze horas"), and for one hour ("uma hora")."""
    hour: str = ""
    hours_before_minutes: bool = False
    """Portuguese says the hours' word before the minutes too: "catorze horas e trinta"."""


CLOCK_WORDS = {
    "es": ClockWords(after=("las", "la"), joiner="y", one="una", hours="horas"),
    "pt": ClockWords(
        after=("às", "as", "das", "até"),
        joiner="e",
        one="uma",
        hours="horas",
        hour="hora",
        hours_before_minutes=True,
    ),
    "it": ClockWords(after=("alle", "dalle", "ore", "le", "all'"), joiner="e", one="una"),
}
"""espeak-ng reads "13.30" as "trece punto treinta" and "13h30" as "treze agá trinta"."""
_ROMANCE_CLOCK = re.compile(
    r"(?:(?<=\s)|^)(?P<before>\w+'?\s)?"
    r"(?P<hour>[01]?\d|2[0-4])(?P<separator>[:.]|h(?=\d))(?P<minute>[0-5]\d)(?![\d%]|[.,:]\d)"
    r"(?P<suffix>\s?(?:h|hs|hrs|horas|ore)\b)?"
)
_MERIDIEM = re.compile(r"\s?[ap]\.?\s?m\b\.?", re.IGNORECASE)
_FRENCH_CLOCK = re.compile(r"(?<![\w.,:])(?P<hour>[01]?\d|2[0-3])\s?h\s?(?P<minute>[0-5]\d)(?!\d)")
"""French times as typeset ("18h30", "18 h 30"): espeak-ng says "dix-huit hache trente"."""

_GERMAN_ORDINAL = re.compile(r"(?<![\w.,:/-])(?P<number>\d{1,3})\.(?=\s+[A-ZÄÖÜ])")
"""A number with a dot before a capitalized word: German nouns and months are capitalized ("19. Jahrhundert",
"3. Oktober", "1. FC"). At the start of a sentence it is a list marker ("1. Dies ist …") and stays."""
_DECLINED_BEFORE = re.compile(
    r"(?:^|\s)(?:am|im|zum|vom|beim|dem|den|des|einem|einen|eines|seinem|seinen|ihrem|ihren|ab|seit|bis|vor|"
    r"nach)\s*$",
    re.IGNORECASE,
)
"""Words after which a German ordinal takes "-n" ("am dritten Oktober", "im neunzehnten Jahrhundert", "ab
ersten Januar")."""
_GERMAN_DAY_MONTH = re.compile(r"(?<![\w.,:/-])(?P<day>\d{1,2})\.(?P<month>\d{1,2})\.(?![\w/-]|[.,]\d)")
"""A day and month without the year ("am 20.10.", "Ab 27.01.", "Vorstellungen: 5.11., 20 Uhr")."""
_DAY_MONTH_CONTEXT = re.compile(
    r"(?:^|[:;,(/–—-]|\b(?:am|vom|bis|ab|zum|seit|dem|den|um|bis|Montag|Dienstag|Mittwoch|Donnerstag|Freitag|"
    r"Samstag|Sonnabend|Sonntag|heute|morgen))\s*$",
    re.IGNORECASE,
)
"""What stands before a day and month: a date word or a mark, so that a version ("Windows 8.1.") is no date.
A leading zero ("01.02.") makes it a date anywhere."""
SWISS_GROUPING_LANGUAGES = frozenset({"de", "fr", "it"})
_SWISS_GROUPED = re.compile(
    r"(?<![\d'’.,])(?P<whole>\d{1,3}(?:['’]\d{3})+)(?:\.(?P<cents>\d{1,2}))?(?![\d'’])"
)
"""Swiss thousands ("80'000 Franken", "1'234.50"), where the point is the decimal sign; espeak-ng read
"achtzig null null null"."""
_WORDS_BEFORE_CHARS = 24
"""How far back the ordinal rule looks for its article: enough for "bis zum", and no more, so that a long
sentence of ordinals is not read over and over."""
_ARTICLE_BEFORE = re.compile(r"(?:^|\s)(?:der|die|das)\s*$", re.IGNORECASE)
_GERMAN_MONTH = re.compile(
    r"\s+(?:Januar|Jänner|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember|"
    r"Jan|Feb|Mär|Apr|Jun|Jul|Aug|Sep|Sept|Okt|Nov|Dez)\b",
    re.IGNORECASE,
)
"""A month after the ordinal: a date, also at the start of a sentence ("24. Juli 2013" is no list item)."""


_REGNAL = re.compile(r"(?P<name>\b[A-ZÀ-Þ][a-zà-ÿ]+) (?P<roman>[IVXL]+)\b(?P<dot>\.(?!\d))?")
"""A ruler's or pope's number after the name ("Louis XIV", "Felipe VI", "Benedikt XVI.")."""
_AFTER_AN_ARTICLE = "|".join(
    f"(?<=\\b(?i:{word}) )"
    for word in "el la los las al del su sus un una o a os as do da dos das no na ao um uma".split()  # noqa: SIM905
)
_ROMAN_BEFORE_NOUN = re.compile(
    rf"(?:^|{_AFTER_AN_ARTICLE})(?P<roman>[IVX]{{1,4}}) (?=(?P<noun>[^\W\d_][^\W\d_]+)\b)"
)
"""A Roman numeral between an article and a noun in Spanish and Portuguese ("la II Guerra Mundial", "el IV
Pleno", "a II Guerra"): an ordinal agreeing with the noun, where espeak-ng says "la dos Guerra". After a
noun it is a cardinal ("siglo XXI", "capítulo IV"), which espeak-ng says."""
ROMAN_ORDINAL_LANGUAGES = frozenset({"es", "pt"})
MAX_ROMAN_ORDINAL = 10
"""Above ten Spanish and Portuguese read a numeral before a noun as a cardinal as well ("el XV Congreso")."""
_FRENCH_ROMAN_ORDINAL = re.compile(r"\b(?P<roman>[IVXL]{2,}|[IVX])(?P<suffix>er|re|e|ème|es)\b")
"""French centuries and ordinals in Roman numerals ("XIXe siècle", "François Ier"); one letter only for I,
V and X ("Le" and "Les" are words)."""


_ROMAN_AFTER_A_WORD = re.compile(
    r"(?P<word>\b[^\W\d_]+)(?P<joint>[ -])(?P<roman>[IVX]{1,6})\b(?P<dot>\.(?!\d))?"
)
"""A Roman numeral after a word: "Teil II", "SGB III", "Hartz-IV-Reform", "chapitre II", "phase III"."""
_GERMAN_ROMAN_ORDINAL = re.compile(
    r"(?P<article>\b(?i:der|die|das|dem|den|des|im|am|vom|zum|beim|nach|vor|seit|ab) )(?P<roman>[IVX]{1,6})\."
    r"(?=\s+[A-ZÄÖÜ])"
)
"""A German ordinal in Roman numerals between an article and a noun ("der II. Weltkrieg", "im XX.
Jahrhundert"), which espeak-ng says "der römisch zwei Weltkrieg": written as digits for the ordinal rule."""
_NUMERAL_BEFORE = re.compile(r"\b[IVX]{1,6} $")
"""A numeral just before a joining word ("Stufen I und II")."""


@dataclass(frozen=True)
class RomanCardinals:
    """Where a language reads a Roman numeral after a word as a plain cardinal ("Teil zwei", "Hartz vier",
    "chapitre deux"), which espeak-ng says "Teil römisch zwei" and "chapitre deux romain"."""

    not_after: frozenset[str]
    """Words after which the letters are a noun, not a number (Swiss "die IV" is the disability insurance)."""
    one_letter_after: tuple[str, ...]
    """Endings of the words after which even one letter is a number ("SGB V", "Alarmstufe I"): elsewhere
    "X" is the platform and "I" the English pronoun."""
    joining: frozenset[str]
    """Words joining two numerals ("Stufen I und II"), after which the second one is a number too."""


_FRENCH_NUMBERED_NOUNS = ("chapitre", "tome", "titre", "partie", "acte", "phase", "type", "livre", "annexe")
ROMAN_CARDINALS = {
    "de": RomanCardinals(
        frozenset("der die das den dem des ein eine einer einem einen eines und oder von vom zu zur zum bei "  # noqa: SIM905
                  "beim im in am an auf aus mit nach für über unter durch gegen ohne per als wie".split()),
        ("sgb", "teil", "band", "kapitel", "abschnitt", "phase", "stufe", "stufen", "typ", "buch", "akt",
         "staffel", "folge", "liga", "gruppe", "klasse", "runde"),
        frozenset({"und", "oder", "bis"}),
    ),
    "fr": RomanCardinals(
        frozenset("le la les l un une des du de d au aux et ou en à par pour sur dans avec sans chez"  # noqa: SIM905
                  .split()),
        (*_FRENCH_NUMBERED_NOUNS, *(f"{noun}s" for noun in _FRENCH_NUMBERED_NOUNS), "niveau", "niveaux"),
        frozenset({"et", "ou", "à"}),
    ),
}  # fmt: skip
"""German and French; Italian, Spanish and Portuguese numerals after a word are read by espeak-ng
already ("capitolo secondo", "capítulo cuatro")."""


@functools.lru_cache(maxsize=4096)
def number_words(number: int, language: str, to: str = "cardinal") -> str:
    """``number`` in words of ``language`` (a num2words code), as a cardinal, an ordinal or a year."""
    from num2words import num2words

    return str(num2words(number, lang=language, to=to))


def _ordinal_words(language: str) -> Callable[[int], str]:
    return lambda number: number_words(number, language, "ordinal")


def _ordinal_to_ten(language: str) -> Callable[[int], str]:
    """Spanish and Portuguese: "Felipe sexto", but "Alfonso trece" (cardinal above ten)."""
    return lambda number: number_words(number, language, "ordinal" if number <= 10 else "cardinal")


_REGNAL_READINGS: dict[str, Callable[[int], str]] = {
    "fr": lambda number: "premier" if number == 1 else number_words(number, "fr"),
    "de": lambda number: "der " + number_words(number, "de", "ordinal").capitalize(),
    "it": _ordinal_words("it"),
    "es": _ordinal_to_ten("es"),
    "pt": _ordinal_to_ten("pt"),
}
"""How each language says a ruler's number: French a cardinal ("Louis quatorze"), German "der Sechzehnte",
Italian an ordinal, Spanish and Portuguese an ordinal up to ten. espeak-ng says "Louis quatorze romain",
"Benedikt römisch sechzehn", "Felipe vi"."""


class NumberReader:
    """Reads one language's units, numeric dates, clock times, ordinals and rulers' numbers (see above)."""

    def __init__(self, language: str) -> None:
        self.language = language
        separator = DATE_SEPARATORS.get(language)
        self._date = (
            re.compile(
                rf"(?<![\w.,/-])(?P<day>\d{{1,2}}){re.escape(separator)}(?P<month>\d{{1,2}}){re.escape(separator)}"
                rf"(?P<year>\d{{4}})(?![\w/-]|[.,/-]\d)"
            )
            if separator
            else None
        )

    def read(self, sentence: str) -> str:
        text = sentence
        minus = MINUS_WORDS.get(self.language)
        if minus is not None:
            text = _MINUS.sub(f"{minus} ", text)
        if self.language in SWISS_GROUPING_LANGUAGES:
            text = _SWISS_GROUPED.sub(_unswiss, text)
        if self._date is not None:
            text = self._date.sub(self._say_date, text)
        if self.language == "de":
            text = _GERMAN_DAY_MONTH.sub(_say_german_day_month, text)
        text = read_money(text, self.language)
        if self.language in RANGE_WORDS:
            text = _RANGE.sub(self._say_range, text)
        clock = CLOCK_WORDS.get(self.language)
        if clock is not None:
            text = _ROMANCE_CLOCK.sub(lambda match: _say_romance_time(match, clock), text)
        if self.language == "fr":
            text = _FRENCH_CLOCK.sub(_say_french_time, text)
        text = _UNIT.sub(self._say_unit, text)
        if self.language == "de":
            text = _GERMAN_CLOCK.sub(_say_german_time, text)
            text = _GERMAN_ROMAN_ORDINAL.sub(_as_digits, text)
            text = _GERMAN_ORDINAL.sub(_say_german_ordinal, text)
        if self.language == "fr":
            text = _FRENCH_ROMAN_ORDINAL.sub(_say_french_roman_ordinal, text)
        if self.language in ROMAN_ORDINAL_LANGUAGES:
            text = _ROMAN_BEFORE_NOUN.sub(self._say_roman_ordinal, text)
        cardinals = ROMAN_CARDINALS.get(self.language)
        if cardinals is not None:
            text = _ROMAN_AFTER_A_WORD.sub(lambda match: self._say_roman_cardinal(match, cardinals), text)
        if self.language in _REGNAL_READINGS:
            text = _REGNAL.sub(self._say_regnal, text)
        return text

    def _say_roman_cardinal(self, match: re.Match[str], cardinals: RomanCardinals) -> str:
        numeral, word = match["roman"], match["word"].lower()
        joined = word in cardinals.joining and _NUMERAL_BEFORE.search(match.string, 0, match.start())
        if not joined and (
            word in cardinals.not_after
            or (len(numeral) == 1 and not word.endswith(cardinals.one_letter_after))
        ):
            return match.group()
        if not NUMBERED_ROMAN.match(numeral) or (self.language == "fr" and match["word"][:1].isupper()):
            return match.group()  # French rulers ("Louis XIV") are the rulers' rule's
        if match["dot"] and not at_end(match):
            return match.group()  # an ordinal or a ruler: "Wilhelm II. starb", "der II. Weltkrieg"
        said = number_words(roman_value(numeral), self.language)
        return f"{match['word']}{match['joint']}{said}{match['dot'] or ''}"

    def _say_regnal(self, match: re.Match[str]) -> str:
        numeral = match["roman"]
        german = self.language == "de"
        if not NUMBERED_ROMAN.match(numeral) or (german and (not match["dot"] or at_end(match))):
            # German writes a ruler's number with a dot inside the sentence ("Karl V. starb"): "Teil II"
            # is two, and at the end of a sentence the dot is only the full stop.
            return match.group()
        if len(numeral) == 1:
            return match.group()  # "Vitamin C", "Generation X", and German "Wilfried L." is a surname
        cardinals = ROMAN_CARDINALS.get(self.language)
        if cardinals is not None and match["name"].lower() in cardinals.not_after:
            return match.group()  # "Der II. Weltkrieg" opens with an article, not a ruler's name
        words = _REGNAL_READINGS[self.language](roman_value(numeral))
        return f"{match['name']} {words}{'' if german else match['dot'] or ''}"

    def _say_roman_ordinal(self, match: re.Match[str]) -> str:
        numeral = match["roman"]
        if not NUMBERED_ROMAN.match(numeral) or roman_value(numeral) > MAX_ROMAN_ORDINAL:
            return match.group()
        words = number_words(roman_value(numeral), self.language, "ordinal")
        if romance_gender(match["noun"].lower(), self.language) == "f":
            return f"{words[:-1]}a "  # "segunda", "primeira"
        if self.language == "es":
            return f"{words.removesuffix('ero')}er " if words in ("primero", "tercero") else f"{words} "
        return f"{words} "

    def _say_range(self, match: re.Match[str]) -> str:
        low, high = int(match["low"]), int(match["high"])
        to, against = RANGE_WORDS[self.language]
        # "2020-21" shortens a year: a range although 21 < 2020.
        word = to if high > low or low >= 1000 else against
        return f"{match['low']} {word} {match['high']}"

    def _say_date(self, match: re.Match[str]) -> str:
        from babel.dates import format_date

        try:
            day = datetime.date(int(match["year"]), int(match["month"]), int(match["day"]))
        except ValueError:
            return match.group()  # "31.02.2020", or a version number: as written
        return str(format_date(day, "long", locale=self.language))

    def _say_unit(self, match: re.Match[str]) -> str:
        words = _unit_words(match["number"], UNITS[match["unit"]], self.language)
        return f"{match['number']} {words}" if words else match.group()


@functools.lru_cache(maxsize=1024)
def _unit_words(number: str, unit: str, language: str) -> str:
    """The unit's long name in ``language`` for this number ("5" → "Kilometer", "1" → "kilómetro")."""
    from babel.core import UnknownLocaleError
    from babel.numbers import NumberFormatError, format_decimal, parse_decimal
    from babel.units import UnknownUnitError, format_unit

    try:
        value = parse_decimal(number.replace("\u202f", "\u00a0"), locale=language)
        formatted = str(format_unit(value, unit, length="long", locale=language))
    except (NumberFormatError, UnknownUnitError, UnknownLocaleError, InvalidOperation, ValueError):
        return ""
    shown = str(format_decimal(value, locale=language))
    words = formatted.replace(shown, "", 1)
    return " ".join(words.split()) if words != formatted else ""


def _say_french_roman_ordinal(match: re.Match[str]) -> str:
    numeral = match["roman"]
    if not NUMBERED_ROMAN.match(numeral):
        return match.group()
    value = roman_value(numeral)
    return "premier" if value == 1 else number_words(value, "fr", "ordinal")


def _say_german_time(match: re.Match[str]) -> str:
    hour = int(match["hour"] or match["uhr_hour"])
    minute = int(match["minute"] or match["uhr_minute"])
    return f"{hour} Uhr" + (f" {minute}" if minute else "")


def _say_romance_time(match: re.Match[str], clock: ClockWords) -> str:
    before = match["before"] or ""
    said_as_time = (
        match["suffix"]
        or match["separator"] == "h"
        or match["hour"].startswith("0")
        or before.strip().lower() in clock.after
    )
    if not said_as_time:
        return match.group()
    hour, minute = int(match["hour"]), int(match["minute"])
    hours = f"{clock.one} {clock.hour}" if hour == 1 else f"{hour} {clock.hours}"
    if _MERIDIEM.match(match.string, match.end()):
        hours = clock.one if hour == 1 else str(hour)  # "las 7:00 am", not "siete horas am"
    if minute == 0:
        return f"{before}{hours}".rstrip()
    if not clock.hours_before_minutes:
        hours = clock.one if hour == 1 else str(hour)
    return f"{before}{hours.rstrip()} {clock.joiner} {minute}"


def _say_french_time(match: re.Match[str]) -> str:
    hour, minute = int(match["hour"]), int(match["minute"])
    hours = f"{hour} heure{'s' if hour > 1 else ''}"
    return f"{hours} {minute}" if minute else hours


def _as_digits(match: re.Match[str]) -> str:
    numeral = match["roman"]
    return f"{match['article']}{roman_value(numeral)}." if NUMBERED_ROMAN.match(numeral) else match.group()


def _unswiss(match: re.Match[str]) -> str:
    whole = match["whole"].replace("'", "").replace("’", "")
    return f"{whole},{match['cents']}" if match["cents"] else whole


def _say_german_day_month(match: re.Match[str]) -> str:
    """ "20.10." as "20. Oktober", which the ordinal rule then reads ("am zwanzigsten Oktober")."""
    from babel.dates import format_date

    day, month = match["day"], match["month"]
    before = match.string[max(0, match.start() - _WORDS_BEFORE_CHARS) : match.start()]
    try:
        date = datetime.date(2000, int(month), int(day))  # a leap year: "29.2." is a date
    except ValueError:
        return match.group()
    if not (day.startswith("0") or month.startswith("0") or _DAY_MONTH_CONTEXT.search(before)):
        return match.group()
    said = f"{int(day)}. {format_date(date, 'MMMM', locale='de')}"
    return f"{said}." if at_end(match) else said


def _say_german_ordinal(match: re.Match[str]) -> str:
    before = match.string[max(0, match.start() - _WORDS_BEFORE_CHARS) : match.start()]
    date = _GERMAN_MONTH.match(match.string, match.end())
    if not date and match.start() <= len(before) and not before.strip(" \t•-–—*("):
        return match.group()  # a list marker
    words = number_words(int(match["number"]), "de", "ordinal")
    if _DECLINED_BEFORE.search(before):
        return words + "n"  # "am vierundzwanzigsten Juli"
    if date and not _ARTICLE_BEFORE.search(before):
        return words + "r"  # a date alone, as in a dateline: "vierundzwanzigster Juli"
    return words


@functools.cache
def number_reader(language: str) -> NumberReader:
    """The reader for a primary language subtag (units in every language Babel knows)."""
    return NumberReader(language)
