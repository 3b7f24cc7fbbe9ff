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
    AIRCRAFT_MAKERS,
    BOEING_FAMILY_WORDS,
    COMPASS_POINTS,
    CURRENCIES,
    MONTHS,
    NUMBER_ABBREVIATIONS,
    PER_SECOND_UNITS,
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
    r"(?:(?:\s(?=(?:tn|bn|mn|mln|[mbk])\b))?(?P<scale>tn|bn|mn|mln|[mbkt]|TN|BN|MN|[MBKT])\b(?![-&'’]|\.\w)"
    r"|[\s-]?(?P<scale_word>trillion|billion|million|thousand)\b)"
)
"""After an amount of money: "$5m", "¥30 b", "$5 million", "$5-million" (Canadian and AP style). Spaced
letters only in lowercase, so "$5 T-shirts", "$5 M&A" and "$300 B.C." stay amounts."""

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
_MODEL = (
    r"(?:(?P<letters>[A-Z]{1,3})-?)?(?P<model>\d{2,4})(?:-(?P<variant>\d{1,4}))?(?P<tail>XLR|[A-Z]{1,2}|neo|ceo|s)?"
    r"(?![\w-]|[.,]\d)"
)
"""An aircraft model after its maker: "737", "737-800", "777-300ER", "A321neo", "C-130", "E190"."""
_RANGE_NUMBER = r"\d{1,3}(?:,\d{3})+|\d{1,6}"
"""A side of a score or range: "3", "3,000", or up to six digits without commas ("10000-20000 people"); longer
runs are codes. Year ranges were read before."""
_ERA = r"(?P<era>A\.D\.?|B\.C\.(?:E\.)?|C\.E\.|AD|BCE|BC|CE)"

RULES: list[Rule] = [
    # Typography that hides numbers: the Unicode minus, non-breaking spaces and hyphens.
    ("unicode_minus", re.compile(r"−(?=\d)"), "-"),
    ("nonbreaking", re.compile(r"[\u00a0\u2007\u202f]"), " "),
    ("nonbreaking_hyphen", re.compile(r"\u2011"), "-"),
    # A wire-copy dateline opening a paragraph: "WASHINGTON (AP) — ", "KYIV, Ukraine (Reuters) - ". Only with
    # an agency credit: a capitalised word before a dash alone may be an initialism ("BBC — …").
    (
        "dateline",
        re.compile(
            r"^(?P<place>[A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+)*)(?P<region>, [A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*)*)?"
            r" \((?:AP|Reuters|AFP|UPI|Bloomberg|CNN|dpa|PA|CP|Xinhua|Kyodo|Yonhap)\) ?[—–-]+ "
        ),
        abbr.dateline,
    ),
    # "China- Russia" (an extraction artefact) → "China-Russia".
    ("broken_hyphen", re.compile(r"(?<=[A-Za-z])- (?=[A-Z])"), "-"),
    # E-mail and web addresses, as a newsreader says them: "info at example dot com".
    (
        "email",
        re.compile(r"(?<!\w)(?<!\w\.)(?P<user>[\w+-][\w.+-]*)@(?P<host>(?:[A-Za-z0-9-]+\.)+[a-z]{2,6})\b"),
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
    # Long numbers inside codes: "MIG-25/235212-asdg", "case 2023-000412-CR" → digit by digit.
    ("code_digits", re.compile(r"(?<=\w[-/])(?P<n>\d{5,})(?=[-/]\w)"), amounts.code_digits),
    # North American numbers with the leading "1", toll-free and vanity: "1-800-GO-U-HAUL".
    (
        "north_american_phone",
        re.compile(r"(?<![\w+-])1-(?P<area>\d{3})-(?P<rest>[A-Z\d]+(?:-[A-Z\d]+)*)(?![\w-])"),
        amounts.north_american_phone,
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
    # Aircraft models: "Boeing 737-800", "Airbus A321neo", "the 737 Max", "747-8", "787s".
    ("aircraft", re.compile(rf"\b(?P<maker>{_alternatives(AIRCRAFT_MAKERS)})\s+{_MODEL}"), abbr.aircraft),
    (
        "boeing_family",
        re.compile(
            rf"(?<![\w.,$-])(?P<model>7[0-8]7)(?P<tail>s)?(?=\s(?:{_alternatives(BOEING_FAMILY_WORDS)})\b)"
        ),
        abbr.aircraft,
    ),
    (
        "boeing_variant",
        re.compile(
            r"(?<![\w.,$-])(?P<model>7[0-8]7)(?=-\d|[sX]\b)(?:-(?P<variant>\d|[1-9]00))?(?P<tail>ER|LR|F|X|s)?"
            r"(?![\w-])"
        ),
        abbr.aircraft,
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
    # fifty cents"; "€5 trillion", "$300m", "USD 5m", "RMB500m" (Asian papers write the code against the
    # number). Currency prefixes NeMo mangles are handled here.
    (
        "money",
        re.compile(
            rf"(?<![\w$])(?:(?P<cur>{_CURRENCY_SYMBOLS})\s?|(?P<code>{_CURRENCY_CODES})\s?)"
            rf"(?P<int>{_NUM})(?:\.(?P<frac>\d+))?{_SCALE}?{_PER}"
        ),
        amounts.money,
    ),
    # Inch marks: '12" vinyl', '5'11"', '5′11″' → "twelve inches", "five feet eleven inches".
    (
        "inch_mark",
        re.compile(
            rf"(?<![\w.,'’])(?:(?P<feet>\d{{1,2}})['′](?=\s?\d)\s?)?(?P<num>(?:{_NUM})(?:\.\d+)?)(?P<mark>[\"″])"
            r"(?!\w)"
        ),
        amounts.inch_mark,
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
    # Fractions written with an ordinal ending: "1/4th" → "one quarter".
    (
        "ordinal_fraction",
        re.compile(r"(?<![\w.,/])(?P<n>\d{1,2})/(?P<d>\d{1,2})(?:st|nd|rd|th)\b"),
        amounts.ordinal_fraction,
    ),
    # Whole numbers with a fraction: "2 1/2" → "two and a half", "4½ lbs" → "four and a half pounds".
    (
        "mixed_fraction",
        re.compile(
            rf"(?<![\w.,/])(?P<whole>\d{{1,3}}){_FRACTION}(?:\s?(?P<unit>{_alternatives(UNITS)})(?![\w/²]))?"
        ),
        amounts.mixed_fraction,
    ),
    # "Per second" units: "10 m/s", "3,000 m³/s", "3 cc/s".
    (
        "per_second",
        re.compile(
            rf"(?<![\w.,/])(?P<num>(?:{_NUM})(?:\.\d+)?)\s?(?P<unit>{_alternatives(PER_SECOND_UNITS)})/s\b(?![/²])"
        ),
        amounts.per_second,
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
    # "the 1980 s" (a space from the layout): only decades from 1500 on, where "s" is no unit of time.
    (
        "spaced_decade",
        re.compile(r"(?<![\w.,])(?P<decade>1[5-9]\d0|20\d0) s\b(?![\w'’-]|\.\w)"),
        amounts.decade,
    ),
    ("short_decade", re.compile(r"(?<!\w)[’'‘](?P<decade>\d0)s\b"), amounts.decade),
    # Scores, votes and small ranges: "3-2" → "three to two", "5-4 ruling", "ages 18-24", "50-50" →
    # "fifty-fifty". One rule for all: a regex cannot tell a score from a range, and "to" is right for both
    # (British commentary would say "three-two", but "three to two" is understood everywhere).
    (
        "score_or_range",
        re.compile(
            rf"(?<![\w.,$€£/:()-])(?P<a>{_RANGE_NUMBER})\s?[-–—]\s?(?P<b>{_RANGE_NUMBER})"
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
    # "10:00:00 p.m.": NeMo reads the seconds, "p.m." is spelled here.
    ("seconds_meridiem", re.compile(rf"(?<=\d:[0-5]\d:[0-5]\d)\s?{_AM_PM}"), amounts.meridiem),
    # A zone after the time, in any case and with dots: "1:59 p.m. e.s.t" → "one fifty-nine P.M E.S.T".
    (
        "time_zone",
        re.compile(r"(?<=\b[AP]\.M )(?P<zone>(?:[A-Za-z]\.){1,3}[A-Za-z]\b\.?)(?![\w'’-])"),
        amounts.time_zone,
    ),
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
    # A slash between words: "upgrade / update" → "upgrade slash update" ("km/h" after a number and "and/or"
    # were read above; single letters, as in "N/A", are left to NeMo).
    (
        "word_slash",
        re.compile(r"(?<![\w/])(?<!\d\s)[A-Za-z]{2,}(?:\s?/\s?[A-Za-z]{2,})+(?![\w/])"),
        abbr.word_slash,
    ),
    # Letters fused to digits: "MI5" → "M.I 5", "MH370" → "M.H three seventy", "ab9453" → "ab nine four …".
    (
        "letters_and_digits",
        re.compile(
            r"(?<![\w-])(?P<letters>[A-Z]{1,4}|[a-z]{1,4}(?=\d{4}))(?P<digits>\d{1,6})(?P<tail>[a-z]+)?\b"
        ),
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
