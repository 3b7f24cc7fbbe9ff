"""The news layer: regex rules that turn news copy into words before NeMo sees it.

Each rule fixes something NeMo (or the voices) get wrong in news text — money with scale words and currency
prefixes, decades, year ranges, scores, regnal numerals, titles and street abbreviations, initialisms — and
writes plain words, so the sentence usually needs no NeMo call at all. Rules run in the order of ``RULES``; a
rule only sees what the rules before it left. ``apply_news_rules`` is the entry point.

Spelled initialisms are written as dotted letters without a final dot ("SCO" → "S.C.O"): hibari and piper
both read that as three letter names, while "S C O" makes hibari read a lone "A" as the article and a final
dot ("S.C.O.") ends the sentence in both engines.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from newscaster.text import numbers

Replacement = Callable[[re.Match[str]], str]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_CLOSERS = "\"”’')]» "


def _at_end(match: re.Match[str]) -> bool:
    """True when only closing quotes/brackets follow the match: its dot is also the sentence's full stop."""
    return not match.string[match.end() :].strip(_CLOSERS)


def _expand(spoken: str) -> Replacement:
    """Replace an abbreviation with a dot by ``spoken``, keeping the dot when it also ends the sentence."""

    def replace(match: re.Match[str]) -> str:
        dotted = match.group().endswith(".")
        return spoken + ("." if dotted and _at_end(match) else "")

    return replace


def spell(letters: str) -> str:
    """``"SCO"`` → ``"S.C.O"``: letter names for both hibari and piper (see the module docstring)."""
    return ".".join(letters)


# ---------------------------------------------------------------------------------------------------------
# Tables
# ---------------------------------------------------------------------------------------------------------

ACRONYM_WORDS = _words(
    """NATO COVID UNESCO UNICEF NASA OPEC ASEAN FIFA UEFA NASDAQ AIDS SARS MERS NAFTA FEMA SWAT ISIS ISIL
    UNRWA UNIFIL UNAIDS CERN DARPA NIMBY LASER RADAR SONAR SCUBA NASCAR POTUS SCOTUS FLOTUS BRICS AUKUS QUAD
    OSHA MAGA DOGE ICE SNAP PIN GIF JPEG IKEA LEGO OFCOM OFSTED OFGEM OFWAT NICE ACAS TASER SEAL CHIPS CARES
    PEPFAR MERCOSUR ECOWAS FRONTEX INTERPOL EUROPOL ANZAC ANZUS NORAD CENTCOM GAVI FARC HAMAS FATAH DEFRA
    COBRA NEOM COP YOLO FOMO RAM ROM LAN WAN CAPTCHA SALT START MAX"""
)
"""Acronyms said as words; every other ALL-CAPS word of 2–5 letters is spelled out."""

SHOUTED_WORDS = _words(
    """NO NOT YES ALL NEW NOW LIVE WATCH READ MORE NEWS NOTE ALERT THE AND FOR BUT ONLY VERY MUST STOP HELP
    FREE NEVER EVER SAID WILL OUR WE YOU HE SHE THEY THIS THAT WHAT WHY HOW WHEN OF TO IN ON AT IS ARE WAS
    BE BY OR SO DO GO MY ME HIS HER ITS NEXT LAST BIG HUGE OPEN FULL LIVE VOTE"""
)
"""Ordinary words written in capitals for emphasis ("WATCH:", "NOT"), never spelled."""

UNIT_ABBREVIATIONS = _words("MW GW KW TW MWH GWH TWH KWH GB MB TB KB GHZ MHZ KHZ KM KG MPH KPH")
"""Capitalised units: after a number they are left for NeMo ("5 MW"), not spelled."""

_SHOUTING_SHARE = 0.8
"""A sentence whose words are nearly all capitals is a shouted headline: spelling them would garble it. A
normal sentence full of initialisms ("the US, UK and EU") still has its lowercase words, about half."""
_SHOUTING_MIN_WORDS = 3
"""Fewer words than this is a name or label ("BBC News"), not shouting."""

CURRENCIES: dict[str, tuple[str, str, str, str]] = {
    # symbol: (one, many, one minor, many minor); "" minor = the currency has no minor unit in speech
    "HK$": ("Hong Kong dollar", "Hong Kong dollars", "cent", "cents"),
    "US$": ("U.S dollar", "U.S dollars", "cent", "cents"),
    "NZ$": ("New Zealand dollar", "New Zealand dollars", "cent", "cents"),
    "NT$": ("New Taiwan dollar", "New Taiwan dollars", "cent", "cents"),
    "A$": ("Australian dollar", "Australian dollars", "cent", "cents"),
    "C$": ("Canadian dollar", "Canadian dollars", "cent", "cents"),
    "S$": ("Singapore dollar", "Singapore dollars", "cent", "cents"),
    "R$": ("Brazilian real", "Brazilian reais", "centavo", "centavos"),
    "$": ("dollar", "dollars", "cent", "cents"),
    "€": ("euro", "euros", "cent", "cents"),
    "£": ("pound", "pounds", "penny", "pence"),
    "¥": ("yen", "yen", "", ""),
    "₹": ("rupee", "rupees", "paisa", "paise"),
    "₩": ("won", "won", "", ""),
    "₽": ("rouble", "roubles", "kopek", "kopeks"),
    "USD": ("U.S dollar", "U.S dollars", "cent", "cents"),
    "EUR": ("euro", "euros", "cent", "cents"),
    "GBP": ("pound", "pounds", "penny", "pence"),
    "JPY": ("yen", "yen", "", ""),
    "CNY": ("yuan", "yuan", "", ""),
    "HKD": ("Hong Kong dollar", "Hong Kong dollars", "cent", "cents"),
    "AUD": ("Australian dollar", "Australian dollars", "cent", "cents"),
    "CAD": ("Canadian dollar", "Canadian dollars", "cent", "cents"),
    "CHF": ("Swiss franc", "Swiss francs", "centime", "centimes"),
    "INR": ("rupee", "rupees", "paisa", "paise"),
}
_SCALE_WORDS = {
    "k": "thousand", "thousand": "thousand", "m": "million", "mn": "million", "mln": "million",
    "million": "million", "b": "billion", "bn": "billion", "billion": "billion", "t": "trillion",
    "tn": "trillion", "trillion": "trillion",
}  # fmt: skip

SENTENCE_STARTS = _words(
    "It The He She They We I You This That These Those There But And A An In On At His Her Its Their Our"
)
"""Words that begin a new sentence after "Elm St." rather than continue a name ("St. Helens")."""
SENTENCE_OPENERS = _words("The A An In On At To From Of For By With This That Visit Near Outside Inside")
"""Capitalised words before "St." that are not street names ("The St. Louis Cardinals")."""

NOT_NOUNS = _words(
    """a an the this that these those its his her their our my your in into on onto at to from for of by with
    without over under above below after before since until through during between among against per via
    and or but nor so yet than as if when while because although though which who whom whose where what
    is are was were be been being has have had will would shall should can could may might must do does did
    said says say rose fell rise fall came went go goes come comes made make makes paid pay pays raised
    lost won spent cost costs last next each every all both more less most least this year annually
    a-year apiece worth plus minus instead too also still even just only"""
)
"""Words after an amount that show it is a noun ("$5m in aid", "$5m was paid"), not an adjective."""

US_STATES = {
    "Ala.": "Alabama", "Alaska": "Alaska", "Ariz.": "Arizona", "Ark.": "Arkansas", "Calif.": "California",
    "Colo.": "Colorado", "Conn.": "Connecticut", "Del.": "Delaware", "Fla.": "Florida", "Ga.": "Georgia",
    "Hawaii": "Hawaii", "Idaho": "Idaho", "Ill.": "Illinois", "Ind.": "Indiana", "Iowa": "Iowa",
    "Kan.": "Kansas", "Ky.": "Kentucky", "La.": "Louisiana", "Maine": "Maine", "Md.": "Maryland",
    "Mass.": "Massachusetts", "Mich.": "Michigan", "Minn.": "Minnesota", "Miss.": "Mississippi",
    "Mo.": "Missouri", "Mont.": "Montana", "Neb.": "Nebraska", "Nev.": "Nevada", "N.H.": "New Hampshire",
    "N.J.": "New Jersey", "N.M.": "New Mexico", "N.Y.": "New York", "N.C.": "North Carolina",
    "N.D.": "North Dakota", "Ohio": "Ohio", "Okla.": "Oklahoma", "Ore.": "Oregon", "Pa.": "Pennsylvania",
    "R.I.": "Rhode Island", "S.C.": "South Carolina", "S.D.": "South Dakota", "Tenn.": "Tennessee",
    "Texas": "Texas", "Utah": "Utah", "Vt.": "Vermont", "Va.": "Virginia", "Wash.": "Washington",
    "W.Va.": "West Virginia", "Wis.": "Wisconsin", "Wyo.": "Wyoming",
}  # fmt: skip
"""AP-style state abbreviations, as in "Sen. Alex Padilla (D-Calif.)"."""
_PARTIES = {"D": "Democrat", "R": "Republican", "I": "Independent"}

# Titles before a name ("Dr. Alan Whitfield"); British style may drop the dot ("Mr Smith").
TITLES = {
    "Mr": "Mister", "Mrs": "Missus", "Ms": "Miz", "Mx": "Mix", "Dr": "Doctor", "Prof": "Professor",
    "Sen": "Senator", "Sens": "Senators", "Rep": "Representative", "Reps": "Representatives",
    "Gov": "Governor", "Gen": "General", "Lt": "Lieutenant", "Col": "Colonel", "Capt": "Captain",
    "Sgt": "Sergeant", "Cmdr": "Commander", "Maj": "Major", "Adm": "Admiral", "Rev": "Reverend",
    "Fr": "Father", "Pres": "President", "Amb": "Ambassador", "Supt": "Superintendent", "Det": "Detective",
    "Insp": "Inspector", "Cpl": "Corporal", "Pvt": "Private", "Atty": "Attorney", "Mt": "Mount",
    "Ft": "Fort",
}  # fmt: skip
_TITLES_WITHOUT_DOT = ("Mr", "Mrs", "Ms", "Dr", "Prof")
"""British style writes these without a dot; the other titles without a dot are too often ordinary words."""

# Abbreviations expanded wherever they appear (with their dot).
ABBREVIATIONS = {
    "Jr.": "Junior", "Sr.": "Senior", "Inc.": "Incorporated", "Corp.": "Corporation", "Ltd.": "Limited",
    "Bros.": "Brothers", "Univ.": "University", "Dept.": "Department", "Govt.": "Government",
    "Intl.": "International", "Assn.": "Association", "Ave.": "Avenue", "Blvd.": "Boulevard",
    "vs.": "versus", "etc.": "et cetera", "e.g.": "for example", "i.e.": "that is",
    "approx.": "approximately", "a.k.a.": "also known as", "Jan.": "January", "Feb.": "February",
    "Aug.": "August", "Sept.": "September", "Sep.": "September", "Oct.": "October", "Nov.": "November",
    "Dec.": "December",
}  # fmt: skip
# Abbreviations expanded only before a number ("No. 1", "Mar. 3", "pp. 46").
NUMBER_ABBREVIATIONS = {
    "No.": "number", "no.": "number", "No": "number", "Nos.": "numbers", "nos.": "numbers",
    "Vol.": "volume", "vol.": "volume", "p.": "page", "pp.": "pages", "Fig.": "figure", "Mar.": "March",
    "Apr.": "April", "Jun.": "June", "Jul.": "July", "Jan": "January", "Feb": "February", "Mar": "March",
    "Apr": "April", "Jun": "June", "Jul": "July", "Aug": "August", "Sep": "September", "Sept": "September",
    "Oct": "October", "Nov": "November", "Dec": "December",
}  # fmt: skip

CARDINAL_NUMERAL_CONTEXT = _words(
    """War Chapter Part Volume Book Act Scene Title Article Phase Stage Section Type Class Category Level Tier
    Grade Schedule Bowl Vatican Apollo Gemini Episode Round Annex Appendix Figure Psalm Symphony Mark Mk
    Division League Series Amendment"""
)
"""After these a roman numeral is a plain number: "World War II" → "World War two"."""
REGNAL_TITLES = _words(
    "King Queen Pope Emperor Empress Tsar Czar Tsarina Kaiser Prince Princess Duke Duchess Sultan Shah "
    "Pharaoh Saint"
)
REGNAL_NAMES = _words(
    """Charles Elizabeth Henry George Edward William Victoria Mary Anne James Richard John Stephen Louis
    Philippe Philip Felipe Juan Carlos Alfonso Ferdinand Isabella Frederick Frederik Wilhelm Friedrich Ludwig
    Otto Leopold Albert Baudouin Willem Alexander Nicholas Peter Catherine Ivan Paul Leo Benedict Pius Gregory
    Innocent Clement Urban Boniface Sixtus Francis Adrian Celestine Martin Julius Gustav Gustaf Carl
    Christian Harald Olav Haakon Margrethe Constantine Rama Mohammed Muhammad Abdullah Hussein Ramses
    Ramesses Napoleon Umberto Vittorio Emmanuel Manuel Pedro Sebastian David Robert Selim Suleiman Mehmed
    Murad Darius Cyrus Ptolemy Cleopatra Rudolf Sigismund Casimir Andrew Canute Valdemar Eric Erik Magnus
    Oscar Harold Edmund Alfred Edgar Matilda Boris Simeon Faisal Hassan Farouk Fuad Norodom Tupou Letsie
    Mswati Kamehameha Innocent Eugene Sergius Lucius Felix Honorius"""
)
"""Names that take a regnal number: after these even a single "I" or "V" is a numeral ("Charles I")."""
_FAMILY_SUFFIX_NUMERALS = frozenset({"II", "III", "IV"})
"""After any other name only these are read as "the second/third/fourth" ("John Smith III"); "XI" and "XV"
after a country are a cricket or rugby team, "XL" a size."""

_LONE_I_END = re.compile(r"(?:['’]s\b|\s*(?:[,.;:!?)”\"]|$))")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50}
_VALID_ROMAN = re.compile(r"^L?X{0,3}(?:IX|IV|V?I{0,3})$")

_URL_TLDS = (
    "com|org|net|gov|edu|int|mil|info|news|io|ai|app|dev|tv|me|co|uk|us|ca|au|de|fr|eu|cn|jp|in|nz|hk|sg|"
    "ie|it|es|nl|ch|se|no|dk|fi|ru|ua|br|mx|za|ng|ke|ly|gl|be|at|pl|kr|tw"
)
_SPOKEN_TLDS = {
    "com": "com", "org": "org", "net": "net", "gov": "gov", "info": "info", "news": "news", "app": "app",
    "dev": "dev", "int": "int", "mil": "mil", "co": "co",
}  # fmt: skip
"""Domain endings said as words; any other ending is spelled ("uk" → "U.K", "edu" → "E.D.U")."""

# ---------------------------------------------------------------------------------------------------------
# Rule functions
# ---------------------------------------------------------------------------------------------------------


_EMAIL_SYMBOLS = {".": " dot ", "_": " underscore ", "+": " plus ", "-": " dash "}


def _email(match: re.Match[str]) -> str:
    user = re.sub(r"[._+-]", lambda m: _EMAIL_SYMBOLS[m[0]], match["user"])
    return f"{user} at {_host(match['host'])}"


def _url(match: re.Match[str]) -> str:
    spoken = _host(match["host"])
    path = (match["path"] or "").strip("/")
    segments = [s for s in path.split("/") if s]
    if segments and len(segments) <= 2 and all(re.fullmatch(r"[A-Za-z]{1,20}", s) for s in segments):
        spoken += "".join(f" slash {s}" for s in segments)
    return spoken


def _host(host: str) -> str:
    labels = host.lower().removeprefix("www.").split(".")
    spoken = []
    for position, label in enumerate(labels):
        is_tld = position == len(labels) - 1
        if position and label in _SPOKEN_TLDS:
            spoken.append(label)
        elif (is_tld or len(label) <= 3) and label.isalpha():
            spoken.append(spell(label.upper()))  # "bbc" → "B.B.C", "uk" → "U.K"
        else:
            spoken.append(label.replace("-", " dash "))
    return " dot ".join(spoken)


def _party_state(match: re.Match[str]) -> str:
    state = US_STATES.get(match["state"]) or US_STATES.get(match["state"] + ".")
    if state is None:
        return match.group()
    return f"{_PARTIES[match['party']]} of {state}" + (
        "." if match["state"].endswith(".") and _at_end(match) else ""
    )


def _title(match: re.Match[str]) -> str:
    return TITLES[match["title"]] + " "


def _street(match: re.Match[str]) -> str:
    if not _after_name(match):
        return match.group()
    word = {"St": "Street", "Rd": "Road", "Dr": "Drive", "Ave": "Avenue"}[match["abbr"]]
    return word + ("." if match.group().endswith(".") and _at_end(match) else "")


def _after_name(match: re.Match[str]) -> bool:
    """The word before the match is a capitalised name, not the sentence's first word ("Elm St.")."""
    before = match.string[: match.start()].split()
    if len(before) < 2 or not before[-1][:1].isupper():
        return False
    return before[-1] not in SENTENCE_OPENERS and not before[-2].endswith((".", "!", "?", ":"))


def _saint_or_street(match: re.Match[str]) -> str:
    """ "St." before a name is "Saint" ("St. Paul", "Mount St. Helens"); after a name and before a word that
    starts a sentence it is "Street" ("Elm St. It was …")."""
    following = re.match(r"[A-Z][a-z]*", match.string[match.end() :])
    starts_sentence = following is not None and following.group() in SENTENCE_STARTS
    if starts_sentence and _after_name(match):
        return "Street" + ("." if match.group().startswith("St.") else "") + match["space"]
    return "Saint "


def _abbreviation(match: re.Match[str]) -> str:
    return _expand(ABBREVIATIONS[match.group()])(match)


def _number_abbreviation(match: re.Match[str]) -> str:
    return NUMBER_ABBREVIATIONS[match["abbr"]] + " "


def _phone(match: re.Match[str]) -> str:
    groups = re.findall(r"\d+", match.group())
    spoken = ", ".join(numbers.digits(group) for group in groups)
    return ("plus " if match.group().startswith("+") else "") + spoken


def _letters_ampersand(match: re.Match[str]) -> str:
    return f"{spell(match['a'])} and {spell(match['b'])}"


def _money(match: re.Match[str]) -> str:
    one, many, minor_one, minor_many = CURRENCIES[match["cur"] or match["code"]]
    whole = match["int"].replace(",", "")
    fraction = match["frac"]
    scale = match["scale"] or match["scale_word"]
    if scale:
        amount = numbers.number(whole + (f".{fraction}" if fraction else ""))
        unit = one if _is_attributive(match) else many
        return f"{amount} {_SCALE_WORDS[scale.lower()]} {unit}"
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


_NEXT_WORD = re.compile(r"\s+([a-z][a-z-]*)\b")


def _is_attributive(match: re.Match[str]) -> bool:
    """ "a $1.2bn terminal" → "a one point two billion dollar terminal": an amount directly followed by a
    lowercase word that is not a function word, a common verb or an adverb is used as an adjective."""
    following = _NEXT_WORD.match(match.string, match.end())
    if not following:
        return False
    word = following.group(1)
    return word not in NOT_NOUNS and not word.endswith("ly")


_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_DAY = r"(?P<day>3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>1[0-9]\d\d|20\d\d)"


def _date_month_day(match: re.Match[str]) -> str:
    """ "March 3, 2024" → "March third, twenty twenty-four"."""
    spoken = f"{match['month']} {numbers.ordinal(int(match['day']))}"
    if match["year"]:
        spoken += match["sep"] + numbers.year(int(match["year"]))
    return spoken


def _date_day_month(match: re.Match[str]) -> str:
    """ "3 March 2024" → "the third of March twenty twenty-four" ("the" not doubled after "on the")."""
    article = "" if re.search(r"\bthe\s+$", match.string[: match.start()], re.IGNORECASE) else "the "
    spoken = f"{article}{numbers.ordinal(int(match['day']))} of {match['month']}"
    if match["year"]:
        spoken += match["sep"] + numbers.year(int(match["year"]))
    return spoken


def _month_year(match: re.Match[str]) -> str:
    return f"{match['month']} {numbers.year(int(match['year']))}"


UNITS: dict[str, tuple[str, str]] = {
    "km": ("kilometre", "kilometres"), "km²": ("square kilometre", "square kilometres"),
    "sq km": ("square kilometre", "square kilometres"), "sq mi": ("square mile", "square miles"),
    "km/h": ("kilometre per hour", "kilometres per hour"),
    "kph": ("kilometre per hour", "kilometres per hour"),
    "mph": ("mile per hour", "miles per hour"), "cm": ("centimetre", "centimetres"),
    "mm": ("millimetre", "millimetres"), "kg": ("kilogram", "kilograms"), "ft": ("foot", "feet"),
    "lb": ("pound", "pounds"), "lbs": ("pound", "pounds"), "oz": ("ounce", "ounces"),
    "ha": ("hectare", "hectares"), "bpd": ("barrel per day", "barrels per day"),
    "°C": ("degree Celsius", "degrees Celsius"), "ºC": ("degree Celsius", "degrees Celsius"),
    "°F": ("degree Fahrenheit", "degrees Fahrenheit"), "ºF": ("degree Fahrenheit", "degrees Fahrenheit"),
    "kW": ("kilowatt", "kilowatts"), "MW": ("megawatt", "megawatts"), "GW": ("gigawatt", "gigawatts"),
    "TW": ("terawatt", "terawatts"), "kWh": ("kilowatt hour", "kilowatt hours"),
    "MWh": ("megawatt hour", "megawatt hours"), "GWh": ("gigawatt hour", "gigawatt hours"),
    "TWh": ("terawatt hour", "terawatt hours"), "MB": ("megabyte", "megabytes"),
    "GB": ("gigabyte", "gigabytes"), "TB": ("terabyte", "terabytes"),
}  # fmt: skip
"""Units NeMo misses or mangles ("300 sq km" → "SQ KM", "120 km/h" → "per H"); British spelling, as news
copy here writes "metres" (the voices say both the same)."""


def _measure(match: re.Match[str]) -> str:
    singular, plural = UNITS[match["unit"]]
    value = match["num"]
    spoken = f"{numbers.number(value)} {singular if value == '1' and not match['low'] else plural}"
    if match["low"]:
        spoken = f"{numbers.number(match['low'])} to {spoken}"
    return ("minus " if match["sign"] else "") + spoken


def _inches(match: re.Match[str]) -> str:
    return f"{numbers.number(match['num'])} {'inch' if match['num'] == '1' else 'inches'}"


def _ratio(match: re.Match[str]) -> str:
    return f"{numbers.cardinal(int(match['a']))} to {numbers.cardinal(int(match['b']))}"


def _celsius(match: re.Match[str]) -> str:
    return f"{numbers.number(match['num'])} {'degree' if match['num'] == '1' else 'degrees'} Celsius"


METRE_NOUNS = _words(
    "sprint race freestyle butterfly backstroke breaststroke medley hurdles relay dash final tower wall "
    "drop jump"
)
METRE_ADJECTIVES = _words("high tall long deep wide away above below")
"""After these "100m" is metres ("the 100m sprint", "100m high"); otherwise a bare "5m"/"2.4m" in news copy
is millions ("5m people")."""


def _bare_scale(match: re.Match[str]) -> str:
    value = numbers.number(match["num"])
    suffix = match["suffix"]
    if suffix == "m":
        following = _NEXT_WORD.match(match.string, match.end())
        word = following.group(1) if following else ""
        if word in METRE_NOUNS:  # attributive: "the one hundred metre sprint"
            return f"{value} metre"
        if word in METRE_ADJECTIVES:
            return f"{value} {'metre' if match['num'] == '1' else 'metres'}"
    return f"{value} {_SCALE_WORDS[suffix]}"


def _percent(match: re.Match[str]) -> str:
    sign = {"-": "minus ", "−": "minus ", "+": "plus "}.get(match["sign"] or "", "")
    words = numbers.number(match["num"])
    if match["low"]:
        words = f"{numbers.number(match['low'])} to {words}"
    return f"{sign}{words} percent"


def _percentage_points(match: re.Match[str]) -> str:
    return f"{numbers.number(match['num'])} percentage points"


def _year_range(match: re.Match[str]) -> str:
    start, end = match["start"], match["end"]
    first = int(start)
    if len(end) == 2:
        if int(end) <= first % 100 and not (first % 100 == 99 and end == "00"):
            return match.group()
        return f"{numbers.year(first)} to {numbers.year_suffix(end)}"
    if int(end) <= first:
        return match.group()
    return f"{numbers.year(first)} to {numbers.year(int(end))}"


def _score_or_range(match: re.Match[str]) -> str:
    low, high = match["a"], match["b"]
    low_value, high_value = int(low.replace(",", "")), int(high.replace(",", ""))
    if max(low_value, high_value) > 99 and high_value <= low_value:
        return match.group()  # "Boeing 747-8": a model number, not a score or a range
    if low == high:  # "50-50" → "fifty-fifty"
        return f"{numbers.number(low)}-{numbers.number(high)}"
    return f"{numbers.number(low)} to {numbers.number(high)}"


def _decade(match: re.Match[str]) -> str:
    return numbers.decade(match["decade"])


_MONTH_NAMES = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
)
_MONTH_BEFORE = re.compile(rf"\b(?:{_MONTH_NAMES})\.?\s+$", re.IGNORECASE)
_MONTH_AFTER = re.compile(rf"\s+(?:of\s+)?(?:{_MONTH_NAMES})\b", re.IGNORECASE)


def _ordinal(match: re.Match[str]) -> str:
    text = match.string
    if _MONTH_BEFORE.search(text, 0, match.start()) or _MONTH_AFTER.match(text, match.end()):
        return match.group()  # a date: NeMo reads "26th May" as "the twenty-sixth of May"
    value = int(match["n"])
    expected = "th" if 10 <= value % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(value % 10, "th")
    if match["suffix"].lower() != expected:
        return match.group()
    return numbers.ordinal(value)


def _number_before_hyphen(match: re.Match[str]) -> str:
    return numbers.number(match["n"])


def _clock_time(match: re.Match[str]) -> str:
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


def _hour_time(match: re.Match[str]) -> str:
    return numbers.cardinal(int(match["h"])) + _meridiem(match) + _space_before_letter(match)


def _meridiem(match: re.Match[str]) -> str:
    meridiem = match["ampm"]
    if not meridiem:
        return ""
    spoken = " " + spell(meridiem.replace(".", "").upper())
    return spoken + ("." if meridiem.endswith(".") and _at_end(match) else "")


def _quarter(match: re.Match[str]) -> str:
    return f"{match['q']} {numbers.cardinal(int(match['n']))}"


def _fiscal_year(match: re.Match[str]) -> str:
    value = match["y"]
    return "fiscal year " + (numbers.year(int(value)) if len(value) == 4 else numbers.year_suffix(value))


def _roman(match: re.Match[str]) -> str:
    numeral, name = match["roman"], match["name"]
    if not _VALID_ROMAN.match(numeral):
        return match.group()
    value = _roman_value(numeral)
    before = match.string[: match.start()].split()
    titled = bool(before) and before[-1] in REGNAL_TITLES
    if name in CARDINAL_NUMERAL_CONTEXT:
        return f"{name} {numbers.cardinal(value)}"
    if numeral == "I" and not titled and not _LONE_I_END.match(match.string, match.end()):
        # "Paul I think": the pronoun, unless "King ... I" or "Charles I," / "Charles I."
        return match.group()
    if name in REGNAL_NAMES or titled or numeral in _FAMILY_SUFFIX_NUMERALS:
        return f"{name} the {numbers.ordinal(value)}"
    return match.group()


def _roman_value(numeral: str) -> int:
    total = 0
    for i, letter in enumerate(numeral):
        value = _ROMAN_VALUES[letter]
        following = _ROMAN_VALUES[numeral[i + 1]] if i + 1 < len(numeral) else 0
        total += -value if value < following else value
    return total


def _initials(match: re.Match[str]) -> str:
    return spell(re.sub(r"[.\s]", "", match["initials"])) + " "


def _dotted_initialism(match: re.Match[str]) -> str:
    """ "U.S." mid-sentence → "U.S" (a final dot would end the sentence in both engines)."""
    return match["letters"] + ("." if _at_end(match) else "")


def _letters_and_digits(match: re.Match[str]) -> str:
    return f"{spell(match['letters'])} {match['digits']}"


def _initialism(match: re.Match[str]) -> str:
    word = match.group()
    if word in ACRONYM_WORDS or word in SHOUTED_WORDS or _VALID_ROMAN.match(word):
        return word
    if word in UNIT_ABBREVIATIONS and re.search(r"\d\s*$", match.string[: match.start()]):
        return word
    return spell(word)


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

Rule = tuple[str, re.Pattern[str], Replacement | str]


def _alternatives(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_AM_PM = r"(?P<ampm>[ap]\.m\b\.?|[AP]\.M\b\.?|[ap]m\b|[AP]M\b)"

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
        _email,
    ),
    (
        "url",
        re.compile(
            rf"(?<![\w@/.])(?:https?://)?(?P<host>(?:www\.)?(?:[A-Za-z0-9-]+\.)+(?:{_URL_TLDS}))"
            r"(?![\w-])(?P<path>/[^\s,;)\"”]*)?"
        ),
        _url,
    ),
    # "(D-Calif.)" → "(Democrat of California)".
    (
        "party_state",
        re.compile(r"\b(?P<party>[DRI])-(?P<state>[A-Z][a-z]*\.(?:[A-Z][a-z]?\.)?|[A-Z][a-z]+)"),
        _party_state,
    ),
    # "Baker St." / "Sunset Dr." after a name and not before another name → "Street" / "Drive".
    (
        "street",
        re.compile(r"(?<=[a-z] )(?P<abbr>St|Rd|Dr|Ave)\.?(?=$|[\s,;:)”\"]+(?:$|[a-z\d(]))"),
        _street,
    ),
    # "St. Paul", "St Helens" → "Saint"; but "1428 Elm St. It was" → "Street".
    ("saint", re.compile(r"\bSt\.?(?P<space>\s+)(?=[A-Z])"), _saint_or_street),
    # "Dr. Alan Whitfield", "Sen. Alex Padilla", "Mr Smith" → "Doctor", "Senator", "Mister".
    ("title", re.compile(rf"\b(?P<title>{_alternatives(TITLES)})\.\s+(?=[A-Z])"), _title),
    (
        "title_without_dot",
        re.compile(rf"\b(?P<title>{_alternatives(_TITLES_WITHOUT_DOT)})\s+(?=[A-Z][a-z])"),
        _title,
    ),
    # "Jr.", "Inc.", "Sept.", "e.g." → words (the dot stays when it ends the sentence).
    ("abbreviation", re.compile(rf"(?<![\w.])(?:{_alternatives(ABBREVIATIONS)})(?!\w)"), _abbreviation),
    # "No. 1", "pp. 46", "Mar. 3", "Sept 15" → "number 1", "pages 46", "March 3", "September 15".
    (
        "number_abbreviation",
        re.compile(rf"(?<![\w.])(?P<abbr>{_alternatives(NUMBER_ABBREVIATIONS)})(?!\w)\s*(?=#?\d)"),
        _number_abbreviation,
    ),
    # Telephone numbers, digit by digit in their groups: "(555) 123-4567", "+44 20 7946 0958".
    (
        "phone",
        re.compile(
            r"(?<![\w+])(?:\+\d{1,3}(?:[ .-]\d{2,5}){2,4}|\(\d{3}\)[ -]?\d{3}-\d{4}|\d{3}-\d{3}-\d{4})"
            r"(?![\w-])"
        ),
        _phone,
    ),
    ("401k", re.compile(r"\b401\(?k\)?(?!\w)"), "four oh one K"),
    # "#1" → "number 1"; "#MeToo" → "hashtag MeToo".
    ("hash_number", re.compile(r"(?<!\w)#(?=\d)"), "number "),
    ("hashtag", re.compile(r"(?<!\w)#(?=[A-Za-z])"), "hashtag "),
    # "AT&T", "R&D", "Johnson & Johnson" → "and".
    ("letters_ampersand", re.compile(r"\b(?P<a>[A-Z]{1,3})&(?P<b>[A-Z]{1,3})\b"), _letters_ampersand),
    ("ampersand", re.compile(r"\s*&\s*"), " and "),
    ("and_or", re.compile(r"\band/or\b"), "and or"),
    ("round_the_clock", re.compile(r"\b24/7\b"), "twenty-four seven"),
    # Money: "$1.2bn" → "one point two billion dollars"; "HK$38.50" → "thirty-eight Hong Kong dollars and
    # fifty cents"; "€5 trillion", "$300m", "USD 5m". Currency prefixes NeMo mangles are handled here.
    (
        "money",
        re.compile(
            rf"(?<![\w$])(?:(?P<cur>{_CURRENCY_SYMBOLS})\s?|(?P<code>{_CURRENCY_CODES})\s)"
            rf"(?P<int>{_NUM})(?:\.(?P<frac>\d+))?{_SCALE}?"
        ),
        _money,
    ),
    # Percentages: "4.2%" → "four point two percent"; "3-4%" → "three to four percent".
    (
        "percent",
        re.compile(
            rf"(?<![\w.])(?P<sign>[-+−])?(?:(?P<low>(?:{_NUM})(?:\.\d+)?)\s?(?:-|–|to)\s?)?"
            rf"(?P<num>(?:{_NUM})(?:\.\d+)?)\s?(?:%|per ?cent\b)"
        ),
        _percent,
    ),
    (
        "percentage_points",
        re.compile(rf"(?<![\w.])(?P<num>(?:{_NUM})(?:\.\d+)?)\s?(?:pp|ppts?)\b"),
        _percentage_points,
    ),
    # Year ranges: "2024–25" → "twenty twenty-four to twenty-five"; "1914-1918" → "… to nineteen eighteen".
    (
        "year_range",
        re.compile(
            r"(?<![\w.,$-])(?P<start>1[1-9]\d\d|20\d\d)\s?[-–—/]\s?(?P<end>1[1-9]\d\d|20\d\d|\d\d)"
            r"(?![\w.,]?\d)(?![-–—/]\d)"
        ),
        _year_range,
    ),
    # Dates: "March 3, 2024" → "March third, twenty twenty-four"; "3 March" → "the third of March";
    # "January 2022" → "January twenty twenty-two". (Abbreviated months were expanded above.)
    (
        "date_month_day",
        re.compile(
            rf"\b(?P<month>{_MONTHS})\s+{_DAY}\b(?![-–—:/]\d|,\d)(?:(?P<sep>,?\s+){_YEAR}\b(?![-–—/]\d))?"
        ),
        _date_month_day,
    ),
    (
        "date_day_month",
        re.compile(
            rf"(?<![\w.,:/$€£-]){_DAY}\s+(?:of\s+)?(?P<month>{_MONTHS})\b(?:(?P<sep>,?\s+){_YEAR}\b(?![-–—/]\d))?"
        ),
        _date_day_month,
    ),
    ("month_year", re.compile(rf"\b(?P<month>{_MONTHS})\s+{_YEAR}\b(?![-–—/]\d)"), _month_year),
    # Measures NeMo gets wrong: "300 sq km" → "three hundred square kilometres", "120 km/h", "50°C".
    (
        "measure",
        re.compile(
            rf"(?<![\w.,/])(?P<sign>[-−])?(?:(?P<low>(?:{_NUM})(?:\.\d+)?)\s?(?:[-–—]|to)\s?)?"
            rf"(?P<num>(?:{_NUM})(?:\.\d+)?)\s?(?P<unit>{_alternatives(UNITS)})"
            r"(?![\w/²])"
        ),
        _measure,
    ),
    # Inches fused to the number ("6ft 2in"); "in" alone is the preposition.
    ("inches", re.compile(rf"(?<![\w.,])(?P<num>(?:{_NUM})(?:\.\d+)?)in\b"), _inches),
    # Climate copy writes Celsius without the degree sign: "1.5C of warming" → "one point five degrees
    # Celsius".
    ("celsius", re.compile(rf"(?<![\w.,])(?P<num>(?:{_NUM})(?:\.\d+)?)C\b"), _celsius),
    # Scale letters without a currency: "2.4m tonnes" → "two point four million tonnes", "5bn", but "the
    # 100m sprint" → "one hundred metres".
    (
        "bare_scale",
        re.compile(rf"(?<![\w.,$€£¥])(?P<num>(?:{_NUM})(?:\.\d+)?)(?P<suffix>bn|tn|m)\b"),
        _bare_scale,
    ),
    # Decades: "the 1990s" → "the nineteen nineties"; "the ’90s" → "the nineties".
    ("decade", re.compile(r"(?<![\w.,])(?P<decade>1[1-9]\d0|20\d0)s\b"), _decade),
    ("short_decade", re.compile(r"(?<!\w)[’'‘](?P<decade>\d0)s\b"), _decade),
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
        _score_or_range,
    ),
    # Ordinals: "21st" → "twenty-first".
    ("ordinal", re.compile(r"(?<![\w.,])(?P<n>\d+)(?P<suffix>st|nd|rd|th)\b"), _ordinal),
    # A number joined to a word: "3-year review" → "three-year review", "50-year-old".
    (
        "number_before_hyphen",
        re.compile(rf"(?<![\w.,$€£-])(?P<n>{_NUM})(?=-[A-Za-z])"),
        _number_before_hyphen,
    ),
    # Times: "10:30am" → "ten thirty A.M", "7am" → "seven A.M", "14:00" → "fourteen hundred". Time zones
    # after them ("GMT", "ET") are spelled by the initialism rule below.
    (
        "clock_time",
        re.compile(rf"(?<![\w.:,])(?P<h>[01]?\d|2[0-3]):(?P<m>[0-5]\d)(?![\d:])(?:\s?{_AM_PM})?"),
        _clock_time,
    ),
    # Ratios and odds: "2:1", "16:9" → "two to one" (clock times with two-digit minutes were read above).
    ("ratio", re.compile(r"(?<![\w.:,])(?P<a>\d{1,2}):(?P<b>\d)(?![\d:])"), _ratio),
    ("hour_time", re.compile(rf"(?<![\w.:,])(?P<h>1[0-2]|0?[1-9])\s?{_AM_PM}"), _hour_time),
    # Quarters and halves: "Q3" → "Q three", "H1" → "H one"; "FY2024" → "fiscal year twenty twenty-four".
    ("quarter", re.compile(r"\b(?P<q>[QH])(?P<n>[1-4])\b"), _quarter),
    ("fiscal_year", re.compile(r"\bFY\s?(?P<y>\d{4}|\d{2})\b"), _fiscal_year),
    # Regnal and numbered roman numerals: "Charles III" → "Charles the third", "World War II" → "World War
    # two", "Chapter VI" → "Chapter six". A lone "I" only after a title or before punctuation, never the
    # pronoun.
    (
        "roman_numeral",
        re.compile(r"\b(?P<name>[A-Z][a-z]+)\s+(?P<roman>[IVXL]{1,7})(?=(?:['’]s)?(?:[^\w'’.-]|\.(?!\w)|$))"),
        _roman,
    ),
    # Initials before a surname: "J. K. Rowling" → "J.K Rowling" (a dot and a space end a sentence in piper).
    ("initials", re.compile(r"(?<![\w.])(?P<initials>(?:[B-Z]\.\s?)+)(?=[A-Z][a-z])"), _initials),
    # Dotted initialisms: "U.S. embassy" → "U.S embassy".
    (
        "dotted_initialism",
        re.compile(r"(?<![\w.])(?P<letters>(?:[A-Z]\.){1,4}[A-Z])\.(?!\w)"),
        _dotted_initialism,
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
    # Letters fused to digits: "MI5" → "M.I 5".
    (
        "letters_and_digits",
        re.compile(r"(?<![\w-])(?P<letters>[A-Z]{2,4})(?P<digits>\d{1,3})\b"),
        _letters_and_digits,
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
    return _INITIALISM.sub(_initialism, text)


def apply_news_rules(text: str) -> str:
    """Rewrite news-specific forms into words; plain numbers, dates and measures are left for later."""
    shouting = is_shouting(text)
    for _name, pattern, replacement in RULES:
        text = pattern.sub(replacement, text)
    if not shouting:
        text = spell_initialisms(text)
    return text
