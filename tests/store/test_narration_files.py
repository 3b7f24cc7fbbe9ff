"""Narration files: each run gets its own names; only files nobody serves, past their grace, are removed."""

from __future__ import annotations

import os
import time
from pathlib import Path

from newscaster.config import Settings
from newscaster.models import Article
from newscaster.store.library import StoredArticle
from newscaster.store.narration_files import (
    SUPERSEDED_GRACE_S,
    new_audio_path,
    remove_unreferenced,
    retire,
)

STORED = StoredArticle("a1", Article("Title", ("Body.",)), "f" * 64, 1, "", "")


def aged(path: Path, age_s: float) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"x")
    then = time.time() - age_s
    os.utime(path, (then, then))
    return path


def test_every_run_gets_a_new_name_in_the_article_folder(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path)
    first = new_audio_path(settings, STORED, "piper:joe", 1.25, "mp3")
    second = new_audio_path(settings, STORED, "piper:joe", 1.25, "mp3")
    assert first != second and first.parent == second.parent == tmp_path / "audio" / "a1"
    assert first.name.startswith("ffffffffffff-piper-joe-1.25x-") and first.suffix == ".mp3"


def test_only_old_unreferenced_files_are_removed(tmp_path: Path) -> None:
    old = SUPERSEDED_GRACE_S + 60
    served = aged(tmp_path / "a1" / "served.mp3", old)
    superseded = aged(tmp_path / "a1" / "superseded.mp3", old)
    in_progress = aged(tmp_path / "a1" / "being-written.mp3", 1)
    partial = aged(tmp_path / "a1" / ".x.mp3.part", old)
    assert remove_unreferenced(tmp_path, {served}) == 1
    assert served.exists() and in_progress.exists() and partial.exists()
    assert not superseded.exists()


def test_a_retired_file_gets_its_full_grace_period(tmp_path: Path) -> None:
    retired = aged(tmp_path / "a1" / "was-served-for-a-year.mp3", 365 * 86_400)
    retire([retired, tmp_path / "gone.mp3"])
    assert remove_unreferenced(tmp_path, set()) == 0 and retired.exists()


def test_a_deleted_articles_folder_goes_with_its_last_file(tmp_path: Path) -> None:
    gone = aged(tmp_path / "deleted-article" / "story.mp3", SUPERSEDED_GRACE_S + 60)
    kept = aged(tmp_path / "kept" / "story.mp3", SUPERSEDED_GRACE_S + 60)
    assert remove_unreferenced(tmp_path, {kept}) == 1
    assert gone.parent.is_dir()  # emptied just now: its own grace period starts
    assert remove_unreferenced(tmp_path, {kept}, grace_s=0) == 0
    assert not gone.parent.exists() and kept.exists()
    new_folder = tmp_path / "being-narrated"
    new_folder.mkdir()  # a run has just made it and will write into it: it stays
    assert remove_unreferenced(tmp_path, {kept}) == 0 and new_folder.is_dir()
