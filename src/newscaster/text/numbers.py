"""Numbers as words, the way a US newsreader says them.

Small and exact on purpose: the news rules and the plain-number fast path use these instead of a NeMo call
(~10–50 ms each). Tens and units are hyphenated ("twenty-four"); there is no "and" after "hundred".
"""

from __future__ import annotations

import re

_ONES = [
    *("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven"),
    *("twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"),
]
_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_SCALES = (
    (10**18, "quintillion"),
    (10**15, "quadrillion"),
    (10**12, "trillion"),
    (10**9, "billion"),
    (10**6, "million"),
    (10**3, "thousand"),
)
_ORDINAL_IRREGULAR = {
    "one": "first",
    "two": "second",
    "three": "third",
    "five": "fifth",
    "eight": "eighth",
    "nine": "ninth",
    "twelve": "twelfth",
}
MAX_CARDINAL = 10**21 - 1
"""Beyond this we read digit by digit: nobody says "a sextillion" in news copy."""
MAX_UNGROUPED_DIGITS = 12
"""More digits than this without thousands commas are a code (a card, ISBN or IMEI number), not an amount:
read one by one."""


def _below_thousand(n: int) -> str:
    words: list[str] = []
    hundreds, rest = divmod(n, 100)
    if hundreds:
        words.append(f"{_ONES[hundreds]} hundred")
    if rest >= 20:
        tens, ones = divmod(rest, 10)
        words.append(_TENS[tens] + (f"-{_ONES[ones]}" if ones else ""))
    elif rest or not hundreds:
        words.append(_ONES[rest])
    return " ".join(words)


def cardinal(n: int) -> str:
    """``1234567`` → "one million two hundred thirty-four thousand five hundred sixty-seven"."""
    if n < 0:
        return "minus " + cardinal(-n)
    if n > MAX_CARDINAL:
        return digits(str(n))
    if n < 1000:
        return _below_thousand(n)
    words: list[str] = []
    for scale, name in _SCALES:
        count, n = divmod(n, scale)
        if count:
            words.append(f"{cardinal(count)} {name}")
    if n:
        words.append(_below_thousand(n))
    return " ".join(words)


def ordinal(n: int) -> str:
    """``21`` → "twenty-first"."""
    words = cardinal(n)
    head, sep, last = words.rpartition(" ")
    if "-" in last:
        tens, _, unit = last.rpartition("-")
        last = f"{tens}-{_ordinal_word(unit)}"
    else:
        last = _ordinal_word(last)
    return head + sep + last


def _ordinal_word(word: str) -> str:
    if word in _ORDINAL_IRREGULAR:
        return _ORDINAL_IRREGULAR[word]
    if word.endswith("y"):
        return word[:-1] + "ieth"
    return word + "th"


def digits(text: str) -> str:
    """``"0958"`` → "zero nine five eight"."""
    return " ".join(_ONES[int(c)] for c in text if c.isdigit())


def year(n: int) -> str:
    """Years as spoken: 1066 "ten sixty-six", 1905 "nineteen oh five", 2005 "two thousand five", 2024
    "twenty twenty-four", 1900 "nineteen hundred"."""
    if not 1000 <= n <= 9999:
        return cardinal(n)
    century, rest = divmod(n, 100)
    if rest == 0:
        return cardinal(n) if century % 10 == 0 else f"{cardinal(century)} hundred"
    if n % 1000 < 10:  # 1005, 2005: "two thousand five", not "twenty oh five"
        return cardinal(n)
    if rest < 10:
        return f"{cardinal(century)} oh {cardinal(rest)}"
    return f"{cardinal(century)} {cardinal(rest)}"


def paired(written: str) -> str:
    """House, flight and model numbers and early years as people say them: "123" → "one twenty-three",
    "708" → "seven oh eight", "2788" → "twenty-seven eighty-eight"; five digits and more one by one."""
    value = int(written)
    if len(written) <= 2:
        return cardinal(value)
    if written.startswith("0") or len(written) > 4:
        return digits(written)
    if len(written) == 4:
        return year(value)
    head, rest = divmod(value, 100)
    if rest == 0:
        return cardinal(value)
    return f"{cardinal(head)} {'oh ' if rest < 10 else ''}{cardinal(rest)}"


def year_suffix(two_digits: str) -> str:
    """The short second half of a year range: "25" → "twenty-five", "09" → "oh nine"."""
    value = int(two_digits)
    if two_digits.startswith("0") and value:
        return f"oh {cardinal(value)}"
    return cardinal(value)


def plural(words: str) -> str:
    """Make the last word of a number plural, for decades: "nineteen ninety" → "nineteen nineties"."""
    head, sep, last = words.rpartition(" ")
    if last.endswith("y"):
        last = last[:-1] + "ies"
    elif last.endswith("x"):
        last += "es"
    else:
        last += "s"
    return head + sep + last


def decade(text: str) -> str:
    """``"1990s"`` → "nineteen nineties", ``"90s"`` → "nineties", ``"2000s"`` → "two thousands"."""
    value = int(text.rstrip("s").lstrip("'’"))
    if value < 100:
        return plural(cardinal(value))
    return plural(year(value))


_NUMBER = re.compile(r"^(?P<int>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<frac>\d+))?$")


def number(text: str) -> str:
    """A written integer or decimal, with or without thousands commas: ``"1,234"``, ``"4.2"``, ``"0.50"``.

    Leading zeros (``"007"``) and more than ``MAX_UNGROUPED_DIGITS`` digits without commas are read digit by
    digit, as NeMo does.
    """
    match = _NUMBER.match(text)
    if not match:
        raise ValueError(f"not a plain number: {text!r}")
    whole = match["int"].replace(",", "")
    leading_zero = len(whole) > 1 and whole.startswith("0")
    code = "," not in match["int"] and len(whole) > MAX_UNGROUPED_DIGITS
    # Past MAX_CARDINAL there are no words anyway, and Python refuses int() of more than 4,300 digits.
    too_long = len(whole) > len(str(MAX_CARDINAL))
    words = digits(whole) if leading_zero or code or too_long else cardinal(int(whole))
    if match["frac"] is not None:
        words += " point " + digits(match["frac"])
    return words


def is_number(text: str) -> bool:
    return _NUMBER.match(text) is not None
