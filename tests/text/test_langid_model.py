"""The language model unpacked into the cache folder: same answers as the package's copy, unpacked once."""

from __future__ import annotations

from pathlib import Path

from test_language import PARAGRAPHS

from newscaster.text.langid_model import load_identifier


def test_the_unpacked_model_answers_as_the_packed_one(tmp_path: Path) -> None:
    unpacked, packed = load_identifier(tmp_path), load_identifier(None)
    folders = [p for p in tmp_path.iterdir() if p.name.startswith("langid-")]
    assert len(folders) == 1 and (folders[0] / "classes.json").is_file()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no half-built folder left
    for text in [*PARAGRAPHS.values(), "OK.", "Breaking: markets fall", "12345"]:
        assert unpacked.classify(text) == packed.classify(text)


def test_it_is_unpacked_once_and_then_only_read(tmp_path: Path) -> None:
    load_identifier(tmp_path)
    files = sorted(tmp_path.rglob("*"))
    stamps = [p.stat().st_mtime_ns for p in files]
    assert load_identifier(tmp_path).classify(PARAGRAPHS["fr"])[0] == "fr"
    assert sorted(tmp_path.rglob("*")) == files
    assert [p.stat().st_mtime_ns for p in files] == stamps


def test_a_cache_folder_that_cannot_be_written_falls_back_to_the_package(tmp_path: Path) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    assert load_identifier(blocked / "cache").classify(PARAGRAPHS["de"])[0] == "de"
