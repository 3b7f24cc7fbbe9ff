"""Serving under a sub-path (the path of NEWSCASTER_BASE_URL, e.g. https://news.example/listen): requests
arrive with the sub-path or without it (a proxy that strips it), and every link, script, API URL and feed
enclosure the server writes starts with it. The same through a real nginx: tests/web/test_proxies.py."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from newscaster.config import Settings
from newscaster.errors import OptionError
from newscaster.web.app import create_app
from newscaster.web.security import SecuritySettings

BASE_URL = "https://news.example/listen"
TEXT = "# Tram news\n\nThe new tram line opened on Sunday. Riders said it was quiet."


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.links += [value or "" for name, value in attrs if name in {"href", "src", "action"}]


def own_links(page: str) -> list[str]:
    """Every href, src and form action of ``page`` that points into this site (not #, data:, http…)."""
    parser = _Links()
    parser.feed(page)
    return [link for link in parser.links if not link.startswith(("#", "data:", "http:", "https:"))]


def subpath_app(tmp_path: Path, settings: Settings, **security: object):  # type: ignore[no-untyped-def]
    own = Settings(data_dir=tmp_path / "data", rebuildable_cache_dir=settings.cache_dir, base_url=BASE_URL)
    return create_app(own, job_threads=1, synthesis_processes=1, security=SecuritySettings(**security))


def test_every_link_starts_with_the_sub_path(tmp_path: Path, settings: Settings, wait_for_job) -> None:
    with TestClient(subpath_app(tmp_path, settings)) as client:
        job = client.post("/listen/api/narrations", json={"text": TEXT, "voice": "espeak:en-us"})
        assert job.status_code == 202
        assert job.headers["location"].startswith("/listen/api/jobs/")
        done = wait_for_job(client, job.headers["location"])
        assert done["article_url"] == f"/listen/articles/{done['article_id']}"

        pages = {
            path: client.get(path)
            for path in (
                "/listen/",
                "/",  # a proxy that strips the sub-path
                "/listen/library",
                f"/listen/articles/{done['article_id']}",
                f"/articles/{done['article_id']}",
                f"/listen/embed/articles/{done['article_id']}",
                "/listen/signin",
            )
        }
        for path, page in pages.items():
            assert page.status_code == 200, path
            links = own_links(page.text)
            assert links, path
            assert all(link.startswith("/listen/") for link in links), (path, links)
            assert '<meta name="newscaster-root" content="/listen">' in page.text
            for link in links:
                if "/static/" in link or link.endswith("/feed.xml"):
                    assert client.get(link).status_code == 200, link

        api = client.get(f"/listen/api/articles/{done['article_id']}").json()
        audio_url = api["narrations"][0]["audio_url"]
        assert audio_url.startswith(f"/listen/api/articles/{done['article_id']}/audio?")
        assert 'src="https://news.example/listen/embed/articles/' in api["embed_html"]
        ranged = client.get(audio_url, headers={"Range": "bytes=0-99"})
        assert ranged.status_code == 206 and len(ranged.content) == 100
        player = re.search(r'id="player-data">(.*?)</script>', pages[done["article_url"]].text, re.S)
        assert player is not None and json.loads(player.group(1))["narration"]["audio_url"] == audio_url

        feed = ET.fromstring(client.get("/listen/feed.xml").content)
        enclosure = next(feed.iter("enclosure")).attrib["url"]
        assert enclosure.startswith("https://news.example/listen/api/articles/")
        assert client.get(enclosure.removeprefix("https://news.example")).status_code == 200


def test_writes_under_the_sub_path_still_need_a_token(tmp_path: Path, settings: Settings) -> None:
    """The access check judges the path within the app: the sub-path is no way around it."""
    client = TestClient(subpath_app(tmp_path, settings, require_token=True))
    for path in ("/listen/api/narrations", "/api/narrations"):
        assert client.post(path, json={"text": TEXT}).status_code == 401, path
    # and the pages' security headers still tell the embed from the rest
    embed = client.get("/listen/embed/articles/0000000000000000")
    assert "x-frame-options" not in embed.headers
    assert client.get("/listen/").headers["x-frame-options"] == "SAMEORIGIN"


@pytest.mark.parametrize(
    "base_url", ["https://news.example/a b", "https://news.example/../x", "https://x/%2e"]
)
def test_a_sub_path_that_links_cannot_carry_is_refused(tmp_path: Path, base_url: str) -> None:
    with pytest.raises(OptionError, match="NEWSCASTER_BASE_URL"):
        create_app(Settings(data_dir=tmp_path, base_url=base_url), job_threads=1, synthesis_processes=1)
