"""The audio one narration request may create: bounded in length and in bytes, before synthesis."""

from __future__ import annotations

import pytest

from newscaster.jobs.limits import NarrationTooLarge, check_audio_size
from newscaster.jobs.worker import MAX_ARTICLE_CHARS


def test_the_longest_article_fits_at_its_natural_pace_in_every_format_but_wav() -> None:
    for audio_format in ("mp3", "opus"):
        check_audio_size(MAX_ARTICLE_CHARS, 1.0, audio_format, 24_000)
    check_audio_size(MAX_ARTICLE_CHARS // 2, 1.0, "wav", 24_000)


@pytest.mark.parametrize(
    ("chars", "speed", "audio_format", "reason"),
    [
        (71_000, 0.5, "wav", "minutes of audio"),  # the request that wrote 1.41 GB
        (60_000, 0.5, "mp3", "minutes of audio"),
        (MAX_ARTICLE_CHARS, 1.0, "wav", "MB of wav audio"),
        (70_000, 0.75, "wav", "MB of wav audio"),
    ],
)
def test_too_much_audio_is_refused(chars: int, speed: float, audio_format: str, reason: str) -> None:
    with pytest.raises(NarrationTooLarge, match=reason) as refused:
        check_audio_size(chars, speed, audio_format, 24_000)
    assert refused.value.http_status == 413
    assert "faster speed" in str(refused.value)
