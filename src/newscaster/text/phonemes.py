"""Phoneme runs: lexicon words whose pronunciation is given as phonemes rather than a respelling.

A lexicon entry such as ``Xi<TAB>/ɕˈiː/`` puts the token ``⟦Xi|ɕˈiː⟧`` into a sentence's spoken text: the
written word and its phonemes, one token per written word, so word timing and highlighting count words
exactly as for any other word. Engines that take phoneme input (all built-in ones) speak the phonemes; any
other engine is given the written word (``written_form``).

The phoneme alphabet is IPA as ``espeak-ng --ipa`` prints it — what users can generate and check on their
own machine, and what Piper voices are trained on. Engines with another alphabet convert with
``transcribe`` and a table of their own.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

RUN_OPEN = "⟦"
RUN_CLOSE = "⟧"
RUN_SEPARATOR = "|"
_EDGES = re.compile(r"^(\W*)(.*?)(\W*)$", re.DOTALL)
_RUN = re.compile(r"⟦([^⟦⟧|\s]+)\|([^⟦⟧|\s]+)⟧(?:(['’]s)(?!\w))?")
POSSESSIVE_PHONEMES = "z"
"""A phoneme word's "'s" is spoken with it ("Xi's" /ɕˈiːz/); engines would otherwise say a lone "s"."""

STRESS_MARKS = "ˈˌ"
LENGTH_MARK = "ː"
ENGLISH_SYMBOLS = "abdefhijklmnoprstuvwxzæçðŋɐɑɒɔəɚɛɜɡɪɬɹɾʃʊʌʒʔθᵻʲ"
"""English as espeak-ng writes it (en-us, en-gb)."""
NAME_SYMBOLS = "gɕʑɲʎʁøœyɣβɨʏ"
"""Sounds of names from other languages that news lexicons need ("Xi" /ɕˈiː/); engines without them
substitute their nearest English sound."""
IPA_SYMBOLS = frozenset(ENGLISH_SYMBOLS + NAME_SYMBOLS + STRESS_MARKS + LENGTH_MARK + "\u0329\u0303")
"""Everything a phoneme entry may use, with the syllabic mark ("l̩") and the nasal tilde ("ɑ̃")."""


@dataclass(frozen=True)
class SpeechSegment:
    """A stretch of spoken text: plain words for the engine's own pronunciation, or one lexicon word
    given as phonemes (``phonemes`` set, ``text`` the written word it stands for)."""

    text: str
    phonemes: str | None = None


def phoneme_token(written_word: str, phonemes: str) -> str:
    """The spoken-text token for one written word pronounced as ``phonemes``."""
    return f"{RUN_OPEN}{written_word}{RUN_SEPARATOR}{phonemes}{RUN_CLOSE}"


def has_phonemes(spoken: str) -> bool:
    return RUN_OPEN in spoken and _RUN.search(spoken) is not None


def segments(spoken: str) -> list[SpeechSegment]:
    """Split spoken text into plain stretches and phoneme words, in order (adjacent plain text merged)."""
    found: list[SpeechSegment] = []
    position = 0
    for match in _RUN.finditer(spoken):
        if match.start() > position:
            found.append(SpeechSegment(spoken[position : match.start()]))
        possessive = match.group(3) or ""
        phonemes = match.group(2) + (POSSESSIVE_PHONEMES if possessive else "")
        found.append(SpeechSegment(match.group(1) + possessive, phonemes))
        position = match.end()
    if position < len(spoken):
        found.append(SpeechSegment(spoken[position:]))
    return found


def written_form(spoken: str) -> str:
    """Spoken text with every phoneme token replaced by its written word (for engines without phoneme
    input, for display, and wherever words are compared)."""
    if RUN_OPEN not in spoken:
        return spoken
    return _RUN.sub(lambda match: match.group(1) + (match.group(3) or ""), spoken)


def strip_run_marks(text: str) -> str:
    """Article text never carries run marks: a stray ⟦ or ⟧ in the source becomes an ordinary bracket."""
    return text.replace(RUN_OPEN, "[").replace(RUN_CLOSE, "]")


def parse_phonemes(text: str) -> str | None:
    """The phonemes of a lexicon spoken form written ``/…/``, or None when it is a respelling.

    Raises ``ValueError`` naming the symbols outside ``IPA_SYMBOLS``.
    """
    stripped = text.strip()
    if len(stripped) < 2 or not (stripped.startswith("/") and stripped.endswith("/")):
        return None
    # ASCII stand-ins people type for the length and stress marks are accepted.
    phonemes = " ".join(stripped[1:-1].replace(":", LENGTH_MARK).replace("'", "ˈ").split())
    phonemes = unicodedata.normalize("NFC", phonemes)
    unknown = sorted({symbol for symbol in phonemes.replace(" ", "") if symbol not in IPA_SYMBOLS})
    if not phonemes:
        raise ValueError("the phonemes between the slashes are empty")
    if unknown:
        raise ValueError(
            "unknown phoneme symbols "
            + " ".join(unknown)
            + " (use IPA as `espeak-ng -q --ipa WORD` prints it)"
        )
    return phonemes


def transcribe(phonemes: str, table: Mapping[str, str]) -> str:
    """Rewrite IPA into another phoneme alphabet, longest symbol sequence first; symbols the table does
    not list pass through unchanged."""
    longest = max((len(key) for key in table), default=1)
    out: list[str] = []
    position = 0
    while position < len(phonemes):
        for size in range(min(longest, len(phonemes) - position), 0, -1):
            piece = phonemes[position : position + size]
            if piece in table:
                out.append(table[piece])
                position += size
                break
        else:
            out.append(phonemes[position])
            position += 1
    return "".join(out)


def splice(
    spoken: str, said_words: Sequence[str], convert: Callable[[str], str] = lambda phonemes: phonemes
) -> str | None:
    """An engine's phonemes for a sentence with the lexicon's phoneme words put in.

    ``said_words`` are the engine's own phonemes for the written form, word by word: reading the whole
    sentence keeps each word in context (a lone "a" before a cut is read as the letter). Each phoneme
    word replaces the engine's word at its place, keeping the punctuation around it; ``convert`` maps IPA
    to the engine's alphabet. None when the engine's words do not pair one to one with the spoken words
    (then the caller phonemizes piece by piece).
    """
    # Only words pair up: engines drop, move or keep stand-alone punctuation ("—", "(") as they please.
    tokens = [token for token in spoken.split() if any(ch.isalnum() for ch in token)]
    places = [n for n, said in enumerate(said_words) if any(ch.isalpha() for ch in said)]
    if len(tokens) != len(places):
        return None
    out = list(said_words)
    for token, place in zip(tokens, places, strict=True):
        phonemes = next((segment.phonemes for segment in segments(token) if segment.phonemes), None)
        if phonemes is None:
            continue
        edges = _EDGES.match(out[place])
        before, after = (edges.group(1), edges.group(3)) if edges else ("", "")
        out[place] = before + convert(phonemes) + after
    return " ".join(out)
