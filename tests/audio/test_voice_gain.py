"""Calibrated gains per voice and speed: bundled measurements, else measured once and remembered."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newscaster.audio.voice_gain import BUNDLED_GAINS, GAIN_VERSION, GainBook, interpolate
from newscaster.models import Voice


def voice(voice_id: str) -> Voice:
    engine, name = voice_id.split(":")
    return Voice(voice_id, engine, name, name, "en-US", "female", 22050, "test", 150.0)


def bundled_file(tmp_path: Path) -> Path:
    path = tmp_path / "bundled.json"
    document = {"version": GAIN_VERSION, "voices": {"espeak:en-us": {"0.5": 4.0, "1": 6.0, "2": 8.0}}}
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def never(voice: Voice) -> float:
    raise AssertionError(f"{voice.id} should not be measured")


def test_bundled_gains_are_interpolated_between_speeds(tmp_path: Path) -> None:
    book = GainBook(tmp_path / "measured.json", bundled_file(tmp_path))
    assert book.gain_db(voice("espeak:en-us"), 1.0, never) == 6.0
    assert book.gain_db(voice("espeak:en-us"), 1.5, never) == pytest.approx(7.0)
    assert book.gain_db(voice("espeak:en-us"), 0.25, never) == 4.0  # flat beyond the measured speeds
    assert not (tmp_path / "measured.json").exists()


def test_another_voice_is_measured_once_and_follows_its_engines_speed_curve(tmp_path: Path) -> None:
    measured: list[str] = []

    def measure(v: Voice) -> float:
        measured.append(v.id)
        return 3.0

    book = GainBook(tmp_path / "measured.json", bundled_file(tmp_path))
    assert book.gain_db(voice("espeak:de"), 1.0, measure) == 3.0
    assert book.gain_db(voice("espeak:de"), 2.0, measure) == pytest.approx(5.0)  # +2 dB, as en-us at 2x
    again = GainBook(tmp_path / "measured.json", bundled_file(tmp_path))  # another process, later
    assert again.gain_db(voice("espeak:de"), 0.5, measure) == pytest.approx(1.0)
    assert again.gain_db(voice("user:mine"), 2.0, measure) == 3.0  # no bundled voice of its engine: flat
    assert measured == ["espeak:de", "user:mine"]


def test_a_damaged_or_outdated_file_is_measured_again(tmp_path: Path) -> None:
    stored = tmp_path / "measured.json"
    stored.write_text('{"version": 0, "voices": {"espeak:de": {"1": 99}}}', encoding="utf-8")
    assert GainBook(stored, bundled_file(tmp_path)).gain_db(voice("espeak:de"), 1.0, lambda v: 2.5) == 2.5
    stored.write_text("{not json", encoding="utf-8")
    assert GainBook(stored, bundled_file(tmp_path)).gain_db(voice("espeak:de"), 1.0, lambda v: 2.0) == 2.0


def test_the_bundled_table_covers_the_default_voices() -> None:
    table = GainBook.load(BUNDLED_GAINS)
    for voice_id in ("hibari:heart", "piper:joe"):
        assert set(table[voice_id]) >= {0.5, 1.0, 2.0}
        assert 0 < interpolate(table[voice_id], 1.0) < 20


def test_the_bundled_table_covers_the_default_japanese_voice(settings) -> None:  # type: ignore[no-untyped-def]
    """Kokoro's default Japanese pack is measured (on Japanese pages) like the English voices."""
    from newscaster.errors import VoiceError
    from newscaster.voices.registry import registry_for

    try:
        voice = registry_for(settings).default_for("ja")
    except VoiceError:
        pytest.skip("no Japanese voice installed")
    if voice.engine != "kokoro":
        pytest.skip(f"the Japanese voice here is {voice.id}, not a neural one")
    assert 0 < interpolate(GainBook.load(BUNDLED_GAINS)[voice.id], 1.0) < 20
