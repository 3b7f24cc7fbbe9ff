"""The news layer: regex rules that turn news copy into words before NeMo sees it.

Each rule fixes something NeMo (or the voices) get wrong in news text — money with scale words and currency
prefixes, decades, year ranges, scores, regnal numerals, titles and street abbreviations, initialisms — and
writes plain words, so the sentence usually needs no NeMo call at all. Rules run in the order of ``RULES``; a
rule only sees what the rules before it left. ``apply_news_rules`` is the entry point.

This module holds the patterns and their order; the replacements live in ``news_numbers`` (money, dates,
times, measures, ranges) and ``news_abbreviations`` (titles, addresses, numerals, initialisms), the word
lists they consult in ``news_words``.

Spelled initialisms are written as dotted letters without a final dot ("SCO" → "S.C.O"): hibari and piper
both read that as three letter names, while "S C O" makes hibari read a lone "A" as the article and a final
dot ("S.C.O.") ends the sentence in both engines.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from newscaster.text import news_abbreviations as abbr
from newscaster.text import news_numbers as amounts
from newscaster.text.news_abbreviations import spell
from newscaster.text.news_numbers import FRACTION_GLYPHS
from newscaster.text.news_words import (
    ABBREVIATIONS,
    COMPASS_POINTS,
    CURRENCIES,
    MONTHS,
    NUMBER_ABBREVIATIONS,
    PER_UNITS,
    STREET_SUFFIXES,
    TITLES,
    TITLES_WITHOUT_DOT,
    UNITS,
    URL_TLDS,
    US_POSTAL_CODES,
)

__all__ = ["RULES", "apply_news_rules", "is_shouting", "spell", "spell_initialisms"]

_SHOUTING_SHARE = 0.8
"""A sentence whose words are nearly all capitals is a shouted headline: spelling them would garble it. A
normal sentence full of initialisms ("the US, UK and EU") still has its lowercase words, about half."""
_SHOUTING_MIN_WORDS = 3
"""Fewer words than this is a name or label ("BBC News"), not shouting."""

# ---------------------------------------------------------------------------------------------------------
# The rules, in order
# ---------------------------------------------------------------------------------------------------------

_NUM = r"\d{1,3}(?:,\d{3})+|\d+"
_CURRENCY_SYMBOLS = "|".join(
    re.escape(c) for c in sorted(CURRENCIES, key=len, reverse=True) if not c.isalpha()
)
_CURRENCY_CODES = "|".join(c for c in CURRENCIES if c.isalpha())
_SCALE = (
    r"(?:(?P<scale>tn|bn|mn|mln|[mbkt]|TN|BN|MN|[MBKT])\b"
    r"|\s?(?P<scale_word>trillion|billion|million|thousand)\b)"
)

Rule = tuple[str, re.Pattern[str], abbr.Replacement | str]


def _alternatives(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_AM_PM = r"(?P<ampm>[ap]\.m\b\.?|[AP]\.M\b\.?|[ap]m\b|[AP]M\b)"
_MONTH = "|".join(
    [MONTHS, MONTHS.upper(), *(m.lower() for m in MONTHS.split("|") if m not in {"May", "March"})]
)
"""A month name as written, shouted or in lowercase copy; lowercase "may" and "march" are verbs."""
_PER = rf"(?:\s?/\s?(?P<per>{_alternatives(PER_UNITS)})(?![\w/]))?"
_FRACTION = rf"(?:\s(?P<n>\d{{1,2}})/(?P<d>\d{{1,2}})(?![\d/])|\s?(?P<glyph>[{FRACTION_GLYPHS}]))"
_ERA = r"(?P<era>A\.D\.?|B\.C\.(?:E\.)?|C\.E\.|AD|BCE|BC|CE)"

RULES: list[Rule] = [
    # Typography that hides numbers: the Unicode minus, non-breaking spaces and hyphens.
    ("unicode_minus", re.compile(r"−(?=\d)"), "-"),
    ("nonbreaking", re.compile(r"[\u00a0\u2007\u202f]"), " "),
    ("nonbreaking_hyphen", re.compile(r"\u2011"), "-"),
    # "China- Russia" (an extraction artefact) → "China-Russia".
    ("broken_hyphen", re.compile(r"(?<=[A-Za-z])- (?=[A-Z])"), "-"),
    # E-mail and web addresses, as a newsreader says them: "info at example dot com".
    (
        "email",
        re.compile(r"(?<![\w.])(?P<user>[\w.+-]+)@(?P<host>(?:[A-Za-z0-9-]+\.)+[a-z]{2,6})\b"),
        abbr.email,
    ),
    (
        "url",
        re.compile(
            rf"(?<![\w@/.])(?:https?://)?(?P<host>(?:www\.)?(?:[A-Za-z0-9-]+\.)+(?:{URL_TLDS})(?:\.[a-z]{{2}})?)"
            r"(?![\w-])(?P<path>/[^\s,;)\"”]*)?"
        ),
        abbr.url,
    ),
    # Street addresses: "708 N 1st St, San Jose, CA 95112" → "seven oh eight North 1st Street, San Jose,
    # California nine five one one two". State codes are read only here, after a street and a city.
    (
        "street_address",
        re.compile(
            r"(?<![\w.,$£€-])(?P<number>\d{1,5})\s"
            rf"(?:(?P<compass>{_alternatives(COMPASS_POINTS)})\.?\s)?"
            r"(?P<street>(?:(?:[A-Z][a-z]+|\d{1,3}(?:st|nd|rd|th))\s){1,3})"
            rf"(?P<suffix>(?i:{_alternatives(STREET_SUFFIXES)}))\b(?P<dot>\.)?"
            r"(?:,\s(?P<city>[A-Z][a-z]+(?:\s[A-Z][a-z]+){0,2}),\s?"
            rf"(?P<state>{_alternatives(US_POSTAL_CODES)})\b(?:,?\s(?P<zip>\d{{5}}(?:-\d{{4}})?)\b)?)?"
        ),
        abbr.street_address,
    ),
    # "(D-Calif.)" → "(Democrat of California)".
    (
        "party_state",
        re.compile(r"\b(?P<party>[DRI])-(?P<state>[A-Z][a-z]*\.(?:[A-Z][a-z]?\.)?|[A-Z][a-z]+)"),
        abbr.party_state,
    ),
    # "Baker St." / "Sunset Dr." after a name and not before another name → "Street" / "Drive".
    (
        "street",
        re.compile(r"(?<=[a-z] )(?P<abbr>St|Rd|Dr|Ave)\.?(?=$|[\s,;:)”\"]+(?:$|[a-z\d(]))"),
        abbr.street,
    ),
    # "St. Paul", "St Helens" → "Saint"; but "1428 Elm St. It was" → "Street".
    ("saint", re.compile(r"\bSt\.?(?P<space>\s+)(?=[A-Z])"), abbr.saint_or_street),
    # "Dr. Alan Whitfield", "Sen. Alex Padilla", "Mr Smith" → "Doctor", "Senator", "Mister".
    ("title", re.compile(rf"\b(?P<title>{_alternatives(TITLES)})\.\s+(?=[A-Z])"), abbr.title),
    (
        "title_without_dot",
        re.compile(rf"\b(?P<title>{_alternatives(TITLES_WITHOUT_DOT)})\s+(?=[A-Z][a-z])"),
        abbr.title,
    ),
    # "Jr.", "Inc.", "Sept.", "e.g." → words (the dot stays when it ends the sentence).
    ("abbreviation", re.compile(rf"(?<![\w.])(?:{_alternatives(ABBREVIATIONS)})(?!\w)"), abbr.abbreviation),
    # "No. 1", "pp. 46", "Mar. 3", "Sept 15" → "number 1", "pages 46", "March 3", "September 15".
    (
        "number_abbreviation",
        re.compile(rf"(?<![\w.])(?P<abbr>{_alternatives(NUMBER_ABBREVIATIONS)})(?!\w)\s*(?=#?\d)"),
        abbr.number_abbreviation,
    ),
    # Telephone numbers, digit by digit in their groups: "(555) 123-4567", "+44 20 7946 0958".
    (
        "phone",
        re.compile(
            r"(?<![\w+])(?:\+\d{1,3}(?:[ .-]\d{2,5}){2,4}|\(\d{3}\)[ -]?\d{3}-\d{4}|\d{3}-\d{3}-\d{4})"
            r"(?![\w-])"
        ),
        amounts.phone,
    ),
    # The last digits of a card, account or phone number: "ending in 8876" → "eight eight seven six".
    ("ending_digits", re.compile(r"(?<=\bending in )(?P<n>\d{2,4})\b(?![.,]\d)"), amounts.digit_by_digit),
    ("401k", re.compile(r"\b401\(?k\)?(?!\w)"), "four oh one K"),
    # "#1" → "number 1"; "#MeToo" → "hashtag MeToo".
    ("hash_number", re.compile(r"(?<!\w)#(?=\d)"), "number "),
    ("hashtag", re.compile(r"(?<!\w)#(?=[A-Za-z])"), "hashtag "),
    # "AT&T", "R&D", "Johnson & Johnson" → "and".
    ("letters_ampersand", re.compile(r"\b(?P<a>[A-Z]{1,3})&(?P<b>[A-Z]{1,3})\b"), abbr.letters_ampersand),
    ("ampersand", re.compile(r"\s*&\s*"), " and "),
    ("and_or", re.compile(r"\band/or\b"), "and or"),
    ("round_the_clock", re.compile(r"\b24/7\b"), "twenty-four seven"),
    # Dimensions: "25 x 7 m", "4x4" → "twenty-five by seven metres", "four by four".
    ("dimensions", re.compile(r"(?<![\w.])(?!0x)(?P<a>\d+(?:\.\d+)?)\s?[x×]\s?(?=\d)"), r"\g<a> by "),
    ("section_sign", re.compile(r"§§\s*"), "sections "),
    ("section_sign", re.compile(r"§\s*"), "section "),
    ("equals", re.compile(r"(?<=[\w)])\s?=\s?(?=[+−-]?\d|\(|[A-Za-z]\b)"), " equals "),
    # Money: "$1.2bn" → "one point two billion dollars"; "HK$38.50" → "thirty-eight Hong Kong dollars and
    # fifty cents"; "€5 trillion", "$300m", "USD 5m". Currency prefixes NeMo mangles are handled here.
    (
        "money",
        re.compile(
            rf"(?<![\w$])(?:(?P<cur>{_CURRENCY_SYMBOLS})\s?|(?P<code>{_CURRENCY_CODES})\s)"
            rf"(?P<int>{_NUM})(?:\.(?P<frac>\d+))?{_SCALE}?{_PER}"
        ),
        amounts.money,
    ),
    # Percentages: "4.2%" → "four point two percent"; "3-4%", "2%-10%" → "three to four percent".
    (
        "percent",
        re.compile(
            rf"(?<![\w.])(?P<sign>[-+−])?(?:(?P<low>(?:{_NUM})(?:\.\d+)?)(?:\s?%)?\s?(?:-|–|to)\s?)?"
            rf"(?P<num>(?:{_NUM})(?:\.\d+)?)\s?(?:%|per ?cent\b)"
        ),
        amounts.percent,
    ),
    (
        "percentage_points",
        re.compile(rf"(?<![\w.])(?P<num>(?:{_NUM})(?:\.\d+)?)\s?(?:pp|ppts?)\b"),
        amounts.percentage_points,
    ),
    # Years with an era: "340 AD" → "three forty A.D", "AD 79" → "A.D seventy-nine".
    ("era_after", re.compile(rf"(?<![\w.,])(?P<after>\d{{1,4}})\s?{_ERA}(?!\w)"), amounts.era_year),
    ("era_before", re.compile(rf"(?<![\w.]){_ERA}\s(?P<before>\d{{1,4}})\b(?![.,]\d)"), amounts.era_year),
    # Year ranges: "2024–25" → "twenty twenty-four to twenty-five"; "1914-1918" → "… to nineteen eighteen".
    (
        "year_range",
        re.compile(
            r"(?<![\w.,$-])(?P<start>1[1-9]\d\d|20\d\d)\s?[-–—/]\s?(?P<end>1[1-9]\d\d|20\d\d|\d\d)"
            r"(?![\w.,]?\d)(?![-–—/]\d)"
        ),
        amounts.year_range,
    ),
    # Dates: "March 3, 2024" → "March third, twenty twenty-four"; "3 March" → "the third of March";
    # "January 2022" → "January twenty twenty-two". (Abbreviated months were expanded above.)
    (
        "date_month_day",
        re.compile(
            rf"\b(?P<month>{_MONTH})\s+{amounts.DAY}\b(?![-–—:/]\d|,\d)(?:(?P<sep>,?\s+){amounts.YEAR}\b(?![-–—/]\d))?"
        ),
        amounts.date_month_day,
    ),
    (
        "date_day_month",
        re.compile(
            rf"(?<![\w.,:/$€£-]){amounts.DAY}\s+(?:of\s+)?(?P<month>{_MONTH})\b(?:(?P<sep>,?\s+){amounts.YEAR}\b(?![-–—/]\d))?"
        ),
        amounts.date_day_month,
    ),
    (
        "date_day_month_lowercase",
        re.compile(
            rf"(?<![\w.,:/$€£-]){amounts.DAY}\s+(?:of\s+)?(?P<month>may|march)(?P<sep>,?\s+){amounts.YEAR}\b"
        ),
        amounts.date_day_month,
    ),
    ("month_year", re.compile(rf"\b(?P<month>{_MONTH})\s+{amounts.YEAR}\b(?![-–—/]\d)"), amounts.month_year),
    # Whole numbers with a fraction: "2 1/2" → "two and a half", "4½ lbs" → "four and a half pounds".
    (
        "mixed_fraction",
        re.compile(
            rf"(?<![\w.,/])(?P<whole>\d{{1,3}}){_FRACTION}(?:\s?(?P<unit>{_alternatives(UNITS)})(?![\w/²]))?"
        ),
        amounts.mixed_fraction,
    ),
    # Measures NeMo gets wrong: "300 sq km" → "three hundred square kilometres", "120 km/h", "50°C",
    # "100 million kg".
    (
        "measure",
        re.compile(
            rf"(?<![\w.,/])(?P<sign>[-−])?(?:(?P<low>(?:{_NUM})(?:\.\d+)?)\s?(?:[-–—]|to)\s?)?"
            rf"(?P<num>(?:{_NUM})(?:\.\d+)?)(?:\s(?P<scale>thousand|million|billion|trillion))?"
            rf"\s?(?P<unit>{_alternatives(UNITS)})"
            r"(?![\w/²])"
        ),
        amounts.measure,
    ),
    # A lone "m" after a number and a space is metres ("a 7 m wall"); fused ("5m") it is millions, below.
    (
        "metres",
        re.compile(rf"(?<![\w.,/$€£¥])(?P<num>(?:{_NUM})(?:\.\d+)?)\s(?P<unit>m)\b(?![\w/²³'’-])"),
        amounts.metres,
    ),
    # Inches fused to the number ("6ft 2in"); "in" alone is the preposition.
    ("inches", re.compile(rf"(?<![\w.,])(?P<num>(?:{_NUM})(?:\.\d+)?)in\b"), amounts.inches),
    # Climate copy writes Celsius without the degree sign: "1.5C of warming" → "one point five degrees
    # Celsius".
    ("celsius", re.compile(rf"(?<![\w.,])(?P<num>(?:{_NUM})(?:\.\d+)?)C\b"), amounts.celsius),
    # Scale letters without a currency: "2.4m tonnes" → "two point four million tonnes", "5bn", but "the
    # 100m sprint" → "one hundred metres".
    (
        "bare_scale",
        re.compile(rf"(?<![\w.,$€£¥])(?P<num>(?:{_NUM})(?:\.\d+)?)(?P<suffix>bn|tn|m)\b"),
        amounts.bare_scale,
    ),
    # Decades: "the 1990s" → "the nineteen nineties"; "the ’90s" → "the nineties"; "1960s-80s".
    (
        "decade_range",
        re.compile(r"(?<![\w.,])(?P<decade>1[1-9]\d0|20\d0)s\s?[-–—]\s?[’'‘]?(?P<end>\d0)s\b"),
        amounts.decade_range,
    ),
    ("decade", re.compile(r"(?<![\w.,])(?P<decade>1[1-9]\d0|20\d0)s\b"), amounts.decade),
    ("short_decade", re.compile(r"(?<!\w)[’'‘](?P<decade>\d0)s\b"), amounts.decade),
    # Scores, votes and small ranges: "3-2" → "three to two", "5-4 ruling", "ages 18-24", "50-50" →
    # "fifty-fifty". One rule for all: a regex cannot tell a score from a range, and "to" is right for both
    # (British commentary would say "three-two", but "three to two" is understood everywhere).
    (
        "score_or_range",
        re.compile(
            r"(?<![\w.,$€£/:()-])(?P<a>\d{1,3}(?:,\d{3})+|\d{1,3})\s?[-–—]\s?(?P<b>\d{1,3}(?:,\d{3})+|\d{1,3})"
            r"(?![\w.,:/]?\d)"
            r"(?![-–—/]\d)(?!-?[A-Za-z])"
        ),
        amounts.score_or_range,
    ),
    # Ordinals: "21st" → "twenty-first".
    ("ordinal", re.compile(r"(?<![\w.,])(?P<n>\d+)(?P<suffix>st|nd|rd|th)\b"), amounts.ordinal),
    # A number joined to a word: "3-year review" → "three-year review", "50-year-old".
    (
        "number_before_hyphen",
        re.compile(rf"(?<![\w.,$€£-])(?P<n>{_NUM})(?=-[A-Za-z])"),
        amounts.number_before_hyphen,
    ),
    # Times: "10:30am" → "ten thirty A.M", "7am" → "seven A.M", "14:00" → "fourteen hundred". Time zones
    # after them ("GMT", "ET") are spelled by the initialism rule below.
    (
        "clock_time",
        re.compile(rf"(?<![\w.:,])(?P<h>[01]?\d|2[0-3]):(?P<m>[0-5]\d)(?![\d:])(?:\s?{_AM_PM})?"),
        amounts.clock_time,
    ),
    # Ratios and odds: "2:1", "16:9" → "two to one" (clock times with two-digit minutes were read above).
    # British style: "1.59pm", "10.30 a.m.".
    (
        "dotted_clock_time",
        re.compile(rf"(?<![\w.:,])(?P<h>1[0-2]|0?[1-9])\.(?P<m>[0-5]\d)\s?{_AM_PM}"),
        amounts.clock_time,
    ),
    ("ratio", re.compile(r"(?<![\w.:,])(?P<a>\d{1,2}):(?P<b>\d)(?![\d:])"), amounts.ratio),
    ("hour_time", re.compile(rf"(?<![\w.:,])(?P<h>1[0-2]|0?[1-9])\s?{_AM_PM}"), amounts.hour_time),
    # Quarters and halves: "Q3" → "Q three", "H1" → "H one"; "FY2024" → "fiscal year twenty twenty-four".
    ("quarter", re.compile(r"\b(?P<q>[QH])(?P<n>[1-4])\b"), amounts.quarter),
    ("fiscal_year", re.compile(r"\bFY\s?(?P<y>\d{4}|\d{2})\b"), amounts.fiscal_year),
    # Regnal and numbered roman numerals: "Charles III" → "Charles the third", "World War II" → "World War
    # two", "Chapter VI" → "Chapter six". A lone "I" only after a title or before punctuation, never the
    # pronoun.
    (
        "roman_numeral",
        re.compile(
            r"\b(?P<name>[A-Z][a-z]+|[A-Z]{2,})\s+(?P<roman>[IVXL]{1,7})(?=(?:['’]s)?(?:[^\w'’.-]|\.(?!\w)|--|$))"
        ),
        abbr.roman,
    ),
    # Initials before a surname: "J. K. Rowling" → "J.K Rowling" (a dot and a space end a sentence in piper).
    ("initials", re.compile(r"(?<![\w.])(?P<initials>(?:[B-Z]\.\s?)+)(?=[A-Z][a-z])"), abbr.initials),
    # Dotted initialisms: "U.S. embassy" → "U.S embassy".
    (
        "dotted_initialism",
        re.compile(r"(?<![\w.])(?P<letters>(?:[A-Z]\.){1,4}[A-Z])\.(?!\w)"),
        abbr.dotted_initialism,
    ),
    # Ranges between amounts already in words: "$250-$300", "5pm-7pm", "1960s-1980s" → "… to …".
    (
        "spoken_range",
        re.compile(
            r"\b(?P<w>dollars?|euros?|pounds?|pence|cents?|yen|percent|[AP]\.M|\w+ies|hundreds|thousands)"
            r"\s?[-–—]\s?(?=(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\w+teen|"
            r"twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)\b)"
        ),
        r"\g<w> to ",
    ),
    # Letters fused to digits: "MI5" → "M.I 5", "MH370" → "M.H three seventy", "ab9453" → "ab nine four …".
    (
        "letters_and_digits",
        re.compile(r"(?<![\w-])(?P<letters>[A-Z]{1,4}|[a-z]{1,4}(?=\d{4}))(?P<digits>\d{1,6})\b"),
        abbr.letters_and_digits,
    ),
]

# Initialisms: other ALL-CAPS words of 2–5 letters are spelled ("SCO" → "S.C.O"), acronyms said as words
# (ACRONYM_WORDS) are kept. Applied separately so a shouted sentence can skip it.
_INITIALISM = re.compile(r"(?<![\w.])[A-Z]{2,5}(?![\w])(?!\.\w)")
_CAPS_WORDS = re.compile(r"[A-Za-z]{2,}")


def is_shouting(text: str) -> bool:
    words = _CAPS_WORDS.findall(text)
    if len(words) < _SHOUTING_MIN_WORDS:
        return False
    return sum(word.isupper() for word in words) / len(words) >= _SHOUTING_SHARE


def spell_initialisms(text: str) -> str:
    return _INITIALISM.sub(abbr.initialism, text)


def apply_news_rules(text: str) -> str:
    """Rewrite news-specific forms into words; plain numbers, dates and measures are left for later."""
    shouting = is_shouting(text)
    for _name, pattern, replacement in RULES:
        text = pattern.sub(replacement, text)
    if not shouting:
        text = spell_initialisms(text)
    return text
