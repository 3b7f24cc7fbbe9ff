"""The page's headline without the site's name, in spaced scripts and in Chinese and Japanese."""

from __future__ import annotations

import pytest

from newscaster.extract.document import parse_page
from newscaster.extract.metadata import clean_title, key_points, without_site_name
from newscaster.models import Source


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


def _key_points(body: str) -> tuple[str, ...]:
    page = parse_page(Source(content=f"<html><body>{body}</body></html>", is_html=True))
    return key_points(page)[0]


STANDFIRST = "The council approved the tram extension after a four-hour debate on Monday."


@pytest.mark.parametrize(
    "box",
    [
        # a share bar inside the standfirst box is not a point
        f'<div class="article-intro"><div class="text-intro">{STANDFIRST}</div><aside><ul>'
        "<li>Empfehlen: <a>Twitter</a> <a>Facebook</a> <a>E-Mail</a></li></ul></aside></div>",
        # the headline itself, a ratings summary, a list of links and a <nav> come before it
        f'<h1 class="intro-headline">Council approves tram extension</h1><p class="intro">{STANDFIRST}</p>',
        '<div class="fivestar-summary">Durchschnitt: 4.6 (7 Bewertungen)</div>'
        f'<p class="dek">{STANDFIRST}</p>',
        '<section class="highlights-top"><a>Covid-19</a> <a>Prix Nobel</a> <a>Les indispensables</a>'
        f'</section><p class="standfirst">{STANDFIRST}</p>',
        '<nav class="intro"><a>News</a>, <a>Teams</a>, <a>Rennberichte</a></nav>'
        f'<p class="intro">{STANDFIRST}</p>',
    ],
)
def test_the_standfirst_is_found_past_what_only_looks_like_one(box: str) -> None:
    assert _key_points(box) == (STANDFIRST,)


def test_a_teaser_beside_the_headline_is_the_standfirst_and_a_teaser_elsewhere_is_not() -> None:
    teaser = f'<div class="teaser-text"><p>{STANDFIRST}</p></div>'
    header = f'<div class="intro"><h1>Council approves tram</h1>{teaser}</div>'
    assert _key_points(f'<div class="dialog-off-canvas-main-canvas">{header}</div>') == (STANDFIRST,)
    elsewhere = f"<h1>Council approves tram</h1><div><div><div>{teaser}</div></div></div>"
    assert _key_points(elsewhere) == ()
    more = (
        f'<h1>Council approves tram</h1><div class="teaser"><p>{STANDFIRST} <a href="/x">mehr</a></p></div>'
    )
    assert _key_points(more) == ()
