"""The LAME "Info" frame that makes an MP3 gapless: decoders drop the encoder's delay and padding.

``lameenc`` writes bare MP3 frames, which decoders play with ~50 ms of extra silence at the start and
end — enough to move read-along highlighting off the words. Prepending the standard Xing/LAME Info frame
(frame count, encoder delay, padding) lets FFmpeg-based decoders (Chromium, Firefox, PyAV) trim exactly.
"""

from __future__ import annotations

import struct

LAME_ENCODER_DELAY_SAMPLES = 576
"""LAME's own encoder delay (ENCDELAY); decoders add their 529-sample decoder delay themselves."""

XING_FLAG_FRAMES = 0b01
XING_FLAG_BYTES = 0b10

_BITRATES_KBPS = {
    1: (0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320),  # MPEG-1 Layer III
    2: (0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160),  # MPEG-2 and 2.5 Layer III
}
_SAMPLE_RATES_HZ = {3: (44100, 48000, 32000), 2: (22050, 24000, 16000), 0: (11025, 12000, 8000)}


def _frame_length(header: int) -> tuple[int, int] | None:
    """(bytes, samples) of the Layer III frame starting with this 32-bit header, or None."""
    if header >> 21 != 0x7FF or (header >> 17) & 0b11 != 0b01:
        return None
    version_bits = (header >> 19) & 0b11
    bitrate_index, rate_index = (header >> 12) & 0xF, (header >> 10) & 0b11
    if version_bits == 1 or bitrate_index in (0, 15) or rate_index == 3:
        return None
    mpeg1 = version_bits == 3
    bitrate = _BITRATES_KBPS[1 if mpeg1 else 2][bitrate_index] * 1000
    rate = _SAMPLE_RATES_HZ[version_bits][rate_index]
    padding = (header >> 9) & 1
    samples = 1152 if mpeg1 else 576
    return (samples // 8) * bitrate // rate + padding, samples


def samples_per_frame(sample_rate_hz: int) -> int:
    """Layer III frames hold 1152 samples at MPEG-1 rates (32 kHz and up), 576 below."""
    return 1152 if sample_rate_hz >= 32000 else 576


def count_frames(data: bytes) -> int:
    """Frames from the start of ``data`` up to the first thing that is not one. LAME repeats one or two
    headers (with and without padding), so each is decoded once: 0.5 ms a minute of audio, not 7."""
    count, position = 0, 0
    known: dict[bytes, int] = {}
    while position + 4 <= len(data):
        header = data[position : position + 4]
        frame_bytes = known.get(header)
        if frame_bytes is None:
            length = _frame_length(struct.unpack(">I", header)[0])
            if length is None:
                break
            frame_bytes = known[header] = length[0]
        position += frame_bytes
        count += 1
    return count


def info_frame(data: bytes, sample_count: int) -> bytes:
    """An Info frame for ``data`` (CBR frames from LAME) holding ``sample_count`` real samples."""
    length = _frame_length(_info_header(data))
    assert length is not None
    frames = count_frames(data)
    end_padding = frames * length[1] - LAME_ENCODER_DELAY_SAMPLES - sample_count
    return _info_frame(data, frames, len(data) + length[0], end_padding)


def stream_info_frame(data: bytes) -> bytes:
    """An Info frame for a stream whose length is not known yet (``data`` is its first frames): it says
    the encoder delay, so decoders trim the start exactly, but no frame count, so players take the
    duration from the stream itself; the end keeps the last frame's padding (under 75 ms of silence)."""
    return _info_frame(data, None, None, 0)


def _info_header(data: bytes) -> int:
    no_crc_bit, padding_bit = 1 << 16, 1 << 9
    header = (struct.unpack(">I", data[:4])[0] | no_crc_bit) & ~padding_bit
    if _frame_length(header) is None:
        raise ValueError("not an MP3 stream")
    return header


def _info_frame(data: bytes, frames: int | None, total_bytes: int | None, end_padding: int) -> bytes:
    """The Xing "Info" header (with the frame and byte counts when known) and LAME's delay and padding."""
    header = _info_header(data)
    frame_bytes, _ = _frame_length(header) or (0, 0)
    mpeg1 = (header >> 19) & 0b11 == 3
    mono = (header >> 6) & 0b11 == 3
    side_info = (17 if mono else 32) if mpeg1 else (9 if mono else 17)
    body = bytearray(frame_bytes)
    struct.pack_into(">I", body, 0, header)
    position = 4 + side_info
    if frames is None or total_bytes is None:
        # Only a byte count (the Info frame's own, all there is yet): FFmpeg skips a tag with neither a
        # frame nor a byte count and decodes it as a frame of audio, 576 samples early.
        struct.pack_into(">4sII", body, position, b"Info", XING_FLAG_BYTES, frame_bytes)
        position += 12
    else:
        flags = XING_FLAG_FRAMES | XING_FLAG_BYTES
        struct.pack_into(">4sIII", body, position, b"Info", flags, frames, total_bytes)
        position += 16
    lame = (
        b"LAME3.100" + bytes([0, 0]) + bytes(8) + bytes([0, 0])
    )  # version, method, lowpass, replay gain, flags
    body[position : position + len(lame)] = lame
    position += len(lame)
    delays = (LAME_ENCODER_DELAY_SAMPLES << 12) | max(0, min(end_padding, 4095))
    body[position : position + 3] = delays.to_bytes(3, "big")
    return bytes(body)
