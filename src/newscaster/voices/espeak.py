"""espeak-ng through its C library: ~100 languages, the fallback for text no neural voice speaks.

Robotic but intelligible and very fast. The library reports word events with audio positions, so word
timings are exact. The library keeps global state, so calls are serialized with a lock.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import re
import shutil
import subprocess
import threading
from collections.abc import Callable
from typing import Any

import numpy as np

from ..errors import VoiceError
from ..language_tags import primary_subtag, spoken_language
from ..models import SpeechAudio, Voice, WordTiming
from ..text.japanese import katakana_reading
from ..text.phonemes import segments, transcribe

ESPEAK_DEFAULT_WPM = 175
"""espeak-ng's own default rate; speed 1.0 renders at this many words per minute."""
ESPEAK_MIN_WPM = 80
ESPEAK_MAX_WPM = 450
"""espeak-ng clamps rates outside this range."""
_QUALITY = 0
"""Last resort: used only where no neural voice speaks the language."""
_QUALITY_BY_VOICE = {"cmn": -1}
"""Voices chosen only when asked for by name. espeak-ng 1.51's ``cmn`` turns Chinese characters into pinyin
and then reads that pinyin's tone digits with English rules (他们 → "ta one men five"); ``cmn-latn-pinyin``
reads the same text as Mandarin, so it is the Mandarin default."""

IPA_TO_KIRSHENBAUM = {
    "tʃ": "tS", "dʒ": "dZ", "eɪ": "eI", "aɪ": "aI", "aʊ": "aU", "ɔɪ": "OI", "oʊ": "oU", "əʊ": "oU",
    "ɪə": "i@", "eə": "e@", "ʊə": "U@", "ɑː": "A:", "ɔː": "O:", "ɜː": "3:", "iː": "i:", "uː": "u:",
    "ɚ": "3", "ə": "@", "ɐ": "a#", "æ": "a", "ɑ": "A", "ɒ": "0", "ɔ": "O", "ɛ": "E", "ɪ": "I", "ʊ": "U",
    "ʌ": "V", "ᵻ": "I#", "θ": "T", "ð": "D", "ʃ": "S", "ʒ": "Z", "ŋ": "N", "ɹ": "r", "ɾ": "t#", "ʔ": "?",
    "ɡ": "g", "ɬ": "l", "ç": "h", "l\u0329": "@L", "n\u0329": "n-", "ˈ": "'", "ˌ": ",", "ː": ":",
    "ʲ": "", "\u0329": "", "\u0303": "",
    "y": "u:", "ɕ": "S", "ʑ": "Z", "ɲ": "nj", "ʎ": "lj", "ʁ": "r", "ø": "3:", "œ": "3", "ɣ": "g",
    "β": "v", "ɨ": "I", "ʏ": "U",
}  # fmt: skip
"""espeak-ng IPA → the phoneme mnemonics espeak-ng takes inside ``[[ ]]`` (its Kirshenbaum-style
encoding). Letters that are the same in both pass through; sounds English lacks become the nearest
English one. tests/voices/test_espeak.py checks the table by sending every mapping through espeak-ng and
reading the IPA it says back."""
_R_COLOURED = re.compile(r"(ʊ|ɪ|ɛ|ɑː|ɔː)ɹ(?![aeiouæɑɒɔəɚɛɜɪʊʌᵻɐ])")
_R_COLOURED_MNEMONICS = {"ʊ": "U@", "ɪ": "i@3", "ɛ": "e@", "ɑː": "A@", "ɔː": "O@"}
"""Before a consonant or at a word's end, espeak-ng writes a vowel + ɹ as one r-coloured vowel phoneme
("start" st'A@t); a vowel followed by its plain "r" would be read back as a trilled r."""
_IPA = 0x02
"""espeak_TextToPhonemes mode: IPA rather than espeak-ng's own mnemonics."""
_PHONEME_INPUT = 0x100
"""espeakPHONEMES: text inside [[ ]] is phoneme mnemonics."""

_AUDIO_OUTPUT_SYNCHRONOUS = 2
_POS_CHARACTER = 1
_CHARS_UTF8 = 1
_PARAM_RATE = 1
_EVENT_LIST_TERMINATED = 0
_EVENT_WORD = 1
_BUFFER_MS = 500
_READABLE: dict[str, Callable[[str], str]] = {"ja": katakana_reading}
"""Text rewritten for espeak-ng's voice of a language, by primary subtag: its Japanese reads only kana."""
CHINESE_SPOKEN = frozenset({"cmn", "yue", "hak"})
_VOICE_LINE = re.compile(
    r"^\s*\d+\s+(?P<lang>\S+)\s+\S*/(?P<gender>[MF-])\s+(?P<name>\S+)\s+(?P<file>\S+)(?P<others>.*)$"
)
_OTHER_LANGUAGE = re.compile(r"\((?P<lang>[\w-]+) \d+\)")


class _Event(ctypes.Structure):
    _fields_ = [
        ("type", ctypes.c_int),
        ("unique_identifier", ctypes.c_uint),
        ("text_position", ctypes.c_int),
        ("length", ctypes.c_int),
        ("audio_position", ctypes.c_int),
        ("sample", ctypes.c_int),
        ("user_data", ctypes.c_void_p),
        ("id", ctypes.c_char * 8),
    ]


_CALLBACK = ctypes.CFUNCTYPE(
    ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.POINTER(_Event)
)


class EspeakEngine:
    name = "espeak"
    speaks_phonemes = True

    def __init__(self) -> None:
        self._lib: Any = None
        self._sample_rate_hz = 22050
        self._lock = threading.Lock()
        self._voices: list[Voice] | None = None
        self._voice_files: dict[str, str] = {}
        """Voice name → espeak-ng voice file ("gmw/en-GB"): SetVoiceByName does not accept every
        language code ("en-gb" fails), but it accepts every voice file."""

    def voices(self) -> list[Voice]:
        if self._voices is None:
            self._voices = self._list_voices()
        return self._voices

    def _list_voices(self) -> list[Voice]:
        binary = shutil.which("espeak-ng")
        if binary is None or ctypes.util.find_library("espeak-ng") is None:
            return []
        listing = subprocess.run([binary, "--voices"], capture_output=True, text=True, timeout=10).stdout
        voices = []
        seen: set[str] = set()
        for line in listing.splitlines()[1:]:
            match = _VOICE_LINE.match(line)
            if not match:
                continue
            language = match["lang"]
            if language in seen:
                continue  # variants (e.g. Jyutping romanization) share a language code; keep the first
            seen.add(language)
            self._voice_files[language] = match["file"]
            voices.append(
                Voice(
                    id=f"{self.name}:{language}",
                    engine=self.name,
                    name=language,
                    display_name=f"{match['name'].replace('_', ' ')} (eSpeak NG)",
                    language=language,
                    gender={"M": "male", "F": "female"}.get(match["gender"], "unknown"),
                    sample_rate_hz=self._sample_rate_hz,
                    licence="GPL-3.0-or-later",
                    natural_wpm=float(ESPEAK_DEFAULT_WPM),
                    quality=_QUALITY_BY_VOICE.get(language, _QUALITY),
                    other_languages=_other_languages(language, match["others"]),
                )
            )
        return voices

    def _library(self) -> Any:
        if self._lib is None:
            path = ctypes.util.find_library("espeak-ng")
            if path is None:
                raise VoiceError("espeak-ng is not installed (Debian package espeak-ng)")
            lib = ctypes.CDLL(path)
            lib.espeak_Initialize.restype = ctypes.c_int
            lib.espeak_Initialize.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_char_p, ctypes.c_int]
            lib.espeak_SetVoiceByName.argtypes = [ctypes.c_char_p]
            lib.espeak_SetParameter.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_int]
            lib.espeak_Synth.argtypes = [
                ctypes.c_char_p, ctypes.c_size_t, ctypes.c_uint, ctypes.c_int, ctypes.c_uint,
                ctypes.c_uint, ctypes.c_void_p, ctypes.c_void_p,
            ]  # fmt: skip
            lib.espeak_TextToPhonemes.restype = ctypes.c_char_p
            lib.espeak_TextToPhonemes.argtypes = [ctypes.POINTER(ctypes.c_char_p), ctypes.c_int, ctypes.c_int]
            sample_rate_hz = lib.espeak_Initialize(_AUDIO_OUTPUT_SYNCHRONOUS, _BUFFER_MS, None, 0)
            if sample_rate_hz <= 0:
                raise VoiceError("espeak-ng failed to start (is espeak-ng-data installed?)")
            self._sample_rate_hz = sample_rate_hz
            self._lib = lib
        return self._lib

    def ipa(self, text: str, voice: Voice) -> str:
        """``text`` in IPA as ``voice`` would say it (what ``espeak-ng -q --ipa`` prints): a starting point
        for phoneme lexicon entries."""
        with self._lock:
            lib = self._select(voice)
            buffer = ctypes.create_string_buffer(text.encode("utf-8"))
            pointer = ctypes.c_char_p(ctypes.addressof(buffer))
            clauses = []
            while pointer.value:
                clauses.append(
                    (lib.espeak_TextToPhonemes(ctypes.byref(pointer), _CHARS_UTF8, _IPA) or b"").decode()
                )
        return " ".join(" ".join(clauses).split())

    def _select(self, voice: Voice) -> Any:
        """The library with ``voice`` selected; call with the lock held."""
        lib = self._library()
        self.voices()
        voice_file = self._voice_files.get(voice.name, voice.name)
        if lib.espeak_SetVoiceByName(voice_file.encode()) != 0:
            raise VoiceError(f"espeak-ng has no voice {voice.name!r}")
        return lib

    def synthesize(self, text: str, voice: Voice, speed: float = 1.0) -> SpeechAudio:
        rate_wpm = int(min(ESPEAK_MAX_WPM, max(ESPEAK_MIN_WPM, round(ESPEAK_DEFAULT_WPM * speed))))
        said = espeak_text(_READABLE.get(primary_subtag(voice.language), str)(text))
        encoded = said.encode("utf-8")
        pieces: list[np.ndarray] = []
        events: list[tuple[int, int]] = []  # (byte offset in text, audio ms)

        def on_audio(wav: Any, sample_count: int, event_ptr: Any) -> int:
            if sample_count > 0:
                pieces.append(np.ctypeslib.as_array(wav, shape=(sample_count,)).copy())
            index = 0
            while event_ptr[index].type != _EVENT_LIST_TERMINATED:
                event = event_ptr[index]
                if event.type == _EVENT_WORD:
                    events.append((event.text_position - 1, event.audio_position))
                index += 1
            return 0

        callback = _CALLBACK(on_audio)
        with self._lock:
            lib = self._select(voice)
            lib.espeak_SetSynthCallback(callback)
            lib.espeak_SetParameter(_PARAM_RATE, rate_wpm, 0)
            status = lib.espeak_Synth(
                encoded, len(encoded) + 1, 0, _POS_CHARACTER, 0, _CHARS_UTF8 | _PHONEME_INPUT, None, None
            )
            lib.espeak_Synchronize()
        if status != 0:
            raise VoiceError(f"espeak-ng could not speak this sentence (status {status})")
        samples = (np.concatenate(pieces) if pieces else np.zeros(0, np.int16)).astype(np.float32) / 32768.0
        duration_ms = 1000.0 * len(samples) / self._sample_rate_hz
        return SpeechAudio(
            samples=samples,
            sample_rate_hz=self._sample_rate_hz,
            words=_words_from_events(text, said, events, duration_ms),
            words_exact=True,
        )


def _other_languages(language: str, listed: str) -> tuple[str, ...]:
    """The further tags espeak-ng lists for a voice, less its loose Chinese ones: the Cantonese voice also
    answers to "zh", but a Chinese article is Mandarin unless it is written Cantonese."""
    spoken = spoken_language(language)
    return tuple(
        tag
        for tag in (m["lang"] for m in _OTHER_LANGUAGE.finditer(listed))
        if not (spoken in CHINESE_SPOKEN and spoken_language(tag) != spoken)
    )


def to_kirshenbaum(phonemes: str) -> str:
    """IPA phonemes as espeak-ng's own phoneme mnemonics."""
    marked = _R_COLOURED.sub(lambda m: "\0" + _R_COLOURED_MNEMONICS[m.group(1)] + "\0", phonemes)
    return "".join(
        piece if number % 2 else transcribe(piece, IPA_TO_KIRSHENBAUM)
        for number, piece in enumerate(marked.split("\0"))
    )


def espeak_text(text: str) -> str:
    """Phoneme tokens become espeak-ng phoneme input (``[[S'i:]]``); a literal ``[[`` in the text is
    broken up so it is read as text, not taken for phonemes."""
    return "".join(
        segment.text.replace("[[", "[ [")
        if segment.phonemes is None
        else f"[[{to_kirshenbaum(segment.phonemes)}]]"
        for segment in segments(text)
    )


def _words_from_events(
    spoken: str, text: str, events: list[tuple[int, int]], duration_ms: float
) -> tuple[WordTiming, ...]:
    """Each word event starts a word; it ends where the next starts (or the audio ends). Words are named
    after the spoken text's words when the counts agree (phoneme input changes the text espeak saw)."""
    spoken_words = spoken.split()
    if len(spoken_words) == len(events):
        return tuple(
            WordTiming(word, int(start_ms), int(events[n + 1][1] if n + 1 < len(events) else duration_ms))
            for n, (word, (_, start_ms)) in enumerate(zip(spoken_words, events, strict=True))
        )
    encoded = text.encode("utf-8")
    timings = []
    for number, (position, start_ms) in enumerate(events):
        end_ms = events[number + 1][1] if number + 1 < len(events) else duration_ms
        # espeak counts characters, not bytes, in UTF-8 mode
        word_match = re.match(r"\S+", text[position:]) if position < len(text) else None
        if word_match is None:
            word_match = re.match(r"\S+", encoded[position:].decode("utf-8", "ignore"))
        word = word_match.group(0) if word_match else ""
        timings.append(WordTiming(word=word, start_ms=int(start_ms), end_ms=int(end_ms)))
    return tuple(timings)
