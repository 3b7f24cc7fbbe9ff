"""``newscaster source add | list | remove``: what a server on the same data folder polls; bad input is a
one-line error and a non-zero exit."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from newscaster.cli import cli
from newscaster.config import Settings
from newscaster.store.sources import SourceStore
from newscaster.web.state import open_database


@pytest.fixture
def runner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("NEWSCASTER_DATA_DIR", str(tmp_path / "data"))
    return CliRunner()


def test_add_list_and_remove(runner: CliRunner, tmp_path: Path) -> None:
    added = runner.invoke(
        cli,
        [
            "source",
            "add",
            "https://news.example/feed.xml",
            "--voice",
            "espeak:en-us",
            "--speed",
            "1.25",
            "--intro",
            "--outro",
            "Thanks for listening.",
            "--every",
            "2h",
        ],
    )
    assert added.exit_code == 0, added.output
    source_id = added.stdout.split()[1]
    secret = added.stdout.split("Ping secret (shown once): ")[1].strip()

    [stored] = SourceStore(open_database(Settings(data_dir=tmp_path / "data"))).all()
    assert (stored.id, stored.url, stored.secret) == (source_id, "https://news.example/feed.xml", secret)
    assert stored.settings.voice_id == "espeak:en-us" and stored.settings.speed == 1.25
    assert stored.settings.every_s == 7200 and stored.settings.outro == "Thanks for listening."
    assert stored.settings.intro == "You are listening to {site}, narrated by newscaster."

    listed = runner.invoke(cli, ["source", "list"])
    assert listed.exit_code == 0 and source_id in listed.stdout and secret not in listed.stdout
    as_json = json.loads(runner.invoke(cli, ["source", "list", "--format", "json"]).stdout)
    assert as_json[0]["id"] == source_id and "secret" not in as_json[0]

    assert runner.invoke(cli, ["source", "remove", source_id]).stdout == f"Source {source_id} removed.\n"
    assert "No sources yet" in runner.invoke(cli, ["source", "list"]).stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["ftp://news.example/feed"], "'ftp://news.example/feed' is not an http(s) URL of a feed or sitemap"),
        (["not a url"], "'not a url' is not an http(s) URL of a feed or sitemap"),
        (
            ["http://127.0.0.1/feed.xml"],
            "Refusing to read http://127.0.0.1/feed.xml: it points to a private address",
        ),
        (
            ["https://news.example/f", "--every", "soon"],
            "Polling interval 'soon' is not a duration like 15m, 2h or 1d",
        ),
        (["https://news.example/f", "--every", "30s"], "Polling interval '30s' is outside 1m–7d"),
        (["https://news.example/f", "--speed", "9"], "Speed 9 is out of range; choose 0.5 to 2"),
        (
            ["https://news.example/f", "--voice", "nobody"],
            "Unknown voice 'nobody'; run 'newscaster voices' to list the installed voices",
        ),
    ],
)
def test_bad_input_is_one_line_and_a_non_zero_exit(runner: CliRunner, args: list[str], message: str) -> None:
    result = runner.invoke(cli, ["source", "add", *args])
    assert result.exit_code == 1
    assert result.stderr == f"newscaster: {message}\n"


def test_adding_twice_and_removing_an_unknown_source_are_errors(runner: CliRunner) -> None:
    assert runner.invoke(cli, ["source", "add", "https://news.example/feed.xml"]).exit_code == 0
    again = runner.invoke(cli, ["source", "add", "https://news.example/feed.xml"])
    assert again.exit_code == 1
    assert again.stderr == (
        "newscaster: https://news.example/feed.xml is already a source; see 'newscaster source list'\n"
    )
    missing = runner.invoke(cli, ["source", "remove", "0123abcd"])
    assert missing.exit_code == 1
    assert missing.stderr == "newscaster: No source '0123abcd'; see 'newscaster source list'\n"
