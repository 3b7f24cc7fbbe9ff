"""``newscaster cache prune`` and ``newscaster backup`` as operators run them."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from newscaster.store.database import Database


def env_for(data: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSCASTER_")}
    return {**env, "NEWSCASTER_DATA_DIR": str(data), **extra}


def test_cache_prune(tmp_path: Path, run_cli) -> None:
    sentences = tmp_path / "data" / "sentences"
    for number in range(4):
        (sentences / f"{number:02d}").mkdir(parents=True)
        (sentences / f"{number:02d}" / f"{number:02d}{'0' * 62}.npz").write_bytes(bytes(600 * 1024))
    done = run_cli(["cache", "prune", "--max-mb", "1"], env_for(tmp_path / "data"))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Removed 3 sentence(s), 1.8 MB; the cache holds 0.6 MB (limit 1 MB)")
    assert len(list(sentences.glob("*/*.npz"))) == 1
    unbounded = run_cli(["cache", "prune"], env_for(tmp_path / "data", NEWSCASTER_SENTENCE_CACHE_MB="0"))
    assert unbounded.returncode == 1 and "--max-mb" in unbounded.stderr
    assert "Traceback" not in unbounded.stderr
    emptied = run_cli(["cache", "prune", "--max-mb", "0"], env_for(tmp_path / "data"))
    assert emptied.returncode == 0 and not list(sentences.glob("*/*.npz"))


def test_backup(tmp_path: Path, run_cli) -> None:
    data = tmp_path / "data"
    Database(data / "newscaster.sqlite3")
    done = run_cli(["backup", str(tmp_path / "backup")], env_for(data))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"Backed up {data} to {tmp_path / 'backup'}: database ")
    with sqlite3.connect(tmp_path / "backup" / "newscaster.sqlite3") as copy:
        assert copy.execute("SELECT count(*) FROM schema_migrations").fetchone()[0] > 0
    again = run_cli(["backup", str(tmp_path / "backup")], env_for(data))
    assert again.returncode == 1 and again.stderr.count("\n") == 1 and "already exists" in again.stderr
