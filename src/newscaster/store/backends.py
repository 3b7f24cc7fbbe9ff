"""Which database holds the store: a backend registered by URL scheme, opened from a URL.

``NEWSCASTER_DATABASE_URL`` unset (or ``sqlite:///PATH``) keeps the embedded SQLite file in the data
folder; ``postgresql://user:password@host:port/name`` (libpq's URL, ``?sslmode=…`` and all) uses
PostgreSQL. A backend is a function from the URL and the data folder to a ``SqlDatabase``; another
engine registers its schemes with ``register_backend``, here or from a plugin, and nothing else in
the store changes.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..errors import OptionError
from .sql import SqlDatabase

SQLITE_FILE_NAME = "newscaster.sqlite3"

Opener = Callable[[str, Path, bool], SqlDatabase]
"""(url, data folder, apply migrations) → the database."""
_BACKENDS: dict[str, Opener] = {}


def register_backend(schemes: tuple[str, ...], opener: Opener) -> None:
    for scheme in schemes:
        _BACKENDS[scheme] = opener


def _sqlite(url: str, data_dir: Path, migrate: bool) -> SqlDatabase:
    from .database import Database

    path = unquote(urlsplit(url).path) if url else ""
    # sqlite:///relative/name and sqlite:////absolute/name, as SQLAlchemy spells them
    file = Path(path[1:]) if path.startswith("/") else Path(path)
    return Database(file if path else data_dir / SQLITE_FILE_NAME, migrate=migrate)


def _postgresql(url: str, data_dir: Path, migrate: bool) -> SqlDatabase:
    try:
        from .postgres import PostgresDatabase
    except ImportError as error:
        raise OptionError(
            f"A PostgreSQL database needs the psycopg package ({error}): pip install 'psycopg[binary]'"
        ) from error
    return PostgresDatabase(url, data_dir, migrate=migrate)


register_backend(("sqlite",), _sqlite)
register_backend(("postgresql", "postgres"), _postgresql)


def redacted_url(url: str) -> str:
    """``url`` without its password, for messages and logs."""
    return re.sub(r"(://[^:/@]+):[^@/]*@", r"\1:***@", url)


def backend_scheme(url: str | None) -> str:
    """The registered scheme ``url`` names (``sqlite`` when there is no URL); an ``OptionError`` naming
    the known ones otherwise."""
    if not url:
        return "sqlite"
    scheme = urlsplit(url).scheme.split("+", 1)[0].lower()
    if scheme not in _BACKENDS:
        known = ", ".join(f"{name}://" for name in sorted(_BACKENDS))
        raise OptionError(f"Unknown kind of database {scheme or url!r} in the database URL (known: {known})")
    return scheme


def open_database(url: str | None, data_dir: Path, *, migrate: bool = True) -> SqlDatabase:
    """The database ``url`` names (the data folder's SQLite file when None), brought up to the current
    schema unless ``migrate`` is False."""
    return _BACKENDS[backend_scheme(url)](url or "", data_dir, migrate)
