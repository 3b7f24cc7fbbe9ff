"""The newscaster command as users run it: a real subprocess, real files, one-line errors."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from subprocess import CompletedProcess

import pytest

SHORT_TEXT = "Harbour news\n\nThe ferry sailed again on Monday. Passengers were pleased.\n"
FRENCH_TEXT = "Le ferry a repris la mer lundi. Les passagers étaient ravis de retrouver leur traversée.\n"


CliRunner = Callable[..., CompletedProcess[str]]
"""The ``run_cli`` fixture (conftest.py): ``run_cli(args, env, stdin="", cwd=None)``."""


@pytest.fixture
def cli_env(settings) -> dict[str, str]:
    env = dict(os.environ)
    env["NEWSCASTER_DATA_DIR"] = str(settings.data_dir)
    env["NEWSCASTER_CACHE_DIR"] = str(settings.cache_dir)
    return env


def test_read_writes_audio_captions_and_timings(
    tmp_path: Path, cli_env: dict[str, str], run_cli: CliRunner
) -> None:
    (tmp_path / "story.txt").write_text(SHORT_TEXT, encoding="utf-8")
    (tmp_path / "out").mkdir()
    result = run_cli(["read", "story.txt", "-o", "out/story.mp3", "--jobs", "1"], cli_env, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    for name in ("story.mp3", "story.vtt", "story.json"):
        assert (tmp_path / "out" / name).stat().st_size > 0
    document = json.loads((tmp_path / "out" / "story.json").read_text(encoding="utf-8"))
    assert document["article"]["title"] == "Harbour news"
    assert "audio" in result.stdout


def test_a_short_read_with_two_workers_ends_without_leaving_a_worker_behind(
    tmp_path: Path, cli_env: dict[str, str]
) -> None:
    """One sentence needs one worker; the other may still be loading its voice when the narration is done,
    and the command ends at once all the same (its workers killed, none left running)."""
    import subprocess
    import sys

    (tmp_path / "one.txt").write_text("The ferry will run again in May.\n", encoding="utf-8")
    command = [sys.executable, "-m", "newscaster.cli", "read", "one.txt", "-o", "one.mp3", "--jobs", "2"]
    with subprocess.Popen(command, cwd=tmp_path, env=cli_env, start_new_session=True) as child:
        assert child.wait(timeout=120) == 0
    assert (tmp_path / "one.mp3").stat().st_size > 0
    assert _session_processes(child.pid) == []  # nothing of the command's session is still running


def _session_processes(session_id: int) -> list[int]:
    """The processes still running in a session (``/proc/PID/stat``'s sixth field)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # gone meanwhile
        if int(fields[3]) == session_id and fields[0] != "Z":
            found.append(int(stat.parent.name))
    return found


def test_read_from_stdin(tmp_path: Path, cli_env: dict[str, str], run_cli: CliRunner) -> None:
    result = run_cli(
        ["read", "-", "-o", "s.wav", "-q", "--voice", "espeak:en-us"], cli_env, SHORT_TEXT, cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("s.wav")
    assert (tmp_path / "s.wav").exists()


def test_read_keeps_speeds_in_steps(tmp_path: Path, cli_env: dict[str, str], run_cli: CliRunner) -> None:
    result = run_cli(
        ["read", "-", "-o", "s.mp3", "--voice", "espeak:en-us", "--speed", "0.52"], cli_env, SHORT_TEXT,
        cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))["speed"] == 0.5


def test_extract_shows_article_and_spoken_sentences(
    tmp_path: Path, cli_env: dict[str, str], shared_fixtures: Path, run_cli: CliRunner
) -> None:
    result = run_cli(
        ["extract", str(shared_fixtures / "seed-article.html"), "--format", "json", "--spoken"],
        cli_env,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert len(document["paragraphs"]) == 6
    assert document["sentences"][0]["part"] == "title"
    spoken = " ".join(s["spoken"] for s in document["sentences"])
    assert "Advertisement" not in spoken and "twenty days" in spoken


OWN_PAGES = Path(__file__).resolve().parent / "fixtures" / "extraction"


def test_extract_many_sources_as_json_lines_goes_on_after_a_failure(
    tmp_path: Path, cli_env: dict[str, str], run_cli: CliRunner
) -> None:
    """One JSON document per source and line (the --format json fields plus "source"); a failing source is
    a line with "error", the others still come, and the exit status says something failed."""
    (tmp_path / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    pages = [str(OWN_PAGES / "portuguese-blog.html"), "missing.html", "image.png",
             str(OWN_PAGES / "paywalled-json-ld.html")]  # fmt: skip
    result = run_cli(["extract", *pages, "--format", "jsonl"], cli_env, cwd=tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["source"] for line in lines] == pages
    assert "No such file" in lines[1]["error"] and "not a text or HTML file" in lines[2]["error"]
    for line, name in ((lines[0], "portuguese-blog"), (lines[3], "paywalled-json-ld")):
        expected = json.loads((OWN_PAGES / f"{name}.expected.json").read_text(encoding="utf-8"))
        assert line["paragraphs"] == expected["paragraphs"] and line["title"] == expected["title"]
        assert "error" not in line


def test_extract_many_sources_as_text_names_each_and_reports_failures_on_stderr(
    tmp_path: Path, cli_env: dict[str, str], run_cli: CliRunner
) -> None:
    pages = [str(OWN_PAGES / "portuguese-blog.html"), "missing.html"]
    result = run_cli(["extract", *pages], cli_env, cwd=tmp_path)
    assert result.returncode == 1
    assert f"=== {pages[0]}" in result.stdout and "37 segundos" in result.stdout
    assert result.stderr.strip() == "newscaster: missing.html: No such file: missing.html"


def test_voices_lists_installed_voices(tmp_path: Path, cli_env: dict[str, str], run_cli: CliRunner) -> None:
    result = run_cli(["voices", "--format", "json"], cli_env, cwd=tmp_path)
    ids = [v["id"] for v in json.loads(result.stdout)]
    assert ids[0] == "hibari:heart" and "piper:joe" in ids and "espeak:de" in ids


def test_help_has_examples(tmp_path: Path, cli_env: dict[str, str], run_cli: CliRunner) -> None:
    result = run_cli(["read", "--help"], cli_env, cwd=tmp_path)
    assert result.returncode == 0
    assert "Examples:" in result.stdout and "--wpm" in result.stdout


BAD_INPUTS = [
    (["read", "missing.html"], "No such file"),
    (["read", "http://127.0.0.1:9/x"], "a private address"),
    (["read", "binary.html"], "not a text or HTML file"),
    (["read", "empty.html"], "No article text found in empty.html"),
    (["read", "chrome-only.html"], "No article text found in chrome-only.html"),
    (["read", "story.txt", "--voice", "nobody"], "Unknown voice"),
    (["read", "story.txt", "--speed", "5"], "out of range"),
    (["read", "story.txt", "--speed", "warp"], "not a number"),
    (["read", "story.txt", "--wpm", "2000"], "out of range"),
    (["read", "ftp://example.com/x"], "http"),
    (["read", "story.txt", "--voice", "jeo"], "Unknown voice 'jeo' (did you mean 'piper:joe'"),
    (["read", "story.txt", "--format", "wav"], "-o out.mp3 ends in .mp3 but --format is wav"),
    (["read", "pdf-head.txt"], "pdf-head.txt is a PDF document, not text or HTML"),
    (["read", "french.txt", "--voice", "hibari:heart"], "voices that can: espeak:fr-fr"),
    (["read", "story.txt", "--language", "tlh"], "No installed voice speaks this article's language"),
    (["read", "story.txt", "--language", "not a tag"], "is not a language tag"),
]


@pytest.mark.parametrize(("args", "message"), BAD_INPUTS)
def test_bad_input_is_one_line_and_leaves_no_file(
    args: list[str], message: str, tmp_path: Path, cli_env: dict[str, str], run_cli: CliRunner
) -> None:
    (tmp_path / "story.txt").write_text(SHORT_TEXT, encoding="utf-8")
    (tmp_path / "french.txt").write_text(FRENCH_TEXT, encoding="utf-8")
    (tmp_path / "binary.html").write_bytes(bytes(range(256)) * 40)
    (tmp_path / "empty.html").write_text("<html><body>  </body></html>", encoding="utf-8")
    (tmp_path / "pdf-head.txt").write_text(
        "%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", encoding="ascii"
    )
    (tmp_path / "chrome-only.html").write_text(
        "<html><body><nav><a href='/'>Home</a></nav><div class='ad'>Advertisement</div>"
        "<script>var x = 1;</script></body></html>",
        encoding="utf-8",
    )
    before = set(tmp_path.iterdir())
    result = run_cli([*args, "-o", "out.mp3"], cli_env, cwd=tmp_path)
    stderr = result.stderr
    assert result.returncode != 0
    assert stderr.startswith("newscaster: ") or stderr.startswith("Usage:"), stderr
    assert "Traceback" not in stderr
    if stderr.startswith("newscaster: "):
        assert stderr.count("\n") == 1, stderr
    assert message.lower() in stderr.lower()
    assert set(tmp_path.iterdir()) == before


@pytest.mark.slow
def test_read_to_stdout_streams_the_narration_it_would_store(tmp_path: Path, cli_env: dict[str, str]) -> None:
    import io
    import subprocess
    import sys
    import time

    import av

    story = "# The long crossing\n\n" + " ".join(
        f"On day {day} the ferry crossed the harbour again, and the crew counted the passengers."
        for day in range(1, 21)
    )
    (tmp_path / "story.txt").write_text(story, encoding="utf-8")
    command = [
        sys.executable,
        "-m",
        "newscaster.cli",
        "read",
        "story.txt",
        "--voice",
        "piper:joe",
        "--jobs",
        "1",
    ]
    arrivals: list[float] = []
    streamed = b""
    with subprocess.Popen(
        [*command, "-o", "-"], cwd=tmp_path, env=cli_env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    ) as child:
        assert child.stdout is not None and child.stderr is not None
        while chunk := child.stdout.read1(65536):
            arrivals.append(time.monotonic())
            streamed += chunk
        messages = child.stderr.read().decode()
        assert child.wait() == 0, messages
    assert "The long crossing" in messages  # messages go to stderr, the audio alone to stdout
    assert arrivals[-1] - arrivals[0] > 0.5  # written as it was made, not in one go at the end
    assert sorted(p.name for p in tmp_path.iterdir()) == ["story.txt"]  # no files without a file name

    stored = subprocess.run([*command, "-o", "story.mp3", "-q"], cwd=tmp_path, env=cli_env, check=True)
    assert stored.returncode == 0

    def seconds(data: bytes) -> float:
        with av.open(io.BytesIO(data)) as container:
            return sum(frame.samples / frame.sample_rate for frame in container.decode(audio=0))

    file_seconds = seconds((tmp_path / "story.mp3").read_bytes())
    assert file_seconds > 20
    assert 0 <= seconds(streamed) - file_seconds <= 0.08  # at most the last frame's padding longer


def test_only_mp3_goes_to_stdout(tmp_path: Path, cli_env: dict[str, str], run_cli: CliRunner) -> None:
    result = run_cli(["read", "-", "-o", "-", "-f", "wav"], cli_env, SHORT_TEXT, cwd=tmp_path)
    assert result.returncode != 0
    assert (
        result.stderr.strip()
        == "newscaster: Only MP3 can be written to stdout as it is made; give a file name"
    )
    assert "Traceback" not in result.stderr


def test_a_link_without_its_scheme_is_fetched_over_https(
    tmp_path: Path, cli_env: dict[str, str], run_cli: CliRunner
) -> None:
    for command in (["read", "-q"], ["extract"]):
        result = run_cli([*command, "nonexistent.invalid/news/story"], cli_env, cwd=tmp_path)
        assert result.returncode == 1 and "No such file" not in result.stderr
        assert result.stderr == "newscaster: Could not find the server nonexistent.invalid\n"
    (tmp_path / "example.com").mkdir()  # a file or folder of that name here wins
    (tmp_path / "example.com" / "story.txt").write_text(SHORT_TEXT, encoding="utf-8")
    local = run_cli(["extract", "example.com/story.txt"], cli_env, cwd=tmp_path)
    assert local.returncode == 0 and local.stdout.startswith("Harbour news")


def test_an_output_folder_must_exist(tmp_path: Path, cli_env: dict[str, str], run_cli: CliRunner) -> None:
    (tmp_path / "story.txt").write_text(SHORT_TEXT, encoding="utf-8")
    result = run_cli(["read", "story.txt", "-o", "missing/dir/story.mp3"], cli_env, cwd=tmp_path)
    assert result.returncode == 2 and not (tmp_path / "missing").exists()
    assert (
        result.stderr
        == "newscaster: Cannot write missing/dir/story.mp3: missing/dir does not exist (create it first)\n"
    )


def test_voices_is_a_table_with_a_header_and_the_defaults_marked(
    tmp_path: Path, cli_env: dict[str, str], run_cli: CliRunner
) -> None:
    header, *rows, legend = run_cli(["voices"], cli_env, cwd=tmp_path).stdout.splitlines()
    assert header.split() == ["ID", "LANGUAGE", "GENDER", "RATE", "NAME", "LICENCE"]
    assert legend.startswith("* the default for its language")
    by_id = {row[3:].split()[0]: row[:3] for row in rows}
    assert by_id["hibari:heart"] == "*  "  # the best English voice: English articles get it
    assert by_id["piper:joe"] == "   " and by_id["espeak:en-us"] == "   "
    assert rows[0].startswith("*  hibari:heart ")  # neural English first
    for column in ("LANGUAGE", "GENDER", "RATE"):  # aligned: each column starts at its heading
        start = header.index(column)
        assert all(row[start - 2 : start] == "  " and row[start] != " " for row in rows), column
    german = run_cli(["voices", "--language", "de"], cli_env, cwd=tmp_path).stdout.splitlines()
    assert [row.split()[:2] for row in german[1:-1]] == [["*", "espeak:de"]]


def test_voices_for_a_language_nobody_speaks_say_so(
    tmp_path: Path, cli_env: dict[str, str], run_cli: CliRunner
) -> None:
    result = run_cli(["voices", "--language", "xx"], cli_env, cwd=tmp_path)
    assert result.returncode == 1 and result.stdout == ""
    assert (
        result.stderr.startswith("newscaster: No installed voice speaks 'xx'")
        and result.stderr.count("\n") == 1
    )


def test_language_is_detected_shown_and_overridden(
    tmp_path: Path, cli_env: dict[str, str], run_cli: CliRunner
) -> None:
    (tmp_path / "french.txt").write_text(FRENCH_TEXT, encoding="utf-8")
    detected = run_cli(["extract", "french.txt", "--format", "json"], cli_env, cwd=tmp_path)
    assert detected.returncode == 0, detected.stderr
    assert json.loads(detected.stdout)["language"] == "fr"
    forced = run_cli(
        ["extract", "french.txt", "--format", "json", "--language", "fr-ca"], cli_env, cwd=tmp_path
    )
    assert json.loads(forced.stdout)["language"] == "fr-CA"


def test_force_voice_reads_another_language_with_the_asked_voice(
    tmp_path: Path, cli_env: dict[str, str], run_cli: CliRunner
) -> None:
    (tmp_path / "french.txt").write_text(FRENCH_TEXT, encoding="utf-8")
    args = ["read", "french.txt", "-o", "f.wav", "--voice", "espeak:en-us", "--force-voice", "--jobs", "1"]
    result = run_cli(args, cli_env, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    document = json.loads((tmp_path / "f.json").read_text(encoding="utf-8"))
    assert (document["article"]["language"], document["voice"]["id"]) == ("fr", "espeak:en-us")


def test_read_names_the_chapters_of_a_sectioned_text(
    tmp_path: Path, cli_env: dict[str, str], run_cli: CliRunner
) -> None:
    text = "# Harbour works\n\nThe wall is rebuilt.\n\n## Costs\n\nFour million.\n\n## Dates\n\nMarch.\n"
    result = run_cli(["read", "-", "-o", "s.mp3", "--voice", "espeak:en-us"], cli_env, text, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "  chapters 3: Harbour works · Costs · Dates" in result.stdout
    args = ["read", "-", "-o", "p.mp3", "--voice", "espeak:en-us"]
    plain = run_cli(args, cli_env, SHORT_TEXT, cwd=tmp_path)
    assert plain.returncode == 0 and "chapters" not in plain.stdout


def test_read_leaves_the_engine_to_its_workers_and_text_input_to_the_text_reader(
    tmp_path: Path, cli_env: dict[str, str]
) -> None:
    """The command's own process reads and prepares the article while its workers load the voice (on the
    other core): it never imports the engine, and a text file never imports the HTML extractor."""
    import subprocess
    import sys

    (tmp_path / "story.txt").write_text(SHORT_TEXT, encoding="utf-8")
    probe = (
        "import sys\n"
        "from newscaster.cli import main\n"
        "sys.argv = ['newscaster', 'read', 'story.txt', '-o', 'story.mp3', '-q']\n"
        "try:\n    main()\nexcept SystemExit as done:\n    assert not done.code, done.code\n"
        "print(sorted(m for m in ('hibari', 'onnxruntime', 'trafilatura') if m in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=tmp_path, env=cli_env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "[]"
    assert (tmp_path / "story.mp3").stat().st_size > 1000


def test_the_command_starts_light_so_its_workers_start_soon() -> None:
    """``read`` forks its workers as soon as its options are parsed: loading the library, the fetcher or
    numpy first (0.25 s) would delay every narration's first word by as much."""
    import subprocess
    import sys

    probe = (
        "import sys, newscaster.cli\n"
        "print(sorted(m for m in ('numpy', 'newscaster.fetch', 'newscaster.store.library', "
        "'newscaster.pipeline') if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
