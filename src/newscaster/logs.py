"""Structured log lines: one ``key=value`` line per event, so ``grep`` and log shippers can read them.

``log_event(logger, "job", id=…, outcome="failed", error=…)`` writes
``time=2024-03-12T08:15:02Z level=warning logger=newscaster.jobs event=job id=… outcome=failed error="…"``.
Records from other code (uvicorn, libraries, ``log.info("…")``) get the same shape with ``msg=``; a
traceback is folded into one quoted ``exc=`` value, so every record stays one line. Inside ``job_context``
every line also says ``job=<id>``.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from .errors import OptionError

LOG_LEVELS = ("debug", "info", "warning", "error")
DEFAULT_LOG_LEVEL = "info"
"""Info shows one line per request and per job: what an operator needs to see a server work."""
FIELDS_ATTRIBUTE = "newscaster_fields"
_BARE_VALUE = re.compile(r"^[A-Za-z0-9_.:/@+,-]+$")
"""A value written without quotes; anything else (spaces, ``=``, quotes, empty) is JSON-quoted."""
OWN_LOGGERS = ("newscaster", "uvicorn", "uvicorn.error")
_current_job: ContextVar[str | None] = ContextVar("newscaster_job", default=None)


@contextmanager
def job_context(job_id: str) -> Iterator[None]:
    """Every line logged in this block (this thread) carries ``job=<job_id>``, whatever logs it: the
    engine's warnings, a storage error, a retry; so one job's lines can be pulled out of many workers'."""
    token = _current_job.set(job_id)
    try:
        yield
    finally:
        _current_job.reset(token)


def log_level_from_env(given: str | None = None) -> str:
    """``given`` (``--log-level``), else ``NEWSCASTER_LOG_LEVEL``, else info; an unknown name is an
    ``OptionError`` naming the choices."""
    level = (given or os.environ.get("NEWSCASTER_LOG_LEVEL") or DEFAULT_LOG_LEVEL).strip().lower()
    if level not in LOG_LEVELS:
        raise OptionError(f"Log level must be one of {', '.join(LOG_LEVELS)}, not {level!r}")
    return level


def _value(value: Any) -> str:
    if isinstance(value, float):
        value = round(value, 1)
    text = "" if value is None else str(value)
    return text if _BARE_VALUE.match(text) else json.dumps(text, ensure_ascii=False)


def format_fields(fields: dict[str, Any]) -> str:
    """``key=value`` pairs in the given order; None values are left out."""
    return " ".join(f"{key}={_value(value)}" for key, value in fields.items() if value is not None)


class KeyValueFormatter(logging.Formatter):
    """Every record as one line: time, level, logger, then the event's fields (or ``msg=``)."""

    def format(self, record: logging.LogRecord) -> str:
        moment = dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(timespec="milliseconds")
        head: dict[str, Any] = {
            "time": moment.replace("+00:00", "Z"),
            "level": record.levelname.lower(),
            "logger": record.name,
        }
        fields = getattr(record, FIELDS_ATTRIBUTE, None)
        body = dict(fields) if isinstance(fields, dict) else {"msg": record.getMessage()}
        job_id = _current_job.get()
        if job_id is not None and body.get("id") != job_id:
            body = {"job": job_id, **body}
        if record.exc_info:
            body["exc"] = self.formatException(record.exc_info)
        return format_fields({**head, **body})


def log_event(logger: logging.Logger, level: int, event: str, **fields: Any) -> None:
    """Log ``event`` with ``fields`` as one structured line (the plain message says the same)."""
    if logger.isEnabledFor(level):
        line = {"event": event, **fields}
        logger.log(level, format_fields(line), extra={FIELDS_ATTRIBUTE: line})


def configure_logging(level: str) -> None:
    """Send newscaster's and uvicorn's records at ``level`` and above to stderr as structured lines."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(KeyValueFormatter())
    root = logging.getLogger()
    for existing in list(root.handlers):
        root.removeHandler(existing)
    root.addHandler(handler)
    root.setLevel(logging.WARNING)  # libraries stay quiet unless something is wrong
    for name in OWN_LOGGERS:
        logging.getLogger(name).setLevel(level.upper())
