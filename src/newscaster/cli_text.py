"""Text commands of ``newscaster``: ``normalize``, ``sentences``, ``lexicon list|add|remove`` and ``check``.

``register(cli)`` adds them to the main group (``cli.py`` calls it at import). Errors go through
``cli_errors.user_errors``: one line on stderr, a non-zero exit.
"""

from __future__ import annotations

import io
import json
import re
import shlex
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click

from .cli_errors import user_errors
from .config import Settings
from .errors import InputError

_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")


def register(cli: click.Group) -> None:
    """Add the text commands to ``cli``."""
    for command in (normalize, sentences, lexicon, check):
        cli.add_command(command)


def _settings(ctx: click.Context) -> Settings:
    settings = ctx.obj.get("settings") if ctx.obj else None
    return settings if isinstance(settings, Settings) else Settings.from_env()


def _stdin() -> io.TextIOWrapper:
    """stdin as UTF-8 whatever the locale; undecodable bytes become U+FFFD instead of a traceback."""
    return io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8", errors="replace", newline=None)


def _stdin_lines() -> Iterator[str]:
    for line in _stdin():
        yield line.rstrip("\n")


_LANGUAGE = click.option(
    "--language", "-l", default="en", show_default=True, help="BCP 47 language tag (en, en-GB, de …)."
)


def _lines(texts: tuple[str, ...]) -> Iterator[str]:
    """The TEXT arguments, one line each, or else the lines of stdin."""
    if texts:
        for text in texts:
            yield from text.splitlines() or [""]
    else:
        yield from _stdin_lines()


@click.command()
@click.argument("texts", nargs=-1, metavar="[TEXT]...")
@_LANGUAGE
@click.option("--no-lexicon", is_flag=True, help="Leave out the pronunciation lexicon (normalizer only).")
@click.pass_context
def normalize(ctx: click.Context, texts: tuple[str, ...], language: str, no_lexicon: bool) -> None:
    """Print the speakable form of each TEXT, or of each line on stdin, one output line per input line.

    Each line is split into sentences, respelled with the pronunciation lexicon (bundled and yours) and
    normalized, exactly as a narration would speak it. An empty line gives an empty line. Words your
    lexicon gives as phonemes show as ⟦written|phonemes⟧.

    \b
    Examples:
      newscaster normalize 'The $1.2bn terminal opens on Sept. 15.'
      echo 'The $1.2bn terminal opens on Sept. 15.' | newscaster normalize
      newscaster normalize < headlines.txt > spoken.txt
      printf 'Charles III\\nWorld War II\\n' | newscaster normalize --no-lexicon
    """
    with user_errors(ctx):
        from .text.lexicon import Lexicon, default_lexicon
        from .text.normalize import normalizer_for
        from .text.prepare import speakable
        from .text.sentences import split_sentences

        settings = _settings(ctx)
        normalizer = normalizer_for(language, settings.cache_dir / "normalizer")
        words = Lexicon() if no_lexicon else default_lexicon(settings.lexicon_path, language)
        for line in _lines(texts):
            spoken = [speakable(s.text, normalizer, words) for s in split_sentences(line, language)]
            click.echo(" ".join(s for s in spoken if s))
            sys.stdout.flush()  # one answer per line as it comes, for scripts that talk through a pipe


@click.command()
@click.argument("texts", nargs=-1, metavar="[TEXT]...")
@_LANGUAGE
@click.pass_context
def sentences(ctx: click.Context, texts: tuple[str, ...], language: str) -> None:
    """Print TEXT, or the text on stdin, one sentence per line.

    Blank lines separate paragraphs; a sentence that runs over several lines is printed on one.

    \b
    Examples:
      echo 'Mr. Smith arrived at 5 p.m. He left. Lt. Gen. Ann Lee Jr. stayed.' | newscaster sentences
      newscaster sentences < article.txt | wc -l
    """
    with user_errors(ctx):
        from .text.sentences import split_sentences

        text = "\n\n".join(texts) if texts else _stdin().read()
        for paragraph in _PARAGRAPH_BREAK.split(text):
            for span in split_sentences(paragraph, language):
                click.echo(" ".join(span.text.split()))


# ---------------------------------------------------------------------------------------------------------
# lexicon
# ---------------------------------------------------------------------------------------------------------


@click.group()
def lexicon() -> None:
    """Your pronunciation lexicon: words or phrases and how to say them.

    Say a word with a respelling ("Win") or with IPA phonemes between slashes ("/wˈɪn/", one phoneme
    word per written word, as `espeak-ng -q --ipa WORD` prints them; every built-in voice speaks them).
    Entries live in $NEWSCASTER_DATA_DIR/lexicon.tsv (created by the first 'add'), applied after the
    bundled news lexicon; your entry for the same word wins. Matching is whole-word, any case unless
    --case-sensitive. Changing an entry changes what is spoken, so exactly the cached sentences it
    affects are synthesized again; the others come from the cache.

    \b
    Examples:
      newscaster lexicon add Nguyen "Win"
      newscaster lexicon add Xi /ɕˈiː/ --case-sensitive
      newscaster lexicon add XI "eleven" --case-sensitive
      newscaster lexicon list --bundled
      newscaster lexicon remove Nguyen
    """


@lexicon.command("list")
@click.option("--bundled", is_flag=True, help="Also list the bundled news lexicon (yours follows it).")
@click.pass_context
def lexicon_list(ctx: click.Context, bundled: bool) -> None:
    """List the entries as written<TAB>spoken[<TAB>case].

    \b
    Examples:
      newscaster lexicon list
      newscaster lexicon list --bundled | grep -i kyiv
    """
    with user_errors(ctx):
        from .text.lexicon import Lexicon, bundled_lexicon_path

        user_path = _settings(ctx).lexicon_path
        sources = [("bundled", bundled_lexicon_path())] if bundled else []
        sources.append(("yours", user_path))
        for label, path in sources:
            entries = Lexicon.load(path).entries
            if bundled:
                click.echo(f"# {label}: {path} ({len(entries)} entries)")
            for entry in entries:
                click.echo(f"{entry.written}\t{entry.spoken}" + ("\tcase" if entry.case_sensitive else ""))
        if not user_path.is_file():
            click.echo(f"newscaster: you have no lexicon yet ({user_path}); 'lexicon add' makes it", err=True)


@lexicon.command("add")
@click.argument("written")
@click.argument("spoken")
@click.option("--case-sensitive", is_flag=True, help="Match this exact capitalisation only.")
@click.pass_context
def lexicon_add(ctx: click.Context, written: str, spoken: str, case_sensitive: bool) -> None:
    """Say WRITTEN as SPOKEN (a respelling, or IPA phonemes between slashes); replaces your earlier
    entry for WRITTEN.

    \b
    Examples:
      newscaster lexicon add Nguyen "Win"
      newscaster lexicon add "Wang Yi" "/wˈɑːŋ jˈiː/"
      newscaster lexicon add "Keir Starmer" "Keer Starmer"
      newscaster lexicon add US "U.S" --case-sensitive
    """
    with user_errors(ctx):
        from .text.lexicon import Lexicon

        path = _settings(ctx).lexicon_path
        words = Lexicon.load(path)
        try:
            entry = words.add(written, spoken, case_sensitive)
        except ValueError as error:
            raise InputError(str(error)) from None
        words.save(path)
        case = " (case-sensitive)" if entry.case_sensitive else ""
        click.echo(f"{entry.written} → {entry.spoken}{case}  [{path}]")


@lexicon.command("phonemes")
@click.argument("written")
@click.option(
    "--accent", default="en-us", show_default=True, help="espeak-ng English voice to ask (en-us, en-gb …)."
)
@click.pass_context
def lexicon_phonemes(ctx: click.Context, written: str, accent: str) -> None:
    """Print WRITTEN in IPA as espeak-ng says it: a starting point for a phoneme entry.

    Edit the phonemes where the reading is wrong, then add them with 'lexicon add'.

    \b
    Examples:
      newscaster lexicon phonemes "Wang Yi"
      newscaster lexicon phonemes Kyiv --accent en-gb
    """
    with user_errors(ctx):
        from .voices.espeak import EspeakEngine
        from .voices.registry import registry_for

        registry = registry_for(_settings(ctx))
        voice = registry.get(f"espeak:{accent}")  # a clear error when espeak-ng or the accent is missing
        engine = registry.engine(voice.engine)
        assert isinstance(engine, EspeakEngine)
        phonemes = engine.ipa(written, voice)
        click.echo(f"/{phonemes}/")
        click.echo(f"add it with: newscaster lexicon add {shlex.quote(written)} '/{phonemes}/'", err=True)


@lexicon.command("remove")
@click.argument("written")
@click.pass_context
def lexicon_remove(ctx: click.Context, written: str) -> None:
    """Remove your entries for WRITTEN (both the case-sensitive and the any-case one).

    \b
    Examples:
      newscaster lexicon remove Nguyen
    """
    with user_errors(ctx):
        from .text.lexicon import Lexicon, bundled_lexicon_path

        path = _settings(ctx).lexicon_path
        words = Lexicon.load(path)
        if not words.remove(written):
            bundled = Lexicon.load(bundled_lexicon_path()).remove(written)
            hint = f"; it is bundled: override it with 'lexicon add {written} …'" if bundled else ""
            raise InputError(f"no entry for {written!r} in your lexicon ({path}){hint}")
        words.save(path)
        click.echo(f"removed {written}  [{path}]")


# ---------------------------------------------------------------------------------------------------------
# check
# ---------------------------------------------------------------------------------------------------------


@click.command()
@click.argument("narration", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--threshold",
    type=click.FloatRange(0.0, 10.0),
    default=None,
    help="Flag sentences whose word error rate is above this (0.35 = 35 %). [default: 0.35]",
)
@click.option("--per-sentence", is_flag=True, help="Transcribe each sentence alone (slower).")
@click.option(
    "--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@click.pass_context
def check(
    ctx: click.Context, narration: Path, threshold: float | None, per_sentence: bool, output_format: str
) -> None:
    """Listen to a narration and report the sentences it did not say right.

    Transcribes the audio beside NARRATION (a NAME.json written by 'read') offline with whisper
    tiny.en, aligns it to the spoken text sentence by sentence, and prints the word error rate overall
    and each sentence above the threshold: likely mispronounced, skipped or garbled. Needs the check
    extra: pip install 'newscaster[check]'. The recognizer itself misses some names (e.g. "Xi"), so
    expect a few percent on a perfect narration.

    \b
    Examples:
      newscaster check story.json
      newscaster check story.json --threshold 0.5 --format json | jq .wer
    """
    with user_errors(ctx):
        from .check import CHUNK_MS, FLAG_WER, check_narration
        from .text.lexicon import default_lexicon

        _refuse_audio(narration)
        document = _peek(narration)
        language = str(document.get("article", {}).get("language") or "en")
        report = check_narration(
            narration,
            threshold=FLAG_WER if threshold is None else threshold,
            chunk_ms=0 if per_sentence else CHUNK_MS,
            lexicon=default_lexicon(_settings(ctx).lexicon_path, language),
        )
        if output_format == "json":
            click.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
        else:
            click.echo(report.to_text())


def _refuse_audio(path: Path) -> None:
    """``check story.mp3``: the audio is found through its timings file, which is what to give."""
    from .audio.encode import audio_formats, encoder_for

    audio_suffixes = {f".{encoder_for(f).extension}" for f in audio_formats()} | {".ogg", ".m4a"}
    if path.suffix.lower() not in audio_suffixes:
        return
    timings = path.with_suffix(".json")
    missing = "" if timings.is_file() else f" ({timings.name} is not there: narrate again to write it)"
    raise InputError(
        f"{path} is audio; check takes the narration's timings file beside it: "
        f"newscaster check {shlex.quote(str(timings))}{missing}"
    )


def _peek(path: Path) -> dict[str, Any]:
    """The narration document, or {} (``check_narration`` reports a bad file with the right message)."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return document if isinstance(document, dict) else {}
