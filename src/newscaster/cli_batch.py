"""``newscaster batch``: narrate a whole feed or archive into the library (see batch.py)."""

from __future__ import annotations

import sys

import click

from .cli_errors import EXIT_INPUT_ERROR, user_errors
from .cli_options import jobs_option, speed_option, voice_option


@click.command()
@click.argument("sources", nargs=-1, required=True)
@voice_option
@speed_option
@click.option(
    "-f",
    "--format",
    "audio_format",
    type=click.Choice(["mp3", "opus"]),
    default="mp3",
    show_default=True,
    help="Audio format.",
)
@click.option(
    "--limit",
    type=click.IntRange(1, 10_000),
    default=None,
    help="At most this many articles from each source (feeds: the first entries). [default: 200]",
)
@click.option(
    "--enqueue-only",
    is_flag=True,
    help="Only queue the jobs; a running 'newscaster serve' narrates them. "
    "Always so with NEWSCASTER_BROKER_URL: the workers narrate them, after fresh articles.",
)
@jobs_option
@click.pass_context
def batch(
    ctx: click.Context,
    sources: tuple[str, ...],
    voice_id: str | None,
    speed: str | None,
    audio_format: str,
    limit: int | None,
    enqueue_only: bool,
    jobs: int | None,
) -> None:
    """Narrate every article of SOURCES into the library: RSS or Atom feeds (URL or file) or folders
    of saved pages (.html, .txt, .md).

    Run it again, e.g. from cron, to narrate new articles and re-narrate the ones whose text changed;
    unchanged articles keep their narration. The articles then appear in 'newscaster serve' (library,
    player, podcast feed). Exits 1 if any article failed (each failure is listed).

    \b
    Examples:
      newscaster batch https://example.com/news/rss.xml --voice hibari:heart
      newscaster batch ~/archive/2026/ --speed 1.25 --format opus
      newscaster batch feed.xml --enqueue-only
    """
    with user_errors(ctx):
        from .batch import MAX_BATCH_ITEMS, BatchOptions, BatchResult, collect_items, run_batch
        from .jobs.backends import queue_backend_for
        from .jobs.base import JobState
        from .speed import parse_speed
        from .synthesize import default_workers

        settings = ctx.obj["settings"]
        options = BatchOptions(
            voice=voice_id,
            speed=parse_speed(speed) if speed is not None else None,
            audio_format=audio_format,
            limit=limit or MAX_BATCH_ITEMS,
        )
        items = [item for source in sources for item in collect_items(source, options, settings)]
        click.echo(f"{len(items)} article(s) from {len(sources)} source(s)", err=True)

        def report(result: BatchResult) -> None:
            job = result.job
            if job.state is JobState.DONE:
                status = "unchanged" if result.reused else "narrated "
                click.echo(f"{status}  {result.title or result.item.label}  [{result.item.label}]")
            elif job.state is JobState.FAILED:
                click.echo(f"failed     {result.item.label}: {job.error}")
            else:
                click.echo(f"{job.state.value:10} {result.item.label} (job {job.id})")
            sys.stdout.flush()

        if queue_backend_for(settings).remote_workers:
            enqueue_only = True  # the broker's workers narrate them, after any fresh articles
        results = run_batch(
            items, settings, workers=jobs or default_workers(), enqueue_only=enqueue_only, on_result=report
        )
        if enqueue_only:
            for result in results:
                click.echo(f"queued     {result.item.label} (job {result.job.id})")
            return
        failed = sum(r.job.state is JobState.FAILED for r in results)
        narrated = sum(r.job.state is JobState.DONE and not r.reused for r in results)
        unchanged = sum(r.reused for r in results)
        click.echo(f"{narrated} narrated, {unchanged} unchanged, {failed} failed", err=True)
        if failed:
            sys.exit(EXIT_INPUT_ERROR)


def register(cli: click.Group) -> None:
    cli.add_command(batch)
