"""Stage 2: the article object of a page's JSON-LD, and OpenGraph / article:* meta."""

from __future__ import annotations

import json

import pytest

from newscaster.extract.structured import read_structured_data


def _script(data: object) -> str:
    return json.dumps(data)


def test_an_article_inside_a_graph_is_found_beside_other_objects() -> None:
    graph = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "WebSite", "name": "The Ledger", "description": "News for the coast."},
            {"@type": "WebPage", "description": "Business news."},
            {
                "@type": ["ReportageNewsArticle"],
                "headline": "Pilots win back night shifts",
                "description": "An arbitration panel ruled for the pilots.",
                "author": [{"@type": "Person", "name": "Amara Okafor"}, "Luis Ferreira"],
                "datePublished": "2025-11-04T06:30:00Z",
                "dateModified": "2025-11-04T09:12:00Z",
                "inLanguage": {"@type": "Language", "name": "English", "alternateName": "en-GB"},
                "articleBody": "First paragraph.\n\nSecond paragraph.\nThird paragraph.",
            },
        ],
    }
    data = read_structured_data([_script(graph)], {})
    assert data.headline == "Pilots win back night shifts"
    assert data.description == "An arbitration panel ruled for the pilots."
    assert data.authors == ("Amara Okafor", "Luis Ferreira")
    assert (data.published, data.modified) == ("2025-11-04T06:30:00Z", "2025-11-04T09:12:00Z")
    assert data.language == "en-GB"
    assert data.body == ("First paragraph.", "Second paragraph.", "Third paragraph.")
    assert data.free


@pytest.mark.parametrize(
    "kind", ["NewsArticle", "Article", "LiveBlogPosting", "http://schema.org/NewsArticle"]
)
def test_article_types_are_read_and_other_types_are_not(kind: str) -> None:
    page = {
        "@type": "WebPage",
        "mainEntity": {"@type": kind, "headline": "Storm live", "articleBody": "Text."},
    }
    assert read_structured_data([_script(page)], {}).headline == "Storm live"
    assert read_structured_data([_script({"@type": "Recipe", "name": "Cake"})], {}).headline == ""


def test_a_live_blog_without_a_body_reads_its_updates_in_order() -> None:
    blog = {
        "@type": "LiveBlogPosting",
        "headline": "Storm: live updates",
        "liveBlogUpdate": [
            {
                "@type": "BlogPosting",
                "headline": "Power back in the north",
                "articleBody": "Crews restored it.",
            },
            {"@type": "BlogPosting", "articleBody": "Schools will open late."},
        ],
    }
    assert read_structured_data([_script(blog)], {}).body == (
        "Power back in the north",
        "Crews restored it.",
        "Schools will open late.",
    )


def test_broken_scripts_are_skipped_and_cdata_and_control_characters_tolerated() -> None:
    good = '<![CDATA[{"@type": "NewsArticle", "headline": "Tram\tvote", "articleBody": "Line one\u0007."}]]>'
    data = read_structured_data(["{not json", good], {})
    assert data.headline == "Tram vote"
    assert data.body == ("Line one .",)


def test_opengraph_and_article_meta_complete_what_json_ld_lacks() -> None:
    meta = {
        "og:description": "Two new lines by 2030.",
        "article:published_time": "2024-06-02T10:00:00+02:00",
        "article:author": "Tom Becker",
    }
    data = read_structured_data([], meta)
    assert (data.description, data.published, data.authors) == (
        "Two new lines by 2030.",
        "2024-06-02T10:00:00+02:00",
        ("Tom Becker",),
    )
    assert read_structured_data([], {"article:author": "https://example.com/tom"}).authors == ()


def test_a_paywalled_article_says_so() -> None:
    article = {"@type": "NewsArticle", "headline": "x", "isAccessibleForFree": "False"}
    assert not read_structured_data([_script(article)], {}).free
    assert not read_structured_data([_script({**article, "isAccessibleForFree": False})], {}).free


def test_a_body_and_description_holding_escaped_html_are_read_as_text() -> None:
    article = {
        "@type": "BlogPosting",
        "headline": "Performant Python",
        "description": "&lt;p&gt;Tuples save memory&amp;nbsp;&lt;/p&gt;",
        "articleBody": "&lt;p&gt;Tuples are immutable lists.&lt;/p&gt;&lt;h3&gt;Memory&lt;/h3&gt;"
        "&lt;p&gt;They take less memory &amp;amp; time.&lt;/p&gt;",
    }
    data = read_structured_data([json.dumps(article)], {})
    assert data.description == "Tuples save memory"
    assert data.body == ("Tuples are immutable lists.", "Memory", "They take less memory & time.")
