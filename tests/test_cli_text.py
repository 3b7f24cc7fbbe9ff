"""The text commands as users run them: ``normalize``, ``sentences``, ``lexicon``, ``check`` (errors only;
the real check is in test_check.py)."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from subprocess import CompletedProcess

import pytest

from newscaster.config import Settings


@pytest.fixture
def env(tmp_path: Path, settings: Settings) -> dict[str, str]:
    env = dict(os.environ)
    env["NEWSCASTER_DATA_DIR"] = str(tmp_path / "data")
    env["NEWSCASTER_CACHE_DIR"] = str(settings.cache_dir)  # compiled grammars, shared by the suite
    return env


CliRunner = Callable[..., CompletedProcess[str]]
"""The ``run_cli`` fixture (conftest.py): ``run_cli(args, env, stdin="", cwd=None)``."""


def test_normalize_prints_one_spoken_line_per_input_line(env: dict[str, str], run_cli: CliRunner) -> None:
    lines = [
        "The $1.2bn terminal opens on Sept. 15.",
        "",
        "Xi met Charles III. The SCO summit ended 3-2.",
        "   ",
        "Prices fell in the 1990s.",
    ]
    result = run_cli(["normalize"], env, "\n".join(lines) + "\n")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[:-1] == [
        "The one point two billion dollar terminal opens on September fifteenth.",
        "",
        "Shee met Charles the third. The S.C.O summit ended three to two.",  # "Xi" from the bundled lexicon
        "",
        "Prices fell in the nineteen nineties.",
    ]


def test_normalize_keeps_the_line_count_and_can_leave_out_the_lexicon(
    env: dict[str, str], run_cli: CliRunner
) -> None:
    lines = [f"Line {n} has {n * 7}% of it. Xi" if n % 3 else "" for n in range(1, 41)]
    result = run_cli(["normalize", "--no-lexicon"], env, "\n".join(lines))  # no final newline
    assert result.returncode == 0, result.stderr
    out = result.stdout.split("\n")[:-1]
    assert len(out) == len(lines)
    assert out[0] == "Line one has seven percent of it. Xi"  # no lexicon: "Xi" stays
    assert [bool(o) for o in out] == [bool(line) for line in lines]


def test_normalize_reads_other_languages_in_their_own_words(env: dict[str, str], run_cli: CliRunner) -> None:
    result = run_cli(["normalize", "--language", "de"], env, "„Wir sehen uns“ – sagte er am 3. März.\n")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "Wir sehen uns, sagte er am dritten März.\n"


def test_sentences_prints_one_sentence_per_line(env: dict[str, str], run_cli: CliRunner) -> None:
    text = (
        "Mr. Smith arrived at 5 p.m. on Friday. He left at 6 p.m. Then he\nwent home.\n\n"
        "Lt. Gen. Ann Lee Jr. of the U.S. Army spoke. “We are ready,” she said. The end"
    )
    result = run_cli(["sentences"], env, text)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "Mr. Smith arrived at 5 p.m. on Friday.",
        "He left at 6 p.m.",
        "Then he went home.",
        "Lt. Gen. Ann Lee Jr. of the U.S. Army spoke.",
        "“We are ready,” she said.",
        "The end",
    ]


def test_sentences_of_nothing_is_nothing(env: dict[str, str], run_cli: CliRunner) -> None:
    result = run_cli(["sentences"], env, "  \n\n ")
    assert (result.returncode, result.stdout) == (0, "")


def test_lexicon_add_list_remove(env: dict[str, str], run_cli: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "data" / "lexicon.tsv"
    listed = run_cli(["lexicon", "list"], env)
    assert listed.returncode == 0 and listed.stdout == ""
    assert "lexicon add" in listed.stderr and not path.exists()

    added = run_cli(["lexicon", "add", "Oakridge", "Oak Ridge"], env)
    assert added.returncode == 0, added.stderr
    assert path.is_file(), "the first add creates the user lexicon"
    assert run_cli(["lexicon", "add", "XI", "eleven", "--case-sensitive"], env).returncode == 0
    assert (
        run_cli(["lexicon", "add", "oakridge", "Oak Ridge Town"], env).returncode == 0
    )  # replaces, any case
    assert run_cli(["lexicon", "list"], env).stdout == "oakridge\tOak Ridge Town\nXI\televen\tcase\n"

    spoken = run_cli(["normalize", "--language", "en-GB"], env, "Oakridge won XI games, not Xi.\n").stdout
    assert spoken == "Oak Ridge Town won eleven games, not Shee.\n"

    assert run_cli(["lexicon", "remove", "OAKRIDGE"], env).returncode == 0
    assert run_cli(["lexicon", "list"], env).stdout == "XI\televen\tcase\n"
    bundled = run_cli(["lexicon", "list", "--bundled"], env).stdout
    assert "Xi\tShee\tcase" in bundled and bundled.rstrip().endswith("XI\televen\tcase")


def test_lexicon_phoneme_entries(env: dict[str, str], run_cli: CliRunner) -> None:
    added = run_cli(["lexicon", "add", "Wang Yi", "/wˈɑːŋ jˈiː/"], env)
    assert added.returncode == 0, added.stderr
    spoken = run_cli(["normalize"], env, "Wang Yi met Xi on 3 May.\n").stdout
    assert spoken == "⟦Wang|wˈɑːŋ⟧ ⟦Yi|jˈiː⟧ met Shee on the third of May.\n"
    for bad in ["/wˈɑːŋjˈiː/", "/w@ng yi/"]:
        refused = run_cli(["lexicon", "add", "Wang Yi", bad], env)
        assert (
            refused.returncode == 1 and refused.stderr.count("\n") == 1 and "Traceback" not in refused.stderr
        )
    assert run_cli(["lexicon", "list"], env).stdout == "Wang Yi\t/wˈɑːŋ jˈiː/\n"


def test_lexicon_phonemes_suggests_an_entry(env: dict[str, str], run_cli: CliRunner) -> None:
    suggested = run_cli(["lexicon", "phonemes", "Wang Yi"], env)
    assert suggested.returncode == 0, suggested.stderr
    phonemes = suggested.stdout.strip()
    assert phonemes.startswith("/") and phonemes.endswith("/") and len(phonemes.split()) == 2
    assert f"newscaster lexicon add 'Wang Yi' '{phonemes}'" in suggested.stderr
    assert run_cli(["lexicon", "add", "Wang Yi", phonemes], env).returncode == 0, "the suggestion is accepted"
    unknown = run_cli(["lexicon", "phonemes", "Kyiv", "--accent", "xx"], env)
    assert unknown.returncode == 1 and unknown.stderr.count("\n") == 1


def test_lexicon_errors_are_one_line(env: dict[str, str], run_cli: CliRunner) -> None:
    missing = run_cli(["lexicon", "remove", "Nobody"], env)
    assert missing.returncode == 1
    assert missing.stderr.startswith("newscaster: no entry for 'Nobody'") and missing.stderr.count("\n") == 1
    bundled = run_cli(["lexicon", "remove", "Kyiv"], env)
    assert bundled.returncode == 1 and "bundled" in bundled.stderr
    empty = run_cli(["lexicon", "add", " ", "something"], env)
    assert empty.returncode == 1 and empty.stderr.count("\n") == 1 and "Traceback" not in empty.stderr


def test_check_errors_are_one_line(env: dict[str, str], run_cli: CliRunner, tmp_path: Path) -> None:
    missing = run_cli(["check", str(tmp_path / "nothing.json")], env)
    assert missing.returncode == 1 and missing.stderr.startswith("newscaster: no such narration file")
    (tmp_path / "bad.json").write_text('{"sentences": []}', encoding="utf-8")
    bad = run_cli(["check", str(tmp_path / "bad.json")], env)
    assert bad.returncode == 1 and "not a narration JSON" in bad.stderr and bad.stderr.count("\n") == 1


@pytest.mark.parametrize(
    "command", [["normalize"], ["sentences"], ["lexicon"], ["lexicon", "add"], ["check"]]
)
def test_help_has_examples(env: dict[str, str], run_cli: CliRunner, command: list[str]) -> None:
    result = run_cli([*command, "--help"], env)
    assert result.returncode == 0, result.stderr
    assert "Examples:" in result.stdout


def test_normalize_and_sentences_read_their_arguments(env: dict[str, str], run_cli: CliRunner) -> None:
    spoken = run_cli(["normalize", "The $1.2bn terminal opens on Sept. 15.", "Charles III"], env)
    assert (
        spoken.stdout
        == "The one point two billion dollar terminal opens on September fifteenth.\nCharles the third\n"
    )
    split = run_cli(["sentences", "Mr. Smith arrived at 5 p.m. He left."], env)
    assert split.stdout == "Mr. Smith arrived at 5 p.m.\nHe left.\n"


def test_a_phoneme_entry_missing_a_slash_is_refused(env: dict[str, str], run_cli: CliRunner) -> None:
    for spoken in ("/kiːv", "kiːv/"):
        result = run_cli(["lexicon", "add", "Kyiv", spoken], env)
        assert result.returncode == 1 and result.stderr.count("\n") == 1
        assert "has a slash at one end only: IPA phonemes go between two slashes ('/kiːv/')" in result.stderr
    assert run_cli(["lexicon", "list"], env).stdout == ""  # nothing was saved
    assert run_cli(["lexicon", "add", "AC/DC", "A C D C"], env).returncode == 0  # a slash inside is text


def test_check_given_the_audio_points_to_its_timings(
    env: dict[str, str], run_cli: CliRunner, tmp_path: Path
) -> None:
    (tmp_path / "story.mp3").write_bytes(b"ID3\x04\x00\x00\x00\x00\x00\x00\xff\xfb")
    (tmp_path / "story.json").write_text("{}", encoding="utf-8")
    result = run_cli(["check", "story.mp3"], env, cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr == (
        "newscaster: story.mp3 is audio; check takes the narration's timings file beside it: "
        "newscaster check story.json\n"
    )
