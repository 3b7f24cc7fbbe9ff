"""extract_article(): HTML and text in, Article out, with the page chrome left behind."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newscaster.errors import ExtractionError
from newscaster.extract import cascade, extract_article
from newscaster.extract.boilerplate import is_boilerplate
from newscaster.extract.candidates import Candidate
from newscaster.models import Article, Source

FIXTURES = Path(__file__).resolve().parents[2] / "shared" / "fixtures"
FIXTURE_NAMES = ["seed-article", "inline-chrome-article"]
LAYOUT_FIXTURES = Path(__file__).resolve().parent / "fixtures" / "extraction"
"""Our own pages, one CMS layout each (WordPress, Arc, public broadcaster, wire, metered, live blog)."""
LAYOUT_NAMES = sorted(p.name.removesuffix(".expected.json") for p in LAYOUT_FIXTURES.glob("*.expected.json"))
ALL_FIXTURES = [
    *(pytest.param(FIXTURES, name, id=name) for name in FIXTURE_NAMES),
    *(pytest.param(LAYOUT_FIXTURES, name, id=name) for name in LAYOUT_NAMES),
]


def _fixture(name: str, folder: Path = FIXTURES) -> tuple[Article, dict]:
    if not folder.is_dir():
        pytest.skip(f"the fixtures folder is not beside this checkout ({folder})")
    html = (folder / f"{name}.html").read_text(encoding="utf-8")
    expected = json.loads((folder / f"{name}.expected.json").read_text(encoding="utf-8"))
    return extract_article(Source(content=html, is_html=True, name=f"{name}.html")), expected


def _spoken(article: Article) -> str:
    return "\n".join([article.title, *article.key_points, *article.paragraphs]).casefold()


# --- fixtures: the shared ones and our own layouts


def test_there_is_a_fixture_for_each_layout() -> None:
    assert len(LAYOUT_NAMES) >= 6
    for name in LAYOUT_NAMES:
        assert (LAYOUT_FIXTURES / f"{name}.html").is_file()


@pytest.mark.parametrize(("folder", "name"), ALL_FIXTURES)
def test_fixture_body_is_exactly_the_expected_paragraphs(folder: Path, name: str) -> None:
    article, expected = _fixture(name, folder)
    assert list(article.paragraphs) == expected["paragraphs"]


@pytest.mark.parametrize(("folder", "name"), ALL_FIXTURES)
def test_fixture_body_is_the_same_when_trafilatura_finds_nothing(
    folder: Path, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Our own layers (markup, link density, text patterns, pull quotes) clean the page on their own: the
    fallback for pages too short for trafilatura reads the same words."""
    monkeypatch.setattr(cascade, "trafilatura_candidate", lambda *_args, **_kw: Candidate("trafilatura", ()))
    article, expected = _fixture(name, folder)
    assert list(article.paragraphs) == expected["paragraphs"]


@pytest.mark.parametrize(("folder", "name"), ALL_FIXTURES)
def test_fixture_metadata(folder: Path, name: str) -> None:
    article, expected = _fixture(name, folder)
    assert article.title == expected["title"]
    assert list(article.key_points) == expected["key_points"]
    assert article.published == expected["published"]
    assert article.language == expected["language"]
    if "byline" in expected:
        assert article.byline == expected["byline"]


@pytest.mark.parametrize(("folder", "name"), ALL_FIXTURES)
def test_fixture_never_says_the_chrome(folder: Path, name: str) -> None:
    article, expected = _fixture(name, folder)
    spoken = _spoken(article)
    said = [phrase for phrase in expected["must_not_say"] if phrase.casefold() in spoken]
    assert said == []


@pytest.mark.parametrize(("folder", "name"), ALL_FIXTURES)
def test_fixture_says_what_it_must(folder: Path, name: str) -> None:
    article, expected = _fixture(name, folder)
    spoken = _spoken(article)
    missing = [phrase for phrase in expected.get("must_say", []) if phrase.casefold() not in spoken]
    assert missing == []


@pytest.mark.parametrize(("folder", "name"), ALL_FIXTURES)
def test_fixture_key_points_are_not_repeated_in_the_body(folder: Path, name: str) -> None:
    article, expected = _fixture(name, folder)
    assert bool(article.key_points) == bool(expected["key_points"])
    assert not set(article.key_points) & set(article.paragraphs)


SEED_URL = "https://www.scmp.com/comment/opinion/article/china-russia-no-limits-partnership"


@pytest.mark.parametrize(
    ("folder", "name", "site_name", "url"),
    [
        pytest.param(FIXTURES, "seed-article", "South China Morning Post", SEED_URL, id="seed"),
        pytest.param(LAYOUT_FIXTURES, "opinion-audio-widget", "Riverside Courier",
                     "https://courier.example/opinion/tram-plan-is-right", id="own-opinion"),
    ],
)  # fmt: skip
def test_site_name_url_and_role_only_byline(folder: Path, name: str, site_name: str, url: str) -> None:
    article, _ = _fixture(name, folder)
    assert article.site_name == site_name
    assert article.url == url
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


def _tram_with(chrome: str) -> Article:
    """TRAM_BODY as an article with ``chrome`` markup between its second and third paragraphs."""
    blocks = [f"<p>{p}</p>" for p in TRAM_BODY]
    blocks.insert(2, chrome)
    page = f"""<html><head><title>Council votes to expand tram network</title></head><body><article>
    <h1>Council votes to expand tram network</h1>{"".join(blocks)}</article></body></html>"""
    return extract_article(Source(content=page, is_html=True))


@pytest.mark.parametrize(
    "chrome",
    [
        # Arc / React sites name components in data attributes, not classes
        '<div data-qa="ad"><p>Open a savings account paying 4.1% interest at Blue Harbour Bank.</p></div>',
        '<div data-testid="most-read-list"><p>Rail strike called off after late-night talks</p></div>',
        # embedded social posts
        '<div class="wp-block-embed is-provider-twitter"><blockquote class="twitter-tweet"><p>The tram '
        "vote passed tonight, thanks to everyone who came out to speak!</p>&mdash; City Hall (@cityhall) "
        "June 2, 2024</blockquote></div>",
        '<blockquote class="instagram-media"><p>A post shared by the Riverside Tram Society</p></blockquote>',
        # a call-to-action box and a paywall meter with no chrome wording the text patterns know
        '<div class="inline-cta"><p>Our reporters were at the council meeting so you did not have to be.</p>'
        "</div>",
        '<div class="paywall-meter"><p>Enjoying our council coverage? There is more to come.</p></div>',
        # an image's description and its copyright line, named as such
        '<div class="atc-ImageDescription"><p>The mayor at the depot on Monday, before the vote.</p></div>',
        '<p><span class="copyright">© AFP / Jane Roe</span></p>',
    ],
)
def test_chrome_named_by_data_attributes_embeds_and_calls_to_action_is_dropped(chrome: str) -> None:
    assert list(_tram_with(chrome).paragraphs) == TRAM_BODY


def test_a_subheadline_box_repeating_the_headline_is_not_read_again() -> None:
    article = _tram_with('<h3 class="subheadline">Council votes to expand tram network</h3>')
    assert article.title == "Council votes to expand tram network"
    assert article.key_points == ()
    assert list(article.paragraphs) == TRAM_BODY


def test_a_subheading_whose_anchor_id_holds_a_chrome_word_is_read() -> None:
    heading = "Depot work starts in June"
    article = _tram_with(f'<h3 id="nav_depot_work_starts_in_june">{heading}</h3>')
    assert list(article.paragraphs) == [*TRAM_BODY[:2], heading, *TRAM_BODY[2:]]


def test_a_dateline_inside_the_first_paragraph_is_read_but_a_dateline_on_its_own_is_not() -> None:
    page = f"""<html><body><article><h1>Council votes to expand tram network</h1>
    <p class="dateline">2 June 2024, 10:00</p>
    <p><span class="dateline">RIVERSIDE (AP)</span> — {TRAM_BODY[0]}</p>
    <p>{TRAM_BODY[1]}</p></article></body></html>"""
    article = extract_article(Source(content=page, is_html=True))
    assert list(article.paragraphs) == [f"RIVERSIDE (AP) — {TRAM_BODY[0]}", TRAM_BODY[1]]


def test_a_key_events_box_named_by_a_data_attribute_becomes_the_key_points() -> None:
    points = [
        "Two new tram lines will link the university and the airport",
        "Construction is due to start in spring",
    ]
    items = "".join(f"<li>{p}</li>" for p in points)
    box = f'<div data-gu-name="key-events"><h2>Key events</h2><ul>{items}</ul></div>'
    article = _tram_with(box)
    assert list(article.key_points) == points
    assert list(article.paragraphs) == TRAM_BODY


@pytest.mark.parametrize(
    "pull_quote",
    [
        "<blockquote><p>“the largest expansion of the network since 1998”</p></blockquote>",
        '<div class="highlight"><p>The lines will cost €420 million</p></div>',
    ],
    ids=["blockquote", "highlight-box"],
)
def test_a_pull_quote_repeating_the_story_is_read_once_in_its_place(pull_quote: str) -> None:
    assert list(_tram_with(pull_quote).paragraphs) == TRAM_BODY


def test_a_short_line_that_recurs_inside_a_paragraph_is_kept() -> None:
    """Only passages of PULL_QUOTE_MIN_WORDS or more count as pull quotes; a short reply may recur."""
    body = [
        "No comment.",
        "Asked about the cost, the mayor said: “No comment.” Her office later gave a figure.",
    ]
    page = f"<html><body><article>{''.join(f'<p>{p}</p>' for p in body)}</article></body></html>"
    assert list(extract_article(Source(content=page, is_html=True)).paragraphs) == body


def test_of_two_paragraphs_with_the_same_words_the_first_is_read() -> None:
    body = ["“The tram plan is a good day for the city,” the mayor said.", TRAM_BODY[1]]
    repeat = "<p>The tram plan is a good day for the city, the mayor said</p>"
    page = f"<html><body><article>{''.join(f'<p>{p}</p>' for p in body)}{repeat}</article></body></html>"
    assert list(extract_article(Source(content=page, is_html=True)).paragraphs) == body


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


SEED = Path(__file__).resolve().parents[2] / "shared" / "seed" / "000_fc01d7f1162dea07.txt"


def test_a_page_copied_as_text_is_read_like_the_page_itself() -> None:
    """The seed is the fixture page captured as text: paragraphs, labels and buttons on lines of their own."""
    if not SEED.is_file():
        pytest.skip(f"the seed capture is not beside this checkout ({SEED})")
    html_article, expected = _fixture("seed-article")
    article = extract_article(Source(content=SEED.read_text(encoding="utf-8"), is_html=False, name=SEED.name))
    assert article.title == expected["title"] == html_article.title
    assert article.paragraphs == (*expected["key_points"], *expected["paragraphs"])
    for chrome in expected["must_not_say"]:
        assert chrome.casefold() not in _spoken(article)


COPIED_PAGE = """Advertisement
World | Port authority approves the new container terminal after a two-year review
By Mei Ling Chan
Reading Time: 3 minutes
12

The authority approved the terminal on Friday, ending a review that drew 14,000 submissions from residents, \
shipping lines and environmental groups.
Advertisement
Groups opposed to the plan said they would fight it in court, and asked the minister to intervene before \
work starts.
Share this article
Listen to this article
1x
"""


def test_chrome_on_lines_of_its_own_is_left_out_of_copied_text() -> None:
    article = extract_article(Source(content=COPIED_PAGE, is_html=False))
    assert article.title == "Port authority approves the new container terminal after a two-year review"
    assert article.byline == "Mei Ling Chan"
    assert article.paragraphs == (
        "The authority approved the terminal on Friday, ending a review that drew 14,000 submissions from "
        "residents, shipping lines and environmental groups.",
        "Groups opposed to the plan said they would fight it in court, and asked the minister to intervene "
        "before work starts.",
    )


def test_in_hard_wrapped_text_a_chrome_line_between_sentences_goes_but_a_wrapped_line_stays() -> None:
    text = (
        "The council voted on Tuesday to expand the tram network, and\n"
        "subscribe to the view that fares must stay low, the mayor said.\n"
        "Advertisement\n"
        "Construction of the first of the two new lines starts next spring,\n"
        "officials said.\n"
    )
    article = extract_article(Source(content=text, is_html=False))
    assert article.paragraphs == (
        "The council voted on Tuesday to expand the tram network, and subscribe to the view that fares must "
        "stay low, the mayor said.",
        "Construction of the first of the two new lines starts next spring, officials said.",
    )


def test_a_wrapped_paragraph_with_one_overlong_line_stays_one_paragraph() -> None:
    text = (
        "The council voted on Tuesday to expand the tram network across the\n"
        "eastern districts, a line someone edited later without wrapping it again, so that it runs far "
        "past the margin of every other line\n"
        "before the paragraph ends.\n"
    )
    article = extract_article(Source(content=text, is_html=False))
    assert len(article.paragraphs) == 1
    assert article.paragraphs[0].endswith(
        "runs far past the margin of every other line before the paragraph ends."
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
