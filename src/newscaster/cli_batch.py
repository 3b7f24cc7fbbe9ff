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
@click.option("--strict", is_flag=True, help="Exit 1 if any article or source failed, not only if all did.")
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
    strict: bool,
    jobs: int | None,
) -> None:
    """Narrate every article of SOURCES into the library: RSS or Atom feeds (URL or file) or folders
    of saved pages (.html, .txt, .md).

    Run it again, e.g. from cron, to narrate new articles and re-narrate the ones whose text changed;
    unchanged articles keep their narration. A feed entry that carries the whole article
    (content:encoded) is read from the feed; otherwise its link is fetched. The articles then appear in
    'newscaster serve' (library, player, podcast feed). Each article and each source that could not be
    read is listed with the reason; the run exits 1 only when all of them failed (with --strict, when
    any did).

    \b
    Examples:
      newscaster batch https://example.com/news/rss.xml --voice hibari:heart
      newscaster batch ~/archive/2026/ --speed 1.25 --format opus
      newscaster batch feed.xml --enqueue-only
    """
    with user_errors(ctx):
        from .batch import MAX_BATCH_ITEMS, BatchOptions, BatchResult, collect_items, run_batch, run_failed
        from .errors import NewscasterError
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
        items, sources_failed = [], 0
        for source in sources:
            try:
                items.extend(collect_items(source, options, settings))
            except NewscasterError as error:  # one unreachable feed must not stop the others
                sources_failed += 1
                click.echo(f"failed     {source}: {error}")
        click.echo(f"{len(items)} article(s) from {len(sources) - sources_failed} source(s)", err=True)

        def report(result: BatchResult) -> None:
            job, label = result.job, result.item.label
            if job.state is JobState.DONE:
                status = "unchanged" if result.reused else "narrated "
                origin = " (text from the feed)" if result.item.from_feed_text else ""
                click.echo(f"{status}  {result.title or label}  [{label}]{origin}")
            elif job.state is JobState.FAILED:
                click.echo(f"failed     {label}: {job.error}")
            else:
                click.echo(f"{job.state.value:10} {label} (job {job.id})")
            sys.stdout.flush()

        if queue_backend_for(settings).remote_workers:
            enqueue_only = True  # the broker's workers narrate them, after any fresh articles
        results = run_batch(
            items, settings, workers=jobs or default_workers(), enqueue_only=enqueue_only, on_result=report
        )
        if enqueue_only:
            for result in results:
                click.echo(f"queued     {result.item.label} (job {result.job.id})")
        else:
            failed = sum(r.job.state is JobState.FAILED for r in results)
            narrated = sum(r.job.state is JobState.DONE and not r.reused for r in results)
            unchanged = sum(r.reused for r in results)
            sources_note = f", {sources_failed} source(s) unreadable" if sources_failed else ""
            click.echo(f"{narrated} narrated, {unchanged} unchanged, {failed} failed{sources_note}", err=True)
        if run_failed(results, len(sources), sources_failed, strict):
            sys.exit(EXIT_INPUT_ERROR)


def register(cli: click.Group) -> None:
    cli.add_command(batch)
