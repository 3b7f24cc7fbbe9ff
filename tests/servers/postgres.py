"""A PostgreSQL server for the tests, started by the tests themselves (no service to set up).

``initdb`` + ``pg_ctl`` from the Debian ``postgresql`` package (``/usr/lib/postgresql/VERSION/bin``)
make a throw-away cluster in a temporary folder, listening on 127.0.0.1 on a free port, once per test
session; each test gets its own database in it (``postgres_url``). PostgreSQL refuses to run as root,
so under root the server runs as the ``postgres`` user the package creates (else ``nobody``) through
``runuser``, and the folder is handed to that user. Durability is switched off (``fsync=off``): the
cluster is deleted at the end anyway, and it keeps the tests quick on a busy machine. The tests skip,
saying why, only when the binaries are not installed (``scripts/install-system-deps.sh test`` installs
them, as ``make test`` does).
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

START_TIMEOUT_S = 60
"""initdb and the first start take seconds; under the load of parallel test runs, far longer."""
SUPERUSER = "newscaster"


def server_binaries() -> Path | None:
    """The folder with ``initdb`` and ``pg_ctl``: the newest Debian version's, else the ones on PATH."""
    debian = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"), key=lambda p: int(p.parent.parent.name))
    if debian:
        return debian[-1].parent
    found = shutil.which("pg_ctl")
    return Path(found).parent if found and shutil.which("initdb") else None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _unprivileged_user() -> str | None:
    """Who runs the server when the tests run as root (PostgreSQL will not run as root)."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            pwd.getpwnam(name)
            return name
        except KeyError:
            continue
    pytest.skip("running as root and there is neither a postgres nor a nobody user to run PostgreSQL as")


@dataclass(frozen=True)
class PostgresServer:
    host: str
    port: int

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{SUPERUSER}@{self.host}:{self.port}/{database}"

    def create_database(self) -> str:
        """A new empty database; its URL."""
        import psycopg

        name = f"test_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(self.url(), autocommit=True) as admin:
            admin.execute(f"CREATE DATABASE {name}")
        return self.url(name)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    binaries = server_binaries()
    if binaries is None:
        pytest.skip(
            "PostgreSQL is not installed (no initdb/pg_ctl under /usr/lib/postgresql/*/bin or on PATH): "
            "install the Debian package postgresql (scripts/install-system-deps.sh test)"
        )
    pytest.importorskip("psycopg", reason="the psycopg package is not installed (pip install -e .[dev])")
    user = _unprivileged_user()
    as_user = ["runuser", "-u", user, "--"] if user else []
    folder = Path(tempfile.mkdtemp(prefix="newscaster-postgres-"))
    if user:
        account = pwd.getpwnam(user)
        os.chown(folder, account.pw_uid, account.pw_gid)
    data, log = folder / "data", folder / "server.log"
    port = _free_port()

    def run(*args: str) -> None:
        subprocess.run([*as_user, *args], check=True, capture_output=True, timeout=START_TIMEOUT_S)

    try:
        run(str(binaries / "initdb"), "-D", str(data), "-U", SUPERUSER, "--auth=trust", "-E", "UTF8",
            "--no-locale", "--no-sync")  # fmt: skip
        options = (
            f"-p {port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={folder} "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
        )
        run(str(binaries / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(log), "-w",
            "-t", str(START_TIMEOUT_S), "start")  # fmt: skip
    except subprocess.CalledProcessError as error:
        detail = (error.stderr or b"").decode(errors="replace")
        server_log = log.read_text(errors="replace") if log.exists() else ""
        shutil.rmtree(folder, ignore_errors=True)
        raise RuntimeError(f"PostgreSQL did not start: {detail}\n{server_log}") from error
    try:
        yield PostgresServer("127.0.0.1", port)
    finally:
        subprocess.run(
            [*as_user, str(binaries / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
            capture_output=True, timeout=START_TIMEOUT_S,
        )  # fmt: skip
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def postgres_url(postgres_server: PostgresServer) -> str:
    """A fresh, empty database of the session's server, for one test."""
    return postgres_server.create_database()
