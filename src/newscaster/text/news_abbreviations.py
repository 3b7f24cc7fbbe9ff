"""News-layer rules for words: abbreviations, titles, addresses, web and e-mail addresses, roman numerals
and initialisms.

Each function here is the replacement of one rule in ``news_rules.RULES`` (where the patterns and their order
live). Also the helpers every rule shares: ``spell`` (letters for the voices), ``at_end`` and ``expand``.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from newscaster.text import numbers
from newscaster.text.news_words import (
    ABBREVIATIONS,
    ACRONYM_WORDS,
    CARDINAL_NUMERAL_CONTEXT,
    COMPASS_POINTS,
    FAMILY_SUFFIX_NUMERALS,
    NUMBER_ABBREVIATIONS,
    PARTIES,
    REGNAL_NAMES,
    REGNAL_TITLES,
    SENTENCE_OPENERS,
    SENTENCE_STARTS,
    SHOUTED_WORDS,
    SPOKEN_TLDS,
    STREET_SUFFIXES,
    TITLES,
    UNIT_ABBREVIATIONS,
    US_POSTAL_CODES,
    US_STATES,
)

Replacement = Callable[[re.Match[str]], str]

CLOSERS = "\"”’')]» "


def at_end(match: re.Match[str]) -> bool:
    """True when only closing quotes/brackets follow the match: its dot is also the sentence's full stop."""
    return not match.string[match.end() :].strip(CLOSERS)


def expand(spoken: str) -> Replacement:
    """Replace an abbreviation with a dot by ``spoken``, keeping the dot when it also ends the sentence."""

    def replace(match: re.Match[str]) -> str:
        dotted = match.group().endswith(".")
        return spoken + ("." if dotted and at_end(match) else "")

    return replace


def spell(letters: str) -> str:
    """``"SCO"`` → ``"S.C.O"``: letter names for both hibari and piper (see ``news_rules``)."""
    return ".".join(letters)


_LONE_I_END = re.compile(r"(?:['’]s\b|\s*(?:[,.;:!?)”\"–—]|--|$))")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50}
VALID_ROMAN = re.compile(r"^L?X{0,3}(?:IX|IV|V?I{0,3})$")
NUMBERED_ROMAN = re.compile(r"^(?:XL|L?X{0,3})(?:IX|IV|V?I{0,3})$")
"""After a name or "Part": 1–89 with "XL" (40); ``VALID_ROMAN`` (no "XL", a size) only keeps a capitalised
word from being spelled."""


_EMAIL_SYMBOLS = {".": " dot ", "_": " underscore ", "+": " plus ", "-": " dash "}


def email(match: re.Match[str]) -> str:
    user = re.sub(r"[._+-]", lambda m: _EMAIL_SYMBOLS[m[0]], match["user"])
    user = re.sub(r"\d+", lambda m: f" {numbers.digits(m[0])} ", user)  # "asdf123" → "asdf one two three"
    user = " ".join(user.split())
    return f"{user} at {_host(match['host'])}"


def url(match: re.Match[str]) -> str:
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
        if position and label in SPOKEN_TLDS:
            spoken.append(label)
        elif (is_tld or len(label) <= 3) and label.isalpha():
            spoken.append(spell(label.upper()))  # "bbc" → "B.B.C", "uk" → "U.K"
        else:
            spoken.append(label.replace("-", " dash "))
    return " dot ".join(spoken)


def party_state(match: re.Match[str]) -> str:
    state = US_STATES.get(match["state"]) or US_STATES.get(match["state"] + ".")
    if state is None:
        return match.group()
    return f"{PARTIES[match['party']]} of {state}" + (
        "." if match["state"].endswith(".") and at_end(match) else ""
    )


def title(match: re.Match[str]) -> str:
    return TITLES[match["title"]] + " "


def street(match: re.Match[str]) -> str:
    if not _after_name(match):
        return match.group()
    word = {"St": "Street", "Rd": "Road", "Dr": "Drive", "Ave": "Avenue"}[match["abbr"]]
    return word + ("." if match.group().endswith(".") and at_end(match) else "")


def _after_name(match: re.Match[str]) -> bool:
    """The word before the match is a capitalised name, not the sentence's first word ("Elm St.")."""
    before = match.string[: match.start()].split()
    if len(before) < 2 or not before[-1][:1].isupper():
        return False
    return before[-1] not in SENTENCE_OPENERS and not before[-2].endswith((".", "!", "?", ":"))


def saint_or_street(match: re.Match[str]) -> str:
    """ "St." before a name is "Saint" ("St. Paul", "Mount St. Helens"); after a name and before a word that
    starts a sentence it is "Street" ("Elm St. It was …")."""
    following = re.match(r"[A-Z][a-z]*", match.string[match.end() :])
    starts_sentence = following is not None and following.group() in SENTENCE_STARTS
    if starts_sentence and _after_name(match):
        return "Street" + ("." if match.group().startswith("St.") else "") + match["space"]
    return "Saint "


def abbreviation(match: re.Match[str]) -> str:
    return expand(ABBREVIATIONS[match.group()])(match)


def number_abbreviation(match: re.Match[str]) -> str:
    return NUMBER_ABBREVIATIONS[match["abbr"]] + " "


def letters_ampersand(match: re.Match[str]) -> str:
    return f"{spell(match['a'])} and {spell(match['b'])}"


def roman(match: re.Match[str]) -> str:
    numeral, name = match["roman"], match["name"]
    if not NUMBERED_ROMAN.match(numeral):
        return match.group()
    value = roman_value(numeral)
    before = match.string[: match.start()].split()
    titled = bool(before) and before[-1].capitalize() in REGNAL_TITLES
    shouted = name.isupper()  # "WORLD WAR II", "PART XL": said like "War two", never spelled
    if shouted:
        name = name.capitalize()
    if name in CARDINAL_NUMERAL_CONTEXT:
        return f"{name} {numbers.cardinal(value)}"
    if numeral == "I" and not titled and not _LONE_I_END.match(match.string, match.end()):
        # "Paul I think": the pronoun, unless "King ... I" or "Charles I," / "Charles I."
        return match.group()
    if name in REGNAL_NAMES or titled or (numeral in FAMILY_SUFFIX_NUMERALS and not shouted):
        return f"{name} the {numbers.ordinal(value)}"
    return match.group()


def roman_value(numeral: str) -> int:
    total = 0
    for i, letter in enumerate(numeral):
        value = _ROMAN_VALUES[letter]
        following = _ROMAN_VALUES[numeral[i + 1]] if i + 1 < len(numeral) else 0
        total += -value if value < following else value
    return total


def initials(match: re.Match[str]) -> str:
    return spell(re.sub(r"[.\s]", "", match["initials"])) + " "


def dotted_initialism(match: re.Match[str]) -> str:
    """ "U.S." mid-sentence → "U.S" (a final dot would end the sentence in both engines)."""
    return match["letters"] + ("." if at_end(match) else "")


def letters_and_digits(match: re.Match[str]) -> str:
    """ "MI5" → "M.I 5"; flight and model numbers in pairs: "MH370" → "M.H three seventy", "A321" → "A
    three twenty-one", "A321neo", "H100s"; a code "AB9453" digit by digit ("T2000": "T two thousand"). One
    letter with one or two digits ("G7") stays."""
    letters, digits, tail = match["letters"], match["digits"], match["tail"] or ""
    if len(digits) < 3:
        if tail:  # "MP3s", "B52s": left to the later layers, as without a tail
            return match.group()
        return match.group() if len(letters) == 1 else f"{spell(letters)} {digits}"
    spoken = letters if len(letters) == 1 or letters.islower() else spell(letters)
    if len(digits) == 3:
        spoken += " " + numbers.paired(digits)
    else:
        round_thousands = len(digits) == 4 and digits.endswith("000")  # "T2000" → "T two thousand"
        spoken += " " + (numbers.cardinal(int(digits)) if round_thousands else numbers.digits(digits))
    if tail == "s":  # "A380s" → "A three eighties"
        return numbers.plural(spoken)
    return f"{spoken} {tail}" if tail else spoken


def aircraft(match: re.Match[str]) -> str:
    """ "Boeing 737-800" → "Boeing seven thirty-seven eight hundred", "747-8" → "seven forty-seven eight",
    "777-300ER" → "… three hundred E.R", "Airbus A321neo" → "Airbus A three twenty-one neo", "737s" →
    "seven thirty-sevens"."""
    groups = match.groupdict()
    if not groups.get("letters") and len(match["model"]) != 3:
        return match.group()  # "Boeing 2024 results", "Airbus 10 jets": not a model
    words = [groups.get("maker") or "", spell(groups.get("letters") or ""), numbers.paired(match["model"])]
    if groups.get("variant"):
        words.append(numbers.paired(groups["variant"]))
    tail = groups.get("tail") or ""
    if tail == "s":
        words[-1] = numbers.plural(words[-1])
    elif tail:
        words.append(spell(tail) if tail.isupper() else tail)
    return " ".join(word for word in words if word)


def street_address(match: re.Match[str]) -> str:
    """ "708 N 1st St, San Jose, CA 95112" → "seven oh eight North 1st Street, San Jose, California nine five
    one one two" (the ordinal rule reads "1st" later)."""
    spoken = numbers.paired(match["number"]) + " "
    if match["compass"]:
        spoken += COMPASS_POINTS[match["compass"]] + " "
    spoken += match["street"] + STREET_SUFFIXES[match["suffix"].lower()]
    if match["state"]:
        spoken += f", {match['city']}, {US_POSTAL_CODES[match['state']]}"
        if match["zip"]:
            spoken += " " + numbers.digits(match["zip"])
    elif match["dot"] and (at_end(match) or re.match(r"\s+[A-Z]", match.string[match.end() :])):
        spoken += "."  # "1428 Elm St. It was …": the dot also ends the sentence
    return spoken


def initialism(match: re.Match[str]) -> str:
    word = match.group()
    if word in ACRONYM_WORDS or word in SHOUTED_WORDS or VALID_ROMAN.match(word):
        return word
    if word in UNIT_ABBREVIATIONS and re.search(r"\d\s*$", match.string[: match.start()]):
        return word
    return spell(word)


def word_slash(match: re.Match[str]) -> str:
    return re.sub(r"\s?/\s?", " slash ", match.group())


def dateline(match: re.Match[str]) -> str:
    """ "WASHINGTON (AP) — " → "Washington — ": newsreaders say the place as a name and leave out the
    agency credit."""
    place = " ".join(word.capitalize() if word.isupper() else word for word in match["place"].split())
    region = (match["region"] or "").removeprefix(", ")
    region = US_STATES.get(region, region)  # AP style abbreviates the state: "ST. LOUIS, Mo. (AP)"
    return f"{place}, {region} — " if region else f"{place} — "
