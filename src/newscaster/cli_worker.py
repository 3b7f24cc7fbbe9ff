"""``newscaster worker``: narrate the jobs queued on the broker (``NEWSCASTER_BROKER_URL``); see
docs/deploy.md. Registered on the main ``newscaster`` group by ``register(cli)``."""

from __future__ import annotations

import click

from .cli_errors import user_errors
from .config import Settings
from .errors import OptionError
from .logs import LOG_LEVELS, log_level_from_env

PRIORITY_NAMES = ("fresh", "backfill")


def _priorities(value: str) -> list[str]:
    names = [name.strip().lower() for name in value.split(",") if name.strip()]
    unknown = [name for name in names if name not in PRIORITY_NAMES]
    if unknown or not names:
        raise OptionError(f"--queues takes fresh, backfill or both (fresh,backfill), not {value!r}")
    return list(dict.fromkeys(names))


@click.command()
@click.option(
    "-c",
    "--concurrency",
    type=click.IntRange(1, 256),
    default=None,
    help="Narrations at once, each in its own process with its own voices. [default: one per core]",
)
@click.option(
    "-Q",
    "--queues",
    default="fresh,backfill",
    show_default=True,
    help="Which jobs to take, in this order of precedence: fresh (from the API) and backfill (batch).",
)
@click.option(
    "--log-level",
    type=click.Choice(LOG_LEVELS, case_sensitive=False),
    help="Log lines at this level and above (info: one per job). [default: NEWSCASTER_LOG_LEVEL, else info]",
)
@click.pass_context
def worker(ctx: click.Context, concurrency: int | None, queues: str, log_level: str | None) -> None:
    """Narrate the jobs the servers queue on the broker (NEWSCASTER_BROKER_URL, e.g. redis://host:6379/0).

    Run as many as the work needs, on any machine that shares the server's database and audio storage.
    Each loads its voices once; a worker that is killed mid-narration loses nothing (another one takes
    the job over).

    \b
    Examples:
      NEWSCASTER_BROKER_URL=redis://localhost:6379/0 newscaster worker
      newscaster worker --concurrency 4 --queues fresh
    """
    with user_errors(ctx):
        from .jobs.backends import queue_backend_for
        from .jobs.base import JobPriority
        from .synthesize import default_workers

        settings: Settings = ctx.obj["settings"]
        level = log_level_from_env(log_level)
        priorities = [JobPriority(name) for name in _priorities(queues)]
        if not queue_backend_for(settings).remote_workers:
            raise OptionError(
                "newscaster worker needs a broker: set NEWSCASTER_BROKER_URL "
                "(e.g. redis://localhost:6379/0); without one, 'newscaster serve' runs the jobs itself"
            )
        from .jobs.celery_worker import run_worker

        run_worker(settings, concurrency or default_workers(), priorities, level)


def register(cli: click.Group) -> None:
    cli.add_command(worker)
