"""The page's headline without the site's name, in spaced scripts and in Chinese and Japanese."""

from __future__ import annotations

import pytest

from newscaster.extract.metadata import clean_title, without_site_name


@pytest.mark.parametrize(
    ("raw", "title", "site_name"),
    [
        (
            "Harbour reopens after repairs | The Harbour Times",
            "Harbour reopens after repairs",
            "The Harbour Times",
        ),
        (
            "Harbour reopens after repairs - The Harbour Times",
            "Harbour reopens after repairs",
            "The Harbour Times",
        ),
        ("Opinion | The case for night trains", "The case for night trains", None),
        ("Night trains - a slow revival", "Night trains - a slow revival", None),
        ("武汉的声音：有英勇的你，才有英雄的城！-新华网", "武汉的声音：有英勇的你，才有英雄的城！", "新华网"),
        ("蔡健雅_百度百科", "蔡健雅", "百度百科"),
        ("日経平均、続落\u3000｜日本経済新聞", "日経平均、続落", "日本経済新聞"),
        (
            "NEWS WEB EASY|子どもへの体罰を禁止する法律ができる",
            "子どもへの体罰を禁止する法律ができる",
            "NEWS WEB EASY",
        ),
        # a number, a range or the inside of brackets is part of the headline
        ("COVID-19疫情最新消息", "COVID-19疫情最新消息", None),
        ("2022-2023年度报告发布", "2022-2023年度报告发布", None),
        (
            "只能想念你 - 蕭敬騰 (Jam Hsiao - 只能想念你)",
            "只能想念你 - 蕭敬騰 (Jam Hsiao - 只能想念你)",
            None,
        ),
    ],
)
def test_the_site_name_goes_and_the_headline_stays(raw: str, title: str, site_name: str | None) -> None:
    assert clean_title(raw) == (title, site_name)


@pytest.mark.parametrize(
    ("title", "site_names", "headline"),
    [
        ("seelenradio » Nummer zwei: Leo", ["seelenradio.de", "seelenradio"], "Nummer zwei: Leo"),
        (
            "Disfunctions.de » Blog Archiv » Podcasts in Plex",
            ["disfunctions.de", "Blog Archiv"],
            "Podcasts in Plex",
        ),
        (
            "GitHub - golemfactory/yapapi: Python API for Golem",
            ["GitHub"],
            "golemfactory/yapapi: Python API for Golem",
        ),
        ("Vom Boden aus gedacht : literaturkritik.de", ["literaturkritik.de"], "Vom Boden aus gedacht"),
        # a part that is not the site's name stays, and so does a headline that would be left one word long
        (
            "Harbour Times » Storm closes the harbour",
            ["coastline.example"],
            "Harbour Times » Storm closes the harbour",
        ),
        ("Heise: Storm", ["heise"], "Heise: Storm"),
    ],
)
def test_the_sites_own_name_goes_from_either_end(
    title: str, site_names: list[str | None], headline: str
) -> None:
    assert without_site_name(title, site_names) == headline
