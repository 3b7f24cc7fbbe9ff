"""extract_article(): HTML and text in, Article out, with the page chrome left behind."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newscaster.chrome import class_tokens, is_boilerplate
from newscaster.errors import ExtractionError
from newscaster.extract import extract_article
from newscaster.models import Article, Source

FIXTURES = Path(__file__).resolve().parents[2] / "shared" / "fixtures"
FIXTURE_NAMES = ["seed-article", "inline-chrome-article"]


def _fixture(name: str) -> tuple[Article, dict]:
    if not FIXTURES.is_dir():
        pytest.skip(f"shared fixtures not found at {FIXTURES}")
    html = (FIXTURES / f"{name}.html").read_text(encoding="utf-8")
    expected = json.loads((FIXTURES / f"{name}.expected.json").read_text(encoding="utf-8"))
    return extract_article(Source(content=html, is_html=True, name=f"{name}.html")), expected


def _spoken(article: Article) -> str:
    return "\n".join([article.title, *article.key_points, *article.paragraphs]).casefold()


# --- fixtures


@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_fixture_body_is_exactly_the_expected_paragraphs(name: str) -> None:
    article, expected = _fixture(name)
    assert list(article.paragraphs) == expected["paragraphs"]


@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_fixture_metadata(name: str) -> None:
    article, expected = _fixture(name)
    assert article.title == expected["title"]
    assert list(article.key_points) == expected["key_points"]
    assert article.published == expected["published"]
    assert article.language == expected["language"]
    if "byline" in expected:
        assert article.byline == expected["byline"]


@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_fixture_never_says_the_chrome(name: str) -> None:
    article, expected = _fixture(name)
    spoken = _spoken(article)
    said = [phrase for phrase in expected["must_not_say"] if phrase.casefold() in spoken]
    assert said == []


@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_fixture_key_points_are_not_repeated_in_the_body(name: str) -> None:
    article, _ = _fixture(name)
    assert article.key_points
    assert not set(article.key_points) & set(article.paragraphs)


def test_seed_site_name_url_and_role_only_byline() -> None:
    article, _ = _fixture("seed-article")
    assert article.site_name == "South China Morning Post"
    assert article.url == "https://www.scmp.com/comment/opinion/article/china-russia-no-limits-partnership"
    assert article.byline is None  # "Opinion contributor" is a role, not a name


# --- other HTML layouts

TRAM_BODY = [
    "The city council voted 31 to 12 on Tuesday to build two new tram lines, the largest expansion of the "
    "network since 1998.",
    "The lines will cost €420 million, of which the federal government will pay about 60 per cent, according "
    "to the plan approved by councillors.",
    "The newspaper group said digital subscribers rose 12% last year while advertising revenue fell for a "
    "third straight quarter, and that it would keep covering the council’s decisions closely.",
    "Construction of the first line is due to start next spring, with the second following in 2027 if the "
    "state’s funding arrives on time.",
]

TRAM_PAGE = f"""<!doctype html>
<html lang="en-US"><head>
<title>Council votes to expand tram network – Riverside Courier</title>
<meta property="og:site_name" content="Riverside Courier">
</head><body>
<div class="page"><div class="article-body reader-view">
<h1>Council votes to expand tram network</h1>
<div class="article__dek">Two new lines will link the university and the airport by 2030.</div>
<div class="story-info"><span class="authorName">By Tom Becker, Transport reporter</span>
<time datetime="2024-06-02T10:00:00+02:00">2 June 2024</time></div>
<p>5 min read</p>
<p class="lead">{TRAM_BODY[0]}</p>
<p>Advertisement</p>
<div class="adContainer"><p>Sponsored: the best loans of 2024</p></div>
<figure><img src="depot.jpg" alt=""><figcaption>The existing tram depot. Photo: Reuters</figcaption></figure>
<p>The existing tram depot. Photo: Reuters</p>
<p>{TRAM_BODY[1]}</p>
<p>Sign up to our newsletter for the latest local news.</p>
<p>{TRAM_BODY[2]}</p>
<p>Share this article</p>
<p>Read more: <a href="/x">Bus fares to rise in the autumn</a></p>
<p>▸ <a href="/y">Cycle lanes on the ring road to open in the summer after delays</a></p>
<p>{TRAM_BODY[3]}</p>
<ul class="tags"><li><a href="/t/transport">Transport</a></li><li><a href="/t/council">Council</a></li></ul>
</div></div></body></html>"""


def test_chrome_inside_the_body_of_another_layout_is_dropped() -> None:
    article = extract_article(Source(content=TRAM_PAGE, is_html=True, url="https://courier.example/tram"))
    assert list(article.paragraphs) == TRAM_BODY
    spoken = _spoken(article)
    for chrome in (
        "min read",
        "advertisement",
        "sponsored",
        "photo: reuters",
        "sign up",
        "share this",
        "read more",
    ):
        assert chrome not in spoken
    assert "cycle lanes" not in spoken  # a paragraph that is nearly all link text is a teaser


def test_metadata_of_another_layout() -> None:
    article = extract_article(Source(content=TRAM_PAGE, is_html=True, url="https://courier.example/tram"))
    assert article.title == "Council votes to expand tram network"
    assert article.key_points == ("Two new lines will link the university and the airport by 2030.",)
    assert article.byline == "Tom Becker"
    assert article.published == "2024-06-02"
    assert article.language == "en"
    assert article.site_name == "Riverside Courier"
    assert article.url == "https://courier.example/tram"


def test_a_sentence_about_subscribers_and_advertising_survives() -> None:
    sentence = TRAM_BODY[2]
    assert not is_boilerplate(sentence)
    article = extract_article(Source(content=TRAM_PAGE, is_html=True))
    assert sentence in article.paragraphs


def test_title_from_meta_when_the_h1_is_the_site_logo() -> None:
    page = f"""<html lang="fr"><head>
    <title>Opinion | Why the tram plan is a mistake - Riverside Courier</title></head>
    <body><header><h1 class="logo">Riverside Courier</h1></header><main>
    {"".join(f"<p>{p}</p>" for p in TRAM_BODY)}</main></body></html>"""
    article = extract_article(Source(content=page, is_html=True))
    assert article.title == "Why the tram plan is a mistake"
    assert article.site_name == "Riverside Courier"
    assert article.language == "fr"
    assert list(article.paragraphs) == TRAM_BODY


def test_article_wrapper_with_a_chrome_looking_class_is_kept() -> None:
    page = f"""<html><head><title>Council votes to expand tram network</title></head><body>
    <div class="story-content with-sidebar has-share-bar">
    {"".join(f"<p>{p}</p>" for p in TRAM_BODY)}
    <div class="share-bar"><p>Share this on Facebook</p></div></div></body></html>"""
    article = extract_article(Source(content=page, is_html=True))
    assert list(article.paragraphs) == TRAM_BODY


def test_an_unmarked_by_line_near_the_top_becomes_the_byline() -> None:
    page = f"""<html><body><article><h1>Tram plan approved</h1><p>By Jane Doe, Staff reporter</p>
    <p>{TRAM_BODY[0]}</p><p>By Friday, work had started on the depot.</p></article></body></html>"""
    article = extract_article(Source(content=page, is_html=True))
    assert article.byline == "Jane Doe"
    assert list(article.paragraphs) == [TRAM_BODY[0], "By Friday, work had started on the depot."]


def test_double_line_breaks_separate_paragraphs_and_xml_lang_is_read() -> None:
    page = f"""<?xml version="1.0" encoding="utf-8"?>
    <html xmlns="http://www.w3.org/1999/xhtml" xml:lang="de-AT"><head><title>Tram</title></head><body>
    <div id="story">{TRAM_BODY[0]}<br><br>{TRAM_BODY[1]}<br/>\n<br/>Advertisement<br><br>{TRAM_BODY[3]}</div>
    </body></html>"""
    article = extract_article(Source(content=page, is_html=True))
    assert list(article.paragraphs) == [TRAM_BODY[0], TRAM_BODY[1], TRAM_BODY[3]]
    assert article.language == "de"


# --- text and Markdown

MARKDOWN = """# Tram network to double by 2030

*By Tom Becker*

The council voted **31 to 12** on Tuesday to build [two new lines](https://example.com/plan).

![A tram at the depot](tram.jpg)

## What happens next

- Construction starts next spring.
- The first line opens in _2027_.

```python
print("this is code, not prose")
```

> “This is a good day for the city,” the mayor said.
"""


def test_markdown() -> None:
    article = extract_article(Source(content=MARKDOWN, is_html=False, name="tram.md"))
    assert article.title == "Tram network to double by 2030"
    assert article.byline == "Tom Becker"
    assert list(article.paragraphs) == [
        "The council voted 31 to 12 on Tuesday to build two new lines.",
        "What happens next",
        "Construction starts next spring.",
        "The first line opens in 2027.",
        "“This is a good day for the city,” the mayor said.",
    ]


def test_plain_text_with_title_and_byline() -> None:
    text = (
        "Harbour plan approved\nBy Mei Ling Chan\n\nThe authority approved the terminal on Friday.\n"
        "It drew 14,000 submissions.\n\n\nGroups vowed to fight it in court.\n"
    )
    article = extract_article(Source(content=text, is_html=False))
    assert article.title == "Harbour plan approved"
    assert article.byline == "Mei Ling Chan"
    assert article.paragraphs == (
        "The authority approved the terminal on Friday. It drew 14,000 submissions.",
        "Groups vowed to fight it in court.",
    )
    assert article.language == "en"


def test_plain_text_without_a_title_keeps_the_wrapped_first_line_in_the_body() -> None:
    text = (
        "The authority approved the new container terminal on Friday, ending\na review that began in 2022.\n"
    )
    article = extract_article(Source(content=text, is_html=False))
    assert article.title == ""
    assert article.paragraphs == (
        "The authority approved the new container terminal on Friday, ending a review that began in 2022.",
    )


# --- errors


@pytest.mark.parametrize(
    ("content", "is_html"),
    [("", True), ("  \n\t ", False), ("", False), ("<html><body>   </body></html>", True)],
)
def test_empty_input_is_an_extraction_error(content: str, is_html: bool) -> None:
    with pytest.raises(ExtractionError) as caught:
        extract_article(Source(content=content, is_html=is_html))
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8,
        bytes((i * 37 + 11) % 255 + 1 for i in range(4000)),  # no NUL bytes, but mostly control characters
    ],
)
@pytest.mark.parametrize("is_html", [True, False])
def test_binary_input_is_an_extraction_error(data: bytes, is_html: bool) -> None:
    with pytest.raises(ExtractionError, match="binary"):
        extract_article(Source(content=data.decode("latin-1"), is_html=is_html, name="image.png"))


def test_a_page_with_only_navigation_and_scripts_is_an_extraction_error() -> None:
    page = """<html><head><script>var text = "A long string inside a script that must never be read aloud as
    if it were the article, however long it gets, and it goes on and on and on.";</script></head><body>
    <nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li>
    </ul></nav><script>document.write("Breaking news paragraph text that should never be read")</script>
    <footer><p>Copyright © 2024 Example News. All rights reserved.</p></footer></body></html>"""
    with pytest.raises(ExtractionError, match="No article text"):
        extract_article(Source(content=page, is_html=True, name="nav.html"))


# --- chrome rules


@pytest.mark.parametrize(
    "line",
    [
        "Advertisement",
        "Sponsored",
        "Listen to this article",
        "Select Voice · Choose your listening speed · 1x · 200 WPM",
        "1.25x",
        "250 WPM",
        "Reading Time: 3 minutes",
        "5 min read",
        "Why you can trust SCMP",
        "48 comments",
        "Log in to join the discussion.",
        "Share this article: Facebook · X · LinkedIn · Email · Copy link",
        "Follow us on X and Facebook for the latest updates.",
        "Sign up for our Business Brief newsletter. Get the day’s top stories in your inbox every weekday.",
        "Subscribe now",
        "Read more: Port volumes hit record in 2024 as trans-shipment booms",
        "More on this story",
        "We use cookies to improve your experience.",
        "An artist’s impression of the planned terminal. Photo: Handout/Getty Images",
        "Published: 9:30am, 14 Mar 2025 · Updated: 11:05am, 14 Mar 2025",
        "Copyright © 2025 Harbourside Daily. All rights reserved.",
        "About us · Contact · Privacy · Terms",
    ],
)
def test_boilerplate_lines_are_recognised(line: str) -> None:
    assert is_boilerplate(line)


@pytest.mark.parametrize(
    "sentence",
    [
        "Digital subscribers rose 12% and advertising revenue fell, the company said.",
        "Comments by the minister drew criticism from the opposition.",
        "Published on Tuesday, the report found three flaws.",
        "Copyright lawyers said the ruling was narrow.",
        "Sign-ups for the scheme have doubled since March, officials said.",
        "Shares rose 4.2% to HK$38.50 after the announcement.",
        "Related talks in Geneva ended without agreement.",
        "“We will see them in court,” said Ms. Priya Nair of the Coastal Trust.",
    ],
)
def test_news_sentences_are_not_boilerplate(sentence: str) -> None:
    assert not is_boilerplate(sentence)


def test_class_tokens_match_whole_tokens_only() -> None:
    assert "ad" in class_tokens("ad-slot ad-leaderboard")
    assert "ad" in class_tokens("adContainer")
    assert "share" in class_tokens("article__share")
    for name in ("header", "site-header", "thread-reader", "lead", "read-more-badge"):
        assert "ad" not in class_tokens(name)
