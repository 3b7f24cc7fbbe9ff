"""Operator commands: ``newscaster token create | list | revoke``.

Registered on the main ``newscaster`` group by ``register(cli)``; errors go through
``cli_errors.user_errors``.
"""

from __future__ import annotations

from typing import Any

import click

from .cli_errors import user_errors
from .cli_listing import echo_listing
from .config import Settings
from .errors import NewscasterError


def _token_store(ctx: click.Context) -> Any:
    from .store.tokens import TokenStore
    from .web.state import open_database

    settings: Settings = ctx.obj["settings"]
    return TokenStore(open_database(settings))


@click.group()
def token() -> None:
    """API tokens for write requests (new narrations) to a server reachable from other machines.

    \b
    A server bound to loopback (the default) needs no token. With --host 0.0.0.0,
    or NEWSCASTER_REQUIRE_TOKEN=1, clients send 'Authorization: Bearer TOKEN'.
    Only a salted hash of each token is stored; the token is shown once.

    \b
    Examples:
      newscaster token create "newsroom CMS"
      newscaster token list
      newscaster token revoke 3fa2c91b
    """


@token.command("create")
@click.argument("name", required=False)
@click.option("--name", "name_option", metavar="NAME", help="The same as the NAME argument.")
@click.pass_context
def create_token(ctx: click.Context, name: str | None, name_option: str | None) -> None:
    """Create a token for NAME (what it is for, shown by 'token list') and print it (the only time it is
    shown).

    \b
    Examples:
      newscaster token create "newsroom CMS"
    """
    if name and name_option and name != name_option:
        raise click.UsageError("Give the token's name once: 'newscaster token create NAME'")
    name = " ".join((name or name_option or "").split())
    if not name:  # a nameless token cannot be told from the others in 'token list' when one must go
        raise click.UsageError(
            'Name the token after what will use it: newscaster token create "newsroom CMS"'
        )
    with user_errors(ctx):
        info, secret = _token_store(ctx).create(name)
    click.echo(secret)
    click.echo(f"Token {info.id} ({info.name}) created; store it now, it cannot be shown again.", err=True)


@token.command("list")
@click.option("--format", "output_format", type=click.Choice(["table", "json"]), default="table")
@click.pass_context
def list_tokens(ctx: click.Context, output_format: str) -> None:
    """List tokens: id, name, created, last used, revoked (never the secrets)."""
    with user_errors(ctx):
        tokens = _token_store(ctx).list()

    def line(info: Any) -> str:  # a store.tokens.TokenInfo
        state = f"revoked {info.revoked_at}" if info.revoked_at else "active"
        return (
            f"{info.id}  {state:28}  created {info.created_at}  "
            f"last used {info.last_used_at or 'never':25}  {info.name}"
        )

    echo_listing(
        tokens, output_format, as_json=lambda info: info.__dict__, as_line=line,
        when_empty="No tokens yet; create one with 'newscaster token create NAME'.",
    )  # fmt: skip


@token.command("revoke")
@click.argument("token_id")
@click.pass_context
def revoke_token(ctx: click.Context, token_id: str) -> None:
    """Revoke the token TOKEN_ID (its id from 'token list', or the whole token)."""
    from .store.tokens import token_id_of

    named = token_id_of(token_id)  # only the id is ever printed: a whole token holds its secret
    with user_errors(ctx):
        if named is None or not _token_store(ctx).revoke(named):
            which = named or "with that id"
            raise NewscasterError(f"No active token {which}; see 'newscaster token list'")
    click.echo(f"Token {named} revoked.")


def register(cli: click.Group) -> None:
    cli.add_command(token)
