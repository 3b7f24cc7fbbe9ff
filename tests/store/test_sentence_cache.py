from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from newscaster.models import SpeechAudio, Voice, WordTiming
from newscaster.store.sentence_cache import FileSentenceCache, MemorySentenceCache, sentence_key

VOICE = Voice("hibari:heart", "hibari", "heart", "Heart", "en-US", "female", 24000, "Apache-2.0", 140.0)


def test_key_depends_on_voice_speed_and_text() -> None:
    other_voice = Voice("piper:joe", "piper", "joe", "Joe", "en-US", "male", 22050, "GPL", 155.0)
    key = sentence_key(VOICE, 1.0, "Hello.")
    assert key == sentence_key(VOICE, 1.0, "Hello.")
    assert key != sentence_key(VOICE, 1.25, "Hello.")
    assert key != sentence_key(VOICE, 1.0, "Hello!")
    assert key != sentence_key(other_voice, 1.0, "Hello.")


@pytest.mark.parametrize("make_cache", [MemorySentenceCache, lambda: None])
def test_round_trip(tmp_path: Path, make_cache) -> None:
    cache = make_cache() or FileSentenceCache(tmp_path)
    speech = SpeechAudio(
        np.linspace(-0.5, 0.5, 2400, dtype=np.float32), 24000, (WordTiming("Hi.", 0, 90),), True
    )
    assert cache.get("k" * 64) is None
    cache.put("k" * 64, speech)
    back = cache.get("k" * 64)
    assert back is not None
    assert back.sample_rate_hz == 24000 and back.words == speech.words and back.words_exact
    assert np.allclose(back.samples, speech.samples, atol=1e-3)


def test_damaged_file_is_a_miss(tmp_path: Path) -> None:
    cache = FileSentenceCache(tmp_path)
    key = "ab" + "0" * 62
    (tmp_path / "ab").mkdir()
    (tmp_path / "ab" / f"{key}.npz").write_bytes(b"not a zip")
    assert cache.get(key) is None
