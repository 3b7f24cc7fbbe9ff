from __future__ import annotations

from pathlib import Path

import av
import numpy as np
import pytest

from newscaster.audio.encode import Tags, encoder_for
from newscaster.errors import OptionError
from newscaster.files import atomic_path

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


def test_unknown_format_is_an_option_error() -> None:
    with pytest.raises(OptionError, match="Unknown audio format 'flac'"):
        encoder_for("flac")


def test_atomic_path_leaves_nothing_when_writing_fails(tmp_path: Path) -> None:
    target = tmp_path / "a.mp3"
    with pytest.raises(RuntimeError), atomic_path(target) as temporary:
        temporary.write_bytes(b"half")
        raise RuntimeError("crash mid-write")
    assert list(tmp_path.iterdir()) == []
