"""Links written without their scheme are https:// links; file names and prose are not links."""

from __future__ import annotations

import pytest

from newscaster.addresses import scheme_less_link, web_address


@pytest.mark.parametrize(
    ("text", "link"),
    [
        ("example.com/news/story", "https://example.com/news/story"),
        (" www.example.com ", "https://www.example.com"),
        ("news.example.co.uk:8443/a?b=1#c", "https://news.example.co.uk:8443/a?b=1#c"),
        ("example.com", "https://example.com"),
        ("example.com/feeds/rss.xml", "https://example.com/feeds/rss.xml"),
    ],
)
def test_links_without_a_scheme(text: str, link: str) -> None:
    assert scheme_less_link(text) == link == web_address(text)


@pytest.mark.parametrize(
    "text",
    [
        "story.txt",
        "notes/story.md",
        "my.story.html",
        "localhost:8000/x",
        "two words.com",
        "archive.2024/x",
        "",
    ],
)
def test_file_names_and_prose_are_not_links(text: str) -> None:
    assert scheme_less_link(text) is None and web_address(text) == text.strip()


def test_a_link_with_a_scheme_is_left_as_it_is() -> None:
    assert web_address("http://example.com/x") == "http://example.com/x"
    assert scheme_less_link("https://example.com/x") is None
