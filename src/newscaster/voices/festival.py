"""Festival (Debian ``festival`` + ``festvox-*`` voice packages), run as ``text2wave`` per sentence.

The installed English voices, as festival itself lists them. The text goes to ``text2wave`` on stdin
and is read as plain text; only fixed Scheme (the voice's own selector, checked against the listing,
and numbers) is ever evaluated, so a sentence cannot inject Scheme. Speed is festival's
``Duration_Stretch`` for voices that use festival's duration model, and hts_engine's ``-r`` rate for
HTS voices, which ignore Duration_Stretch. Word times are estimated.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from functools import cache

from ..errors import VoiceError
from ..models import SpeechAudio, Voice
from .subprocess_wav import CLASSIC_QUALITY, SUBPROCESS_TIMEOUT_S, classic_voice, speak

FESTIVAL_NATURAL_WPM = {"cmu_us_slt_arctic_hts": 149.0, "kal_diphone": 155.0}
"""Written words per minute at speed 1.0, measured per voice here on the seed article's first three
paragraphs (102 words, sentence by sentence); calibration refines it."""
OTHER_NATURAL_WPM = 152.0
"""For other festvox voices: the installed voices' typical pace."""

_DISPLAY = {"cmu_us_slt_arctic_hts": ("SLT", "Festival HTS"), "kal_diphone": ("Kal", "Festival diphone")}
"""Voice name → (speaker, synthesis method) for display names."""
_DIALECTS = {"american": "en-US", "british": "en-GB", "scottish": "en-GB-scotland"}
_SCHEME_NAME = re.compile(r"^[A-Za-z0-9_]+$")
"""Voice names that are safe to put into ``(voice_NAME)``."""
_ERROR_MARKERS = ("SIOD ERROR",)
"""festival exits 0 after a Scheme error (an unknown voice, say); only stderr says so."""

LIST_VOICES_SCHEME = r"""
(mapcar
 (lambda (name)
   (unwind-protect
    (let ((description (cadr (voice.description name))))
      (eval (list (intern (string-append "voice_" name))))
      (format t "voice\t%s\t%s\t%s\t%s\t%s\n" name
              (cadr (assoc 'language description)) (cadr (assoc 'dialect description))
              (cadr (assoc 'gender description))
              (cadr (assoc 'sample_rate (wave.info (utt.wave (utt.synth (Utterance Text "a"))))))))
    (format t "broken\t%s\n" name)))
 (voice.list))
"""
"""One line per installed voice: name, language, dialect, gender and sample rate (found by saying one
word, since only the voice knows it); a voice that fails to load is reported as broken and skipped."""


class FestivalEngine:
    name = "festival"
    top_quality = CLASSIC_QUALITY

    def voices(self) -> list[Voice]:
        festival = shutil.which("festival")
        if festival is None or shutil.which("text2wave") is None:
            return []
        return [self._voice(*fields) for fields in _installed_voices(festival)]

    def _voice(self, name: str, language: str, gender: str, sample_rate_hz: int) -> Voice:
        speaker, method = _DISPLAY.get(name, (name, "Festival"))
        return classic_voice(
            self.name,
            name,
            speaker=speaker,
            method=method,
            language=language,
            gender=gender,
            sample_rate_hz=sample_rate_hz,
            licence="MIT-style (Festival); voice: see its Debian package",
            natural_wpm=FESTIVAL_NATURAL_WPM.get(name, OTHER_NATURAL_WPM),
        )

    def synthesize(self, text: str, voice: Voice, speed: float = 1.0) -> SpeechAudio:
        text2wave = shutil.which("text2wave")
        if text2wave is None:
            raise VoiceError("festival is not installed (Debian package festival)")
        if voice.name not in {v.name for v in self.voices()}:
            raise VoiceError(f"festival has no voice {voice.name!r}")
        setup = (
            f"(voice_{voice.name})",
            f"(Parameter.set 'Duration_Stretch {1.0 / speed:.4f})",
            "(if (symbol-bound? 'hts_engine_params) (set! hts_engine_params (append hts_engine_params"
            f' (list (list "-r" {speed:.4f})))))',
        )
        evals = [arg for scheme in setup for arg in ("-eval", scheme)]
        return speak(
            "festival",
            text,
            voice.sample_rate_hz,
            lambda _said, wav: [text2wave, *evals, "-o", str(wav)],
            text_on_stdin=True,
            error_markers=_ERROR_MARKERS,
        )


@cache
def _installed_voices(festival: str) -> tuple[tuple[str, str, str, int], ...]:
    """(name, BCP 47 language, gender, sample rate) per usable English voice. Cached: installed voices do
    not change while the process runs, and asking festival takes about a second."""
    try:
        listing = subprocess.run(
            [festival, "--pipe"],
            input=LIST_VOICES_SCHEME,
            capture_output=True,
            text=True,
            timeout=SUBPROCESS_TIMEOUT_S,
            check=False,
        ).stdout
    except (OSError, subprocess.TimeoutExpired):
        return ()
    found = []
    for line in listing.splitlines():
        fields = line.split("\t")
        if len(fields) != 6 or fields[0] != "voice" or not _SCHEME_NAME.match(fields[1]):
            continue
        _, name, language, dialect, gender, rate = fields
        if language != "english" or not rate.isdigit():
            continue  # the text is folded to ASCII English for festival; other languages need more
        gender = gender if gender in {"male", "female"} else "unknown"
        found.append((name, _DIALECTS.get(dialect, "en"), gender, int(rate)))
    return tuple(found)
