"""Abbreviations and number marks of news copy in other languages, written out before the engine reads them.

espeak-ng, and the engines that phonemize through it (piper, kokoro's other languages), spells most of these
letter by letter: German "z. B." comes out "tset be", "Mrd." "em er de", "Dr." "de er"; Italian "mln" "emme
elle enne", "n. 5" "enne cinque"; Spanish "EE. UU." "e e u u", "n.º 5" "ene o cinco", "2.ª" "dos punto a";
French "M. Dupont" "em Dupont", "19e" "dix-neuf e". Each entry was checked with ``espeak-ng -x -v LANGUAGE``;
what the engine already says right ("Mme", "Sr.", French "Dr") is not listed.

An entry is read only where its meaning is sure: a number sign before a number ("Nr. 5"), a count word after
one ("5 Mio."), a title before a capitalized name ("M. Dupont"); the rest anywhere. An abbreviation whose dot
also ends the sentence keeps it ("… usw." → "… und so weiter.").
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from newscaster.text.language_numbers import number_words
from newscaster.text.news_abbreviations import at_end


@dataclass(frozen=True)
class Abbreviations:
    """One language's abbreviations by where they may be read; each maps the written form to the spoken.

    A written form with ". " inside matches with or without the space ("z. B." and "z.B.")."""

    anywhere: Mapping[str, str] = field(default_factory=dict)
    before_number: Mapping[str, str] = field(default_factory=dict)
    after_number: Mapping[str, str] = field(default_factory=dict)
    before_name: Mapping[str, str] = field(default_factory=dict)
    feminine_ordinal: str = ""
    """The mark of a feminine ordinal after its number and a dot ("1.ª" in Spanish); with it or the masculine
    mark ("1.º") the number is read as an ordinal."""
    masculine_ordinal: str = ""
    ordinal_suffix: str = ""
    """A regular expression for the letters of an ordinal after its number (French "19e", "2ème")."""


BY_LANGUAGE: dict[str, Abbreviations] = {
    "de": Abbreviations(
        anywhere={
            "z. B.": "zum Beispiel", "bzw.": "beziehungsweise", "usw.": "und so weiter",
            "u. a.": "unter anderem", "d. h.": "das heißt", "ca.": "circa", "v. a.": "vor allem",
            "z. T.": "zum Teil", "inkl.": "inklusive", "evtl.": "eventuell", "ggf.": "gegebenenfalls",
            "bspw.": "beispielsweise", "vgl.": "vergleiche", "etc.": "et cetera", "insb.": "insbesondere",
            "zzgl.": "zuzüglich", "o. Ä.": "oder Ähnliches", "u. U.": "unter Umständen",
            "i. d. R.": "in der Regel", "s. o.": "siehe oben", "Jh.": "Jahrhundert", "Tel.": "Telefon",
            "Str.": "Straße", "Abs.": "Absatz",
        },
        before_number={"Nr.": "Nummer", "S.": "Seite"},
        after_number={"Mio.": "Millionen", "Mio": "Millionen", "Mrd.": "Milliarden", "Mrd": "Milliarden",
                      "Tsd.": "Tausend", "Std.": "Stunden"},
        before_name={"Dr.": "Doktor", "Prof.": "Professor", "Hr.": "Herr", "St.": "Sankt"},
    ),
    "fr": Abbreviations(
        anywhere={"p. ex.": "par exemple", "c.-à-d.": "c'est-à-dire", "av. J.-C.": "avant Jésus-Christ",
                  "apr. J.-C.": "après Jésus-Christ", "env.": "environ", "cf.": "voir"},
        before_number={"n°": "numéro", "N°": "numéro", "nº": "numéro", "vol.": "volume", "chap.": "chapitre"},
        after_number={"M€": "millions d'euros", "Md€": "milliards d'euros", "Mds": "milliards",
                      "Md": "milliards"},
        before_name={"M.": "Monsieur", "MM.": "Messieurs", "Mgr": "Monseigneur"},
        ordinal_suffix=r"(?:e|ème|è|es|èmes)",
    ),
    "es": Abbreviations(
        anywhere={"EE. UU.": "Estados Unidos", "etc.": "etcétera", "aprox.": "aproximadamente",
                  "p. ej.": "por ejemplo", "a. C.": "antes de Cristo", "d. C.": "después de Cristo",
                  "S. A.": "Sociedad Anónima", "Av.": "avenida", "Avda.": "avenida"},
        before_number={"n.º": "número", "nº": "número", "N.º": "número", "Nº": "número", "N°": "número",
                       "núm.": "número", "Núm.": "número", "pág.": "página", "art.": "artículo",
                       "Art.": "artículo"},
        after_number={"mill.": "millones", "M€": "millones de euros"},
        before_name={"Gral.": "general", "Lic.": "licenciado", "Ing.": "ingeniero", "Sta.": "santa"},
        feminine_ordinal="ª",
        masculine_ordinal="º",
    ),
    "pt": Abbreviations(
        anywhere={"p. ex.": "por exemplo", "a.C.": "antes de Cristo", "d.C.": "depois de Cristo",
                  "aprox.": "aproximadamente", "Av.": "avenida"},
        before_number={"n.º": "número", "nº": "número", "N.º": "número", "Nº": "número", "pág.": "página",
                       "art.": "artigo", "Art.": "artigo"},
        after_number={"mi": "milhões", "bi": "bilhões"},
        before_name={"Sr.": "senhor", "Sra.": "senhora", "Dr.": "doutor", "Dra.": "doutora"},
        feminine_ordinal="ª",
        masculine_ordinal="º",
    ),
    "it": Abbreviations(
        anywhere={"ecc.": "eccetera", "S.p.A.": "società per azioni", "a.C.": "avanti Cristo",
                  "d.C.": "dopo Cristo", "p.es.": "per esempio", "ca.": "circa"},
        before_number={"n.": "numero", "nn.": "numeri", "N.": "numero", "nº": "numero", "pag.": "pagina",
                       "art.": "articolo", "Art.": "articolo"},
        after_number={"mln": "milioni", "mld": "miliardi", "mld.": "miliardi"},
        before_name={"Sig.": "signor", "Sig.ra": "signora", "dott.": "dottor", "Dott.": "dottor",
                     "Dott.ssa": "dottoressa", "prof.": "professor", "Prof.": "professor", "on.": "onorevole",
                     "On.": "onorevole", "avv.": "avvocato", "Avv.": "avvocato", "ing.": "ingegner",
                     "Ing.": "ingegner"},
    ),
    "pl": Abbreviations(
        anywhere={"m.in.": "między innymi", "tzw.": "tak zwany", "tj.": "to jest", "ul.": "ulica"},
        before_number={"godz.": "godzina"},
        after_number={"r.": "roku", "zł": "złotych"},
        before_name={"gen.": "generał", "płk": "pułkownik"},
    ),
    "nl": Abbreviations(
        anywhere={"bijv.": "bijvoorbeeld", "d.w.z.": "dat wil zeggen", "o.a.": "onder andere",
                  "m.b.t.": "met betrekking tot", "enz.": "enzovoort", "ca.": "circa",
                  "i.p.v.": "in plaats van", "n.a.v.": "naar aanleiding van", "m.n.": "met name",
                  "t/m": "tot en met"},
        before_number={"nr.": "nummer", "Nr.": "nummer"},
        after_number={"mln": "miljoen", "mld": "miljard", "mln.": "miljoen", "mld.": "miljard"},
        before_name={"dhr.": "de heer", "Dhr.": "de heer", "mevr.": "mevrouw", "Mevr.": "mevrouw",
                     "prof.": "professor", "Prof.": "professor", "dr.": "doctor", "Dr.": "doctor"},
    ),
}  # fmt: skip
"""The languages whose news the corpus and our users read most, after English (which has its own rules).
Polish lists only what espeak-ng misses: it says "proc.", "tys.", "mln", "np.", "ok." and "dr" itself."""

_NUMBER_AFTER = r"(?=[\s\u00a0]?\d)"
_NAME_AFTER = r"(?=\s+[^\W\d_])"


def _written(form: str) -> str:
    """A written form as a pattern: ". " inside may lose its space; one starting in lower case may start a
    sentence in upper case ("Bijv."); no word may run on after it."""
    first = f"[{form[0]}{form[0].upper()}]" if form[0].islower() else re.escape(form[0])
    pattern = first + re.escape(form[1:]).replace(r"\.\ ", r"\.\s?")
    return pattern + (r"(?!\w)" if form[-1].isalnum() else "")


def _alternatives(forms: Mapping[str, str]) -> str:
    return "|".join(_written(form) for form in sorted(forms, key=len, reverse=True)) or "(?!)"


class AbbreviationReader:
    """Writes out one language's abbreviations (see the module docstring)."""

    def __init__(self, language: str, abbreviations: Abbreviations) -> None:
        self.language = language
        self._spoken = {
            **abbreviations.anywhere, **abbreviations.before_number, **abbreviations.after_number,
            **abbreviations.before_name,
        }  # fmt: skip
        start = r"(?<![\w.])"
        self._pattern = re.compile(
            rf"{start}(?:(?P<anywhere>{_alternatives(abbreviations.anywhere)})"
            rf"|(?P<number_sign>{_alternatives(abbreviations.before_number)}){_NUMBER_AFTER}"
            rf"|(?P<name_title>{_alternatives(abbreviations.before_name)}){_NAME_AFTER})"
            rf"|(?<=\d)(?P<space>[\s\u00a0]?)(?P<count>{_alternatives(abbreviations.after_number)})"
        )
        marks = abbreviations.masculine_ordinal + abbreviations.feminine_ordinal
        # Only the dotted form ("2.ª"): espeak-ng reads "2ª" itself, and "25º" may be degrees.
        endings = [rf"\.(?P<mark>[{marks}])(?!\w)"] if marks else []
        if abbreviations.ordinal_suffix:
            endings.append(rf"{abbreviations.ordinal_suffix}(?!\w)")
        self._feminine = abbreviations.feminine_ordinal
        self._ordinal_pattern = (
            re.compile(rf"(?<![\w.,])(?P<number>\d{{1,4}})(?:{'|'.join(endings)})") if endings else None
        )

    def read(self, sentence: str) -> str:
        text = self._pattern.sub(self._say, sentence)
        if self._ordinal_pattern is not None:
            text = self._ordinal_pattern.sub(self._say_ordinal, text)
        return text

    def _say(self, match: re.Match[str]) -> str:
        if match["count"] is not None:
            count = match["count"]
            full_stop = "." if count.endswith(".") and at_end(match) else ""
            return match["space"] + self._spoken[_form(count, self._spoken)] + full_stop
        written = match.group()
        if match["name_title"] is not None:
            following = match.string[match.end() :].lstrip()
            if not following[:1].isupper():
                return written
        form = _form(written, self._spoken)
        spoken = self._spoken[form]
        if written[0].isupper() and form[0].islower():
            spoken = spoken[0].upper() + spoken[1:]
        if written.endswith(".") and at_end(match):
            return spoken + "."
        glued = match.string[match.end() : match.end() + 1].isalnum()
        return spoken + (" " if glued else "")  # "Nr.41" → "Nummer 41", which the number rule then reads

    def _say_ordinal(self, match: re.Match[str]) -> str:
        words = number_words(int(match["number"]), self.language, "ordinal")
        if self._feminine and match.groupdict().get("mark") == self._feminine:
            return _FEMININE_ENDINGS.sub("a", words)  # "vigésimo primero" → "vigésima primera"
        return words


def _form(written: str, spoken: Mapping[str, str]) -> str:
    """The table's key for a form as written ("z.B." is listed as "z. B.", "Bijv." as "bijv.")."""
    if written in spoken:
        return written
    return next(form for form in spoken if _squeezed(form) == _squeezed(written))


def _squeezed(form: str) -> str:
    """Without spaces and with a lower-case first letter: what two writings of one form share."""
    squeezed = re.sub(r"\s", "", form)
    return squeezed[:1].lower() + squeezed[1:]


_FEMININE_ENDINGS = re.compile(r"o\b")


@functools.cache
def abbreviation_reader(language: str) -> AbbreviationReader | None:
    """The reader for a primary language subtag, or None when we have no table for it."""
    abbreviations = BY_LANGUAGE.get(language)
    return AbbreviationReader(language, abbreviations) if abbreviations is not None else None
