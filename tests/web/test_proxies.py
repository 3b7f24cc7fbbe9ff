"""Behind a reverse proxy: forwarding headers believed only from configured proxies, proxied requests
treated as remote, and writes needing a token once any token exists. The end-to-end tests put a real
nginx, configured by the example in ``docs/``, in front of a real ``newscaster serve``: at the root, and
under the example's sub-path, where a browser signs in, narrates and plays the audio."""

from __future__ import annotations

import ipaddress
import re
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from chromium import chromium_context
from fastapi.testclient import TestClient
from nginx_support import EXAMPLE_SUB_PATH, behind_nginx, create_token
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
LOCAL_PROXY = parse_trusted_proxies("127.0.0.1")


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


@pytest.fixture
def nginx_in_front(tmp_path: Path, settings: Settings) -> Iterator[tuple[str, str, dict[str, str]]]:
    """(proxy URL, direct URL, the environment that reaches the server's data folder)."""
    with behind_nginx(tmp_path, settings) as setup:
        yield setup.proxy_url, setup.direct_url, setup.env


def test_through_a_real_nginx_writes_need_a_token(nginx_in_front: tuple[str, str, dict[str, str]]) -> None:
    proxied, direct, env = nginx_in_front
    # On loopback, with no token made yet, this machine may write.
    assert httpx.post(f"{direct}/api/narrations", json=NARRATION, timeout=30).status_code == 202
    # Through the proxy the client is elsewhere: a write needs a token, and says so in JSON.
    refused = httpx.post(f"{proxied}/api/narrations", json=NARRATION, timeout=30)
    assert refused.status_code == 401, refused.text
    assert refused.headers["content-type"] == "application/json"
    assert "token" in refused.json()["error"]
    assert httpx.get(f"{proxied}/api/voices", timeout=30).status_code == 200  # reads stay public

    headers = {"Authorization": f"Bearer {create_token(env, 'proxy test')}"}
    accepted = httpx.post(f"{proxied}/api/narrations", json=NARRATION, headers=headers, timeout=30)
    assert accepted.status_code == 202, accepted.text
    # A token exists now: the direct loopback door (or a tunnel to it) needs one as well.
    assert httpx.post(f"{direct}/api/narrations", json=NARRATION, timeout=30).status_code == 401
    assert (
        httpx.post(f"{direct}/api/narrations", json=NARRATION, headers=headers, timeout=30).status_code == 202
    )


def test_under_a_sub_path_through_a_real_nginx(tmp_path: Path, settings: Settings) -> None:
    """The example's sub-path location: pages, scripts, the API, the feed and the audio all work from
    /listen/ URLs, and a browser signs in, narrates through the form and plays the narration there."""
    with behind_nginx(tmp_path, settings, sub_path=EXAMPLE_SUB_PATH) as setup:
        site = setup.proxy_url + EXAMPLE_SUB_PATH
        home = httpx.get(f"{site}/", timeout=30)
        assert home.status_code == 200 and f'href="{EXAMPLE_SUB_PATH}/static/player.css' in home.text
        for asset in re_links(home.text):
            assert asset.startswith(f"{EXAMPLE_SUB_PATH}/"), asset
            if "/static/" in asset:
                assert httpx.get(setup.proxy_url + asset, timeout=30).status_code == 200, asset
        token = create_token(setup.env, "sub-path test")

        with chromium_context(tmp_path / "profile", viewport={"width": 1280, "height": 900}) as browser:
            page = browser.new_page()
            errors: list[str] = []
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.set_default_timeout(20_000)
            page.goto(f"{site}/")
            assert page.locator("#narrate-form").count() == 0  # through the proxy: remote, signed out
            page.click("header >> text=Sign in")
            page.fill("#credential", token)
            page.click("#signin-button")
            page.wait_for_url(f"{site}/")
            page.fill("#source", SHORT_TEXT)
            page.click("#narrate-button")
            page.wait_for_url(re.compile(re.escape(site) + r"/articles/[0-9a-f]+(\?.*)?$"), timeout=90_000)
            assert page.inner_text("h1") == "Ferry news"
            page.wait_for_selector("#play:not([disabled])")
            if page.evaluate("document.getElementById('audio').paused"):  # else it plays the live stream
                page.click("#play")
            deadline = time.monotonic() + 20
            while page.evaluate("document.getElementById('audio').currentTime") < 0.3:
                assert time.monotonic() < deadline, "the audio did not play"
                time.sleep(0.1)
            source = page.evaluate("document.getElementById('audio').currentSrc")
            assert source.startswith((f"{site}/api/articles/", f"{site}/api/jobs/")), source  # or its stream
            # from the job's stream (under the sub-path too), the player moves to the stored file when done
            deadline = time.monotonic() + 90
            while not page.evaluate("document.getElementById('audio').currentSrc").startswith(
                f"{site}/api/articles/"
            ):
                assert time.monotonic() < deadline, "the player did not move to the stored file"
                time.sleep(0.1)
            article_id = page.url.split("/articles/")[1].split("?")[0]
            assert not errors, errors

        feed = httpx.get(f"{site}/feed.xml", timeout=30)
        enclosure = next(ET.fromstring(feed.content).iter("enclosure")).attrib["url"]
        assert enclosure.startswith(f"{site}/api/articles/{article_id}/audio?")
        audio = httpx.get(enclosure, headers={"Range": "bytes=0-1023"}, timeout=30)
        assert audio.status_code == 206 and len(audio.content) == 1024
        embed = httpx.get(f"{site}/embed/articles/{article_id}", timeout=30)
        assert embed.status_code == 200 and f'src="{EXAMPLE_SUB_PATH}/static/player.js' in embed.text


def re_links(page: str) -> list[str]:
    """The same-site href, src and action values of ``page``."""
    return [
        link
        for link in re.findall(r'(?:href|src|action)="([^"]*)"', page)
        if not link.startswith(("#", "data:", "http:", "https:"))
    ]
