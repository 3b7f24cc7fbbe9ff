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
