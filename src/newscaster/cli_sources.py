"""``newscaster source add | list | remove``: the feeds and sitemaps a running server narrates by itself.

The commands write the data folder's database; ``newscaster serve`` on the same folder polls a new source
within ``SCHEDULER_TICK_S``, then on its schedule.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from .cli_errors import user_errors
from .cli_listing import echo_listing
from .cli_options import speed_option, voice_option
from .config import Settings
from .errors import NewscasterError
from .sources.options import DEFAULT_EVERY_S, DEFAULT_INTRO, NewSource, checked

if TYPE_CHECKING:
    from .store.sources import SourceRecord, SourceStore


def _store(ctx: click.Context) -> SourceStore:
    from .store.sources import SourceStore
    from .web.state import open_database

    settings: Settings = ctx.obj["settings"]
    return SourceStore(open_database(settings))


@click.group()
def source() -> None:
    """Feeds and sitemaps the server polls, narrating new and edited articles by itself.

    \b
    Examples:
      newscaster source add https://news.example/feed.xml --voice heart --intro
      newscaster source add https://news.example/sitemap-news.xml --every 1h
      newscaster source list
      newscaster source remove 3fa2c91b04de
    """


@source.command("add")
@click.argument("url")
@voice_option
@speed_option
@click.option(
    "--intro/--no-intro", default=False, help=f"Begin each narration with “{DEFAULT_INTRO}”. [default: no]"
)
@click.option("--intro-text", help="Your own intro instead ('{site}' becomes the site's name).")
@click.option("--outro", help="Spoken after each article.")
@click.option(
    "--every", default=f"{DEFAULT_EVERY_S // 60}m", show_default=True, help="Poll interval (1m–7d)."
)
@click.pass_context
def add_source(
    ctx: click.Context,
    url: str,
    voice_id: str | None,
    speed: str | None,
    intro: bool,
    intro_text: str | None,
    outro: str | None,
    every: str,
) -> None:
    """Register the RSS/Atom feed or XML sitemap at URL and print its ping secret (shown once)."""
    with user_errors(ctx):
        new = NewSource(url, voice_id, speed, intro_text or intro, outro, every)
        checked_url, options = checked(new, ctx.obj["settings"])
        added = _store(ctx).add(checked_url, options)
        if added is None:
            raise NewscasterError(f"{checked_url} is already a source; see 'newscaster source list'")
    click.echo(f"Source {added.id} added: {added.url} (every {options.every_s // 60} min).")
    click.echo(f"Ping secret (shown once): {added.secret}")
    click.echo(f'A CMS may POST {{"url": …}} to /api/sources/{added.id}/ping, signed with it.', err=True)


@source.command("list")
@click.option("--format", "output_format", type=click.Choice(["table", "json"]), default="table")
@click.pass_context
def list_sources(ctx: click.Context, output_format: str) -> None:
    """List sources: id, URL, last poll, last error, next poll (never the secrets)."""
    with user_errors(ctx):
        sources = _store(ctx).all()

    def line(s: SourceRecord) -> str:
        error = f"  error ({s.failures} in a row): {s.last_error}" if s.last_error else ""
        return (
            f"{s.id}  {s.kind or 'new':8}  {s.url}  last poll {s.last_poll_at or 'never'}  "
            f"next {s.next_poll_at}{error}"
        )

    echo_listing(
        sources, output_format, as_json=lambda s: s.to_json(), as_line=line,
        when_empty="No sources yet; add one with 'newscaster source add URL'.",
    )  # fmt: skip


@source.command("remove")
@click.argument("source_id")
@click.pass_context
def remove_source(ctx: click.Context, source_id: str) -> None:
    """Stop polling SOURCE_ID (its narrations stay in the library)."""
    with user_errors(ctx):
        if not _store(ctx).remove(source_id.strip()):
            raise NewscasterError(f"No source {source_id!r}; see 'newscaster source list'")
    click.echo(f"Source {source_id.strip()} removed.")


def register(cli: click.Group) -> None:
    cli.add_command(source)
