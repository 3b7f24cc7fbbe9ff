"""A pronunciation lexicon: written words or phrases replaced by respellings or phonemes the voices say right.

Files are TSV, one entry a line: ``written<TAB>spoken[<TAB>case]``; ``#`` starts a comment line. ``spoken`` is
a respelling ("Shee") or IPA phonemes between slashes ("/ɕˈiː/", one phoneme word per written word; see
``text/phonemes.py``). A third column ``case`` makes the entry case-sensitive (default: any case matches).
Files load in order — the bundled default first, then the user's — and a later entry for the same written
form replaces an earlier one.

Replacement is whole-word (or whole-phrase): "Xi" changes "Xi" and "Xi's" but not "Xinjiang". Longer entries
win over shorter ones that start at the same place ("Wang Yi" before "Wang"); all entries run as one regex.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources
from pathlib import Path

from newscaster.files import write_text_atomic
from newscaster.text.phonemes import parse_phonemes, phoneme_token, written_form

_CASE_FLAGS = {"case", "cs", "case-sensitive", "case_sensitive", "1", "true", "yes"}
_SAVE_HEADER = (
    "# newscaster pronunciation lexicon: written<TAB>spoken[<TAB>case]\n"
    "# Whole words or phrases; spoken is a respelling or IPA between slashes (/ɕˈiː/);\n"
    "# add a third column 'case' to match the exact capitalisation only.\n"
)
_PLACEHOLDER_STEM = "Lexentry"
"""Phoneme words wait out normalization as a capitalised made-up word, which every normalizer rule leaves
alone and reads as a name (so "Dr. Xi" still gets its title expanded)."""
_PLACEHOLDER = re.compile(_PLACEHOLDER_STEM + r"[a-z]+(?![a-z])")


@dataclass(frozen=True)
class LexiconEntry:
    written: str
    spoken: str
    case_sensitive: bool = False

    @cached_property
    def phonemes(self) -> str | None:
        """The IPA phonemes when ``spoken`` is written ``/…/``, else None (a respelling); parsed once, as
        ``respell`` asks for every match."""
        try:
            return parse_phonemes(self.spoken)
        except ValueError:
            return None

    @property
    def key(self) -> tuple[str, bool]:
        """Entries with the same key replace each other."""
        written = " ".join(self.written.split())
        return (written if self.case_sensitive else written.casefold(), self.case_sensitive)


class Lexicon:
    """An ordered set of entries with one compiled matcher, rebuilt when entries change."""

    def __init__(self, entries: Iterable[LexiconEntry] = ()) -> None:
        self._entries: dict[tuple[str, bool], LexiconEntry] = {}
        for entry in entries:
            self._entries[entry.key] = entry
        self._pattern: re.Pattern[str] | None = None

    @classmethod
    def load(cls, *paths: Path | str) -> Lexicon:
        """Read TSV files in order; later files override earlier ones. Missing files are skipped."""
        lexicon = cls()
        for path in paths:
            path = Path(path)
            if path.is_file():
                for entry in parse_tsv(path.read_text(encoding="utf-8")):
                    lexicon._entries[entry.key] = entry
        lexicon._pattern = None
        return lexicon

    @property
    def entries(self) -> tuple[LexiconEntry, ...]:
        return tuple(self._entries.values())

    def __len__(self) -> int:
        return len(self._entries)

    def add(self, written: str, spoken: str, case_sensitive: bool = False) -> LexiconEntry:
        written = " ".join(written.split())
        spoken = " ".join(spoken.split())
        if not written or not spoken or "\t" in written + spoken:
            raise ValueError("a lexicon entry needs a written and a spoken form without tabs")
        if spoken.startswith("/") != spoken.endswith("/") or spoken == "/":
            # "/kiːv" (a slash forgotten) would be read out as a respelling, slash and IPA letters and all
            raise ValueError(
                f"{spoken!r} has a slash at one end only: IPA phonemes go between two slashes "
                f"('/{spoken.strip('/')}/'), a respelling has none"
            )
        _check_phonemes(written, spoken)
        entry = LexiconEntry(written, spoken, case_sensitive)
        self._entries[entry.key] = entry
        self._pattern = None
        return entry

    def remove(self, written: str) -> bool:
        """Remove every entry for ``written`` (case-sensitive exact ones and the case-insensitive one)."""
        keys = [LexiconEntry(written, "", True).key, LexiconEntry(written, "", False).key]
        removed = [self._entries.pop(key) for key in keys if key in self._entries]
        if removed:
            self._pattern = None
        return bool(removed)

    def save(self, path: Path | str) -> None:
        lines = [_SAVE_HEADER]
        for entry in self._entries.values():
            case = "\tcase" if entry.case_sensitive else ""
            lines.append(f"{entry.written}\t{entry.spoken}{case}\n")
        write_text_atomic(Path(path), "".join(lines))  # a concurrent narration never reads half a file

    def fingerprint(self) -> str:
        """A short hash of the entries, for cache keys: it changes whenever what we would say changes."""
        digest = hashlib.sha256()
        for entry in sorted(self._entries.values(), key=lambda e: (e.key, e.spoken)):
            digest.update(f"{entry.written}\t{entry.spoken}\t{int(entry.case_sensitive)}\n".encode())
        return digest.hexdigest()[:16]

    def respell(self, text: str) -> Respelled:
        """Apply every entry: respellings replace their words; phoneme entries leave placeholders that
        ``Respelled.restore`` turns into phoneme tokens once the text is normalized."""
        if not self._entries:
            return Respelled(text)
        held: dict[str, str] = {}

        def replace(match: re.Match[str]) -> str:
            found = " ".join(match.group().split())
            entry = self._entries.get((found, True)) or self._entries.get((found.casefold(), False))
            if entry is None:
                return match.group()
            phonemes = entry.phonemes
            if phonemes is None:
                return entry.spoken
            placeholders = []
            for word, word_phonemes in zip(found.split(), phonemes.split(), strict=True):
                placeholder = _placeholder(len(held))
                held[placeholder] = phoneme_token(word, word_phonemes)
                placeholders.append(placeholder)
            return " ".join(placeholders)

        return Respelled(self._compiled().sub(replace, text), held)

    def apply(self, text: str) -> str:
        """Respellings applied; words with phoneme entries stay as written (what a listener hears them as).
        For comparing words, e.g. a transcript with the spoken text."""
        respelled = self.respell(written_form(text))
        return written_form(respelled.restore(respelled.text))

    def _compiled(self) -> re.Pattern[str]:
        if self._pattern is None:
            ordered = sorted(self._entries.values(), key=lambda e: len(e.written), reverse=True)
            alternatives = []
            for entry in ordered:
                body = r"\s+".join(re.escape(word) for word in entry.written.split())
                alternatives.append(body if entry.case_sensitive else f"(?i:{body})")
            self._pattern = re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)")
        return self._pattern


@dataclass(frozen=True)
class Respelled:
    """Text after the lexicon, with phoneme words held as placeholders until normalization is done."""

    text: str
    tokens: Mapping[str, str] = field(default_factory=dict)
    """Placeholder → the phoneme token (``⟦Xi|ɕˈiː⟧``) it stands for."""

    def restore(self, spoken: str) -> str:
        """Put the phoneme tokens where their placeholders ended up in the normalized text."""
        if not self.tokens:
            return spoken
        return _PLACEHOLDER.sub(lambda match: self.tokens.get(match.group(), match.group()), spoken)


def _placeholder(number: int) -> str:
    letters = ""
    while True:
        number, digit = divmod(number, 26)
        letters = chr(ord("a") + digit) + letters
        if number == 0:
            return _PLACEHOLDER_STEM + letters


def _check_phonemes(written: str, spoken: str) -> None:
    """Phoneme entries must be valid IPA with one phoneme word per written word (so word timing and
    highlighting stay word for word)."""
    phonemes = parse_phonemes(spoken)
    if phonemes is not None and len(phonemes.split()) != len(written.split()):
        raise ValueError(
            f"give one phoneme word per written word: {written!r} has {len(written.split())}, "
            f"{spoken!r} has {len(phonemes.split())}"
        )


def parse_tsv(text: str) -> list[LexiconEntry]:
    """Entries of a lexicon file; blank lines, ``#`` comments, lines without two columns and phoneme entries
    that are not valid (see ``Lexicon.add``) are skipped."""
    entries: list[LexiconEntry] = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        columns = [c.strip() for c in line.split("\t")]
        if len(columns) < 2 or not columns[0] or not columns[1]:
            continue
        case = len(columns) > 2 and columns[2].lower() in _CASE_FLAGS
        try:
            _check_phonemes(columns[0], columns[1])
        except ValueError:
            continue
        entries.append(LexiconEntry(" ".join(columns[0].split()), " ".join(columns[1].split()), case))
    return entries


def bundled_lexicon_path() -> Path:
    return Path(str(resources.files("newscaster") / "data" / "lexicon.tsv"))


def default_lexicon(user_path: Path | None = None, language: str = "en") -> Lexicon:
    """The bundled news lexicon (English respellings, so English articles only), overridden by the
    user's file when it exists."""
    paths: list[Path] = [bundled_lexicon_path()] if language.lower().split("-")[0] == "en" else []
    if user_path is not None:
        paths.append(user_path)
    return Lexicon.load(*paths)
