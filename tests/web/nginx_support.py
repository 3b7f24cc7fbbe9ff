"""A real nginx, configured by the example in ``docs/``, in front of a real ``newscaster serve``: the
harness of the proxy tests (tests/web/test_proxies.py)."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from newscaster.config import Settings

NGINX_EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "nginx-newscaster.conf"
EXAMPLE_SUB_PATH = "/listen"
"""The sub-path location of the example (its part B)."""
NGINX_MAIN = """daemon off;
master_process off;
pid {folder}/nginx.pid;
error_log {folder}/error.log;
events {{ worker_connections 64; }}
http {{
  access_log {folder}/access.log;
  {temp_paths}
  include {server};
}}
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until_listening(
    port: int, process: subprocess.Popen[bytes], what: str, timeout_s: float = 60
) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"{what} exited with {process.returncode}")
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise AssertionError(f"{what} did not listen on port {port} within {timeout_s:g} s")


def nginx_config(folder: Path, nginx_port: int, server_port: int) -> Path:
    """The example server block from docs/, on test ports, inside a main config that keeps every file
    nginx writes in ``folder`` (no root paths, runs as the current user, in the foreground)."""
    example = NGINX_EXAMPLE.read_text(encoding="utf-8")
    server = re.sub(r"listen 80;", f"listen 127.0.0.1:{nginx_port};", example)
    server = server.replace("http://127.0.0.1:8000", f"http://127.0.0.1:{server_port}")
    assert f":{nginx_port};" in server and f":{server_port};" in server, "the example's ports moved"
    assert f"location {EXAMPLE_SUB_PATH}/ " in server, "the example's sub-path location moved"
    (folder / "newscaster.conf").write_text(server, encoding="utf-8")
    temp_paths = " ".join(
        f"{kind}_temp_path {folder / kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    main = folder / "nginx.conf"
    main.write_text(
        NGINX_MAIN.format(folder=folder, temp_paths=temp_paths, server=folder / "newscaster.conf"),
        encoding="utf-8",
    )
    return main


def nginx_binary() -> str:
    found = shutil.which("nginx") or next(
        (p for p in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if os.access(p, os.X_OK)), None
    )
    if found is None:
        pytest.fail("nginx is missing: scripts/install-system-deps.sh test (apt-get install nginx)")
    return found


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(5)


@dataclass(frozen=True)
class BehindNginx:
    proxy_url: str
    """nginx's address, e.g. http://127.0.0.1:PORT (the sub-path is under it)."""
    direct_url: str
    """newscaster's own address, bypassing nginx."""
    env: dict[str, str]
    """The environment that reaches the server's data folder (for ``newscaster token create``)."""


@contextmanager
def behind_nginx(tmp_path: Path, settings: Settings, *, sub_path: str | None = None) -> Iterator[BehindNginx]:
    """``newscaster serve`` on loopback trusting 127.0.0.1, and nginx with the example config in front of
    it; with ``sub_path``, the server's NEWSCASTER_BASE_URL is nginx's address plus that sub-path."""
    server_port, nginx_port = free_port(), free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSCASTER_")}
    env.update(
        NEWSCASTER_DATA_DIR=str(tmp_path / "data"),
        NEWSCASTER_CACHE_DIR=str(settings.cache_dir),
        NEWSCASTER_TRUSTED_PROXIES="127.0.0.1",
    )
    if sub_path:
        env["NEWSCASTER_BASE_URL"] = f"http://127.0.0.1:{nginx_port}{sub_path}"
    server = subprocess.Popen(
        [sys.executable, "-m", "newscaster.cli", "serve", "--host", "127.0.0.1", "--port", str(server_port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    proxy: subprocess.Popen[bytes] | None = None
    try:
        wait_until_listening(server_port, server, "newscaster serve")
        folder = tmp_path / "nginx"
        folder.mkdir()
        config = nginx_config(folder, nginx_port, server_port)
        proxy = subprocess.Popen(
            [nginx_binary(), "-p", str(folder), "-c", str(config), "-e", str(folder / "error.log")],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        wait_until_listening(nginx_port, proxy, "nginx")
        yield BehindNginx(f"http://127.0.0.1:{nginx_port}", f"http://127.0.0.1:{server_port}", env)
    finally:
        if proxy is not None:
            stop(proxy)
        stop(server)


def create_token(env: dict[str, str], name: str) -> str:
    """``newscaster token create`` for the server's data folder; the token it prints."""
    created = subprocess.run(
        [sys.executable, "-m", "newscaster.cli", "token", "create", "--name", name],
        env=env, capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    return created.stdout.split()[0]
