"""How much audio one narration request may create, estimated from its text before any is synthesized.

Slower speeds and uncompressed formats multiply what one article costs on disk: the longest article at
half speed in WAV would be well over a gigabyte. So a request is refused (413) when its estimated audio
is longer than ``MAX_AUDIO_S`` or larger than ``MAX_AUDIO_BYTES``; a faster speed or a compressed format
brings it back within bounds.
"""

from __future__ import annotations

from ..audio.encode import encoder_for
from ..errors import InputError

SPEECH_CHARS_PER_S = 15.0
"""Characters of written text a voice reads per second at 1.0 (news at 150–160 words a minute): enough
to estimate an article's length in audio before synthesizing it."""
MAX_AUDIO_S = 2 * 3600
"""The longest audio one request may create. The longest article a job takes (100,000 characters) lasts
under two hours at 1.0, so any article fits at its natural pace; at half speed, half as much text."""
MAX_AUDIO_BYTES = 256 * 1024 * 1024
"""The largest audio file one request may create. Two hours of MP3 (64 kbps) is under 60 MB; WAV at
24 kHz (48 kB a second) reaches this in about 90 minutes."""


class NarrationTooLarge(InputError):
    """The narration would create more audio than one request may."""

    http_status = 413


def estimated_audio_s(chars: int, speed: float) -> float:
    """About how long ``chars`` characters of text last when read at ``speed``."""
    return chars / (SPEECH_CHARS_PER_S * speed)


def check_audio_size(chars: int, speed: float, audio_format: str, sample_rate_hz: int) -> None:
    """Refuse a narration of ``chars`` characters whose audio would be too long or too large."""
    audio_s = estimated_audio_s(chars, speed)
    if audio_s > MAX_AUDIO_S:
        raise NarrationTooLarge(
            f"At speed {speed:g} this article would make about {audio_s / 60:,.0f} minutes of audio; one "
            f"narration may make at most {MAX_AUDIO_S / 60:,.0f} minutes: choose a faster speed"
        )
    size_bytes = audio_s * encoder_for(audio_format).bytes_per_s(sample_rate_hz)
    if size_bytes > MAX_AUDIO_BYTES:
        megabytes = 1024 * 1024
        raise NarrationTooLarge(
            f"At speed {speed:g} this article would make about {size_bytes / megabytes:,.0f} MB of "
            f"{audio_format} audio; one narration may make at most {MAX_AUDIO_BYTES // megabytes} MB: "
            "choose mp3 or opus, or a faster speed"
        )
