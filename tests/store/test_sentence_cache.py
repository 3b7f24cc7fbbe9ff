from __future__ import annotations

import os
import time
from pathlib import Path

import numpy as np
import pytest

from newscaster.config import SENTENCE_CACHE_MB, Settings
from newscaster.errors import OptionError
from newscaster.models import SpeechAudio, Voice, WordTiming
from newscaster.store.sentence_cache import (
    FileSentenceCache,
    MemorySentenceCache,
    prune,
    sentence_cache_for,
    sentence_key,
)

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
    (tmp_path / "ab" / f"{key}.pcm").write_bytes(b"not a sentence")
    assert cache.get(key) is None
    cache.put(key, speech_of(0.2))
    stored = (tmp_path / "ab" / f"{key}.pcm").read_bytes()
    (tmp_path / "ab" / f"{key}.pcm").write_bytes(stored[:-2])  # one sample short
    assert cache.get(key) is None


# --- A bounded cache: least recently used sentences go first -------------------------------------------


def speech_of(seconds: float) -> SpeechAudio:
    samples = np.random.default_rng(7).uniform(-0.5, 0.5, int(24000 * seconds)).astype(np.float32)
    return SpeechAudio(samples, 24000, (), False)


def keyed(letter: str) -> str:
    return letter * 64


def stored_keys(root: Path) -> set[str]:
    return {path.stem for path in root.glob("*/*.pcm")}


def age(cache: FileSentenceCache, key: str, seconds_ago: float) -> None:
    path = cache.root / key[:2] / f"{key}.pcm"
    stamp = time.time() - seconds_ago
    os.utime(path, (stamp, stamp))


def test_prune_removes_the_least_recently_used_first(tmp_path: Path) -> None:
    cache = FileSentenceCache(tmp_path)
    for number, letter in enumerate("abc"):
        cache.put(keyed(letter), speech_of(0.2))
        age(cache, keyed(letter), seconds_ago=300 - number * 100)  # a oldest, c newest
    assert cache.get(keyed("a")) is not None  # read again: now the most recently used
    one_file = max(path.stat().st_size for path in tmp_path.glob("*/*.pcm"))
    result = prune(tmp_path, 2 * one_file)
    assert stored_keys(tmp_path) == {keyed("a"), keyed("c")}
    assert result.removed_files == 1 and result.kept_bytes <= 2 * one_file
    prune(tmp_path, 0)
    assert stored_keys(tmp_path) == set()


def test_a_bounded_cache_prunes_itself_as_it_grows(tmp_path: Path) -> None:
    probe = FileSentenceCache(tmp_path / "probe")
    probe.put(keyed("p"), speech_of(0.5))
    one_file = next((tmp_path / "probe").glob("*/*.pcm")).stat().st_size
    cache = FileSentenceCache(tmp_path / "bounded", max_bytes=int(3.5 * one_file))
    for number, letter in enumerate("abcdefgh"):
        cache.put(keyed(letter), speech_of(0.5))
        age(cache, keyed(letter), seconds_ago=100 - number)
    kept = stored_keys(tmp_path / "bounded")
    assert sum(p.stat().st_size for p in (tmp_path / "bounded").glob("*/*.pcm")) <= 3.5 * one_file
    assert keyed("h") in kept and keyed("a") not in kept  # the newest stay, the oldest went


def test_the_limit_comes_from_the_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSCASTER_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("NEWSCASTER_SENTENCE_CACHE_MB", "3")
    assert sentence_cache_for(Settings.from_env()).max_bytes == 3 * 1024 * 1024
    monkeypatch.setenv("NEWSCASTER_SENTENCE_CACHE_MB", "0")
    assert sentence_cache_for(Settings.from_env()).max_bytes is None  # 0: unbounded
    monkeypatch.delenv("NEWSCASTER_SENTENCE_CACHE_MB")
    assert Settings.from_env().sentence_cache_mb == SENTENCE_CACHE_MB
    monkeypatch.setenv("NEWSCASTER_SENTENCE_CACHE_MB", "lots")
    with pytest.raises(OptionError, match="NEWSCASTER_SENTENCE_CACHE_MB"):
        Settings.from_env()


def test_sentences_of_the_old_npz_format_are_pruned_like_the_others(tmp_path: Path) -> None:
    """Cache format 1 kept sentences as ``.npz``; they are never read again, and a prune removes them."""
    old = tmp_path / "ab" / ("ab" + "0" * 62 + ".npz")
    old.parent.mkdir()
    old.write_bytes(bytes(1000))
    FileSentenceCache(tmp_path).put(keyed("c"), speech_of(0.1))
    assert prune(tmp_path, 0).removed_files == 2
    assert not old.exists()
