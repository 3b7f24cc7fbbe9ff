"""Samples → an audio file: MP3 (default), Opus or WAV, tagged, and written atomically (``files``)."""

from __future__ import annotations

import wave
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import numpy as np

from ..errors import OptionError
from ..files import atomic_path
from ..models import Chapter
from .mp3_gapless import info_frame
from .resample import resample

if TYPE_CHECKING:
    from mutagen.id3 import ID3

MP3_BITRATE_KBPS = 64
"""Transparent for one mono voice; a 10-minute narration is under 5 MB."""
MP3_LAME_QUALITY = 7
"""LAME's fast setting: about 4x quicker than its default on speech with no audible difference at 64 kbps."""
CHAPTER_ID_PREFIX = "chp"
TOC_ID = "toc"
ID3_NO_OFFSET = 0xFFFFFFFF
"""A ``CHAP`` frame's byte offsets "not given": players seek by its times (the frame addendum, 3.1)."""
OPUS_BITRATE_BPS = 32_000
"""Opus is transparent for mono speech at 24–32 kbps."""
OPUS_SAMPLE_RATES_HZ = (8000, 12000, 16000, 24000, 48000)
"""Rates libopus accepts; others are resampled to the next one up."""


@dataclass(frozen=True)
class Tags:
    title: str
    artist: str
    album: str = "newscaster"
    chapters: tuple[Chapter, ...] = ()
    """Written where the format has a place for them: ID3 ``CHAP``/``CTOC`` in MP3, Vorbis ``CHAPTERnnn``
    comments in Opus (WAV has none)."""


class Encoder(Protocol):
    extension: str
    media_type: str
    loudness_loss_lu: float
    """How much quieter (BS.1770) speech decodes than it went in; the pipeline aims that much higher."""

    def write(self, samples: np.ndarray, sample_rate_hz: int, path: Path, tags: Tags) -> None: ...

    def bytes_per_s(self, sample_rate_hz: int) -> float:
        """About how many bytes a second of mono speech at ``sample_rate_hz`` takes in this format."""
        ...


def _pcm16(samples: np.ndarray) -> np.ndarray:
    return (np.clip(samples, -1.0, 1.0) * 32767.0).astype("<i2")


class Mp3Encoder:
    """LAME through ``lameenc`` (measured 3–4x faster than PyAV's libmp3lame here), made gapless with an
    Info frame so the audio starts and ends exactly where the timings say; ID3 tags via mutagen."""

    extension = "mp3"
    loudness_loss_lu = 0.45
    """LAME at 64 kbps drops the highest frequencies, which K-weighting counts: measured 0.44–0.46 LU on
    narrations of three articles by hibari, piper, espeak-ng and festival voices (bench/bench_loudness.py)."""
    media_type = "audio/mpeg"

    def bytes_per_s(self, sample_rate_hz: int) -> float:
        return MP3_BITRATE_KBPS * 1000 / 8

    def write(self, samples: np.ndarray, sample_rate_hz: int, path: Path, tags: Tags) -> None:
        import lameenc
        from mutagen.id3 import ID3, TALB, TIT2, TPE1

        encoder = lameenc.Encoder()
        encoder.set_bit_rate(MP3_BITRATE_KBPS)
        encoder.set_in_sample_rate(sample_rate_hz)
        encoder.set_channels(1)
        encoder.set_quality(MP3_LAME_QUALITY)
        data = bytes(encoder.encode(_pcm16(samples).tobytes()) + encoder.flush())
        with atomic_path(path) as temporary:
            temporary.write_bytes(info_frame(data, len(samples)) + data)
            id3 = ID3()
            id3.add(TIT2(encoding=3, text=tags.title))
            id3.add(TPE1(encoding=3, text=tags.artist))
            id3.add(TALB(encoding=3, text=tags.album))
            add_chapter_frames(id3, tags.chapters)
            id3.save(temporary)  # still the temporary file: the chapters are in before the name is


def add_chapter_frames(id3: ID3, chapters: tuple[Chapter, ...]) -> None:
    """ID3v2 chapters (the ID3 chapter frame addendum): one ``CHAP`` per chapter with its title, and a
    top-level ordered ``CTOC`` listing them, which podcast apps read as the table of contents."""
    from mutagen.id3 import CHAP, CTOC, TIT2, CTOCFlags

    if not chapters:
        return
    ids = [f"{CHAPTER_ID_PREFIX}{number}" for number in range(len(chapters))]
    for element_id, chapter in zip(ids, chapters, strict=True):
        id3.add(
            CHAP(
                element_id=element_id,
                start_time=chapter.start_ms,
                end_time=chapter.end_ms,
                start_offset=ID3_NO_OFFSET,
                end_offset=ID3_NO_OFFSET,
                sub_frames=[TIT2(encoding=3, text=chapter.title)],
            )
        )
    id3.add(
        CTOC(
            element_id=TOC_ID,
            flags=CTOCFlags.TOP_LEVEL | CTOCFlags.ORDERED,
            child_element_ids=ids,
            sub_frames=[TIT2(encoding=3, text="Chapters")],
        )
    )


def vorbis_chapters(chapters: tuple[Chapter, ...]) -> dict[str, str]:
    """Chapters as Vorbis comments (``CHAPTER001=00:00:07.300``, ``CHAPTER001NAME=…``), the chapter
    convention of Ogg players; they carry start times only."""
    comments: dict[str, str] = {}
    for number, chapter in enumerate(chapters, start=1):
        hours, rest = divmod(chapter.start_ms, 3_600_000)
        minutes, rest = divmod(rest, 60_000)
        seconds, millis = divmod(rest, 1000)
        comments[f"CHAPTER{number:03d}"] = f"{hours:02d}:{minutes:02d}:{seconds:02d}.{millis:03d}"
        comments[f"CHAPTER{number:03d}NAME"] = chapter.title
    return comments


class OpusEncoder:
    """Opus in Ogg through PyAV."""

    extension = "opus"
    media_type = "audio/ogg"
    loudness_loss_lu = 0.3
    """Measured 0.05–0.55 LU (voice-dependent) on the same narrations as the MP3 figure."""

    def bytes_per_s(self, sample_rate_hz: int) -> float:
        return OPUS_BITRATE_BPS / 8

    def write(self, samples: np.ndarray, sample_rate_hz: int, path: Path, tags: Tags) -> None:
        import av

        rate_hz = next((r for r in OPUS_SAMPLE_RATES_HZ if r >= sample_rate_hz), 48000)
        pcm = _pcm16(resample(samples, sample_rate_hz, rate_hz))
        with atomic_path(path) as temporary:
            container = av.open(str(temporary), mode="w", format="ogg")
            try:
                stream = container.add_stream("libopus", rate=rate_hz)
                stream.layout = "mono"
                stream.bit_rate = OPUS_BITRATE_BPS
                stream.metadata.update({"title": tags.title, "artist": tags.artist, "album": tags.album})
                stream.metadata.update(vorbis_chapters(tags.chapters))
                frame = av.AudioFrame.from_ndarray(pcm[None, :], format="s16", layout="mono")
                frame.sample_rate = rate_hz
                for packet in stream.encode(frame):
                    container.mux(packet)
                for packet in stream.encode(None):
                    container.mux(packet)
            finally:
                container.close()


class WavEncoder:
    """16-bit PCM WAV (no tags: RIFF INFO chunks are ignored by most players)."""

    extension = "wav"
    media_type = "audio/wav"
    loudness_loss_lu = 0.0

    def bytes_per_s(self, sample_rate_hz: int) -> float:
        return 2 * sample_rate_hz  # 16-bit mono samples

    def write(self, samples: np.ndarray, sample_rate_hz: int, path: Path, tags: Tags) -> None:
        with atomic_path(path) as temporary, wave.open(str(temporary), "wb") as out:
            out.setnchannels(1)
            out.setsampwidth(2)
            out.setframerate(sample_rate_hz)
            out.writeframes(_pcm16(samples).tobytes())


_ENCODERS: dict[str, Callable[[], Encoder]] = {"mp3": Mp3Encoder, "opus": OpusEncoder, "wav": WavEncoder}


def register_encoder(name: str, factory: Callable[[], Encoder]) -> None:
    _ENCODERS[name] = factory


def audio_formats() -> list[str]:
    return list(_ENCODERS)


def encoder_for(audio_format: str) -> Encoder:
    try:
        return _ENCODERS[audio_format.lower()]()
    except KeyError:
        raise OptionError(
            f"Unknown audio format {audio_format!r}; choose one of: {', '.join(_ENCODERS)}"
        ) from None
