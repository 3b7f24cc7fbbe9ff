"""What the store needs of a SQL database, whichever engine holds it.

The store's queries are written once, in the SQL both engines speak: ``?`` / ``?N`` placeholders,
``INSERT … ON CONFLICT … DO UPDATE``, ``coalesce``, ``CASE``, row values. SQLite runs them as they are;
the PostgreSQL backend (``postgres.py``) rewrites the placeholders into its own and returns rows that
read by name and by position like ``sqlite3.Row``. The few things the engines do differently — how a
claim locks a job, how a JSON value is edited, which column keeps the order of submission — are the
``Dialect``'s, named once here instead of tested for in every query.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol


class Cursor(Protocol):
    @property
    def rowcount(self) -> int: ...

    def fetchone(self) -> Any: ...

    def fetchall(self) -> list[Any]: ...

    def __iter__(self) -> Iterator[Any]: ...


class Connection(Protocol):
    def execute(self, sql: str, parameters: Sequence[Any] = ..., /) -> Cursor: ...


@dataclass(frozen=True)
class Dialect:
    name: str
    """The backend's name, also the folder of its own versions of migrations (``migrations/NAME/``)."""
    submission_order: str
    """A column of ``jobs`` that grows with each job submitted (timestamps can tie)."""
    claim_lock: str
    """Appended to the claim's ``SELECT``: what keeps two claimers from taking one job."""
    drop_payload: str
    """SQL for a job's ``request`` without the page or text it carried."""
    shared_between_hosts: bool
    """Servers on several hosts may use the database at once (so a running job may be another's)."""
    integrity_errors: tuple[type[Exception], ...]
    """What a violated unique constraint raises."""
    unavailable: tuple[type[Exception], ...]
    """What is raised when the database cannot be reached or written right now (the server says 503)."""
    errors: tuple[type[Exception], ...]
    """Every error of the database itself (unreachable, full, read-only, busy …)."""


class SqlDatabase(Protocol):
    """A database the store can use: a connection for the calling thread, and write transactions."""

    dialect: Dialect
    data_dir: Path
    """The data folder the database belongs with: where narrations' files go unless stored elsewhere."""

    def connection(self) -> Connection: ...

    def transaction(self) -> AbstractContextManager[Connection]:
        """A write transaction: committed when the block ends, rolled back when it raises."""
        ...

    def migrate(self) -> list[str]:
        """Apply the migrations not applied yet; returns their names."""
        ...

    def describe(self) -> str:
        """Where the database is, for messages (never with a password)."""
        ...


def numbered_placeholders(sql: str, parameters: Sequence[Any], marker: str = "%s") -> tuple[str, list[Any]]:
    """``sql`` with SQLite's ``?`` and ``?N`` placeholders as ``marker``, and the parameters in the order
    the markers now take them (``?2`` used twice takes the second parameter twice). Quoted strings,
    quoted names and comments are left alone; a ``%`` elsewhere is doubled, as a ``%s`` driver needs."""
    out: list[str] = []
    ordered: list[Any] = []
    highest = 0
    i, length = 0, len(sql)
    while i < length:
        char = sql[i]
        if char in "'\"":
            end = sql.find(char, i + 1)
            end = length if end < 0 else end + 1
            out.append(sql[i:end].replace("%", "%%"))
            i = end
        elif sql.startswith("--", i) or sql.startswith("/*", i):
            closing = "\n" if sql.startswith("--", i) else "*/"
            end = sql.find(closing, i + 2)
            end = length if end < 0 else end + len(closing)
            out.append(sql[i:end].replace("%", "%%"))
            i = end
        elif char == "?":
            j = i + 1
            while j < length and sql[j].isdigit():
                j += 1
            # SQLite: a bare ``?`` is numbered one past the highest number used so far.
            number = int(sql[i + 1 : j]) if j > i + 1 else highest + 1
            highest = max(highest, number)
            ordered.append(parameters[number - 1])
            out.append(marker)
            i = j
        elif char == "%":
            out.append("%%")
            i += 1
        else:
            out.append(char)
            i += 1
    return "".join(out), ordered
