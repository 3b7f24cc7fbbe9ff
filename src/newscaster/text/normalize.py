"""Written sentence → speakable sentence.

English runs three layers (see ``EnglishNewsNormalizer``):

1. the news layer (``news_rules``): money, percentages, decades, ranges, titles, numerals, initialisms…;
2. numbers: plain numbers ("20", "14,000", "2031", "2.4") are verbalized here directly; only the spans that
   still hold digits or symbols — dates, measures, fractions, phone numbers — go to NeMo, each as a short
   window with the month or unit words around it, and NeMo's answer is spliced back. A sentence without such a
   span never reaches NeMo (a NeMo call costs ~10–50 ms even for "20", a whole sentence ~50–100 ms);
3. the post layer (``post_process``): quotes, dashes, ellipses, brackets, whitespace.

Other languages: see ``normalize_languages`` (numbers in the article's language, or left as written for the
engine), always followed by the post layer.
"""

from __future__ import annotations

import functools
import logging
import re
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from newscaster.text import numbers
from newscaster.text.news_rules import apply_news_rules, spell_initialisms

log = logging.getLogger(__name__)


class TextNormalizer(Protocol):
    def normalize(self, sentence: str) -> str: ...

    def warm_up(self) -> None:
        """Load now what the first ``normalize`` would otherwise load (a server does this at start)."""
        ...


# ---------------------------------------------------------------------------------------------------------
# Post layer (every language)
# ---------------------------------------------------------------------------------------------------------

_POST_RULES: list[tuple[re.Pattern[str], str]] = [
    # Apostrophes inside words become plain: "port’s" → "port's".
    (re.compile(r"(?<=\w)[’‘ʼ](?=\w)"), "'"),
    # Quotation marks are not spoken; the voices' prosody does without them.
    (re.compile(r"[“”„‟«»‹›\"]"), ""),
    (re.compile(r"[‘’]"), ""),
    (re.compile(r"(?<!\w)'(?=\w)"), ""),
    # Ellipses: a pause mid-sentence, a full stop at the end.
    (re.compile(r"\s*(?:…|\.\.\.+|\.(?: \.){2,})\s*(?=[\"”’)]*\s*$)"), "."),
    (re.compile(r"\s*(?:…|\.\.\.+|(?<!\w)\.(?: \.){2,})\s*"), ", "),
    # Dashes and spaced hyphens: a comma pause.
    (re.compile(r"\s*(?:[–—―]|--)\s*|\s+-\s+"), ", "),
    # Brackets: read as an aside between commas.
    (re.compile(r"\s*[(\[{]\s*"), ", "),
    (re.compile(r"\s*[)\]}]"), ","),
    # Symbols no voice should try to read.
    (re.compile(r"[*_|•·~^<>\\]"), " "),
    # Whitespace and punctuation clean-up.
    (re.compile(r"\s+"), " "),
    (re.compile(r"\s+([,.;:!?])"), r"\1"),
    (re.compile(r"([,;:])(?:\s*[,;:])+"), r"\1"),
    (re.compile(r"[,;:]\s*([.!?])"), r"\1"),
    (re.compile(r"^[\s,;:.]+"), ""),
    (re.compile(r"[\s,;:]+$"), ""),
    # A space after a comma or colon before a word, not inside a number ("0,75", "3:30").
    (re.compile(r"([,;:])(?=[^\W\d])"), r"\1 "),
    (re.compile(r"(?<!\d)([,;:])(?=\d)"), r"\1 "),
]


def post_process(text: str) -> str:
    for pattern, replacement in _POST_RULES:
        text = pattern.sub(replacement, text)
    return text.strip()


class LightNormalizer:
    """Only quotes, dashes, ellipses and whitespace: for languages the engine reads itself."""

    def normalize(self, sentence: str) -> str:
        return post_process(sentence)

    def warm_up(self) -> None:
        pass  # nothing to load


# ---------------------------------------------------------------------------------------------------------
# NeMo, loaded lazily once per process and cache folder
# ---------------------------------------------------------------------------------------------------------

NEMO_MEMO_SIZE = 8192
"""Normalized windows kept in memory; a long article has a few hundred, a worker sees many articles."""
_NEMO_LOGGER = "NeMo-text-processing"
_NEMO_LOCK = threading.RLock()
"""pynini grammars are not documented as thread-safe; loading and calls are serialized."""


def _only_warnings(record: logging.LogRecord) -> bool:
    return record.levelno >= logging.WARNING


@functools.cache
def _load_nemo(cache_dir: str | None) -> Any:
    from nemo_text_processing.text_normalization.normalize import Normalizer

    # NeMo sets its logger to INFO at import and again in every normalize() call, so a level alone does not
    # hold: a filter keeps only its warnings and errors.
    nemo_logger = logging.getLogger(_NEMO_LOGGER)
    nemo_logger.setLevel(logging.WARNING)
    if _only_warnings not in nemo_logger.filters:
        nemo_logger.addFilter(_only_warnings)
    if cache_dir:
        Path(cache_dir).mkdir(parents=True, exist_ok=True)
    log.info("loading NeMo English grammars (cache %s)", cache_dir or "none")
    return Normalizer(input_case="cased", lang="en", cache_dir=cache_dir)


_NEMO_UNAVAILABLE: set[str | None] = set()
"""Cache folders whose NeMo failed to load: we do not retry a ~70 s compile for every window."""


def _nemo(cache_dir: str | None) -> Any | None:
    with _NEMO_LOCK:
        if cache_dir in _NEMO_UNAVAILABLE:
            return None
        try:
            return _load_nemo(cache_dir)
        except Exception:  # a broken install must not stop narrations: numbers stay as written
            log.error(
                "NeMo text normalization is unavailable; numbers it would read stay as written", exc_info=True
            )
            _NEMO_UNAVAILABLE.add(cache_dir)
            return None


@functools.lru_cache(maxsize=NEMO_MEMO_SIZE)
def _nemo_window(cache_dir: str | None, window: str) -> str:
    nemo = _nemo(cache_dir)
    if nemo is None:
        return window
    with _NEMO_LOCK:
        try:
            spoken = str(nemo.normalize(window, verbose=False, punct_post_process=False))
        except Exception:  # a grammar failure must not stop a narration: keep the written form
            log.warning("NeMo could not normalize %r", window, exc_info=True)
            return window
    return _fix_nemo_output(spoken)


_NEMO_HUNDRED_AND = re.compile(r"\bhundred and (?=[a-z])")
_NEMO_TENS_UNITS = re.compile(
    r"\b(twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety) "
    r"(one|two|three|four|five|six|seven|eight|nine|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)\b"
)
_CALENDAR_WORDS = [
    *("january", "february", "march", "april", "may", "june", "july", "august", "september", "october"),
    *("november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"),
]
_NEMO_LOWERCASED = re.compile(r"\b(?:" + "|".join(_CALENDAR_WORDS) + r")\b")


def _fix_nemo_output(spoken: str) -> str:
    """NeMo says "one hundred and twenty five" and lowercases months; we write "one hundred twenty-five",
    "March", as ``numbers`` does."""
    spoken = _NEMO_HUNDRED_AND.sub("hundred ", spoken)
    spoken = _NEMO_TENS_UNITS.sub(r"\1-\2", spoken)
    spoken = _NEMO_LOWERCASED.sub(lambda m: m.group().capitalize(), spoken)
    return spell_initialisms(spoken)  # "ten AM" → "ten A.M"


# ---------------------------------------------------------------------------------------------------------
# English
# ---------------------------------------------------------------------------------------------------------

_TOKEN = re.compile(r"\S+")
_ENDS_WITH_THE = re.compile(r"\bthe\s+$", re.IGNORECASE)
_NEEDS_WORK = re.compile(r"[\d$€£¥%&@/+=#°]")
_LEADING = "([{\"'“‘«"
_TRAILING = ".,;:!?)]}\"'”’»"
_MONTH_ABBREVIATIONS = ["Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec"]
_MONTH_WORDS = frozenset(
    [m.capitalize() for m in _CALENDAR_WORDS[:12]]
    + [m for m in _CALENDAR_WORDS[:12] if m not in {"may", "march"}]  # lowercase, but not the verbs
    + _MONTH_ABBREVIATIONS
    + [m.lower() for m in _MONTH_ABBREVIATIONS if m != "Mar"]
)
_UNIT_WORDS = frozenset(
    """km kg g mg lb lbs oz ft mi mph kph km/h kmh cm mm m ha sq in. kWh MWh GWh TWh kW MW GW TW GB MB TB KB
    GHz MHz kHz Hz °C °F C F mAh bpd""".split()  # noqa: SIM905 - a word list reads better than 40 quoted strings
)
"""Words NeMo needs beside a number to read it right ("5 km" → "five kilometers"); only after the number."""
_ERA_WORDS = frozenset({"AD", "BC", "BCE", "CE"})
_LEFT_CONTEXT = frozenset({"month", "era"})
_RIGHT_CONTEXT = frozenset({"month", "unit", "era"})
"""Context words a NeMo window takes in: "March 3", "3 March", "AD 79" / "5 km", "79 AD"."""
YEAR_STYLE_RANGE = range(1000, 2101)
"""Four-digit numbers without a comma in this range are read as years ("2031" → "twenty thirty-one", "by 2100"
→ "twenty-one hundred"), as NeMo does; "1,500" with a comma stays a cardinal."""


class EnglishNewsNormalizer:
    """English news normalizer: news rules, fast plain numbers, NeMo for the rest, then the post layer."""

    def __init__(self, cache_dir: Path | None = None) -> None:
        self._cache_dir = str(cache_dir) if cache_dir is not None else None

    def normalize(self, sentence: str) -> str:
        text = apply_news_rules(sentence)
        if _NEEDS_WORK.search(text):
            text = self._numbers(text)
        return post_process(text)

    def warm_up(self) -> None:
        """Load NeMo now (~1–2 s from the cache folder, ~70 s the first time) instead of on first use."""
        with _NEMO_LOCK:
            _load_nemo(self._cache_dir)

    def _numbers(self, text: str) -> str:
        matches = list(_TOKEN.finditer(text))
        tokens = [_core(m) for m in matches]
        kinds = [_kind(text[start:end]) for start, end in tokens]
        joined = [
            tokens[i][1] == matches[i].end() and tokens[i + 1][0] == matches[i + 1].start()
            for i in range(len(tokens) - 1)
        ]
        windows = _windows(kinds, joined)
        pieces: list[str] = []
        position = 0
        for first, last in windows:
            start, end = tokens[first][0], tokens[last][1]
            pieces.append(text[position:start])
            window = text[start:end]
            if first == last and kinds[first] == "number":
                pieces.append(_plain_number(window))
            else:
                spoken = _nemo_window(self._cache_dir, window)
                if spoken.startswith("the ") and _ENDS_WITH_THE.search(text, 0, start):
                    spoken = spoken[4:]  # "on the 26th May" → "on the twenty-sixth of May", not "the the"
                pieces.append(spoken)
            position = end
        pieces.append(text[position:])
        return "".join(pieces)


def _core(match: re.Match[str]) -> tuple[int, int]:
    """A token's span without the quotes and punctuation around it ("“30," → "30")."""
    start, end = match.span()
    token = match.group()
    lead = len(token) - len(token.lstrip(_LEADING))
    trail = len(token) - len(token.rstrip(_TRAILING))
    if lead + trail >= len(token):
        return start, start
    return start + lead, end - trail


def _kind(core: str) -> str:
    if not core:
        return ""
    if numbers.is_number(core):
        return "number"
    if _NEEDS_WORK.search(core):
        return "nemo"
    if core in _MONTH_WORDS:
        return "month"
    if core in _UNIT_WORDS:
        return "unit"
    if core in _ERA_WORDS:
        return "era"
    return ""


def _windows(kinds: list[str], joined: list[bool]) -> list[tuple[int, int]]:
    """Token ranges to verbalize: lone plain numbers, or NeMo windows with the context words beside them.

    ``joined[i]`` says tokens ``i`` and ``i + 1`` are not separated by punctuation: "February, 20 people" is
    not a date, "February 20" is.
    """
    count = len(kinds)

    def left(i: int) -> str:
        return kinds[i - 1] if i > 0 and joined[i - 1] else ""

    def right(i: int) -> str:
        return kinds[i + 1] if i + 1 < count and joined[i] else ""

    covered = [False] * count
    for i, kind in enumerate(kinds):
        if kind == "number" and (left(i) in _LEFT_CONTEXT or right(i) in _RIGHT_CONTEXT):
            kind = "nemo"
        if kind != "nemo":
            continue
        covered[i] = True
        if left(i) in _LEFT_CONTEXT:
            covered[i - 1] = True
        if right(i) in _RIGHT_CONTEXT:
            covered[i + 1] = True
    windows: list[tuple[int, int]] = []
    i = 0
    while i < count:
        if covered[i]:
            j = i
            while j + 1 < count and covered[j + 1]:
                j += 1
            windows.append((i, j))
            i = j + 1
        else:
            if kinds[i] == "number":
                windows.append((i, i))
            i += 1
    return windows


def _plain_number(core: str) -> str:
    if core.isdigit() and len(core) == 4 and int(core) in YEAR_STYLE_RANGE:
        return numbers.year(int(core))
    return numbers.number(core)


# ---------------------------------------------------------------------------------------------------------
# Registry
# ---------------------------------------------------------------------------------------------------------

NormalizerFactory = Callable[[Path | None], TextNormalizer]
_FACTORIES: dict[str, NormalizerFactory] = {"en": EnglishNewsNormalizer}


def register_normalizer(language: str, factory: NormalizerFactory) -> None:
    """Use ``factory(cache_dir)`` for ``language`` (a primary subtag such as "de")."""
    _FACTORIES[language.lower()] = factory


def normalizer_for(language: str, cache_dir: Path | None) -> TextNormalizer:
    """The normalizer for a BCP 47 tag ("en", "en-GB"); other languages get ``normalize_languages``'s.

    ``cache_dir`` keeps NeMo's compiled grammars; ``None`` compiles them in memory every process (~70 s).
    """
    primary = re.split(r"[-_]", (language or "en").strip().lower(), maxsplit=1)[0]
    factory = _FACTORIES.get(primary)
    if factory is not None:
        return factory(cache_dir)
    from newscaster.text.normalize_languages import language_normalizer  # it builds on this module

    return language_normalizer(language)
