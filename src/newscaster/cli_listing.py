"""How ``list`` commands print their rows: a line each (``--format table``) or one JSON array."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import click

Row = TypeVar("Row")


def echo_listing(
    rows: Sequence[Row],
    output_format: str,
    *,
    as_json: Callable[[Row], Any],
    as_line: Callable[[Row], str],
    when_empty: str,
) -> None:
    """``rows`` as a JSON array (``output_format`` "json", empty or not), else a line each, or
    ``when_empty`` (which says how to make the first) when there are none."""
    if output_format == "json":
        click.echo(json.dumps([as_json(row) for row in rows], indent=2))
    elif not rows:
        click.echo(when_empty)
    else:
        for row in rows:
            click.echo(as_line(row))
