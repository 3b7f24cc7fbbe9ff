"""Amounts of money in other languages, the currency's sign before or after the number: "€ 5", "5,50 €",
"US$ 5 millones", "R$ 50 mil", "£ 200", "CHF 30".

espeak-ng reads "€ 5" as "Euro fünf", "5,50 €" as "fünf Komma fünf null Euro", "R$ 12,05" as "real doze
vírgula zero cinco" and "US$ 5 millones" as "u ese dólar cinco millones": a newsreader says "fünf Euro
fünfzig", "doze reais e cinco centavos", "cinco millones de dólares". Currency names and their plurals
come from CLDR through Babel, shortened to what is said ("dólares", not "dólares estadounidenses").

A bare "$" is a dollar in German, French, Italian and Dutch, but in Spanish and Portuguese as often a peso
(Mexico, Argentina, Chile, Colombia): there it is left as written.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

CURRENCY_SIGNS = {"US $": "USD", "US$": "USD", "R$": "BRL", "CHF": "CHF", "€": "EUR", "£": "GBP", "$": "USD"}
"""Signs written beside an amount and their ISO 4217 codes (longest first: "US$" before "$")."""
DOLLAR_IS_AMBIGUOUS = frozenset({"es", "pt"})
"""Languages in which a bare "$" is as often a peso as a dollar."""
SUBUNIT_WORDS = {
    "EUR": {
        "de": "Cent", "fr": "centimes", "nl": "cent", "es": "céntimos", "it": "centesimi", "pt": "cêntimos",
    },
    "USD": {"de": "Cent", "fr": "cents", "nl": "cent", "es": "centavos", "it": "centesimi", "pt": "centavos"},
    "BRL": {"es": "centavos", "pt": "centavos"},
    "GBP": {"de": "Pence", "fr": "pence", "nl": "pence", "es": "peniques", "it": "pence", "pt": "pence"},
    "CHF": {"de": "Rappen", "fr": "centimes", "it": "centesimi", "nl": "rappen"},
}  # fmt: skip
"""What the hundredths of each currency are called ("0,14 €" is "vierzehn Cent"); without an entry an
amount with hundredths is read as a decimal number of the currency."""
MAX_AMOUNT_DIGITS = 15
"""No sum of money is longer; a longer run of digits is left as written."""


@dataclass(frozen=True)
class MoneyWords:
    """How one language says an amount around the number and the currency's name."""

    one: str = ""
    """"1" before the currency where the language has no gender to agree ("ein Euro", not num2words'
    "eins Euro"); Romance ones leave the digit, which agrees with the currency's name ("una libra")."""
    cents_joiner: str = ""
    """The word between the whole amount and its hundredths ("cinco euros con cincuenta"), if any."""
    of_millions: str = ""
    """What joins "millions" to the currency ("cinco millones de euros", "deux millions d'euros")."""


MONEY_WORDS = {
    "de": MoneyWords(one="ein"),
    "nl": MoneyWords(one="één"),
    "fr": MoneyWords(of_millions="d'"),
    "es": MoneyWords(cents_joiner="con", of_millions="de "),
    "it": MoneyWords(cents_joiner="e", of_millions="di "),
    "pt": MoneyWords(cents_joiner="e", of_millions="de "),
}
"""The languages whose amounts of money are read here."""

_SIGN = "|".join(re.escape(sign) for sign in CURRENCY_SIGNS)
_AMOUNT = r"\d{1,3}(?:[.\u00a0\u202f ]\d{3})+|\d+"
_LARGE_COUNTS = (
    "Millionen|Million|Milliarden|Milliarde|Billionen|Billion|millions|million|milliards|milliard|billions|"
    "billion|millones|millón|billones|billón|milioni|milione|miliardi|miliardo|milhões|milhão|bilhões|bilhão|"
    "miljoen|miljard"
)
_SPACE = "[\u00a0\u202f ]?"
_MONEY = re.compile(
    rf"(?<![\w.,$=])(?:(?P<large_sign>{_SIGN}){_SPACE}"
    rf"(?P<large>\d+(?:,\d+)?\s(?:(?:mil\s)?(?:{_LARGE_COUNTS})|mil(?!\s+(?:{_LARGE_COUNTS}))))\b"
    rf"|(?P<sign_before>{_SIGN}){_SPACE}(?P<before>{_AMOUNT})(?:,(?P<before_cents>\d{{2}}))?(?![.,]?\d|\w)"
    rf"|(?P<after>{_AMOUNT})(?:,(?P<after_cents>\d{{2}}))?{_SPACE}(?P<sign_after>{_SIGN}))"
)
"""An amount, the sign before or after it, or a sign before a count of millions ("€ 2,5 Millionen") or, in
Spanish and Portuguese, thousands ("R$ 50 mil")."""


def read_money(text: str, language: str) -> str:
    """``text`` with its amounts of money said in ``language`` (unchanged for a language not in the table)."""
    words = MONEY_WORDS.get(language)
    if words is None:
        return text
    return _MONEY.sub(lambda match: _say(match, words, language), text)


def _say(match: re.Match[str], words: MoneyWords, language: str) -> str:
    sign = match["large_sign"] or match["sign_before"] or match["sign_after"]
    if sign == "$" and language in DOLLAR_IS_AMBIGUOUS:
        return match.group()
    currency = CURRENCY_SIGNS[sign]
    name = functools.partial(_name_for_sign, sign, currency, language)
    if match["large"]:  # "€ 5,5 Millionen" → "5,5 Millionen Euro"
        joiner = "" if match["large"].endswith("mil") else words.of_millions  # "cinquenta mil reais"
        return f"{match['large']} {joiner}{name(5)}"
    whole = match["before"] or match["after"]
    cents = match["before_cents"] or match["after_cents"]
    digits = re.sub(r"\D", "", whole)
    if len(digits) > MAX_AMOUNT_DIGITS:
        return match.group()
    amount = int(digits)
    subunit = SUBUNIT_WORDS.get(currency, {}).get(language)
    if cents and subunit is None:
        return f"{whole},{cents} {name(5)}"  # a decimal: "12,05 reales"
    if amount == 0 and cents:
        return f"{int(cents)} {subunit}"
    said = [words.one if whole == "1" and words.one else whole, name(amount)]
    if cents and cents != "00":
        said += [words.cents_joiner, str(int(cents))]
    return " ".join(part for part in said if part)


def _name_for_sign(sign: str, currency: str, language: str, amount: int) -> str:
    name = currency_name(currency, amount, language)
    # A bare "$" may be any dollar ("5 $" in Singapore): "Dollar", not "US-Dollar".
    return name.removeprefix("US-") if sign == "$" else name


@functools.lru_cache(maxsize=256)
def currency_name(currency: str, amount: int, language: str) -> str:
    """The currency's name as said after ``amount`` in ``language`` (CLDR's name and plural rules, the
    country dropped: "Euro", "euros", "US-Dollar", "dólares", "reais", "Pfund")."""
    from babel.numbers import get_currency_name

    name = str(get_currency_name(currency, amount, locale=language))
    if language == "de":
        return name.split()[-1]  # "Britische Pfund" → "Pfund"; German nouns keep their capital
    return name.split()[0].lower()  # "Dólares americanos" → "dólares"
