"""Word lists and tables for the news layer: what the rules in ``news_rules`` look words up in.

Curated by hand for English news copy: acronyms said as words vs. initialisms spelled, currencies, titles,
abbreviations, U.S. states, regnal names, units, domain endings. Adding a word here changes what is spoken
(and so the sentence cache key): add a test with its spoken form in ``tests/text/test_normalize.py``.
"""

from __future__ import annotations


def words(text: str) -> frozenset[str]:
    return frozenset(text.split())


ACRONYM_WORDS = words(
    """NATO COVID UNESCO UNICEF NASA OPEC ASEAN FIFA UEFA NASDAQ AIDS SARS MERS NAFTA FEMA SWAT ISIS ISIL
    UNRWA UNIFIL UNAIDS CERN DARPA NIMBY LASER RADAR SONAR SCUBA NASCAR POTUS SCOTUS FLOTUS BRICS AUKUS QUAD
    OSHA MAGA DOGE ICE SNAP PIN GIF JPEG IKEA LEGO OFCOM OFSTED OFGEM OFWAT NICE ACAS TASER SEAL CHIPS CARES
    PEPFAR MERCOSUR ECOWAS FRONTEX INTERPOL EUROPOL ANZAC ANZUS NORAD CENTCOM GAVI FARC HAMAS FATAH DEFRA
    COBRA NEOM COP YOLO FOMO RAM ROM LAN WAN CAPTCHA SALT START MAX"""
)
"""Acronyms said as words; every other ALL-CAPS word of 2–5 letters is spelled out."""

SHOUTED_WORDS = words(
    """NO NOT YES ALL NEW NOW LIVE WATCH READ MORE NEWS NOTE ALERT THE AND FOR BUT ONLY VERY MUST STOP HELP
    FREE NEVER EVER SAID WILL OUR WE YOU HE SHE THEY THIS THAT WHAT WHY HOW WHEN OF TO IN ON AT IS ARE WAS
    BE BY OR SO DO GO MY ME HIS HER ITS NEXT LAST BIG HUGE OPEN FULL LIVE VOTE"""
)
"""Ordinary words written in capitals for emphasis ("WATCH:", "NOT"), never spelled."""

UNIT_ABBREVIATIONS = words("MW GW KW TW MWH GWH TWH KWH GB MB TB KB GHZ MHZ KHZ KM KG MPH KPH")
"""Capitalised units: after a number they are left for NeMo ("5 MW"), not spelled."""

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
    "RMB": ("yuan", "yuan", "", ""),  # renminbi are said in yuan: "RMB500m" is "five hundred million yuan"
    "HKD": ("Hong Kong dollar", "Hong Kong dollars", "cent", "cents"),
    "AUD": ("Australian dollar", "Australian dollars", "cent", "cents"),
    "CAD": ("Canadian dollar", "Canadian dollars", "cent", "cents"),
    "CHF": ("Swiss franc", "Swiss francs", "centime", "centimes"),
    "INR": ("rupee", "rupees", "paisa", "paise"),
}
SCALE_WORDS = {
    "k": "thousand", "thousand": "thousand", "m": "million", "mn": "million", "mln": "million",
    "million": "million", "b": "billion", "bn": "billion", "billion": "billion", "t": "trillion",
    "tn": "trillion", "trillion": "trillion",
}  # fmt: skip

SENTENCE_STARTS = words(
    "It The He She They We I You This That These Those There But And A An In On At His Her Its Their Our"
)
"""Words that begin a new sentence after "Elm St." rather than continue a name ("St. Helens")."""
SENTENCE_OPENERS = words("The A An In On At To From Of For By With This That Visit Near Outside Inside")
"""Capitalised words before "St." that are not street names ("The St. Louis Cardinals")."""

NOT_NOUNS = words(
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
PARTIES = {"D": "Democrat", "R": "Republican", "I": "Independent"}

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
TITLES_WITHOUT_DOT = ("Mr", "Mrs", "Ms", "Dr", "Prof")
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
_MONTH_ABBREVIATIONS = {
    "Jan": "January", "Feb": "February", "Mar": "March", "Apr": "April", "Jun": "June", "Jul": "July",
    "Aug": "August", "Sep": "September", "Sept": "September", "Oct": "October", "Nov": "November",
    "Dec": "December",
}  # fmt: skip
for _abbreviation, _month in _MONTH_ABBREVIATIONS.items():
    # Shouted headlines ("JAN. 6 HEARING") and lowercase copy ("jan. 15"); lowercase only with its dot.
    for _form in (_abbreviation.upper(), _abbreviation.upper() + ".", _abbreviation.lower() + "."):
        NUMBER_ABBREVIATIONS.setdefault(_form, _month)

CARDINAL_NUMERAL_CONTEXT = words(
    """War Chapter Part Volume Book Act Scene Title Article Phase Stage Section Type Class Category Level Tier
    Grade Schedule Bowl Vatican Apollo Gemini Episode Round Annex Appendix Figure Psalm Symphony Mark Mk
    Division League Series Amendment"""
)
"""After these a roman numeral is a plain number: "World War II" → "World War two"."""
REGNAL_TITLES = words(
    "King Queen Pope Emperor Empress Tsar Czar Tsarina Kaiser Prince Princess Duke Duchess Sultan Shah "
    "Pharaoh Saint"
)
REGNAL_NAMES = words(
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
FAMILY_SUFFIX_NUMERALS = frozenset({"II", "III", "IV"})
"""After any other name only these are read as "the second/third/fourth" ("John Smith III"); "XI" and "XV"
after a country are a cricket or rugby team, "XL" a size."""

US_POSTAL_CODES = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California", "CO": "Colorado",
    "CT": "Connecticut", "DE": "Delaware", "DC": "D.C", "FL": "Florida", "GA": "Georgia", "HI": "Hawaii",
    "ID": "Idaho", "IL": "Illinois", "IN": "Indiana", "IA": "Iowa", "KS": "Kansas", "KY": "Kentucky",
    "LA": "Louisiana", "ME": "Maine", "MD": "Maryland", "MA": "Massachusetts", "MI": "Michigan",
    "MN": "Minnesota", "MS": "Mississippi", "MO": "Missouri", "MT": "Montana", "NE": "Nebraska",
    "NV": "Nevada", "NH": "New Hampshire", "NJ": "New Jersey", "NM": "New Mexico", "NY": "New York",
    "NC": "North Carolina", "ND": "North Dakota", "OH": "Ohio", "OK": "Oklahoma", "OR": "Oregon",
    "PA": "Pennsylvania", "RI": "Rhode Island", "SC": "South Carolina", "SD": "South Dakota",
    "TN": "Tennessee", "TX": "Texas", "UT": "Utah", "VT": "Vermont", "VA": "Virginia", "WA": "Washington",
    "WV": "West Virginia", "WI": "Wisconsin", "WY": "Wyoming",
}  # fmt: skip
"""USPS state codes: expanded only inside a street address ("Santa Clara, CA 95051"), never on their own
("MD" is also a doctor, "OK" a word)."""

STREET_SUFFIXES = {
    "st": "Street", "ave": "Avenue", "av": "Avenue", "rd": "Road", "blvd": "Boulevard", "ct": "Court",
    "ln": "Lane", "hwy": "Highway", "expy": "Expressway", "fwy": "Freeway", "pkwy": "Parkway",
    "pl": "Place", "sq": "Square", "ter": "Terrace", "cir": "Circle", "trl": "Trail", "tpke": "Turnpike",
}  # fmt: skip
"""Street-type abbreviations, read only after a house number and a street name ("123 Laguna Ct"). "Dr" is
left to the title and street rules: "Dr" before a name is "Doctor"."""
COMPASS_POINTS = {
    "N": "North", "S": "South", "E": "East", "W": "West", "NE": "Northeast", "NW": "Northwest",
    "SE": "Southeast", "SW": "Southwest",
}  # fmt: skip
"""A compass point between the house number and the street name ("708 N 1st St")."""

PER_UNITS = {
    "mo": "month", "month": "month", "yr": "year", "year": "year", "wk": "week", "week": "week",
    "d": "day", "day": "day", "hr": "hour", "h": "hour", "hour": "hour", "night": "night",
    "person": "person", "head": "head", "share": "share", "kg": "kilogram", "lb": "pound",
    "t": "tonne", "tonne": "tonne", "ton": "ton", "barrel": "barrel", "bbl": "barrel", "oz": "ounce",
    "kWh": "kilowatt hour", "MWh": "megawatt hour", "sq ft": "square foot", "ft": "foot",
    "m2": "square metre",
}  # fmt: skip
"""After a price and a slash: "$20/mo" → "twenty dollars per month"."""

URL_TLDS = (
    "com|org|net|gov|edu|int|mil|info|news|io|ai|app|dev|tv|me|co|uk|us|ca|au|de|fr|eu|cn|jp|in|nz|hk|sg|"
    "ie|it|es|nl|ch|se|no|dk|fi|ru|ua|br|mx|za|ng|ke|ly|gl|be|at|pl|kr|tw"
)
SPOKEN_TLDS = {
    "com": "com", "org": "org", "net": "net", "gov": "gov", "info": "info", "news": "news", "app": "app",
    "dev": "dev", "int": "int", "mil": "mil", "co": "co",
}  # fmt: skip
"""Domain endings said as words; any other ending is spelled ("uk" → "U.K", "edu" → "E.D.U")."""

MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
MONTH_NAMES = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
)

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
    "km³": ("cubic kilometre", "cubic kilometres"), "m³": ("cubic metre", "cubic metres"),
    "cm³": ("cubic centimetre", "cubic centimetres"), "m²": ("square metre", "square metres"),
    "m2": ("square metre", "square metres"), "km2": ("square kilometre", "square kilometres"),
}  # fmt: skip
for _prefix, _name in {"k": "kilobit", "m": "megabit", "g": "gigabit"}.items():
    for _symbol in (f"{_prefix}bps", f"{_prefix.upper()}bps"):
        UNITS[_symbol] = (f"{_name} per second", f"{_name}s per second")
"""Units NeMo misses or mangles ("300 sq km" → "SQ KM", "120 km/h" → "per H"); British spelling, as news
copy here writes "metres" (the voices say both the same)."""

METRE_NOUNS = words(
    "sprint race freestyle butterfly backstroke breaststroke medley hurdles relay dash final tower wall "
    "drop jump"
)
METRE_ADJECTIVES = words("high tall long deep wide away above below")
"""After these "100m" is metres ("the 100m sprint", "100m high"); otherwise a bare "5m"/"2.4m" in news copy
is millions ("5m people")."""

AIRCRAFT_MAKERS = words(
    """Boeing Airbus Embraer Bombardier Lockheed Cessna Comac COMAC Douglas Gulfstream Dassault Fokker Saab
    Beechcraft Learjet Tupolev Ilyushin Antonov Sukhoi ATR"""
)
"""After these a number is a model, said in pairs as pilots and reporters do: "Boeing 737" → "seven
thirty-seven", "Airbus A321" → "A three twenty-one"."""
BOEING_FAMILY_WORDS = words(
    "Max MAX max Dreamliner Dreamliners jet jets jetliner jetliners airliner airliners"
)
"""After these, a 7x7 without "Boeing" is still the aircraft ("the 737 Max", "a 787 Dreamliner"); before any
other word "737" is an amount ("737 shares")."""

TIME_ZONES = words(
    """EST EDT CST CDT MST MDT PST PDT AKST AKDT HST ET CT MT PT GMT UTC BST CET CEST EET EEST IST
    JST KST AEST AEDT ACST AWST NZST NZDT HKT SGT"""
)
"""Zones written with dots after "a.m."/"p.m." ("1:59 p.m. e.s.t"), in any case: spelled as letters. Written
in capitals without dots they are spelled by the initialism rule; "est" in lowercase is left as written."""

PER_SECOND_UNITS: dict[str, tuple[str, str]] = {
    "m": ("metre", "metres"), "km": ("kilometre", "kilometres"), "cm": ("centimetre", "centimetres"),
    "mm": ("millimetre", "millimetres"), "ft": ("foot", "feet"), "mi": ("mile", "miles"),
    "m3": ("cubic metre", "cubic metres"), "m³": ("cubic metre", "cubic metres"),
    "l": ("litre", "litres"), "L": ("litre", "litres"), "cc": ("C.C", "C.C"),
    "ml": ("millilitre", "millilitres"),
    "kB": ("kilobyte", "kilobytes"), "KB": ("kilobyte", "kilobytes"), "MB": ("megabyte", "megabytes"),
    "GB": ("gigabyte", "gigabytes"), "TB": ("terabyte", "terabytes"), "Mb": ("megabit", "megabits"),
    "Gb": ("gigabit", "gigabits"), "g": ("gram", "grams"), "kg": ("kilogram", "kilograms"),
    "t": ("tonne", "tonnes"),
}  # fmt: skip
"""Units before "/s": "10 m/s" → "ten metres per second", "3,000 m³/s" (a river in flood)."""
