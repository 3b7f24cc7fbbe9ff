"""Sitemaps read with a safe parser: pages and their dates, indexes, news sitemaps; entities are never
resolved (no local file read, no fetch), and what is not a sitemap says so."""

from __future__ import annotations

from pathlib import Path

import pytest

from newscaster.errors import InputError
from newscaster.sources.sitemaps import is_sitemap, parse_sitemap

BASE = "https://news.example/sitemap.xml"
NS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'


def test_pages_come_newest_first_with_their_dates_and_relative_links_resolved() -> None:
    xml = (
        f"<urlset {NS}><url><loc>/old.html</loc><lastmod>2025-01-01</lastmod></url>"
        "<url><loc>https://news.example/new.html</loc><lastmod>2025-06-01</lastmod></url>"
        "<url><loc>mailto:desk@news.example</loc></url>"
        "<url><loc>https://news.example/new.html</loc></url></urlset>"
    ).encode()
    sitemap = parse_sitemap(xml, BASE)
    assert [(e.url, e.version) for e in sitemap.entries] == [
        ("https://news.example/new.html", "2025-06-01"),
        ("https://news.example/old.html", "2025-01-01"),
    ]
    assert sitemap.children == []


def test_an_index_lists_its_sitemaps_most_recent_first() -> None:
    xml = (
        f"<sitemapindex {NS}><sitemap><loc>/a.xml</loc><lastmod>2025-01-01</lastmod></sitemap>"
        "<sitemap><loc>/b.xml</loc><lastmod>2025-03-01</lastmod></sitemap></sitemapindex>"
    ).encode()
    assert parse_sitemap(xml, BASE).children == ["https://news.example/b.xml", "https://news.example/a.xml"]


def test_an_external_entity_is_not_resolved(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET", encoding="utf-8")
    xml = (
        f'<?xml version="1.0"?><!DOCTYPE urlset [<!ENTITY leak SYSTEM "file://{secret}">]>'
        f"<urlset {NS}><url><loc>https://news.example/&leak;</loc></url></urlset>"
    ).encode()
    urls = [entry.url for entry in parse_sitemap(xml, BASE).entries]
    assert not any("TOP-SECRET" in url for url in urls)


@pytest.mark.parametrize(
    ("document", "message"),
    [(b"<rss><channel/></rss>", "is not a sitemap"), (b"<urlset", "is not well-formed XML")],
)
def test_what_is_not_a_sitemap_says_so(document: bytes, message: str) -> None:
    assert not is_sitemap(document)
    with pytest.raises(InputError, match=message):
        parse_sitemap(document, BASE)
