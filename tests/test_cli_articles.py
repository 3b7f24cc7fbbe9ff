"""``newscaster article``: list, unpublish, publish and delete the library's articles by id or URL."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from newscaster.cli import cli
from newscaster.config import Settings
from newscaster.models import Article
from newscaster.store.library import Library, StoredArticle
from newscaster.store.narration_files import audio_folder
from newscaster.web.state import open_database

FERRY = Article("Ferry news", ("The ferry sailed again on Monday.",), url="https://example.com/news/ferry")


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("NEWSCASTER_DATA_DIR", str(tmp_path / "data"))
    return tmp_path / "data"


def stored_article(data_dir: Path, article: Article = FERRY) -> tuple[Library, StoredArticle]:
    library = Library(open_database(Settings(data_dir=data_dir)))
    return library, library.save_article(article, reading_minutes=1)


def test_unpublish_and_publish_by_url_or_id(data_dir: Path) -> None:
    library, stored = stored_article(data_dir)
    runner = CliRunner()

    hidden = runner.invoke(cli, ["article", "unpublish", "https://example.com/news/ferry"])
    assert hidden.exit_code == 0, hidden.output
    assert hidden.stdout == f"Unpublished “Ferry news” ({stored.id}).\n"
    assert library.list_articles() == []
    listed = runner.invoke(cli, ["article", "list", "--format", "json"])
    assert [row["id"] for row in json.loads(listed.stdout)] == [stored.id]
    assert f"{stored.id}  unpublished  Ferry news" in runner.invoke(cli, ["article", "list"]).stdout

    shown = runner.invoke(cli, ["article", "publish", stored.id])
    assert shown.exit_code == 0 and [s.id for s, _ in library.list_articles()] == [stored.id]


def test_delete_removes_the_article_and_retires_its_files(data_dir: Path) -> None:
    library, stored = stored_article(data_dir)
    folder = audio_folder(Settings(data_dir=data_dir)) / stored.id
    folder.mkdir(parents=True)
    library._sql.execute(
        """INSERT INTO narrations (id, article_id, content_hash, voice_id, speed, audio_format, audio_path,
               vtt_path, json_path, duration_ms, measured_wpm, created_at)
           VALUES ('n1', ?, ?, 'espeak:en-us', 1.0, 'mp3', ?, ?, ?, 1000, 150, '')""",
        (stored.id, stored.content_hash, *(str(folder / f"a.{ext}") for ext in ("mp3", "vtt", "json"))),
    )
    for ext in ("mp3", "vtt", "json"):
        (folder / f"a.{ext}").write_bytes(b"x")

    deleted = CliRunner().invoke(cli, ["article", "delete", stored.id])

    assert deleted.exit_code == 0, deleted.output
    assert deleted.stdout == f"Deleted “Ferry news” ({stored.id}) and its 3 narration file(s).\n"
    assert library.get_article(stored.id) is None and library.referenced_files() == set()
    assert (folder / "a.mp3").exists()  # its grace period: a download under way finishes


@pytest.mark.parametrize("command", ["delete", "unpublish", "publish"])
def test_an_unknown_article_is_a_one_line_error(data_dir: Path, command: str) -> None:
    stored_article(data_dir)
    result = CliRunner().invoke(cli, ["article", command, "https://example.com/news/other"])
    assert result.exit_code == 1
    assert result.stderr == (
        "newscaster: No article 'https://example.com/news/other' in the library; "
        "see 'newscaster article list'\n"
    )
