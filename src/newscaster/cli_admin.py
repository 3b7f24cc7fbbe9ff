"""Operator commands: ``newscaster token create | list | revoke``.

Registered on the main ``newscaster`` group by ``register(cli)``. It also tells the app where ``serve``
listens (``NEWSCASTER_BIND_HOST``), which decides whether write requests need a token.
"""

from __future__ import annotations

import functools
import json
import os
import sys
from typing import Any

import click

from .config import Settings
from .errors import NewscasterError

EXIT_INPUT_ERROR = 1


def _token_store(ctx: click.Context) -> Any:
    from .store.tokens import TokenStore
    from .web.state import open_database

    settings: Settings = ctx.obj["settings"]
    return TokenStore(open_database(settings))


def _fail(error: NewscasterError) -> None:
    click.echo(f"newscaster: {error}", err=True)
    sys.exit(EXIT_INPUT_ERROR)


@click.group()
def token() -> None:
    """API tokens for write requests (new narrations) to a server reachable from other machines.

    \b
    A server bound to loopback (the default) needs no token. With --host 0.0.0.0,
    or NEWSCASTER_REQUIRE_TOKEN=1, clients send 'Authorization: Bearer TOKEN'.
    Only a salted hash of each token is stored; the token is shown once.

    \b
    Examples:
      newscaster token create --name "newsroom CMS"
      newscaster token list
      newscaster token revoke 3fa2c91b
    """


@token.command("create")
@click.option("--name", default="", help="What the token is for (shown by 'token list').")
@click.pass_context
def create_token(ctx: click.Context, name: str) -> None:
    """Create a token and print it (the only time it is shown)."""
    try:
        info, secret = _token_store(ctx).create(name)
    except NewscasterError as error:
        _fail(error)
        return
    click.echo(secret)
    click.echo(f"Token {info.id} ({info.name}) created; store it now, it cannot be shown again.", err=True)


@token.command("list")
@click.option("--format", "output_format", type=click.Choice(["table", "json"]), default="table")
@click.pass_context
def list_tokens(ctx: click.Context, output_format: str) -> None:
    """List tokens: id, name, created, last used, revoked (never the secrets)."""
    try:
        tokens = _token_store(ctx).list()
    except NewscasterError as error:
        _fail(error)
        return
    if output_format == "json":
        click.echo(json.dumps([info.__dict__ for info in tokens], indent=2))
        return
    if not tokens:
        click.echo("No tokens yet; create one with 'newscaster token create --name NAME'.")
        return
    for info in tokens:
        state = f"revoked {info.revoked_at}" if info.revoked_at else "active"
        click.echo(
            f"{info.id}  {state:28}  created {info.created_at}  "
            f"last used {info.last_used_at or 'never':25}  {info.name}"
        )


@token.command("revoke")
@click.argument("token_id")
@click.pass_context
def revoke_token(ctx: click.Context, token_id: str) -> None:
    """Revoke the token TOKEN_ID (its id from 'token list', or the whole token)."""
    try:
        revoked = _token_store(ctx).revoke(token_id)
    except NewscasterError as error:
        _fail(error)
        return
    if not revoked:
        _fail(NewscasterError(f"No active token {token_id!r}; see 'newscaster token list'"))
    click.echo(f"Token {token_id} revoked.")


def _tell_app_the_bind_host(serve: click.Command) -> None:
    """Wrap ``serve`` so the app it builds knows its --host (loopback or not decides token checks)."""
    original = serve.callback
    if original is None or getattr(original, "_newscaster_bind_host", False):
        return

    @functools.wraps(original)
    def callback(*args: Any, **kwargs: Any) -> Any:
        host = kwargs.get("host")
        if host:
            os.environ["NEWSCASTER_BIND_HOST"] = str(host)
            from .web.security import is_loopback_host

            if not is_loopback_host(str(host)):
                click.echo(
                    f"Listening on {host}, not loopback only: new narrations need an API token "
                    "('newscaster token create'); reading stays public.",
                    err=True,
                )
        return original(*args, **kwargs)

    callback._newscaster_bind_host = True  # type: ignore[attr-defined]
    serve.callback = callback


def register(cli: click.Group) -> None:
    cli.add_command(token)
    serve = cli.commands.get("serve")
    if serve is not None:
        _tell_app_the_bind_host(serve)
