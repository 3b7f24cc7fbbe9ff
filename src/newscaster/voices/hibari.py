"""hibari-tts: a 7.9 MB Kokoro-distilled neural voice ("heart") that ships inside the wheel.

Only voices whose weights are already on disk are offered: "heart" is bundled; hibari's other voices
count only if a user has placed their files in hibari's cache folder (``HIBARI_HOME``). hibari gives no
alignments, so word timings are estimated.
"""

from __future__ import annotations

import functools
import importlib.util
import re
import sys
import threading
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import VoiceError
from ..models import SpeechAudio, Voice
from ..text.phonemes import has_phonemes, segments, splice, transcribe, written_form
from .base import estimate_word_timings
from .hibari_g2p import G2PWhenReady, load_g2p
from .speed_curve import SpeedCurve

HEART_NATURAL_WPM = 140.0
"""Written words per minute at 1.0 on short news texts (FIELD-NOTES: 136–143); calibration refines it."""

HEART_SPEED_CURVE = SpeedCurve((
    (0.4, 0.4), (0.45, 0.466), (0.5, 0.5), (0.55, 0.531), (0.6, 0.614), (0.65, 0.634), (0.7, 0.706),
    (0.75, 0.728), (0.8, 0.801), (0.85, 0.892), (0.9, 0.962), (0.95, 0.983), (1.0, 1.0), (1.05, 1.017),
    (1.1, 1.035), (1.15, 1.054), (1.2, 1.098), (1.25, 1.15), (1.3, 1.164), (1.32, 1.173), (1.325, 1.184),
    (1.33, 1.21), (1.335, 1.405), (1.34, 1.491), (1.345, 1.514), (1.35, 1.521), (1.4, 1.55),
    (1.45, 1.568), (1.5, 1.595), (1.6, 1.639), (1.7, 1.674), (1.8, 1.709), (1.9, 1.732), (1.95, 1.747),
    (1.98, 1.765), (1.99, 1.787), (1.995, 1.815), (2.0, 1.85), (2.05, 1.967), (2.1, 1.985),
    (2.15, 2.003), (2.2, 2.019), (2.3, 2.045), (2.4, 2.066),
))  # fmt: skip
"""hibari's ``speed`` → the speed heard, measured on heart reading the seed article's nine sentences
(``bench/bench_speed.py --raw``). The model rounds ``duration / speed`` to whole 12.5 ms frames and its
durations are nearly whole frames, so the curve climbs in steps: two-frame phonemes turn into one-frame
ones between 1.33 and 1.34 (1.21x → 1.49x), three-frame ones at 2.0. Past 2.15 little is left to shorten:
one-frame phonemes stay one frame."""

_QUALITY = 3
"""Most natural of the installed voices (round-trip WER 8.5 %, mostly recognizer deletions)."""

IPA_TO_MISAKI_US = {
    "eɪ": "A", "aɪ": "I", "aʊ": "W", "ɔɪ": "Y", "oʊ": "O", "əʊ": "O", "tʃ": "ʧ", "dʒ": "ʤ",
    "ɜːɹ": "ɜɹ", "ɜː": "ɜɹ", "ɚ": "əɹ", "eə": "ɛɹ", "ɪə": "ɪɹ", "ʊə": "ʊɹ", "ɾ": "T",
    "iː": "i", "uː": "u", "ɑː": "ɑ", "ɔː": "ɔ", "ː": "", "ɒ": "ɑ", "e": "ɛ", "r": "ɹ", "g": "ɡ",
    "ɐ": "ə", "ɬ": "l", "ʑ": "ʒ", "ʏ": "ʊ", "l\u0329": "ᵊl", "n\u0329": "ᵊn", "\u0329": "",
}  # fmt: skip
"""espeak-ng IPA → the misaki alphabet of hibari's American voices (after misaki's own espeak fallback):
diphthongs and affricates are single letters, the flap is "T", American vowels carry no length mark."""
IPA_TO_MISAKI_GB = {
    **IPA_TO_MISAKI_US,
    "əʊ": "Q", "oʊ": "Q", "ɜː": "ɜː", "ɜːɹ": "ɜː", "eə": "ɛː", "ɪə": "ɪə", "ʊə": "ʊə", "ɾ": "t",
    "iː": "iː", "uː": "uː", "ɑː": "ɑː", "ɔː": "ɔː", "ː": "ː", "ɒ": "ɒ",
}  # fmt: skip
"""The British voices keep length marks and write the GOAT vowel "Q"."""
_SPACE_BEFORE_PUNCTUATION = re.compile(r"\s+([.,;:!?—…])")
_CLAUSE_END = re.compile(r"(?<=[,;:—])\s+")


@functools.cache
def _voice_table() -> Any:
    """hibari's ``voices`` module (its voice table, and where voice files are), or None without hibari.

    Importing ``hibari.voices`` runs the package's ``__init__``, which imports the synthesizer and scipy's
    FFT: 0.2–0.45 s that a process only listing voices (the CLI's parent while its workers load the voice,
    the web server) need not pay. ``voices.py`` itself needs only the standard library, so it is loaded on
    its own when the package is not imported yet."""
    if "hibari" in sys.modules:
        from hibari import voices

        return voices
    spec = importlib.util.find_spec("hibari")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "voices.py"
    if not path.is_file():  # another layout: import it the ordinary way
        from hibari import voices

        return voices
    standalone = importlib.util.spec_from_file_location("newscaster_hibari_voice_table", path)
    if standalone is None or standalone.loader is None:
        return None
    module = importlib.util.module_from_spec(standalone)
    standalone.loader.exec_module(module)
    return module


class HibariEngine:
    name = "hibari"
    top_quality = _QUALITY
    speaks_phonemes = True

    calibrated = True
    """Speeds go through ``HEART_SPEED_CURVE``; False gives hibari the speed as its own rate (to measure)."""

    def __init__(self, cache_dir: Path | None = None) -> None:
        """``cache_dir``: where the built G2P is kept between processes (``hibari_g2p``); None: not kept."""
        self._models: dict[str, Any] = {}
        self._lock = threading.Lock()
        self._cache_dir = cache_dir

    def voices(self) -> list[Voice]:
        hibari_voices = _voice_table()
        if hibari_voices is None:
            return []
        found = []
        for name, spec in hibari_voices.VOICES.items():
            try:
                hibari_voices.voice_path(name, download_missing=False)
            except (FileNotFoundError, ValueError):
                continue
            found.append(
                Voice(
                    id=f"{self.name}:{name}",
                    engine=self.name,
                    name=name,
                    display_name=f"{name.capitalize()} ({spec['accent']} English, {spec['gender']})",
                    language=spec["language"],
                    gender=spec["gender"],
                    sample_rate_hz=24000,
                    licence="Apache-2.0",
                    natural_wpm=HEART_NATURAL_WPM,
                    quality=_QUALITY,
                )
            )
        return found

    def _model(self, voice: Voice) -> Any:
        with self._lock:
            if voice.name not in self._models:
                from hibari import Hibari
                from hibari.voices import VOICES

                british = bool(VOICES[voice.name]["british"])
                g2p = G2PWhenReady(functools.partial(load_g2p, self._cache_dir, british))
                self._models[voice.name] = Hibari(voice=voice.name, threads=1, g2p=g2p)
            return self._models[voice.name]

    def synthesize(self, text: str, voice: Voice, speed: float = 1.0) -> SpeechAudio:
        model = self._model(voice)
        rate = HEART_SPEED_CURVE.rate_for(speed) if self.calibrated else speed
        try:
            # A fixed seed makes the same sentence sound the same every time, so cached and fresh
            # sentences are interchangeable.
            if has_phonemes(text):
                samples = self._from_phonemes(model, text, rate)
            else:
                samples = model(text, speed=rate, seed=0)
        except Exception as error:  # the engine's own failure, reported as a voice error
            raise VoiceError(f"hibari could not speak this sentence: {error}") from error
        samples = np.asarray(samples, dtype=np.float32)
        duration_ms = 1000.0 * len(samples) / model.sample_rate
        return SpeechAudio(
            samples=samples,
            sample_rate_hz=int(model.sample_rate),
            words=estimate_word_timings(text, duration_ms),
            words_exact=False,
        )

    def _from_phonemes(self, model: Any, text: str, rate: float) -> np.ndarray:
        """Like hibari's own text path: a phoneme string too long for one pass is cut at clause marks."""
        from hibari.tts import MAX_PHONEMES

        phonemes = self._phonemes(model, text)
        pieces: list[str] = []
        for clause in _CLAUSE_END.split(phonemes):
            if pieces and len(pieces[-1]) + len(clause) + 1 <= MAX_PHONEMES:
                pieces[-1] = f"{pieces[-1]} {clause}"
            else:
                pieces.append(clause)
        audio = [model.from_phonemes(piece, speed=rate, seed=0) for piece in pieces]
        return np.concatenate(audio) if audio else np.zeros(0, np.float32)

    @staticmethod
    def _phonemes(model: Any, text: str) -> str:
        """The sentence in hibari's alphabet: its own G2P for the words, the lexicon's for phoneme words
        (spliced into the whole sentence's G2P when the words pair up, else phonemized piece by piece)."""
        from hibari.voices import VOICES

        table = IPA_TO_MISAKI_GB if VOICES[model.voice]["british"] else IPA_TO_MISAKI_US
        said = model.g2p(written_form(text)).split()
        spliced = splice(text, said, lambda phonemes: transcribe(phonemes, table))
        if spliced is not None:
            return spliced
        pieces = []
        for segment in segments(text):
            if segment.phonemes is None:
                pieces.append(model.g2p(segment.text))
            else:
                pieces.append(transcribe(segment.phonemes, table))
        return _SPACE_BEFORE_PUNCTUATION.sub(r"\1", " ".join(p for p in pieces if p))
