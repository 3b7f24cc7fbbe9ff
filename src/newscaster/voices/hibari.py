"""hibari-tts: a 7.9 MB Kokoro-distilled neural voice ("heart") that ships inside the wheel.

Only voices whose weights are already on disk are offered: "heart" is bundled; hibari's other voices
count only if a user has placed their files in hibari's cache folder (``HIBARI_HOME``). hibari gives no
alignments, so word timings are estimated.
"""

from __future__ import annotations

import threading
from typing import Any

import numpy as np

from ..errors import VoiceError
from ..models import SpeechAudio, Voice
from .base import estimate_word_timings

HEART_NATURAL_WPM = 140.0
"""Written words per minute at 1.0 on short news texts (FIELD-NOTES: 136–143); calibration refines it."""

_QUALITY = 3
"""Most natural of the installed voices (round-trip WER 8.5 %, mostly recognizer deletions)."""


class HibariEngine:
    name = "hibari"

    def __init__(self) -> None:
        self._models: dict[str, Any] = {}
        self._lock = threading.Lock()

    def voices(self) -> list[Voice]:
        try:
            from hibari import voices as hibari_voices
        except ImportError:
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

                self._models[voice.name] = Hibari(voice=voice.name, threads=1)
            return self._models[voice.name]

    def synthesize(self, text: str, voice: Voice, speed: float = 1.0) -> SpeechAudio:
        model = self._model(voice)
        try:
            # A fixed seed makes the same sentence sound the same every time, so cached and fresh
            # sentences are interchangeable.
            samples = model(text, speed=speed, seed=0)
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
