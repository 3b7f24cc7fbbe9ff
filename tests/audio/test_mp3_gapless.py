from __future__ import annotations

from pathlib import Path

import av
import lameenc
import numpy as np
import pytest

from newscaster.audio.mp3_gapless import count_frames, info_frame


@pytest.mark.parametrize("rate_hz", [24000, 22050, 44100])
def test_decoders_trim_to_the_exact_samples(tmp_path: Path, rate_hz: int) -> None:
    count = rate_hz * 2 + 321
    pcm = np.zeros(count, np.int16)
    pcm[rate_hz] = 30000  # a click exactly one second in
    encoder = lameenc.Encoder()
    encoder.set_bit_rate(64)
    encoder.set_in_sample_rate(rate_hz)
    encoder.set_channels(1)
    data = bytes(encoder.encode(pcm.tobytes()) + encoder.flush())
    assert count_frames(data) * (576 if rate_hz < 32000 else 1152) >= count
    path = tmp_path / "click.mp3"
    path.write_bytes(info_frame(data, count) + data)
    with av.open(str(path)) as container:
        decoded = np.concatenate([f.to_ndarray().reshape(-1) for f in container.decode(audio=0)])
    assert len(decoded) == count
    assert abs(int(np.argmax(np.abs(decoded))) - rate_hz) <= 2


def test_rejects_non_mp3() -> None:
    with pytest.raises(ValueError):
        info_frame(b"RIFF....WAVEfmt ", 10)
