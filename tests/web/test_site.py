"""Absolute URLs over real HTTP with a forged Host header: the feed, the API's embed snippet and the article
page either build them from NEWSCASTER_BASE_URL or answer only to the hosts the server is known by."""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from polling import wait_for_job
from web_support import LiveServer

from newscaster.config import Settings
from newscaster.errors import OptionError
from newscaster.web.app import create_app
from newscaster.web.security import SecuritySettings

FORGED = "evil.example"
TEXT = "# Harbour lights\n\nThe harbour lights were switched on again on Friday evening."


def _absolute_urls(feed: bytes) -> list[str]:
    """Every absolute URL of a feed: links, the self link, enclosures and transcripts."""
    urls = []
    for element in ET.fromstring(feed).iter():
        for value in (element.text or "", *element.attrib.values()):
            if value.strip().startswith("http"):
                urls.append(value.strip())
    return urls


@pytest.fixture(scope="module")
def library_dir(tmp_path_factory: pytest.TempPathFactory, settings: Settings) -> tuple[Path, str]:
    """A library with one narrated article, shared by the servers below: (data folder, article id)."""
    data = tmp_path_factory.mktemp("site-data")
    own = Settings(data_dir=data, rebuildable_cache_dir=settings.cache_dir)
    with serving(own) as (_, client):
        response = client.post("/api/narrations", json={"text": TEXT, "voice": "espeak:en-us"})
        job = wait_for_job(client, response.headers["location"])  # type: ignore[arg-type]
    assert job["state"] == "done", job
    return data, job["article_id"]


@contextmanager
def serving(settings: Settings, bind_host: str = "127.0.0.1") -> Iterator[tuple[LiveServer, httpx.Client]]:
    """A live server (uvicorn on 127.0.0.1) for ``settings``, told it is bound to ``bind_host``."""
    security = SecuritySettings(bind_host=bind_host)
    server = LiveServer(create_app(settings, job_threads=1, synthesis_processes=1, security=security))
    server.start()
    try:
        with httpx.Client(base_url=server.url, timeout=30) as client:
            yield server, client
    finally:
        server.stop()


@pytest.fixture(scope="module")
def default_server(
    library_dir: tuple[Path, str], settings: Settings
) -> Iterator[tuple[LiveServer, httpx.Client, str]]:
    data, article_id = library_dir
    own = Settings(data_dir=data, rebuildable_cache_dir=settings.cache_dir)
    with serving(own) as (server, client):
        yield server, client, article_id


@pytest.mark.parametrize("path", ["/feed.xml", "/api/articles/{id}", "/articles/{id}"])
@pytest.mark.parametrize(
    "forged", [FORGED, f"{FORGED}:80", "127.0.0.1.evil.example", "localhost@evil.example"]
)
def test_a_forged_host_gets_400_json_not_links_to_it(
    default_server: tuple[LiveServer, httpx.Client, str], path: str, forged: str
) -> None:
    _, client, article_id = default_server
    response = client.get(path.format(id=article_id), headers={"Host": forged})
    assert response.status_code == 400, response.text[:300]
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert body["status"] == 400 and "NEWSCASTER_BASE_URL" in body["error"]
    assert "cache-control" not in response.headers


def test_the_hosts_the_server_is_known_by_build_links(
    default_server: tuple[LiveServer, httpx.Client, str],
) -> None:
    server, client, article_id = default_server
    for host in (
        f"127.0.0.1:{server.port}",
        f"localhost:{server.port}",
        f"[::1]:{server.port}",
        "LOCALHOST.",
    ):
        feed = client.get("/feed.xml", headers={"Host": host})
        assert feed.status_code == 200, (host, feed.text)
        urls = _absolute_urls(feed.content)
        assert len(urls) >= 5 and all(url.startswith(f"http://{host}/") for url in urls), (host, urls)
        article = client.get(f"/api/articles/{article_id}", headers={"Host": host}).json()
        assert f'src="http://{host}/embed/articles/{article_id}"' in article["embed_html"]
    page = client.get(f"/articles/{article_id}")  # httpx sends the address it connected to
    assert page.status_code == 200 and f"{server.url}/embed/articles/{article_id}" in page.text


def test_a_base_url_builds_every_link_whatever_the_host(
    library_dir: tuple[Path, str], settings: Settings
) -> None:
    data, article_id = library_dir
    base = "https://news.example/listen"
    own = Settings(data_dir=data, rebuildable_cache_dir=settings.cache_dir, base_url=base + "/")
    with serving(own) as (_, client):
        for host in (FORGED, "127.0.0.1"):
            feed = client.get("/feed.xml", headers={"Host": host})
            assert feed.status_code == 200
            urls = _absolute_urls(feed.content)
            assert len(urls) >= 5 and all(url.startswith(f"{base}/") for url in urls), urls
            assert f"{base}/api/articles/{article_id}/audio?" in feed.text
            embed = client.get(f"/api/articles/{article_id}", headers={"Host": host}).json()["embed_html"]
            assert f'src="{base}/embed/articles/{article_id}"' in embed
            page = client.get(f"/articles/{article_id}", headers={"Host": host})
            assert page.status_code == 200 and f"{base}/embed/articles/{article_id}" in page.text
            assert FORGED not in feed.text + embed + page.text


def test_allowed_hosts_and_the_bind_address(library_dir: tuple[Path, str], settings: Settings) -> None:
    data, _ = library_dir
    own = Settings(
        data_dir=data,
        rebuildable_cache_dir=settings.cache_dir,
        allowed_hosts=("news.example", "cdn.example:8443"),
    )
    with serving(own, bind_host="127.0.0.2") as (_, client):
        for host in (
            "news.example",
            "news.example:8080",
            "News.Example.",
            "cdn.example:8443",
            "127.0.0.2:8000",
        ):
            feed = client.get("/feed.xml", headers={"Host": host})
            assert feed.status_code == 200, host
            assert all(url.startswith(f"http://{host}/") for url in _absolute_urls(feed.content))
        for host in (
            "cdn.example",
            "cdn.example:80",
            "other.example",
            "news.example:99999",
            "news.example:x",
        ):
            assert client.get("/feed.xml", headers={"Host": host}).status_code == 400, host


@pytest.mark.parametrize(
    ("setting", "value", "message"),
    [
        ("base_url", "news.example", "NEWSCASTER_BASE_URL must be an http"),
        ("base_url", "ftp://news.example", "NEWSCASTER_BASE_URL must be an http"),
        ("base_url", "https://user:pw@news.example", "NEWSCASTER_BASE_URL must be an http"),
        ("base_url", "https://news.example:99999", "NEWSCASTER_BASE_URL must be an http"),
        ("base_url", "https://news.example/?x=1", "NEWSCASTER_BASE_URL must be an http"),
        ("allowed_hosts", ("https://news.example",), "NEWSCASTER_ALLOWED_HOSTS: 'https://news.example'"),
        ("allowed_hosts", ("news example",), "NEWSCASTER_ALLOWED_HOSTS"),
    ],
)
def test_unusable_settings_are_refused_at_start(
    tmp_path: Path, setting: str, value: object, message: str
) -> None:
    from newscaster.web.site import SiteAddress

    with pytest.raises(OptionError, match=message):
        SiteAddress.configure(Settings(data_dir=tmp_path, **{setting: value}), "127.0.0.1")  # type: ignore[arg-type]


def test_the_settings_come_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, run_cli, tmp_path: Path
) -> None:
    monkeypatch.setenv("NEWSCASTER_BASE_URL", " https://news.example ")
    monkeypatch.setenv("NEWSCASTER_ALLOWED_HOSTS", "news.example, cdn.example:8443 ")
    configured = Settings.from_env()
    assert configured.base_url == "https://news.example"
    assert configured.allowed_hosts == ("news.example", "cdn.example:8443")

    env = {**os.environ, "NEWSCASTER_DATA_DIR": str(tmp_path), "NEWSCASTER_BASE_URL": "news.example"}
    result = run_cli(["serve", "--host", "203.0.113.1"], env)  # (a host it cannot bind, if it got there)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert result.stderr.strip().count("\n") == 0 and "NEWSCASTER_BASE_URL must be" in result.stderr
