"""Festival through text2wave: the voices it has, text that cannot become Scheme, clean failures."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest

from newscaster.errors import VoiceError
from newscaster.voices import subprocess_wav
from newscaster.voices.festival import FestivalEngine

TEXT = "The harbour authority approved the plan on Friday."
SLT = "cmu_us_slt_arctic_hts"


@pytest.fixture(scope="module")
def festival() -> FestivalEngine:
    return FestivalEngine()


def _voice(engine: FestivalEngine, name: str = SLT):
    return next(v for v in engine.voices() if v.name == name)


def test_lists_the_installed_voices(festival: FestivalEngine) -> None:
    voices = {v.name: v for v in festival.voices()}
    slt = voices[SLT]
    assert (slt.id, slt.language, slt.gender) == (f"festival:{SLT}", "en-US", "female")
    assert slt.sample_rate_hz == 32000
    assert slt.display_name == "SLT (Festival HTS, US English, female, 32 kHz)"
    if "kal_diphone" in voices:  # festvox-kallpc16k
        assert (voices["kal_diphone"].gender, voices["kal_diphone"].sample_rate_hz) == ("male", 16000)
    assert not getattr(festival, "speaks_phonemes", False)  # given written words, not phoneme tokens


def test_missing_binary_lists_no_voices(monkeypatch: pytest.MonkeyPatch, festival: FestivalEngine) -> None:
    voice = _voice(festival)
    monkeypatch.setattr(shutil, "which", lambda name: None)
    assert FestivalEngine().voices() == []
    with pytest.raises(VoiceError, match="festival is not installed"):
        FestivalEngine().synthesize(TEXT, voice, 1.0)


@pytest.mark.slow
@pytest.mark.parametrize(
    "template",
    [
        '(system "touch {marker}")',
        '") (system "touch {marker}") ("',
        '(quit) (system "touch {marker}")',
        '-eval (system "touch {marker}") -o {marker}',
        "'(voice_kal_diphone) ;; (set! x 1)",
    ],
)
def test_scheme_in_the_text_is_spoken_not_run(
    festival: FestivalEngine, tmp_path: Path, template: str
) -> None:
    marker = tmp_path / "ran"
    text = template.format(marker=marker)
    speech = festival.synthesize(text, _voice(festival), 1.0)
    assert not marker.exists()
    assert speech.duration_ms > 1500  # the words were read out, not swallowed
    assert [w.word for w in speech.words] == text.split()


def test_text_starting_with_a_dash_is_spoken(festival: FestivalEngine) -> None:
    speech = festival.synthesize("-o minus one, said the caller.", _voice(festival), 1.0)
    assert speech.duration_ms > 1500


def test_punctuation_only_is_silence_not_a_crash(festival: FestivalEngine) -> None:
    """festival segfaults on text with no words; the engine says nothing instead."""
    speech = festival.synthesize("…", _voice(festival), 1.0)
    assert len(speech.samples) == 0


def test_unknown_voice_is_a_voice_error(festival: FestivalEngine) -> None:
    ghost = dataclasses.replace(_voice(festival), name="nobody")
    with pytest.raises(VoiceError, match="festival has no voice 'nobody'"):
        festival.synthesize(TEXT, ghost, 1.0)


def test_a_scheme_error_is_a_one_line_voice_error(monkeypatch: pytest.MonkeyPatch) -> None:
    """festival exits 0 after a Scheme error; stderr's "SIOD ERROR" line is what the user sees."""
    engine = FestivalEngine()
    ghost = dataclasses.replace(_voice(engine), name="nobody")
    monkeypatch.setattr(FestivalEngine, "voices", lambda self: [ghost])
    message = r"^festival could not speak this sentence: SIOD ERROR.*voice_nobody$"
    with pytest.raises(VoiceError, match=message):
        engine.synthesize(TEXT, ghost, 1.0)


def test_timeout_is_a_voice_error(festival: FestivalEngine, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(subprocess_wav, "SUBPROCESS_TIMEOUT_S", 0.001)
    with pytest.raises(VoiceError, match="festival did not finish a sentence within 0.001 s"):
        festival.synthesize(TEXT, _voice(festival), 1.0)
