from __future__ import annotations

import wave
from pathlib import Path

import av
import numpy as np
import pytest

from newscaster.audio.encode import Tags, encoder_for
from newscaster.audio.loudness import TARGET_LUFS, normalize_loudness
from newscaster.errors import OptionError
from newscaster.files import atomic_path
from newscaster.models import Chapter

RATE_HZ = 24000


def _tone(seconds: float, amplitude: float = 0.05) -> np.ndarray:
    t = np.arange(int(seconds * RATE_HZ)) / RATE_HZ
    # a voiced-speech-like signal: 150 Hz fundamental with harmonics, amplitude-modulated like syllables
    signal = sum(np.sin(2 * np.pi * 150 * k * t) / k for k in range(1, 8))
    return (amplitude * signal * (0.6 + 0.4 * np.sin(2 * np.pi * 4 * t))).astype(np.float32)


@pytest.mark.parametrize("audio_format", ["mp3", "opus", "wav"])
def test_encoded_file_has_the_duration_and_tags(tmp_path: Path, audio_format: str) -> None:
    encoder = encoder_for(audio_format)
    path = tmp_path / f"out.{encoder.extension}"
    encoder.write(_tone(3.0), RATE_HZ, path, Tags(title="Night trains", artist="Desk"))
    with av.open(str(path)) as container:
        stream = container.streams.audio[0]
        decoded = sum(frame.samples / frame.sample_rate for frame in container.decode(stream))
        tags = {**container.metadata, **stream.metadata}
    assert decoded == pytest.approx(3.0, abs=0.08)
    if audio_format != "wav":
        assert tags.get("title") == "Night trains"
        assert tags.get("artist") == "Desk"
    assert not list(tmp_path.glob(".*part"))


CHAPTERS = (Chapter("Night trains", 0, 1250, 0), Chapter("Sleeper fares", 1250, 3000, 4))


def test_mp3_carries_id3_chapters_and_a_table_of_contents(tmp_path: Path) -> None:
    from mutagen.id3 import ID3

    path = tmp_path / "out.mp3"
    encoder_for("mp3").write(_tone(3.0), RATE_HZ, path, Tags("Night trains", "Desk", chapters=CHAPTERS))
    tags = ID3(path)
    frames = sorted(tags.getall("CHAP"), key=lambda frame: frame.start_time)
    assert [(f.start_time, f.end_time, str(f.sub_frames["TIT2"])) for f in frames] == [
        (0, 1250, "Night trains"),
        (1250, 3000, "Sleeper fares"),
    ]
    (toc,) = tags.getall("CTOC")
    assert toc.child_element_ids == [f.element_id for f in frames]
    without = tmp_path / "plain.mp3"
    encoder_for("mp3").write(_tone(1.0), RATE_HZ, without, Tags("Night trains", "Desk"))
    assert ID3(without).getall("CHAP") == [] and ID3(without).getall("CTOC") == []


def test_opus_carries_vorbis_chapter_comments(tmp_path: Path) -> None:
    from mutagen.oggopus import OggOpus

    path = tmp_path / "out.opus"
    encoder_for("opus").write(_tone(3.0), RATE_HZ, path, Tags("Night trains", "Desk", chapters=CHAPTERS))
    tags = OggOpus(path).tags
    assert tags is not None
    assert tags["CHAPTER001"] == ["00:00:00.000"] and tags["CHAPTER001NAME"] == ["Night trains"]
    assert tags["CHAPTER002"] == ["00:00:01.250"] and tags["CHAPTER002NAME"] == ["Sleeper fares"]


def test_unknown_format_is_an_option_error() -> None:
    with pytest.raises(OptionError, match="Unknown audio format 'flac'"):
        encoder_for("flac")


def test_atomic_path_leaves_nothing_when_writing_fails(tmp_path: Path) -> None:
    target = tmp_path / "a.mp3"
    with pytest.raises(RuntimeError), atomic_path(target) as temporary:
        temporary.write_bytes(b"half")
        raise RuntimeError("crash mid-write")
    assert list(tmp_path.iterdir()) == []


def test_loudness_is_normalized_to_the_spoken_word_target() -> None:
    import pyloudnorm

    quiet = _tone(10.0, amplitude=0.01)
    louder = normalize_loudness(quiet, RATE_HZ)
    measured = pyloudnorm.Meter(RATE_HZ).integrated_loudness(louder)
    assert measured == pytest.approx(TARGET_LUFS, abs=0.5)
    assert float(np.max(np.abs(louder))) <= 0.9


def test_loudness_gain_never_clips() -> None:
    spiky = _tone(5.0, amplitude=0.001)
    spiky[1000] = 0.5
    assert float(np.max(np.abs(normalize_loudness(spiky, RATE_HZ)))) <= 0.9


def test_samples_beyond_full_scale_are_clipped_not_wrapped(tmp_path: Path) -> None:
    """A sample past ±1 (a loud engine, a resampling overshoot) is held at full scale: wrapped around it
    would be a loud click of the opposite sign."""
    samples = np.array([-1.5, -1.0, -0.5, 0.0, 0.5, 1.0, 1.5], np.float32)
    path = tmp_path / "out.wav"
    encoder_for("wav").write(samples, RATE_HZ, path, Tags(title="Clip", artist="Desk"))
    with wave.open(str(path), "rb") as stored:
        assert (stored.getframerate(), stored.getsampwidth(), stored.getnchannels()) == (RATE_HZ, 2, 1)
        written = np.frombuffer(stored.readframes(stored.getnframes()), "<i2")
    assert written.tolist() == [-32767, -32767, -16383, 0, 16383, 32767, 32767]
