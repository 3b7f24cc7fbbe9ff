"""Library commands: ``newscaster article list | delete | unpublish | publish``.

Registered on the main ``newscaster`` group by ``register(cli)``; errors go through
``cli_errors.user_errors``. An article is named by its id (``article list``, the library page's address)
or by the URL it was published at.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING

import click

from .addresses import web_address
from .cli_errors import user_errors
from .config import Settings
from .errors import InputError

if TYPE_CHECKING:  # the library's modules (numpy among them) load only for the commands that use it
    from .store.library import Library, StoredArticle

_ARTICLE_ID = re.compile(r"^[0-9a-f]{16}$")


def _library(ctx: click.Context) -> Library:
    from .store.library import Library
    from .store.storage import storage_for
    from .web.state import open_database

    settings: Settings = ctx.obj["settings"]
    return Library(open_database(settings), storage_for(settings))


def find_article(library: Library, given: str) -> StoredArticle:
    """The article ``given`` names: its id, or the URL it was published at; else a one-line error."""
    given = given.strip()
    found = (
        library.get_article(given) if _ARTICLE_ID.match(given) else library.find_by_url(web_address(given))
    )
    if found is None:
        raise InputError(f"No article {given!r} in the library; see 'newscaster article list'")
    return found


@click.group()
def article() -> None:
    """The articles in the library (what 'newscaster serve' and the podcast feed show).

    \b
    Examples:
      newscaster article list
      newscaster article unpublish https://example.com/news/story
      newscaster article publish 3fa2c91b0d6e4a17
      newscaster article delete 3fa2c91b0d6e4a17
    """


@article.command("list")
@click.option("--format", "output_format", type=click.Choice(["table", "json"]), default="table")
@click.pass_context
def list_articles(ctx: click.Context, output_format: str) -> None:
    """List every article, newest first: id, state, title and URL (unpublished ones too)."""
    with user_errors(ctx):
        rows = _library(ctx).list_articles(limit=10_000, include_unpublished=True)
    if output_format == "json":
        click.echo(json.dumps([_article_row(stored) for stored, _ in rows], ensure_ascii=False, indent=2))
        return
    if not rows:
        click.echo("The library is empty; narrate something with 'newscaster batch' or 'newscaster serve'.")
        return
    for stored, _ in rows:
        state = "published" if stored.is_published else "unpublished"
        click.echo(f"{stored.id}  {state:11}  {stored.article.title}  {stored.article.url or ''}".rstrip())


def _article_row(stored: StoredArticle) -> dict[str, object]:
    return {
        "id": stored.id,
        "title": stored.article.title,
        "url": stored.article.url,
        "unpublished_at": stored.unpublished_at,
        "updated_at": stored.updated_at,
    }


@article.command("delete")
@click.argument("article_ref", metavar="ID|URL")
@click.pass_context
def delete_article(ctx: click.Context, article_ref: str) -> None:
    """Delete an article and its narrations: gone from the library, the feed and the API at once; the
    audio, transcript and timings files go after five minutes (a download under way finishes), removed
    by a running 'newscaster serve' or by the next 'newscaster batch' or server start.

    \b
    Examples:
      newscaster article delete 3fa2c91b0d6e4a17
      newscaster article delete https://example.com/news/story
    """
    with user_errors(ctx):
        library = _library(ctx)
        stored = find_article(library, article_ref)
        files = library.delete_article(stored.id) or set()
        library.storage.remove_unreferenced(library.referenced_files)  # what earlier runs left past its grace
    click.echo(f"Deleted “{stored.article.title}” ({stored.id}) and its {len(files)} narration file(s).")


def _set_published(ctx: click.Context, article_ref: str, published: bool) -> None:
    with user_errors(ctx):
        library = _library(ctx)
        stored = find_article(library, article_ref)
        library.set_published(stored.id, published)
    done = "Published" if published else "Unpublished"
    click.echo(f"{done} “{stored.article.title}” ({stored.id}).")


@article.command("unpublish")
@click.argument("article_ref", metavar="ID|URL")
@click.pass_context
def unpublish_article(ctx: click.Context, article_ref: str) -> None:
    """Withdraw an article: out of the podcast feed, the library, the API's article list and the embed
    player; its narrations are kept until it is published again or deleted."""
    _set_published(ctx, article_ref, published=False)


@article.command("publish")
@click.argument("article_ref", metavar="ID|URL")
@click.pass_context
def publish_article(ctx: click.Context, article_ref: str) -> None:
    """Publish a withdrawn article again."""
    _set_published(ctx, article_ref, published=True)


def register(cli: click.Group) -> None:
    cli.add_command(article)
