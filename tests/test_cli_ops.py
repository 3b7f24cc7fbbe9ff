"""``newscaster cache prune`` and ``newscaster backup`` as operators run them."""

from __future__ import annotations

import os
import socket
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
        (sentences / f"{number:02d}" / f"{number:02d}{'0' * 62}.pcm").write_bytes(bytes(600 * 1024))
    done = run_cli(["cache", "prune", "--max-mb", "1"], env_for(tmp_path / "data"))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Removed 3 sentence(s), 1.8 MB; the cache holds 0.6 MB (limit 1 MB)")
    assert len(list(sentences.glob("*/*.pcm"))) == 1
    unbounded = run_cli(["cache", "prune"], env_for(tmp_path / "data", NEWSCASTER_SENTENCE_CACHE_MB="0"))
    assert unbounded.returncode == 1 and "--max-mb" in unbounded.stderr
    assert "Traceback" not in unbounded.stderr
    emptied = run_cli(["cache", "prune", "--max-mb", "0"], env_for(tmp_path / "data"))
    assert emptied.returncode == 0 and not list(sentences.glob("*/*.pcm"))


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


def test_migrate_says_what_it_did(tmp_path: Path, run_cli) -> None:
    data = tmp_path / "data"
    first = run_cli(["migrate"], env_for(data))
    assert first.returncode == 0, first.stderr
    assert first.stdout.startswith(
        f"Migrated SQLite database {data / 'newscaster.sqlite3'}: applied 0001_initial.sql, "
    )
    again = run_cli(["migrate"], env_for(data))
    assert (
        again.returncode == 0 and again.stdout.endswith("; nothing to do\n") and "up to date" in again.stdout
    )


def test_migrate_a_postgresql_database(tmp_path: Path, run_cli, postgres_url: str) -> None:
    data = tmp_path / "data"
    done = run_cli(["migrate", "--database-url", postgres_url], env_for(data))
    assert done.returncode == 0, done.stderr
    assert (
        done.stdout.startswith("Migrated PostgreSQL database postgresql://")
        and "0004_write_order.sql" in done.stdout
    )
    assert "up to date" in run_cli(["migrate"], env_for(data, NEWSCASTER_DATABASE_URL=postgres_url)).stdout
    refused = run_cli(["backup", str(tmp_path / "copy")], env_for(data, NEWSCASTER_DATABASE_URL=postgres_url))
    assert refused.returncode == 1 and "pg_dump" in refused.stderr


def test_migrate_a_database_it_cannot_use_is_one_line(tmp_path: Path, run_cli) -> None:
    unknown = run_cli(["migrate", "--database-url", "mysql://db/news"], env_for(tmp_path))
    assert unknown.returncode == 1 and "postgresql://" in unknown.stderr
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    refused = run_cli(
        ["migrate", "--database-url", f"postgresql://news:s3cret@127.0.0.1:{port}/news"], env_for(tmp_path)
    )
    assert refused.returncode == 1 and "Connection refused" in refused.stderr
    assert "s3cret" not in refused.stderr and "news:***@" in refused.stderr
    for failed in (unknown, refused):
        assert len(failed.stderr.strip().splitlines()) == 1 and "Traceback" not in failed.stderr
