"""hibari's G2P kept in the cache folder: the same phonemes as hibari's own, and never a reason to fail."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("hibari")

from newscaster.voices.hibari_g2p import G2PWhenReady, load_g2p  # noqa: E402

SENTENCE = "On 3 March, Dr. Lee read the wind-farm report aloud in Wellington."


def _cached(cache_dir: Path) -> list[Path]:
    return sorted(cache_dir.glob("g2p-*.pickle"))


def test_the_cached_g2p_reads_like_hibaris_own(tmp_path: Path) -> None:
    from hibari.g2p import G2P

    first = load_g2p(tmp_path, british=False)  # built by hibari, then kept
    assert len(_cached(tmp_path)) == 1
    again = load_g2p(tmp_path, british=False)  # from the kept file
    assert again is not first
    assert again(SENTENCE) == first(SENTENCE) == G2P()(SENTENCE)


def test_british_rules_are_kept_apart(tmp_path: Path) -> None:
    american, british = load_g2p(tmp_path, british=False), load_g2p(tmp_path, british=True)
    assert len(_cached(tmp_path)) == 2
    assert load_g2p(tmp_path, british=True)("Go home.") == british("Go home.") != american("Go home.")


def test_a_file_left_by_another_hibari_version_is_replaced(tmp_path: Path) -> None:
    older = tmp_path / "g2p-1-0.1.0-us-0123456789abcdef.pickle"
    british = tmp_path / "g2p-1-0.1.0-gb-0123456789abcdef.pickle"
    older.write_bytes(b"from another version")
    british.write_bytes(b"from another version")
    load_g2p(tmp_path, british=False)
    assert older not in _cached(tmp_path) and len(_cached(tmp_path)) == 2
    assert british.exists()  # the other accent's file is that accent's business


def test_a_damaged_file_is_rebuilt(tmp_path: Path) -> None:
    expected = load_g2p(tmp_path, british=False)(SENTENCE)
    (kept,) = _cached(tmp_path)
    kept.write_bytes(kept.read_bytes()[:1000])  # cut short, as by a full disk
    assert load_g2p(tmp_path, british=False)(SENTENCE) == expected
    assert load_g2p(None, british=False)(SENTENCE) == expected
    assert kept.stat().st_size > 1_000_000  # written whole again


def test_a_cache_folder_that_cannot_be_made_only_costs_the_time(tmp_path: Path) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the folder would go", encoding="utf-8")
    assert load_g2p(blocked / "hibari", british=False)("Hello.")
    assert blocked.is_file()


def test_a_g2p_still_loading_answers_once_loaded_and_passes_on_its_failure() -> None:
    ready = G2PWhenReady(lambda: str.upper)
    assert ready("hello") == "HELLO"

    def broken() -> object:
        raise FileNotFoundError("lexicon_us_gold.json.gz")

    with pytest.raises(FileNotFoundError, match="lexicon"):
        G2PWhenReady(broken)("hello")
