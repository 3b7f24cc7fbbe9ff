"""Run a command-line synthesizer (flite, festival) that writes a WAV file, and read the audio back.

Each call gets its own temporary folder, so concurrent calls never share a file. The text reaches the
program as one argv item or on stdin, never through a shell or inside program code.
"""

from __future__ import annotations

import re
import subprocess
import tempfile
import unicodedata
import wave
from collections.abc import Callable
from pathlib import Path

import numpy as np

from ..errors import VoiceError
from ..models import SpeechAudio, Voice
from .base import estimate_word_timings

CLASSIC_QUALITY = 1
"""Rank of the classic voices: more intelligible than espeak-ng's English (round-trip WER: festival slt
1.9 %, flite awb 6.2 %, espeak-ng 10–22 %) but less natural than hibari and Piper, so they are the
default only where neither of those is installed."""
SUBPROCESS_TIMEOUT_S = 30.0
"""A sentence takes about a second at most (festival: ~0.5 s start-up, then ≈ 50× real time; flite is
faster), and listing the voices a second or two. A process still running after this is stuck (a broken
voice, an input that sends it into a loop) and would otherwise hold a synthesis worker forever."""

_ASCII_PUNCTUATION = str.maketrans(
    {"‘": "'", "’": "'", "‚": "'", "′": "'", "“": '"', "”": '"', "„": '"', "″": '"', "–": "-", "—": ", ",
     "―": ", ", "…": "...", "\u00a0": " ", "\u2009": " ", "\u202f": " "}
)  # fmt: skip
_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")
_ENGLISH_NAMES = {"en-US": "US English", "en-GB": "British English", "en-GB-scotland": "Scottish English"}


def classic_voice(
    engine: str,
    name: str,
    *,
    speaker: str,
    method: str,
    language: str,
    gender: str,
    sample_rate_hz: int,
    licence: str,
    natural_wpm: float,
) -> Voice:
    """An English classic voice, shown as e.g. "SLT (Flite, US English, female, 16 kHz)"."""
    accent = _ENGLISH_NAMES.get(language, "English")
    return Voice(
        id=f"{engine}:{name}",
        engine=engine,
        name=name,
        display_name=f"{speaker} ({method}, {accent}, {gender}, {sample_rate_hz / 1000:g} kHz)",
        language=language,
        gender=gender,
        sample_rate_hz=sample_rate_hz,
        licence=licence,
        natural_wpm=natural_wpm,
        quality=CLASSIC_QUALITY,
    )


def ascii_text(text: str) -> str:
    """Text for the classic English voices, which read bytes as Latin-1 or ASCII: typographic punctuation
    becomes its ASCII form, accents are dropped ("café" → "cafe"), control characters become spaces."""
    folded = unicodedata.normalize("NFKD", text.translate(_ASCII_PUNCTUATION))
    return _CONTROL.sub(" ", folded.encode("ascii", "ignore").decode("ascii")).strip()


def has_words(text: str) -> bool:
    """Whether there is anything to say; festival crashes on text that is only punctuation."""
    return any(ch.isalnum() for ch in text)


def speak(
    program: str,
    text: str,
    sample_rate_hz: int,
    argv_for: Callable[[str, Path], list[str]],
    *,
    text_on_stdin: bool = False,
    error_markers: tuple[str, ...] = (),
) -> SpeechAudio:
    """One sentence through a command-line voice: ``argv_for(text, wav_path)`` is the command (the text
    is ASCII-folded first and, with ``text_on_stdin``, also sent on stdin). Word times are estimated."""
    said = ascii_text(text)
    if not has_words(said):
        return SpeechAudio(np.zeros(0, np.float32), sample_rate_hz)
    samples, rate_hz = run_to_wav(
        program,
        lambda wav_path: argv_for(said, wav_path),
        stdin_text=said + "\n" if text_on_stdin else None,
        error_markers=error_markers,
    )
    duration_ms = 1000.0 * len(samples) / rate_hz
    return SpeechAudio(samples, rate_hz, words=estimate_word_timings(text, duration_ms))


def run_to_wav(
    program: str,
    argv_for: Callable[[Path], list[str]],
    *,
    stdin_text: str | None = None,
    error_markers: tuple[str, ...] = (),
) -> tuple[np.ndarray, int]:
    """Run ``argv_for(wav_path)`` and return the mono float32 samples it wrote there, and their rate.

    A non-zero exit, a line of stderr containing one of ``error_markers`` (for programs that report
    failure only there), a timeout or a missing or unreadable WAV file is a one-line ``VoiceError``.
    """
    with tempfile.TemporaryDirectory(prefix="newscaster-") as folder:
        wav_path = Path(folder) / "speech.wav"
        try:
            result = subprocess.run(
                argv_for(wav_path),
                input=stdin_text,
                capture_output=True,
                encoding="utf-8",
                errors="replace",
                timeout=SUBPROCESS_TIMEOUT_S,
                check=False,
            )
        except subprocess.TimeoutExpired as error:
            raise VoiceError(
                f"{program} did not finish a sentence within {SUBPROCESS_TIMEOUT_S:g} s and was stopped"
            ) from error
        except (OSError, ValueError) as error:
            raise VoiceError(f"{program} could not be started: {error}") from error
        stderr_lines = [line.strip() for line in result.stderr.splitlines() if line.strip()]
        marked = [line for line in stderr_lines if any(marker in line for marker in error_markers)]
        if result.returncode != 0 or marked:
            detail = (marked or stderr_lines or [f"exit status {result.returncode}"])[0]
            raise VoiceError(f"{program} could not speak this sentence: {detail}")
        try:
            return read_wav(wav_path)
        except (OSError, EOFError, wave.Error) as error:
            raise VoiceError(f"{program} wrote no usable audio for this sentence ({error})") from error


def read_wav(path: Path) -> tuple[np.ndarray, int]:
    """A 16-bit PCM WAV file as mono float32 samples in [-1, 1], and its sample rate."""
    with wave.open(str(path), "rb") as reader:
        if reader.getsampwidth() != 2:
            raise wave.Error(f"{8 * reader.getsampwidth()}-bit samples, expected 16-bit")
        channels = reader.getnchannels()
        rate_hz = reader.getframerate()
        frames = reader.readframes(reader.getnframes())
    samples = np.frombuffer(frames, dtype="<i2").astype(np.float32) / 32768.0
    if channels > 1:
        samples = samples[: len(samples) - len(samples) % channels].reshape(-1, channels).mean(axis=1)
    return samples, rate_hz
