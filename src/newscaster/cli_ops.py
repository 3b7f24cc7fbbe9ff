"""Operator commands: ``newscaster cache prune``, ``newscaster backup`` and ``newscaster admin-password``.

Registered on the main ``newscaster`` group by ``register(cli)``; see docs/operating.md.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import click

from .cli_errors import user_errors
from .config import Settings
from .errors import NewscasterError

BYTES_PER_MB = 1024 * 1024
MIN_PASSWORD_CHARS = 12
"""The admin password guards every write of the server; twelve characters put guessing it (through a
rate-limited form, or from the hash) far out of reach."""


def _mb(size_bytes: int) -> str:
    return f"{size_bytes / BYTES_PER_MB:,.1f} MB"


@click.group()
def cache() -> None:
    """The sentence cache: synthesized sentences kept so an edited article is re-narrated quickly.

    \b
    It is throw-away (deleting it loses nothing but time) and bounded by
    NEWSCASTER_SENTENCE_CACHE_MB; the least recently used sentences go first.

    \b
    Examples:
      newscaster cache prune
      newscaster cache prune --max-mb 200
    """


@cache.command("prune")
@click.option(
    "--max-mb",
    type=click.IntRange(min=0),
    help="Keep at most this many MB (0 empties the cache). [default: NEWSCASTER_SENTENCE_CACHE_MB]",
)
@click.pass_context
def prune_cache(ctx: click.Context, max_mb: int | None) -> None:
    """Remove the least recently used sentences until the cache fits."""
    from .store.sentence_cache import prune

    settings: Settings = ctx.obj["settings"]
    with user_errors(ctx):
        limit_mb = settings.sentence_cache_mb if max_mb is None else max_mb
        if max_mb is None and not limit_mb:
            raise NewscasterError("NEWSCASTER_SENTENCE_CACHE_MB is 0 (unbounded): give --max-mb N")
        result = prune(settings.sentence_cache_dir, limit_mb * BYTES_PER_MB)
    click.echo(
        f"Removed {result.removed_files} sentence(s), {_mb(result.removed_bytes)}; "
        f"the cache holds {_mb(result.kept_bytes)} (limit {limit_mb:,} MB) in {settings.sentence_cache_dir}"
    )


@click.command()
@click.argument("path", type=click.Path(path_type=Path))
@click.pass_context
def backup(ctx: click.Context, path: Path) -> None:
    """Back up the data folder into the new folder PATH, safely while the server runs.

    \b
    The database is copied with SQLite's online backup API (consistent, recent
    writes included); audio, lexicon, voices and settings files are copied as
    they are; the throw-away caches are left out. To restore, stop the server
    and use PATH as NEWSCASTER_DATA_DIR (or copy its contents there).

    \b
    Examples:
      newscaster backup /var/backups/newscaster-$(date +%F)
    """
    from .store.backup import backup_data_folder

    settings: Settings = ctx.obj["settings"]
    with user_errors(ctx):
        try:
            result = backup_data_folder(settings, path)
        except (OSError, sqlite3.Error) as error:
            reason = getattr(error, "strerror", None) or str(error)
            raise NewscasterError(f"The backup into {path} failed: {reason}") from error
    click.echo(
        f"Backed up {settings.data_dir} to {path}: database {_mb(result.database_bytes)}, "
        f"{result.files} other file(s), {_mb(result.file_bytes)}"
    )


@click.command("admin-password")
@click.pass_context
def admin_password(ctx: click.Context) -> None:
    """Print the hash of a new admin password, for NEWSCASTER_ADMIN_PASSWORD.

    \b
    The admin password signs a browser in on the web pages (like an API token),
    so it may narrate on a server whose writes need a token. Only the hash goes
    into the setting; the password itself is asked for without echo.

    \b
    Examples:
      newscaster admin-password
      echo "NEWSCASTER_ADMIN_PASSWORD='$(newscaster admin-password)'" >> /etc/newscaster/env
    """
    from .web.sessions import hash_password

    with user_errors(ctx):
        password = click.prompt("Admin password", hide_input=True, confirmation_prompt=True, err=True)
        if len(password) < MIN_PASSWORD_CHARS:
            raise NewscasterError(f"Choose a password of at least {MIN_PASSWORD_CHARS} characters")
        click.echo(hash_password(password))


def register(cli: click.Group) -> None:
    cli.add_command(cache)
    cli.add_command(backup)
    cli.add_command(admin_password)
