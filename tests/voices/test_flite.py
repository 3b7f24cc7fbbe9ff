"""Flite through its command line: the voices it has, .flitevox files, safe text, clean failures."""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
from pathlib import Path

import pytest

from newscaster.config import Settings
from newscaster.errors import VoiceError
from newscaster.voices import subprocess_wav
from newscaster.voices.flite import FliteEngine
from newscaster.voices.registry import VoiceRegistry

TEXT = "The harbour authority approved the plan on Friday."


@pytest.fixture
def flite() -> FliteEngine:
    return FliteEngine()


def test_lists_the_built_in_english_voices(flite: FliteEngine) -> None:
    voices = {v.name: v for v in flite.voices()}
    assert {"kal", "kal16", "awb", "rms", "slt"} <= set(voices)
    assert "awb_time" not in voices  # can only say clock times
    assert voices["kal"].sample_rate_hz == 8000
    assert voices["slt"].sample_rate_hz == 16000
    assert (voices["slt"].language, voices["slt"].gender) == ("en-US", "female")
    assert voices["awb"].language == "en-GB-scotland"
    assert all(v.id == f"flite:{v.name}" and v.speaks("en") for v in voices.values())


def test_classic_voices_rank_between_neural_voices_and_espeak(registry) -> None:
    quality = {v.id: v.quality for v in registry.voices()}
    assert quality["piper:joe"] > quality["flite:slt"] > quality["espeak:en-us"]
    assert registry.default_for("en").id == "hibari:heart"


def test_missing_binary_lists_no_voices(monkeypatch: pytest.MonkeyPatch, flite: FliteEngine) -> None:
    voice = next(v for v in flite.voices() if v.name == "slt")
    monkeypatch.setattr(shutil, "which", lambda name: None)
    assert FliteEngine().voices() == []
    with pytest.raises(VoiceError, match="flite is not installed"):
        FliteEngine().synthesize(TEXT, voice, 1.0)


@pytest.mark.parametrize(
    "text", ["-o out.wav says the flag", "--help me, said the caller", "-", 'He said "(voice_kal)" twice']
)
def test_text_that_looks_like_options_is_spoken(
    flite: FliteEngine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str
) -> None:
    monkeypatch.chdir(tmp_path)
    voice = next(v for v in flite.voices() if v.name == "slt")
    speech = flite.synthesize(text, voice, 1.0)
    if text == "-":
        assert len(speech.samples) == 0  # nothing to say
    else:
        assert speech.duration_ms > 300 * len(text.split())  # every word was read out
    assert list(tmp_path.iterdir()) == []  # no option was obeyed


def test_typographic_text_is_folded_to_ascii(flite: FliteEngine) -> None:
    voice = next(v for v in flite.voices() if v.name == "slt")
    speech = flite.synthesize("It’s a “café” — really…", voice, 1.0)
    assert speech.duration_ms > 800
    assert [w.word for w in speech.words] == ["It’s", "a", "“café”", "—", "really…"]
    assert not speech.words_exact


def test_user_flitevox_voice_is_listed_and_speaks(tmp_path: Path) -> None:
    voices_dir = tmp_path / "voices"
    voices_dir.mkdir()
    dumped = voices_dir / "myvoice.flitevox"
    subprocess.run(
        ["flite", "-voice", "slt", "-voicedump", str(dumped), "-t", "a", "-o", "none"], check=True, timeout=30
    )
    (voices_dir / "broken.flitevox").write_bytes(b"not a voice")
    registry = VoiceRegistry(Settings(data_dir=tmp_path))
    ids = [v.id for v in registry.voices()]
    assert "flite:myvoice" in ids
    assert "flite:broken" not in ids
    voice = registry.get("flite:myvoice")
    speech = registry.engine("flite").synthesize("Hello from a voice file.", voice, 1.0)
    assert speech.sample_rate_hz == voice.sample_rate_hz == 16000
    assert speech.duration_ms > 1000


def test_a_voice_that_fails_to_load_is_a_voice_error(tmp_path: Path) -> None:
    """flite exits 0 and uses its default voice when a voice file is bad; the engine must not."""
    voices_dir = tmp_path / "voices"
    voices_dir.mkdir()
    engine = FliteEngine(voices_dir=voices_dir)
    slt = next(v for v in engine.voices() if v.name == "slt")
    engine._voice_args["slt"] = str(voices_dir / "gone.flitevox")
    with pytest.raises(VoiceError, match=r"^flite could not speak this sentence: .*gone\.flitevox") as error:
        engine.synthesize(TEXT, slt, 1.0)
    assert "\n" not in str(error.value)


def test_unknown_voice_is_a_voice_error(flite: FliteEngine) -> None:
    slt = next(v for v in flite.voices() if v.name == "slt")
    with pytest.raises(VoiceError, match="flite has no voice 'nobody'"):
        flite.synthesize(TEXT, dataclasses.replace(slt, name="nobody"), 1.0)


def test_timeout_is_a_voice_error(flite: FliteEngine, monkeypatch: pytest.MonkeyPatch) -> None:
    voice = next(v for v in flite.voices() if v.name == "awb")
    monkeypatch.setattr(subprocess_wav, "SUBPROCESS_TIMEOUT_S", 0.001)
    with pytest.raises(VoiceError, match="flite did not finish a sentence within 0.001 s"):
        flite.synthesize(TEXT * 5, voice, 1.0)


@pytest.mark.slow
def test_every_listed_flite_voice_speaks_at_both_speeds(flite: FliteEngine) -> None:
    for voice in flite.voices():
        normal = flite.synthesize(TEXT, voice, 1.0)
        fast = flite.synthesize(TEXT, voice, 1.5)
        assert normal.sample_rate_hz == voice.sample_rate_hz, voice.id
        assert fast.duration_ms / normal.duration_ms == pytest.approx(1 / 1.5, rel=0.15), voice.id
