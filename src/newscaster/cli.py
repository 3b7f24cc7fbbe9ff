"""The ``newscaster`` command: ``read`` narrates, ``extract`` shows what would be read, ``voices`` lists.

Every expected failure is one line on stderr and a non-zero exit; no traceback unless ``--debug``.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import re
import sys
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from .cli_admin import register as _register_admin_commands
from .cli_articles import register as _register_article_commands
from .cli_batch import register as _register_batch_commands
from .cli_errors import EXIT_INPUT_ERROR, EXIT_INTERRUPTED, user_errors
from .cli_ops import register as _register_ops_commands
from .cli_options import force_voice_option, jobs_option, language_option, speed_option, voice_option
from .cli_sources import register as _register_source_commands
from .cli_text import register as _register_text_commands
from .cli_worker import register as _register_worker_commands
from .config import Settings
from .durations import format_clock
from .errors import NewscasterError
from .logs import LOG_LEVELS, configure_logging, log_level_from_env

POOL_EXIT_WAIT_S = 2.0
"""After a narration, how long the command waits for its killed workers to be gone."""

if TYPE_CHECKING:
    from .models import Timing


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="newscaster")
@click.option("--debug", is_flag=True, help="Show tracebacks for unexpected errors.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Turn news articles into natural narration, offline.

    \b
    Examples:
      newscaster read https://example.com/news/story -o story.mp3
      newscaster read saved-page.html --voice joe --speed fast
      newscaster read notes.md --wpm 250 --format opus
      newscaster extract saved-page.html --spoken
      newscaster voices
    """
    ctx.obj = {"debug": debug, "settings": Settings.from_env()}


def source_spec(source: str) -> str:
    """SOURCE as given, or ``https://`` + it when it is no file here but a link without its scheme."""
    from .addresses import scheme_less_link

    if source == "-" or Path(source).expanduser().exists():
        return source
    return scheme_less_link(source) or source


def check_output(output: Path, audio_format: str | None) -> None:
    """Refuse an output the narration could not honestly write: its folder missing (it is not made for
    it: a typo would scatter folders), or a name whose ending says another format than ``--format``."""
    from .audio.encode import audio_formats, encoder_for

    folder = output.expanduser().parent
    if not folder.is_dir():
        what = "is not a folder" if folder.exists() else "does not exist"
        raise click.UsageError(f"Cannot write {output}: {folder} {what} (create it first)")
    suffix = output.suffix.lower().lstrip(".")
    if audio_format is not None and suffix and suffix != encoder_for(audio_format).extension:
        raise click.UsageError(
            f"-o {output} ends in .{suffix} but --format is {audio_format}: "
            f"give -o {output.with_suffix('.' + encoder_for(audio_format).extension)}, or only one of them"
        )
    if audio_format is None and suffix and suffix not in audio_formats():
        raise click.UsageError(
            f"Cannot tell the audio format from .{suffix}: use {', '.join(audio_formats())}"
        )


def _default_output(source: str) -> Path:
    if source == "-":
        return Path("narration.mp3")
    stem = Path(source.rstrip("/").split("?")[0]).stem or "narration"
    return Path(re.sub(r"[^\w.-]+", "-", stem).strip("-.") or "narration").with_suffix(".mp3")


def _progress_bar(enabled: bool) -> tuple[Callable[[int, int], None] | None, Callable[[], None]]:
    if not enabled:
        return None, lambda: None
    state: dict[str, Any] = {}

    def update(done: int, total: int) -> None:
        if "bar" not in state:
            state["bar"] = click.progressbar(length=total, label="Narrating", file=sys.stderr)
            state["bar"].__enter__()
        state["bar"].update(done - state.get("done", 0))
        state["done"] = done

    def finish() -> None:
        if "bar" in state:
            state["bar"].__exit__(None, None, None)

    return update, finish


@cli.command()
@click.argument("source")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Audio file to write; NAME.vtt and NAME.json go beside it; - writes MP3 to stdout as it is "
    "made (no .vtt or .json). [default: from SOURCE]",
)
@voice_option
@force_voice_option
@language_option
@speed_option
@click.option("--wpm", type=float, help="Target words per minute instead of --speed (measured per voice).")
@click.option(
    "-f",
    "--format",
    "audio_format",
    type=click.Choice(["mp3", "opus", "wav"]),
    help="Audio format. [default: from --output, else mp3]",
)
@click.option(
    "--intro/--no-intro", default=True, show_default=True, help="Read the title, key points and byline first."
)
@jobs_option
@click.option("-q", "--quiet", is_flag=True, help="No progress bar, print only the audio path.")
@click.pass_context
def read(
    ctx: click.Context,
    source: str,
    output: Path | None,
    voice_id: str | None,
    force_voice: bool,
    language: str | None,
    speed: str | None,
    wpm: float | None,
    audio_format: str | None,
    intro: bool,
    jobs: int | None,
    quiet: bool,
) -> None:
    """Narrate SOURCE: an http(s) URL (example.com/news/story means https://…), an HTML file, a text or
    Markdown file, or - for stdin.

    \b
    Writes the audio plus NAME.vtt (a WebVTT cue per sentence) and NAME.json
    (article metadata, reading and listening time, voice, speed, and per-sentence
    and per-word timings).

    \b
    Examples:
      newscaster read article.html -o out.mp3
      newscaster read https://example.com/story --voice piper:joe --speed 1.25
      cat story.txt | newscaster read - --wpm 250 -o story.opus
      newscaster read https://example.com/story -o - | mpv -
      newscaster read artikel.txt                   # German text: an espeak-ng German voice
      newscaster read story.md --language zh-Hant   # no detection: read as Chinese (Mandarin)
    """
    with user_errors(ctx):
        from .synthesize import default_workers, kill_pool, warm_pool

        if speed is not None and wpm is not None:
            raise click.UsageError("Give --speed or --wpm, not both")
        to_stdout = output == Path("-")
        if to_stdout and (audio_format or "mp3") != "mp3":
            raise click.UsageError("Only MP3 can be written to stdout as it is made; give a file name")
        if output is not None and not to_stdout:
            check_output(output, audio_format)
        source = source_spec(source)
        settings, workers = ctx.obj["settings"], jobs or default_workers()
        # The voice loads in the workers while the pipeline's modules load and the page is read here (a
        # --language names the likely voice).
        pool = warm_pool(settings, voice_id, language or "en", workers)
        from .pipeline import NarrationRequest, narrate

        request = NarrationRequest(
            source=source, output=None if to_stdout else output or _default_output(source),
            voice_id=voice_id, speed=speed, wpm=wpm, audio_format=audio_format, intro=intro,
            workers=workers, language=language, force_voice=force_voice,
        )  # fmt: skip
        update, finish = _progress_bar(enabled=not quiet and sys.stderr.isatty())
        try:
            narration = narrate(
                request, settings, progress=update, sink=StdoutSink() if to_stdout else None, pool=pool
            )
        finally:
            finish()
            # Every sentence is in (or the narration failed): a worker may still be loading its voice (a
            # short text needs one worker), which ``shutdown`` would wait for.
            kill_pool(pool, POOL_EXIT_WAIT_S)
        if quiet:
            if not to_stdout:
                click.echo(narration.audio_path)
            return
        echo = functools.partial(click.echo, err=to_stdout)  # stdout carries the audio
        echo(f"{narration.article.title}")
        echo(
            f"  language {narration.article.language} · voice {narration.options.voice.id} · "
            f"speed {narration.options.speed:g}x · "
            f"{narration.measured_wpm:g} WPM · {format_clock(narration.duration_ms)} · "
            f"reading time {narration.reading_minutes} min"
        )
        if not to_stdout:
            echo(f"  audio    {narration.audio_path}")
            echo(f"  captions {narration.vtt_path}")
            echo(f"  timings  {narration.json_path}")
        if narration.chapters:
            titles = " · ".join(chapter.title for chapter in narration.chapters)
            echo(f"  chapters {len(narration.chapters)}: {titles}")


class StdoutSink:
    """``read -o -``: the MP3 goes to stdout sentence by sentence, so a player can start at once."""

    def __init__(self) -> None:
        self.out = sys.stdout.buffer

    def audio(self, data: bytes) -> None:
        try:
            self.out.write(data)
            self.out.flush()
        except BrokenPipeError:
            # The player went away: stop narrating; the flush at exit must not fail again.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise

    def timing(self, timing: Timing) -> None:
        pass  # no .vtt or .json without a file name


@cli.command()
@click.argument("sources", nargs=-1, required=True, metavar="SOURCE...")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "jsonl"]),
    default="text",
    show_default=True,
    help="jsonl: one JSON document per source and line; a source that fails gives a line with 'error'.",
)
@click.option("--spoken", is_flag=True, help="Also show each sentence as it will be spoken.")
@click.option(
    "--intro/--no-intro", default=True, show_default=True, help="Include title, key points, byline."
)
@language_option
@click.pass_context
def extract(
    ctx: click.Context,
    sources: tuple[str, ...],
    output_format: str,
    spoken: bool,
    intro: bool,
    language: str | None,
) -> None:
    """Show what would be read from each SOURCE, without synthesizing.

    \b
    Examples:
      newscaster extract article.html
      newscaster extract https://example.com/story --spoken
      newscaster extract article.html --format json --spoken | jq .sentences
      newscaster extract archive/*.html --format jsonl > articles.jsonl
    """
    with user_errors(ctx):
        if len(sources) == 1 and output_format != "jsonl":
            _show_extraction(_extraction(ctx, sources[0], spoken, intro, language), output_format)
            return
        failures = 0
        for source in sources:
            try:
                document = _extraction(ctx, source, spoken, intro, language)
            except NewscasterError as error:
                failures += 1
                _report_failure(source, str(error), output_format)
            except Exception as error:  # one broken page must not stop an archive
                if ctx.obj["debug"]:
                    raise
                failures += 1
                _report_failure(source, f"internal error: {type(error).__name__}: {error}", output_format)
            else:
                _show_extraction({"source": source, **document}, output_format)
        if failures:
            sys.exit(EXIT_INPUT_ERROR)


def _extraction(
    ctx: click.Context, source: str, spoken: bool, intro: bool, language: str | None
) -> dict[str, Any]:
    """``Article.to_json()`` of SOURCE, with its ``sentences`` when ``spoken``."""
    from .pipeline import prepare_article, read_article

    settings: Settings = ctx.obj["settings"]
    # As 'read' sees it: a link without its scheme is fetched, the title and byline are cleaned.
    article = read_article(source_spec(source), settings, language)
    document: dict[str, Any] = article.to_json()
    if spoken:
        sentences = prepare_article(article, intro, settings)
        document["sentences"] = [{**asdict(s), "part": s.part.value} for s in sentences]
    return document


def _show_extraction(document: dict[str, Any], output_format: str) -> None:
    if output_format == "jsonl":
        click.echo(json.dumps(document, ensure_ascii=False))
        return
    if output_format == "json":
        click.echo(json.dumps(document, ensure_ascii=False, indent=2))
        return
    if "source" in document:
        click.echo(f"=== {document['source']}")
    click.echo(document["title"])
    for point in document["key_points"]:
        click.echo(f"  • {point}")
    click.echo(" · ".join(x for x in (document["byline"], document["published"], document["language"]) if x))
    click.echo("")
    click.echo("\n\n".join(document["paragraphs"]))
    if "sentences" in document:
        click.echo("\n--- spoken ---")
        for sentence in document["sentences"]:
            click.echo(f"[{sentence['index']}] {sentence['spoken']}")


def _report_failure(source: str, reason: str, output_format: str) -> None:
    """A source that failed among several: a JSON line with ``error`` in jsonl, else one line on stderr."""
    if output_format == "jsonl":
        click.echo(json.dumps({"source": source, "error": reason}, ensure_ascii=False))
    else:
        click.echo(f"newscaster: {source}: {reason}", err=True)


@cli.command()
@click.option("--language", help="Only voices for this language (e.g. en, de, pt-BR).")
@click.option(
    "--format", "output_format", type=click.Choice(["table", "json"]), default="table", show_default=True
)
@click.pass_context
def voices(ctx: click.Context, language: str | None, output_format: str) -> None:
    """List the installed voices (nothing is downloaded).

    \b
    Examples:
      newscaster voices
      newscaster voices --language de
    """
    with user_errors(ctx):
        from .errors import VoiceError
        from .language_tags import spoken_language
        from .voices.registry import registry_for

        registry = registry_for(ctx.obj["settings"])
        found = registry.voices()
        if language:
            found = registry.voices_for(language)
            if not found:
                raise VoiceError(
                    f"No installed voice speaks {language!r}; 'newscaster voices' lists them all "
                    "(espeak-ng speaks about 100 languages: scripts/install-system-deps.sh installs it)"
                )
        defaults = {registry.default_for(tag).id for tag in {spoken_language(v.language) for v in found}}
        if output_format == "json":
            rows = [{**asdict(v), "default": v.id in defaults} for v in found]
            click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        click.echo(voice_table(found, defaults))
        if defaults:
            click.echo("* the default for its language (an article in it is read by that voice)")


def voice_table(voices: list[Any], defaults: set[str]) -> str:
    """The voices as aligned columns under a header, ``*`` before each language's default voice."""
    header = ("", "ID", "LANGUAGE", "GENDER", "RATE", "NAME", "LICENCE")
    rows = [
        ("*" if v.id in defaults else "", v.id, v.language, v.gender, f"{v.sample_rate_hz / 1000:g} kHz",
         v.display_name, v.licence)
        for v in voices
    ]  # fmt: skip
    widths = [max(len(row[i]) for row in (header, *rows)) for i in range(len(header))]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
        for row in (header, *rows)
    ]
    return "\n".join(line.rstrip() for line in lines)


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option(
    "--sample/--no-sample", default=False, help="Narrate the bundled sample article first if not there."
)
@click.option(
    "--log-level",
    type=click.Choice(LOG_LEVELS, case_sensitive=False),
    help="Log lines at this level and above (info: one per request and per job). "
    "[default: NEWSCASTER_LOG_LEVEL, else info]",
)
@click.pass_context
def serve(ctx: click.Context, host: str, port: int, sample: bool, log_level: str | None) -> None:
    """Run the player pages and the REST API (OpenAPI docs at /docs).

    \b
    Examples:
      newscaster serve
      newscaster serve --host 0.0.0.0 --port 8080
    """
    with user_errors(ctx):
        import uvicorn

        from .web import bind_check
        from .web.app import create_app
        from .web.security import is_loopback_host

        level = log_level_from_env(log_level)
        configure_logging(level)
        settings: Settings = ctx.obj["settings"]
        # Loopback or not decides whether writes need a token; warmed up, the first audio comes at once.
        app = create_app(settings, bind_host=host, warm_up=True)
        bind_check.check_address(host, port)  # a busy port is said before anything claims to be serving
        if not is_loopback_host(host):
            click.echo(
                f"Listening on {host}, not loopback only: new narrations need an API token "
                "('newscaster token create'); reading stays public.",
                err=True,
            )
            if not settings.base_url:
                click.echo(
                    "Set NEWSCASTER_BASE_URL to the address readers use (or list its host names in "
                    "NEWSCASTER_ALLOWED_HOSTS): the podcast feed and embed code answer other hosts with 400.",
                    err=True,
                )
        if sample:
            from .jobs.base import JobRequest
            from .samples import sample_article_path

            state = app.state.newscaster
            if not state.library.list_articles(limit=1):
                html = sample_article_path().read_text(encoding="utf-8")
                job = state.queue.submit(JobRequest(html=html))
                click.echo(
                    f"Narrating the sample article (job {job.id}); it appears in the library when done."
                )
        click.echo(f"newscaster is serving on http://{host}:{port}/  (API docs: http://{host}:{port}/docs)")
        # The app decides which proxies to believe (NEWSCASTER_TRUSTED_PROXIES); uvicorn's own handling
        # would believe any process on loopback and hide the proxy's address from the app.
        # Logging is configured above (structured lines); the app logs each request itself, with the
        # client a trusted proxy names, so uvicorn's access log would only repeat it less truly.
        uvicorn.run(
            app, host=host, port=port, log_level=level, log_config=None, access_log=False, proxy_headers=False
        )


_register_text_commands(cli)
_register_admin_commands(cli)
_register_batch_commands(cli)
_register_article_commands(cli)
_register_ops_commands(cli)
_register_worker_commands(cli)
_register_source_commands(cli)


def main() -> None:
    try:
        _main()
    except SystemExit as done:
        _exit(done.code if isinstance(done.code, str | int) else None)


def _exit(code: str | int | None) -> None:
    """Exit with ``code``; after a failed narration whose workers were killed, without the interpreter's
    shutdown, whose clean-up of the killed pool can race with the pool's own thread and print a
    traceback under the one-line error."""
    synthesize = sys.modules.get("newscaster.synthesize")
    if synthesize is None or not synthesize.pools_killed():
        sys.exit(code)
    if isinstance(code, str):
        click.echo(code, err=True)
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # closed, or a reader that went away
            stream.flush()
    os._exit(code if isinstance(code, int) else 0 if code is None else 1)


def _main() -> None:
    try:
        cli.main(prog_name="newscaster", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("newscaster: interrupted", err=True)
        sys.exit(EXIT_INTERRUPTED)
    except click.ClickException as error:
        click.echo(f"newscaster: {error.format_message()}", err=True)
        sys.exit(error.exit_code)


if __name__ == "__main__":
    main()
