"""Behind a reverse proxy: forwarding headers believed only from configured proxies, proxied requests
treated as remote, and writes needing a token once any token exists. The end-to-end test puts a real
nginx, configured by the example in ``docs/``, in front of a real ``newscaster serve``."""

from __future__ import annotations

import ipaddress
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from newscaster.config import Settings
from newscaster.errors import OptionError
from newscaster.store.tokens import TokenStore
from newscaster.web.app import create_app
from newscaster.web.proxies import ForwardedHeaders, is_proxied, parse_trusted_proxies
from newscaster.web.security import SecuritySettings

SHORT_TEXT = "# Ferry news\n\nThe ferry sailed again on Monday. Passengers were pleased."
NARRATION = {"text": SHORT_TEXT, "voice": "espeak:en-us"}
NGINX_EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "nginx-newscaster.conf"
LOCAL_PROXY = parse_trusted_proxies("127.0.0.1")
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


# --- What the app sees ----------------------------------------------------------------------------------


async def _seen(request: Request) -> JSONResponse:
    return JSONResponse(
        {
            "client": request.client.host if request.client else None,
            "base_url": str(request.base_url),
            "proxied": is_proxied(request.scope),
        }
    )


def seen_by_app(peer: str, headers: dict[str, str]) -> dict[str, Any]:
    """What an app behind ``ForwardedHeaders`` (trusting 127.0.0.1) sees of a request from ``peer``."""
    app = ForwardedHeaders(Starlette(routes=[Route("/", _seen)]), trusted=LOCAL_PROXY)
    response = TestClient(app, client=(peer, 40000)).get("/", headers=headers)  # type: ignore[arg-type]
    return dict(response.json())


FORWARDED = {
    "X-Forwarded-For": "198.51.100.7, 203.0.113.9",  # the client claims the first; the proxy saw the second
    "X-Forwarded-Proto": "https",
    "X-Forwarded-Host": "news.example.com",
}


def test_forwarding_headers_are_believed_from_a_trusted_proxy() -> None:
    seen = seen_by_app("127.0.0.1", FORWARDED)
    assert seen == {"client": "203.0.113.9", "base_url": "https://news.example.com/", "proxied": True}


def test_forwarding_headers_from_anyone_else_are_ignored_but_mark_the_request_proxied() -> None:
    seen = seen_by_app("192.0.2.1", FORWARDED)
    assert seen == {"client": "192.0.2.1", "base_url": "http://testserver/", "proxied": True}


def test_without_forwarding_headers_a_request_is_direct() -> None:
    """A proxy on this machine shares loopback with its local users: only the headers tell them apart."""
    assert seen_by_app("127.0.0.1", {}) == {
        "client": "127.0.0.1",
        "base_url": "http://testserver/",
        "proxied": False,
    }
    # Nothing but trusted hops: the farthest one is the client.
    assert seen_by_app("127.0.0.1", {"X-Forwarded-For": "127.0.0.1"})["client"] == "127.0.0.1"


def test_trusted_proxies_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSCASTER_TRUSTED_PROXIES", "127.0.0.1, 10.0.0.0/8 ::1")
    assert SecuritySettings.from_env().trusted_proxies == (
        ipaddress.ip_network("127.0.0.1/32"),
        ipaddress.ip_network("10.0.0.0/8"),
        ipaddress.ip_network("::1/128"),
    )
    monkeypatch.setenv("NEWSCASTER_TRUSTED_PROXIES", "nginx.local")
    with pytest.raises(OptionError, match="NEWSCASTER_TRUSTED_PROXIES"):
        SecuritySettings.from_env()


# --- Who may write --------------------------------------------------------------------------------------


def idle_app(tmp_path: Path, settings: Settings, **security: Any) -> Any:
    own = Settings(data_dir=tmp_path / "data", rebuildable_cache_dir=settings.cache_dir)
    return create_app(own, job_threads=1, synthesis_processes=1, security=SecuritySettings(**security))


@pytest.mark.parametrize(
    "headers",
    [{"X-Forwarded-Proto": "https"}, {"X-Forwarded-Host": "news.example.com"}, {"Forwarded": "for=1.2.3.4"}],
)
def test_any_forwarding_header_makes_a_write_remote(
    tmp_path: Path, settings: Settings, headers: dict[str, str]
) -> None:
    """A proxy set up to pass only Host and X-Forwarded-Proto used to make every client local."""
    client = TestClient(idle_app(tmp_path, settings))
    response = client.post("/api/narrations", json=NARRATION, headers=headers)
    assert response.status_code == 401, response.text


def test_once_a_token_exists_writes_need_one_on_loopback_too(tmp_path: Path, settings: Settings) -> None:
    """A tunnel adds no forwarding header: the first token the operator makes closes the open door."""
    client = TestClient(idle_app(tmp_path, settings))
    assert client.post("/api/narrations", json=NARRATION).status_code == 202
    tokens: TokenStore = client.app.state.newscaster.tokens  # type: ignore[attr-defined]
    info, token = tokens.create("cms")
    refused = client.post("/api/narrations", json=NARRATION)
    assert refused.status_code == 401 and "token" in refused.json()["error"]
    headers = {"Authorization": f"Bearer {token}"}
    assert client.post("/api/narrations", json=NARRATION, headers=headers).status_code == 202
    tokens.revoke(info.id)
    assert client.post("/api/narrations", json=NARRATION).status_code == 202  # no active token left


# --- A real nginx in front of a real server --------------------------------------------------------------


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


@pytest.fixture
def behind_nginx(tmp_path: Path, settings: Settings) -> Iterator[tuple[str, str, dict[str, str]]]:
    """``newscaster serve`` on loopback trusting 127.0.0.1, and nginx in front of it: (proxy URL, direct
    URL, the environment that reaches the server's data folder)."""
    server_port, nginx_port = free_port(), free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSCASTER_")}
    env.update(
        NEWSCASTER_DATA_DIR=str(tmp_path / "data"),
        NEWSCASTER_CACHE_DIR=str(settings.cache_dir),
        NEWSCASTER_TRUSTED_PROXIES="127.0.0.1",
    )
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
        yield f"http://127.0.0.1:{nginx_port}", f"http://127.0.0.1:{server_port}", env
    finally:
        if proxy is not None:
            stop(proxy)
        stop(server)


def test_through_a_real_nginx_writes_need_a_token(behind_nginx: tuple[str, str, dict[str, str]]) -> None:
    proxied, direct, env = behind_nginx
    # On loopback, with no token made yet, this machine may write.
    assert httpx.post(f"{direct}/api/narrations", json=NARRATION, timeout=30).status_code == 202
    # Through the proxy the client is elsewhere: a write needs a token, and says so in JSON.
    refused = httpx.post(f"{proxied}/api/narrations", json=NARRATION, timeout=30)
    assert refused.status_code == 401, refused.text
    assert refused.headers["content-type"] == "application/json"
    assert "token" in refused.json()["error"]
    assert httpx.get(f"{proxied}/api/voices", timeout=30).status_code == 200  # reads stay public

    created = subprocess.run(
        [sys.executable, "-m", "newscaster.cli", "token", "create", "--name", "proxy test"],
        env=env, capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    headers = {"Authorization": f"Bearer {created.stdout.split()[0]}"}
    accepted = httpx.post(f"{proxied}/api/narrations", json=NARRATION, headers=headers, timeout=30)
    assert accepted.status_code == 202, accepted.text
    # A token exists now: the direct loopback door (or a tunnel to it) needs one as well.
    assert httpx.post(f"{direct}/api/narrations", json=NARRATION, timeout=30).status_code == 401
    assert (
        httpx.post(f"{direct}/api/narrations", json=NARRATION, headers=headers, timeout=30).status_code == 202
    )
