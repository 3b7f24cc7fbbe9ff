"""Options that several commands share, defined once so their names and help read the same everywhere."""

from __future__ import annotations

import click

voice_option = click.option(
    "-v", "--voice", "voice_id", help="Voice id or name (see 'newscaster voices'). [default: by language]"
)
speed_option = click.option("-s", "--speed", help="0.5–2.0, or slow / average / fast. [default: 1.0]")
jobs_option = click.option(
    "-j",
    "--jobs",
    type=click.IntRange(1, 64),
    default=None,
    help="Worker processes for synthesis. [default: one per core]",
)
language_option = click.option(
    "-l",
    "--language",
    help="The article's language as a BCP 47 tag (fr, de-CH, zh-Hans, zh-Hant, yue, ja). "
    "[default: detected from the text]",
)
force_voice_option = click.option(
    "--force-voice",
    is_flag=True,
    help="Let --voice read an article in a language it does not speak (else that is an error).",
)
