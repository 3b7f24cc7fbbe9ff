"""A number before a noun agrees with it, as a reader says it.

num2words writes a number as it is counted alone: "eins", "uno", "doscientos", "dois", "un". Before a noun
most languages change it with the noun's gender (``noun_gender``) and German with its case too:

* German: "eins Stunde" → "eine Stunde", "mit einer Million", "für einen Monat", "ein Jahr", "ein Uhr";
* Spanish: "uno hora" → "una hora", "veintiuno años" → "veintiún años", "doscientos personas" →
  "doscientas personas"; and num2words' "veintiuno mil" is "veintiún mil" whatever follows;
* Portuguese: "dois pessoas" → "duas pessoas", "duzentos crianças" → "duzentas crianças", "um hora" →
  "uma hora";
* Italian: "uno ora" → "una ora", "uno anno" → "un anno", "uno donna" → "una donna";
* French: "un heure" → "une heure", "vingt et un personnes" → "vingt et une personnes".

A number counts the word after it only if that word is a noun of its number: after a number above one a
plural ("en 2021 hubo" is a year and a verb), and in German a capitalized noun that is not a label's
("Platz 1 Juventus"). Otherwise the number stays as counted alone ("uno de ellos", "Paragraph eins BGB").
"""

from __future__ import annotations

import re
from collections.abc import Callable

from newscaster.text.noun_gender import german_genders, romance_gender

AgreementRule = Callable[[str, int, str, str], str]
"""(number in words, its value, the text before it, the text after it) → the words before that text."""

_NEXT_WORD = re.compile(r"[ \u00a0\u202f]+([^\W\d_][^\W\d_'’-]*(?:['’][^\W\d_]+)?)(?![\w'’-])")
_LAST_WORD = re.compile(r"(\S+)\s+$")

GERMAN_DATIVE = frozenset(
    "aus bei mit nach seit von zu gegenüber ab vor in an auf unter neben hinter zwischen entgegen samt".split()  # noqa: SIM905, E501
)
"""Prepositions after which "1 Stunde" is "einer Stunde" and "1 Jahr" "einem Jahr" (in, an, auf, vor, unter
also take the accusative, but with a counted amount mostly the dative: "in einem Jahr", "vor einer Woche")."""
GERMAN_GENITIVE = frozenset(
    "innerhalb außerhalb während wegen trotz statt anstatt binnen jenseits infolge aufgrund mittels".split()  # noqa: SIM905
)
GERMAN_ACCUSATIVE = frozenset(["für", "durch", "ohne", "gegen", "um", "über", "pro"])
"""After these a masculine noun takes "einen" ("für einen Monat"), a neuter one "ein" ("um ein Jahr")."""
GERMAN_PREPOSITIONS = GERMAN_DATIVE | GERMAN_GENITIVE | GERMAN_ACCUSATIVE
GERMAN_INVARIABLE = frozenset({"Uhr"})
"""Nouns after which German says "ein" whatever the case: "um ein Uhr"."""


def agreeing(words: str, value: int, language: str, before: str, after: str) -> str:
    """``words`` (``value`` counted alone, num2words' cardinal in ``language``) as said between ``before``
    and ``after``: agreeing with the noun that starts ``after``, if that noun is counted by it."""
    rule = AGREEMENT_RULES.get(language)
    if rule is None or before.endswith(("#", "№")):
        return words  # "#1 Kommentar" is number one
    return rule(words, value, before, after)


def _next_word(after: str) -> str | None:
    match = _NEXT_WORD.match(after)
    return match[1] if match else None


_GERMAN_SPAN = re.compile(r"\s+(?:bis|oder)\s+\d+\s+[A-ZÄÖÜ]")
"""A count of one to some ("1 bis 2 Stunden", "1 oder 2 Tage"): German says "ein bis zwei"."""
_GERMAN_ADJECTIVE = re.compile(r"[a-zäöüß]+(?:e|en|er|es|em)")
"""A declined adjective between the number and its noun ("mit 1 weiteren Person")."""
_GERMAN_DETERMINER = re.compile(
    r"(?:k?ein|dies|jen|sein|ihr|mein|dein|unser|eur|welch|jed|manch|solch|d)[a-z]*$"
)
"""Articles and pronouns with an adjective's ending: "die Beklagte zu 1 einen Anspruch" counts nothing."""


def _german(words: str, value: int, before: str, after: str) -> str:
    if value != 1:
        return words
    last = _LAST_WORD.search(before)
    previous = last[1] if last else ""
    case_word = previous.lower()
    if previous == "§" or (
        previous[:1].isupper()
        and case_word not in GERMAN_PREPOSITIONS
        and german_genders(previous) is not None
    ):
        return words  # a label's number: "Platz 1 Juventus", "Folge 1 Staffel", "§ 1 BGB"
    if _GERMAN_SPAN.match(after):
        return "ein"  # "ein bis zwei Stunden"
    word = _NEXT_WORD.match(after)
    if word is not None and _GERMAN_ADJECTIVE.fullmatch(word[1]) and not _GERMAN_DETERMINER.match(word[1]):
        word = _NEXT_WORD.match(after, word.end())
    noun = word[1] if word else None
    if noun is None or not noun[0].isupper() or not any(letter.islower() for letter in noun[1:]):
        return words  # no noun, or an abbreviation or a letter ("1 TL", "1 L")
    if noun in GERMAN_INVARIABLE:
        return "ein"
    genders = german_genders(noun)
    if genders is None:
        return words  # a name, or a word capitalized at a sentence's start after a table's number
    feminine = genders == "f"
    if case_word in GERMAN_DATIVE:
        return "einer" if feminine else "einem"
    if case_word in GERMAN_GENITIVE:
        return "einer" if feminine else "eines"
    if feminine:
        return "eine"
    if case_word in GERMAN_ACCUSATIVE and genders[0] == "m":
        return "einen"
    return "ein"


def _counted_noun(value: int, after: str, language: str) -> tuple[str, str] | None:
    """The noun after a Romance number and its gender, if the number counts it: a plural after a number
    above one, so that a year before a verb is no count."""
    noun = _next_word(after)
    if noun is None:
        return None
    if not noun[0].islower():
        return None  # a name or a heading ("3 a 1 Pérez", "2 a 1 GUADALUPE"): Romance nouns are lowercase
    gender = romance_gender(noun, language)
    if gender is None or (value != 1 and not noun.lower().endswith(("s", "x"))):
        return None
    return noun, gender


_SPANISH_UNO_BEFORE_LARGE = re.compile(r"\b(veinti)?uno(?= (?:mil|millones|billones)\b)")
"""num2words writes "veintiuno mil", "treinta y uno millones": Spanish says "veintiún mil", "treinta y un
millones"."""
_SPANISH_FINAL_UNO = re.compile(r"\b(veinti)?uno$")
_LARGE_COUNT = re.compile(r".*\b(?:millón|millones|billón|billones|milhão|milhões|bilhão|bilhões) ?")
"""What precedes the part of a number that agrees with its noun: millions are a masculine noun of their own
("doscientos millones de personas"); thousands are not ("doscientas mil personas")."""


def _below_millions(words: str, feminine: Callable[[str], str]) -> str:
    millions = _LARGE_COUNT.match(words)
    split = millions.end() if millions else 0
    return words[:split] + feminine(words[split:])


def _spanish(words: str, value: int, before: str, after: str) -> str:
    words = _SPANISH_UNO_BEFORE_LARGE.sub(lambda m: "veintiún" if m[1] else "un", words)
    counted = _counted_noun(value, after, "es")
    if counted is None:
        return words
    if counted[1] == "f":
        return _below_millions(
            words, lambda part: re.sub(r"ientos\b", "ientas", re.sub(r"\b(veinti)?uno$", r"\1una", part))
        )
    return _SPANISH_FINAL_UNO.sub(lambda m: "veintiún" if m[1] else "un", words)


def _portuguese_feminine(part: str) -> str:
    part = re.sub(r"\bum\b", "uma", part)
    part = re.sub(r"\bdois\b", "duas", part)
    return re.sub(r"(?<=\w)entos\b", "entas", part)


def _portuguese(words: str, value: int, before: str, after: str) -> str:
    counted = _counted_noun(value, after, "pt")
    if counted is None or counted[1] != "f":
        return words
    return _below_millions(words, _portuguese_feminine)


_ITALIAN_UNO = re.compile(r"(?:s[^aeiouàèéìòù]|z|gn|ps|pn|x|y)", re.IGNORECASE)
"""Where Italian says "uno" rather than "un" before a masculine noun ("uno studente", "uno zio")."""


def _italian(words: str, value: int, before: str, after: str) -> str:
    counted = _counted_noun(value, after, "it") if value == 1 else None
    if counted is None:
        return words
    noun, gender = counted
    if gender == "f":
        return "una"  # before a vowel written "un'", which would join the words: "una ora" is still one hour
    return "uno" if _ITALIAN_UNO.match(noun) else "un"


def _french(words: str, value: int, before: str, after: str) -> str:
    counted = _counted_noun(value, after, "fr")
    if counted is None or counted[1] != "f":
        return words
    return re.sub(r"\bun$", "une", words)


AGREEMENT_RULES: dict[str, AgreementRule] = {
    "de": _german,
    "es": _spanish,
    "pt": _portuguese,
    "it": _italian,
    "fr": _french,
}
"""The languages whose numbers agree with their nouns here."""
