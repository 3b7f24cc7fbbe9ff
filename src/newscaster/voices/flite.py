"""Flite (Debian ``flite``): CMU's small English synthesizer, run as a command per sentence.

The voices compiled into the binary (``flite -lv``) plus every ``.flitevox`` file in the user's voices
folder. Speed is flite's ``duration_stretch`` (its inverse); flite gives no word times, so they are
estimated. The text is one argv item after ``-t``, so a sentence starting with "-" is still text.
"""

from __future__ import annotations

import shutil
import subprocess
from functools import cache
from pathlib import Path

from ..errors import VoiceError
from ..models import SpeechAudio, Voice
from .subprocess_wav import CLASSIC_QUALITY, SUBPROCESS_TIMEOUT_S, classic_voice, run_to_wav, speak

FLITE_NATURAL_WPM = {"kal": 167.0, "kal16": 170.0, "awb": 160.0, "rms": 142.0, "slt": 163.0}
"""Written words per minute at speed 1.0, measured per voice here on the seed article's first three
paragraphs (102 words, sentence by sentence); calibration refines it."""
OTHER_NATURAL_WPM = 160.0
"""For .flitevox voices: the built-in voices' typical pace."""

_KNOWN = {
    "kal": ("Kal", "en-US", "male"),
    "kal16": ("Kal", "en-US", "male"),
    "awb": ("AWB", "en-GB-scotland", "male"),
    "rms": ("RMS", "en-US", "male"),
    "slt": ("SLT", "en-US", "female"),
}
"""Flite's built-in CMU voices: display name, BCP 47 language (awb is a Scottish speaker), gender."""
_LIMITED_DOMAIN = {"awb_time"}
"""Built-in voices that can only say clock times ("awb_time" turns a news sentence into noise)."""
_ERROR_MARKERS = ("Error load voice", "failed to load voice")
"""flite exits 0 and falls back to its default voice when a voice cannot be loaded; only stderr says so."""


class FliteEngine:
    name = "flite"
    top_quality = CLASSIC_QUALITY

    def __init__(self, voices_dir: Path | None = None) -> None:
        self._voices_dir = voices_dir
        self._voice_args: dict[str, str] = {}
        """Voice name → what ``-voice`` is given: a built-in name or a .flitevox path."""

    def voices(self) -> list[Voice]:
        binary = shutil.which("flite")
        if binary is None:
            return []
        candidates = {name: name for name in _builtin_voices(binary)}
        if self._voices_dir and self._voices_dir.is_dir():
            for path in sorted(self._voices_dir.glob("*.flitevox")):
                candidates.setdefault(path.stem, str(path))
        voices = []
        for name, voice_arg in candidates.items():
            if name in _LIMITED_DOMAIN or name.startswith("cmu_indic_"):
                continue  # clock-only, or not English (the text is folded to ASCII for flite)
            sample_rate_hz = _sample_rate_hz(binary, voice_arg, _modified_ns(voice_arg))
            if sample_rate_hz is None:
                continue  # a broken .flitevox in the user's folder is skipped, not fatal
            self._voice_args[name] = voice_arg
            voices.append(self._voice(name, sample_rate_hz))
        return voices

    def _voice(self, name: str, sample_rate_hz: int) -> Voice:
        english = "en-US" if "_us_" in name else "en"
        speaker, language, gender = _KNOWN.get(name, (name, english, "unknown"))
        return classic_voice(
            self.name,
            name,
            speaker=speaker,
            method="Flite",
            language=language,
            gender=gender,
            sample_rate_hz=sample_rate_hz,
            licence="BSD-style (CMU Flite)",
            natural_wpm=FLITE_NATURAL_WPM.get(name, OTHER_NATURAL_WPM),
        )

    def synthesize(self, text: str, voice: Voice, speed: float = 1.0) -> SpeechAudio:
        binary = shutil.which("flite")
        if binary is None:
            raise VoiceError("flite is not installed (Debian package flite)")
        if voice.name not in self._voice_args:
            self.voices()
        voice_arg = self._voice_args.get(voice.name)
        if voice_arg is None:
            raise VoiceError(f"flite has no voice {voice.name!r}")
        stretch = f"duration_stretch={1.0 / speed:.4f}"
        return speak(
            "flite",
            text,
            voice.sample_rate_hz,
            lambda said, wav: [binary, "-voice", voice_arg, "--setf", stretch, "-o", str(wav), "-t", said],
            error_markers=_ERROR_MARKERS,
        )


@cache
def _builtin_voices(binary: str) -> tuple[str, ...]:
    """``flite -lv``: "Voices available: kal awb_time kal16 awb rms slt"."""
    try:
        listing = subprocess.run(
            [binary, "-lv"], capture_output=True, text=True, timeout=SUBPROCESS_TIMEOUT_S, check=False
        ).stdout
    except (OSError, subprocess.TimeoutExpired):
        return ()
    _, _, names = listing.partition(":")
    return tuple(names.split())


def _modified_ns(voice_arg: str) -> int:
    """A .flitevox file's modification time (0 for built-ins), so a replaced file is probed again."""
    path = Path(voice_arg)
    return path.stat().st_mtime_ns if path.suffix == ".flitevox" and path.is_file() else 0


@cache
def _sample_rate_hz(binary: str, voice_arg: str, modified_ns: int) -> int | None:
    """The voice's own sample rate (kal is 8 kHz, the others 16 kHz), by saying one word; None when the
    voice does not load. Cached: the installed voices do not change while the process runs."""
    try:
        _, rate_hz = run_to_wav(
            "flite",
            lambda wav: [binary, "-voice", voice_arg, "-o", str(wav), "-t", "a"],
            error_markers=_ERROR_MARKERS,
        )
    except VoiceError:
        return None
    return rate_hz
