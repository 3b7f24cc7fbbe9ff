"""How every ``newscaster`` command fails: one line on stderr and a non-zero exit, no traceback unless
``--debug``. Shared by cli.py and the command groups it registers (cli_text, cli_admin).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

import click

from .errors import NewscasterError

EXIT_INPUT_ERROR = 1
EXIT_INTERNAL_ERROR = 2
EXIT_INTERRUPTED = 130


@contextmanager
def user_errors(ctx: click.Context) -> Iterator[None]:
    debug = bool(ctx.obj and ctx.obj.get("debug"))
    try:
        yield
    except NewscasterError as error:
        click.echo(f"newscaster: {error}", err=True)
        sys.exit(EXIT_INPUT_ERROR)
    except click.ClickException:
        raise  # usage errors are printed by main() as one line
    except BrokenPipeError:
        sys.stderr.close()  # the reader went away (e.g. `| head`): not an error worth a message
        sys.exit(0)
    except KeyboardInterrupt:
        click.echo("newscaster: interrupted", err=True)
        sys.exit(EXIT_INTERRUPTED)
    except Exception as error:
        if debug:
            raise
        click.echo(
            f"newscaster: internal error: {type(error).__name__}: {error} (rerun with --debug)", err=True
        )
        sys.exit(EXIT_INTERNAL_ERROR)
