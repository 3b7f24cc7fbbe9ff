"""News-layer rules for amounts: money, percentages, dates, times, measures, ranges, scores, decades and
ordinals — the forms NeMo reads wrong or too slowly in news copy.

Each function here is the replacement of one rule in ``news_rules.RULES`` (where the patterns and their order
live); ``numbers`` turns the digits into words.
"""

from __future__ import annotations

import re

from newscaster.text import numbers
from newscaster.text.news_abbreviations import at_end, spell
from newscaster.text.news_words import (
    CURRENCIES,
    METRE_ADJECTIVES,
    METRE_NOUNS,
    MONTH_NAMES,
    NOT_NOUNS,
    PER_SECOND_UNITS,
    PER_UNITS,
    SCALE_WORDS,
    TIME_ZONES,
    UNITS,
)

DAY = r"(?P<day>3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?"
YEAR = r"(?P<year>1[0-9]\d\d|20\d\d)"


def phone(match: re.Match[str]) -> str:
    groups = re.findall(r"\d+", match.group())
    spoken = ", ".join(numbers.digits(group) for group in groups)
    return ("plus " if match.group().startswith("+") else "") + spoken


US_NUMBER_LENGTH = 7
"""Digits (or letters standing for them) after the area code of a North American number: "1-800-FLOWERS".
Vanity numbers may add letters past the seventh, which the keypad ignores ("1-800-MATTRESS")."""


def north_american_phone(match: re.Match[str]) -> str:
    """ "1-800-555-0199" → "one, eight hundred, five five five, zero one nine nine"; vanity numbers keep
    their words: "1-800-GO-U-HAUL" → "one, eight hundred, Go U Haul" (capitalized, so not spelled as an
    initialism)."""
    groups = match["rest"].split("-")
    if sum(len(group) for group in groups) < US_NUMBER_LENGTH:
        return match.group()
    area = match["area"]
    spoken = ["one", "eight hundred" if area == "800" else numbers.digits(area)]
    for group in groups:
        if group.isdigit():
            spoken.append(numbers.digits(group))
        elif group.isalpha():
            word = group.capitalize()
            if spoken[-1][:1].isupper():  # letters run on as words: "Go U Haul"
                spoken[-1] += " " + word
            else:
                spoken.append(word)
        else:
            return match.group()
    return ", ".join(spoken)


def digit_by_digit(match: re.Match[str]) -> str:
    return numbers.digits(match["n"])


def code_digits(match: re.Match[str]) -> str:
    """ "MIG-25/235212-asdg" → "… two three five two one two …": a long number inside a code with letters is
    an identifier, not an amount."""
    start = match.string.rfind(" ", 0, match.start()) + 1
    end = match.string.find(" ", match.end())
    token = match.string[start : end if end >= 0 else len(match.string)]
    return numbers.digits(match["n"]) if re.search(r"[A-Za-z]", token) else match.group()


def money(match: re.Match[str]) -> str:
    return _amount(match) + _per_unit(match)


def _amount(match: re.Match[str]) -> str:
    one, many, minor_one, minor_many = CURRENCIES[match["cur"] or match["code"]]
    whole = match["int"].replace(",", "")
    fraction = match["frac"]
    scale = match["scale"] or match["scale_word"]
    if scale:
        amount = numbers.number(whole + (f".{fraction}" if fraction else ""))
        unit = one if _is_attributive(match) else many
        return f"{amount} {SCALE_WORDS[scale.lower()]} {unit}"
    if fraction is not None and minor_one:
        if len(fraction) == 1:  # "$20.5" → "twenty dollars and fifty cents"
            fraction += "0"
        elif len(fraction) > 2 and not fraction[2:].strip("0"):  # "$20.500", as some price lists write
            fraction = fraction[:2]
    if fraction is not None and len(fraction) == 2 and minor_one:
        units, cents = int(whole), int(fraction)
        parts = []
        if units or not cents:
            parts.append(f"{numbers.cardinal(units)} {one if units == 1 else many}")
        if cents:
            parts.append(f"{numbers.cardinal(cents)} {minor_one if cents == 1 else minor_many}")
        return " and ".join(parts)
    amount = numbers.number(whole + (f".{fraction}" if fraction else ""))
    return f"{amount} {one if amount == 'one' else many}"


def _per_unit(match: re.Match[str]) -> str:
    """ "$20/mo" → "… per month"."""
    per = match.groupdict().get("per")
    return f" per {PER_UNITS[per]}" if per else ""


NEXT_WORD = re.compile(r"\s+([a-z][a-z-]*)\b")


def _is_attributive(match: re.Match[str]) -> bool:
    """ "a $1.2bn terminal" → "a one point two billion dollar terminal": an amount directly followed by a
    lowercase word that is not a function word, a common verb or an adverb is used as an adjective."""
    following = NEXT_WORD.match(match.string, match.end())
    if not following:
        return False
    word = following.group(1)
    return word not in NOT_NOUNS and not word.endswith("ly")


def date_month_day(match: re.Match[str]) -> str:
    """ "March 3, 2024" → "March third, twenty twenty-four"."""
    spoken = f"{match['month'].capitalize()} {numbers.ordinal(int(match['day']))}"
    if match["year"]:
        spoken += match["sep"] + numbers.year(int(match["year"]))
    return spoken


def date_day_month(match: re.Match[str]) -> str:
    """ "3 March 2024" → "the third of March twenty twenty-four" ("the" not doubled after "on the")."""
    article = "" if re.search(r"\bthe\s+$", match.string[: match.start()], re.IGNORECASE) else "the "
    spoken = f"{article}{numbers.ordinal(int(match['day']))} of {match['month'].capitalize()}"
    if match["year"]:
        spoken += match["sep"] + numbers.year(int(match["year"]))
    return spoken


def month_year(match: re.Match[str]) -> str:
    return f"{match['month'].capitalize()} {numbers.year(int(match['year']))}"


def measure(match: re.Match[str]) -> str:
    singular, plural = UNITS[match["unit"]]
    value = match["num"]
    scale = match.groupdict().get("scale")
    one = value == "1" and not match["low"] and not scale
    spoken = f"{numbers.number(value)}{' ' + scale if scale else ''} {singular if one else plural}"
    if match["low"]:
        spoken = f"{numbers.number(match['low'])} to {spoken}"
    return ("minus " if match["sign"] else "") + spoken


_FRACTION_GLYPHS = {
    "½": (1, 2), "⅓": (1, 3), "⅔": (2, 3), "¼": (1, 4), "¾": (3, 4), "⅕": (1, 5), "⅛": (1, 8), "⅜": (3, 8),
    "⅝": (5, 8), "⅞": (7, 8),
}  # fmt: skip
FRACTION_GLYPHS = "".join(_FRACTION_GLYPHS)


def fraction_words(numerator: int, denominator: int) -> str:
    """3/4 → "three quarters", 1/2 → "a half", 2/3 → "two thirds"."""
    if denominator == 2:
        name, names = "half", "halves"
    elif denominator == 4:
        name, names = "quarter", "quarters"
    else:
        name = numbers.ordinal(denominator)
        names = name + "s"
    if numerator == 1:
        return f"a {name}"
    return f"{numbers.cardinal(numerator)} {names}"


def ordinal_fraction(match: re.Match[str]) -> str:
    """ "1/4th" → "one quarter", "2/4th" → "two quarters", "3/5th" → "three fifths"."""
    numerator, denominator = int(match["n"]), int(match["d"])
    if not 0 < numerator < denominator:
        return match.group()
    spoken = fraction_words(numerator, denominator)
    return "one" + spoken[1:] if numerator == 1 else spoken  # "a quarter" → "one quarter", as written


def mixed_fraction(match: re.Match[str]) -> str:
    """ "2 1/2" → "two and a half", "4½ lbs" → "four and a half pounds"."""
    if match["glyph"]:
        numerator, denominator = _FRACTION_GLYPHS[match["glyph"]]
    else:
        numerator, denominator = int(match["n"]), int(match["d"])
    if not 0 < numerator < denominator:
        return match.group()
    spoken = f"{numbers.number(match['whole'])} and {fraction_words(numerator, denominator)}"
    if match["unit"]:
        spoken += " " + UNITS[match["unit"]][1]
    return spoken


def era_year(match: re.Match[str]) -> str:
    """ "340 AD" → "three forty A.D", "AD 79" → "A.D seventy-nine", "44 BC" → "forty-four B.C"."""
    era = spell(match["era"].replace(".", "").upper())
    era += "." if match.group().endswith(".") and at_end(match) else ""
    before = match.groupdict().get("before")
    if before:
        return f"{era} {numbers.paired(before)}"
    return f"{numbers.paired(match['after'])} {era}"


def metres(match: re.Match[str]) -> str:
    following = NEXT_WORD.match(match.string, match.end())
    attributive = following is not None and following.group(1) in METRE_NOUNS  # "a seven metre wall"
    return f"{numbers.number(match['num'])} {'metre' if match['num'] == '1' or attributive else 'metres'}"


def inch_mark(match: re.Match[str]) -> str:
    """'12"' → "twelve inches", '5'11"' → "five feet eleven inches". A straight double quote after a number
    is an inch mark only when the sentence's straight quotes do not pair up and it does not end a sentence
    that has words before it: there it more likely closes a quotation opened in an earlier sentence."""
    if match["feet"]:
        return f"{numbers.number(match['feet'])} {'foot' if match['feet'] == '1' else 'feet'} {inches(match)}"
    if match["mark"] == '"':
        text = match.string
        rest = text[match.end() :].strip(" .,;:!?")
        words_before = re.search(r"[A-Za-z]", text[: match.start()]) is not None
        if text.count('"') % 2 == 0 or (not rest and words_before):
            return match.group()
    return inches(match)


def per_second(match: re.Match[str]) -> str:
    """ "10 m/s" → "ten metres per second", "3 cc/s" → "three C.C per second"."""
    singular, plural = PER_SECOND_UNITS[match["unit"]]
    return f"{numbers.number(match['num'])} {singular if match['num'] == '1' else plural} per second"


def inches(match: re.Match[str]) -> str:
    return f"{numbers.number(match['num'])} {'inch' if match['num'] == '1' else 'inches'}"


def ratio(match: re.Match[str]) -> str:
    return f"{numbers.cardinal(int(match['a']))} to {numbers.cardinal(int(match['b']))}"


def celsius(match: re.Match[str]) -> str:
    return f"{numbers.number(match['num'])} {'degree' if match['num'] == '1' else 'degrees'} Celsius"


def bare_scale(match: re.Match[str]) -> str:
    value = numbers.number(match["num"])
    suffix = match["suffix"]
    if suffix == "m":
        following = NEXT_WORD.match(match.string, match.end())
        word = following.group(1) if following else ""
        if word in METRE_NOUNS:  # attributive: "the one hundred metre sprint"
            return f"{value} metre"
        if word in METRE_ADJECTIVES:
            return f"{value} {'metre' if match['num'] == '1' else 'metres'}"
    return f"{value} {SCALE_WORDS[suffix]}"


def percent(match: re.Match[str]) -> str:
    sign = {"-": "minus ", "−": "minus ", "+": "plus "}.get(match["sign"] or "", "")
    words = numbers.number(match["num"])
    if match["low"]:
        words = f"{numbers.number(match['low'])} to {words}"
    return f"{sign}{words} percent"


def percentage_points(match: re.Match[str]) -> str:
    return f"{numbers.number(match['num'])} percentage points"


def year_range(match: re.Match[str]) -> str:
    start, end = match["start"], match["end"]
    first = int(start)
    if len(end) == 2:
        if int(end) <= first % 100 and not (first % 100 == 99 and end == "00"):
            return match.group()
        return f"{numbers.year(first)} to {numbers.year_suffix(end)}"
    if int(end) <= first:
        return match.group()
    return f"{numbers.year(first)} to {numbers.year(int(end))}"


MAX_SCORE_DIGITS = 3
"""Scores and small ranges have up to three digits or thousands commas; a range of longer numbers without
commas has them on both sides ("10000-20000")."""


def _is_long(written: str) -> bool:
    return "," not in written and len(written) > MAX_SCORE_DIGITS


def score_or_range(match: re.Match[str]) -> str:
    low, high = match["a"], match["b"]
    if _is_long(low) != _is_long(high):
        return match.group()  # "555-1234" is a phone number, "170 - 45190" a code; "2000-3000" is a range
    low_value, high_value = int(low.replace(",", "")), int(high.replace(",", ""))
    if max(low_value, high_value) > 99 and high_value <= low_value:
        return match.group()  # "Boeing 747-8": a model number, not a score or a range
    if low == high:  # "50-50" → "fifty-fifty"
        return f"{numbers.number(low)}-{numbers.number(high)}"
    return f"{numbers.number(low)} to {numbers.number(high)}"


def decade_range(match: re.Match[str]) -> str:
    """ "1960s-80s" → "nineteen sixties to eighties"."""
    return f"{numbers.decade(match['decade'])} to {numbers.decade(match['end'])}"


def decade(match: re.Match[str]) -> str:
    return numbers.decade(match["decade"])


MAX_NUMBER_IN_CODE = 2
"""Digits before letters that are not an ordinal ending ("111st") are a code: up to two digits are still read
as a number ("11st" → "eleven st"), more one by one, as NeMo reads serial codes ("235212-asdg")."""
_MONTH_BEFORE = re.compile(rf"\b(?:{MONTH_NAMES})\.?\s+$", re.IGNORECASE)
_MONTH_AFTER = re.compile(rf"\s+(?:of\s+)?(?:{MONTH_NAMES})\b", re.IGNORECASE)


def ordinal(match: re.Match[str]) -> str:
    text = match.string
    if _MONTH_BEFORE.search(text, 0, match.start()) or _MONTH_AFTER.match(text, match.end()):
        return match.group()  # a date: NeMo reads "26th May" as "the twenty-sixth of May"
    value = int(match["n"])
    expected = "th" if 10 <= value % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(value % 10, "th")
    if match["suffix"].lower() != expected:
        if len(match["n"]) <= MAX_NUMBER_IN_CODE:
            return match.group()  # "11st": NeMo reads "eleven st"
        return f"{numbers.digits(match['n'])} {match['suffix']}"  # "111st" → "one one one st"
    return numbers.ordinal(value)


def number_before_hyphen(match: re.Match[str]) -> str:
    return numbers.number(match["n"])


def clock_time(match: re.Match[str]) -> str:
    hour, minute = int(match["h"]), int(match["m"])
    meridiem = match["ampm"]
    words = numbers.cardinal(hour)
    if minute == 0:
        if not meridiem:
            words += " o'clock" if hour <= 12 else " hundred"
    elif minute < 10:
        words += f" oh {numbers.cardinal(minute)}"
    else:
        words += f" {numbers.cardinal(minute)}"
    return words + _meridiem(match) + _space_before_letter(match)


def _space_before_letter(match: re.Match[str]) -> str:
    """ "11:30EST" → "eleven thirty EST"."""
    return " " if match.string[match.end() : match.end() + 1].isalpha() else ""


def hour_time(match: re.Match[str]) -> str:
    return numbers.cardinal(int(match["h"])) + _meridiem(match) + _space_before_letter(match)


def _meridiem(match: re.Match[str]) -> str:
    meridiem = match["ampm"]
    if not meridiem:
        return ""
    spoken = " " + spell(meridiem.replace(".", "").upper())
    return spoken + ("." if meridiem.endswith(".") and at_end(match) else "")


def meridiem(match: re.Match[str]) -> str:
    """ "p.m." after a time NeMo reads ("10:00:00 p.m.") → " P.M", as after the times read here."""
    return _meridiem(match)


def time_zone(match: re.Match[str]) -> str:
    """ "P.M e.s.t" → "P.M E.S.T": dotted lowercase letters after a time are a zone; a zone written in
    capitals is spelled by the initialism rule, one in lowercase without dots ("est") is left as written."""
    letters = match["zone"].replace(".", "").upper()
    if letters not in TIME_ZONES:
        return match.group()
    return spell(letters) + ("." if match["zone"].endswith(".") and at_end(match) else "")


def quarter(match: re.Match[str]) -> str:
    return f"{match['q']} {numbers.cardinal(int(match['n']))}"


def fiscal_year(match: re.Match[str]) -> str:
    value = match["y"]
    return "fiscal year " + (numbers.year(int(value)) if len(value) == 4 else numbers.year_suffix(value))
