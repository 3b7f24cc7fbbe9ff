"""The cascade as a whole: what it removed and why, and how it falls back when a rule misfires."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import lxml.html
import pytest

from newscaster.errors import ExtractionError
from newscaster.extract import explain_extraction, extract_article
from newscaster.extract.boilerplate import boilerplate_reason
from newscaster.models import Source

STORY = [
    "The regional transit board voted on Thursday to postpone a planned fare increase for eighteen months.",
    "Weekday trips rose eleven percent last year, to about 612,000 a day, according to the agency's figures.",
    "Board members said they were reluctant to raise prices just as commuters came back to trains.",
    "A final budget vote is scheduled for April, after a round of public hearings in each jurisdiction.",
]


def _page(body: str, head: str = "") -> Source:
    return Source(f"<html><head><title>Fares frozen</title>{head}</head><body>{body}</body></html>", True)


def _paragraphs(paragraphs: list[str], wrapper: str = "<p>{}</p>") -> str:
    return "".join(wrapper.format(p) for p in paragraphs)


def test_every_removal_is_recorded_with_its_stage_and_reason() -> None:
    body = f"""<article><h1>Fares frozen</h1>{_paragraphs(STORY[:2])}<p>Advertisement</p>
    <div class="story-cta"><p>Our reporters were at the board meeting so you did not have to be.</p></div>
    <p><a href="/a">Bus fares to rise in the autumn, the council says after its review</a></p>
    {_paragraphs(STORY[2:])}</article>"""
    extraction = explain_extraction(_page(body))
    assert list(extraction.article.paragraphs) == STORY
    reasons = {r.text: (r.stage, r.reason) for r in extraction.removed}
    assert reasons["Advertisement"] == ("text", "advertising")
    stage, reason = reasons["Our reporters were at the board meeting so you did not have to be."]
    assert stage == "markup" and "cta" in reason
    assert reasons["Bus fares to rise in the autumn, the council says after its review"][0] == "links"
    assert reasons["Fares frozen"] == ("repeat", "already read")
    assert extraction.chosen == "trafilatura, chrome removed" and extraction.weighed == ()


def test_when_a_chrome_name_sits_on_every_paragraph_the_misfire_falls_back_to_the_story() -> None:
    """A CMS that wraps each paragraph in a box named like chrome ("promo-text"): markup removal would take
    every paragraph, so the cascade weighs other candidates and keeps the story."""
    boxed = _paragraphs(STORY, '<div class="promo-text"><p>{}</p></div>')
    body = f"<article><h1>Fares frozen</h1>{boxed}"
    extraction = explain_extraction(_page(body + "</article><footer><p>© 2025 Ledger</p></footer>"))
    assert list(extraction.article.paragraphs) == STORY
    assert extraction.weighed and extraction.chosen != "trafilatura, chrome removed"


def test_a_page_where_no_candidate_has_prose_is_an_error_but_a_short_story_is_not() -> None:
    with pytest.raises(ExtractionError, match="No article text"):
        extract_article(_page("<nav><a href='/'>Home</a> <a href='/news'>News</a></nav><p>Menu</p>"))
    article = extract_article(_page(f"<main><p>{STORY[0]}</p></main>"))
    assert article.paragraphs == (STORY[0],)
    brief = extract_article(_page("<article><h1>Unclosed<p>The ferry <b>sailed <i>again. It was calm."))
    assert (
        brief.paragraphs[-1] == "The ferry sailed again. It was calm."
    )  # no 8-word paragraph: still a story


def test_a_json_ld_body_that_only_repeats_the_page_does_not_replace_it() -> None:
    data = {"@type": "NewsArticle", "headline": "Fares frozen", "articleBody": " ".join(STORY)}
    head = f'<script type="application/ld+json">{json.dumps(data)}</script>'
    extraction = explain_extraction(_page(f"<article>{_paragraphs(STORY)}</article>", head))
    assert list(extraction.article.paragraphs) == STORY  # the page's own paragraph breaks
    assert extraction.chosen == "trafilatura, chrome removed"


def test_a_json_ld_body_behind_a_teaser_replaces_it_and_the_paywall_text_is_not_read() -> None:
    data = {"@type": "NewsArticle", "headline": "Fares frozen", "articleBody": "\n".join(STORY)}
    head = f'<script type="application/ld+json">{json.dumps(data)}</script>'
    body = (
        f"<article><p>{STORY[0]}</p><div><p>This story is for members. Join for one dollar a week.</p></div>"
    )
    extraction = explain_extraction(_page(body + "</article>", head))
    assert list(extraction.article.paragraphs) == STORY
    assert "teaser" in extraction.chosen


@pytest.mark.parametrize(
    ("description", "read"),
    [
        ("Riders will pay the same until 2027 while the agency rebuilds its budget.", True),
        (STORY[0], False),  # repeats the lede
        (STORY[3], False),  # repeats a later paragraph
        # about something else: the site's tagline, a call to click, an unfilled template
        ("Reiterrevue International", False),
        ("Kliknij i zobacz więcej.", False),
        ("{{ seomatic.helper.extractTextFromField(entry.teaser) }}", False),
    ],
)
def test_the_description_is_a_key_point_only_when_it_adds_something(description: str, read: bool) -> None:
    head = f'<meta property="og:description" content="{description}">'
    article = extract_article(_page(f"<article>{_paragraphs(STORY)}</article>", head))
    assert article.key_points == ((description,) if read else ())


@pytest.mark.parametrize(
    ("description", "key_points"),
    [
        # A standfirst, then the lede cut short: the standfirst alone is new.
        (
            f"Riders on the regional network will not pay more before 2027. {STORY[0]} {STORY[1][:40]} (...)",
            ("Riders on the regional network will not pay more before 2027.",),
        ),
        ("Riders get a reprieve. Fares stay as they are until the year 2027 …", ("Riders get a reprieve.",)),
        (f"{STORY[0]} {STORY[1][:40]}…", ()),  # only the lede
    ],
)
def test_a_description_cut_short_keeps_only_what_the_story_does_not_say(
    description: str, key_points: tuple[str, ...] | None
) -> None:
    head = f'<meta property="og:description" content="{description}">'
    article = extract_article(_page(f"<article>{_paragraphs(STORY)}</article>", head))
    assert article.key_points == (key_points if key_points is not None else (description,))


def test_the_description_is_not_read_when_the_page_has_key_points() -> None:
    head = '<meta name="description" content="Riders will pay the same until 2027, the agency says.">'
    box = '<ul class="key-points"><li>The fare rise is postponed by eighteen months</li></ul>'
    article = extract_article(_page(f"<article>{box}{_paragraphs(STORY)}</article>", head))
    assert article.key_points == ("The fare rise is postponed by eighteen months",)


def test_a_key_points_box_about_something_else_gives_way_to_the_description() -> None:
    head = '<meta property="og:description" content="Riders will pay the same until 2027, the agency says.">'
    box = '<div class="intro-header"><p>Teste die neusten Trends!</p></div>'
    article = extract_article(_page(f"<article>{box}{_paragraphs(STORY)}</article>", head))
    assert article.key_points == ("Riders will pay the same until 2027, the agency says.",)
    assert list(article.paragraphs) == STORY


def test_the_reference_list_closing_a_story_is_not_read() -> None:
    references = "".join(
        f"<li>Roe J, Doe A. Fares and ridership. Transp Res. 20{n:02d};{n}:1-9.</li>" for n in range(1, 6)
    )
    body = f"<article>{_paragraphs(STORY)}<h2>References</h2><ol>{references}</ol></article>"
    extraction = explain_extraction(_page(body))
    assert list(extraction.article.paragraphs) == STORY
    assert any(r.reason == "the reference list" for r in extraction.removed)


def test_a_summary_box_holding_the_whole_short_article_is_its_body() -> None:
    body = f'<div class="article-summary">{_paragraphs(STORY[:2])}</div><footer><p>© 2025</p></footer>'
    article = extract_article(_page(body))
    assert list(article.paragraphs) == STORY[:2] and article.key_points == ()


def test_a_post_carried_in_noscript_is_read() -> None:
    body = f"<div id='app'></div><noscript><div class='post-body'>{_paragraphs(STORY)}</div></noscript>"
    assert list(extract_article(_page(body)).paragraphs) == STORY


def test_stray_nul_bytes_decomposed_accents_soft_hyphens_and_invisible_marks_change_no_word() -> None:
    sentence = "Während der Sitzung beschloss der Rat den Bau von zwei neuen Straßenbahnlinien bis 2030."
    written = unicodedata.normalize("NFD", sentence).replace("Sitzung", "Sit\u00adzung") + "\u2063"
    page = _page(f"<img src='a.gif'>\x00\x00\x00<article><p>{written}</p><p>{STORY[1]}</p></article>")
    assert extract_article(page).paragraphs == (sentence, STORY[1])


# ---- section headings ------------------------------------------------------------------------------------

CHAPTER_PAGES = Path(__file__).resolve().parents[1] / "fixtures" / "chapters"


def _fixture(name: str) -> Source:
    return Source((CHAPTER_PAGES / name).read_text(encoding="utf-8"), True)


def _headings(source: Source) -> list[str]:
    article = extract_article(source)
    return [article.paragraphs[i] for i in article.headings]


def test_section_headings_are_kept_as_headings_and_chrome_headings_go() -> None:
    article = extract_article(_fixture("sectioned-article.html"))
    assert _headings(_fixture("sectioned-article.html")) == [
        "What the plan does",
        "Who pays",
        "The county's share",
        "What happens next",
    ]
    # each heading is a paragraph of its own, in its place in the story
    assert article.paragraphs[article.headings[0] + 1].startswith("Engineers will raise")
    for chrome in ("Advertisement", "Related articles", "Share this"):  # by trafilatura or by our rules
        assert chrome not in article.paragraphs
    assert article.to_json()["headings"] == list(article.headings)


def test_a_live_blogs_entry_headlines_are_headings_from_the_html_or_its_json_ld() -> None:
    assert _headings(_fixture("live-blog-entries.html")) == [
        "Bridge reopens to traffic",
        "Thirty thousand homes without power",
        "Wind warning raised to red",
    ]
    # the HTML shows a teaser and the updates come from LiveBlogPosting's liveBlogUpdate
    assert _headings(_fixture("live-blog.html")) == [
        "Turnout passes sixty percent",
        "Polls close across the state",
        "Queues at the last hour",
    ]


def test_a_page_without_section_headings_has_none() -> None:
    """The newsletter box's <h2> is chrome, the headline is the title: nothing is made a heading."""
    article = extract_article(_fixture("plain-article.html"))
    assert article.headings == () and len(article.paragraphs) == 3


def test_long_heading_tags_and_minor_headings_are_read_but_open_no_section() -> None:
    standfirst = (
        "The board's decision, announced after a four-hour meeting, leaves fares where they are until at "
        "least the autumn of next year"
    )
    body = f"""<article><h1>Fares frozen</h1><h2>{standfirst}</h2>{_paragraphs(STORY[:2])}
    <h4>Fact box</h4>{_paragraphs(STORY[2:])}</article>"""
    article = extract_article(_page(body))
    assert standfirst in article.paragraphs and "Fact box" in article.paragraphs
    assert article.headings == ()


def test_a_heading_with_a_line_break_is_one_heading() -> None:
    body = f"""<article><h1>Fares frozen</h1>{_paragraphs(STORY[:2])}<h2>The vote<br>and after</h2>
    {_paragraphs(STORY[2:3])}<h2>Next steps</h2>{_paragraphs(STORY[3:])}</article>"""
    assert _headings(_page(body)) == ["The vote and after", "Next steps"]


def test_markdown_headings_are_headings() -> None:
    text = "# Title\n\nIntro line here.\n\n## First part\n\nText one.\n\nSecond part\n---\n\nText two.\n"
    article = extract_article(Source(text, False))
    assert article.title == "Title"
    assert [article.paragraphs[i] for i in article.headings] == ["First part", "Second part"]


def test_shared_pages_keep_their_section_headings(shared_fixtures: Path) -> None:
    """The shared fixture pages, checked against their markup: every kept heading is an <h2>/<h3> of the page
    and none is chrome."""
    for page in sorted(shared_fixtures.glob("*.html")):
        source = Source(page.read_text(encoding="utf-8"), True)
        found = _headings(source)
        markup = lxml.html.fromstring(source.content)
        in_page = {" ".join(h.text_content().split()) for h in markup.iter("h2", "h3")}
        assert set(found) <= in_page, page.name
        assert not any(boilerplate_reason(h) for h in found), page.name


JAPANESE_STORY = [
    "子どもへの虐待をなくすための法律ができて、親が子どもを教育するために、体罰を禁止することになりました。",
    "最近、親に虐待された子どもを児童相談所が守ることができなくて、子どもが亡くなる事件が続いています。",
    "法律では虐待をした親に専門家が子どもの育て方を教えることも決まりました。",
]


def test_ruby_readings_are_not_read_twice() -> None:
    """``<rt>`` spells out how the characters under it are read; the voice reads the characters."""
    title = "<ruby>子<rt>こ</rt></ruby>どもへの<ruby>体罰<rp>(</rp><rt>たいばつ</rt><rp>)</rp></ruby>を禁止"
    first = JAPANESE_STORY[2].replace("法律", "<ruby>法律<rt>ほうりつ</rt></ruby>", 1)
    body = f"<article><h1>{title}</h1>{_paragraphs([first, *JAPANESE_STORY[:2]])}</article>"
    page = f"<html><head><title>NEWS WEB EASY|子どもへの体罰を禁止</title></head><body>{body}</body></html>"
    article = extract_article(Source(page, True))
    assert article.title == "子どもへの体罰を禁止"
    assert list(article.paragraphs) == [JAPANESE_STORY[2], *JAPANESE_STORY[:2]]


def test_a_japanese_description_cut_from_the_lede_is_not_a_key_point() -> None:
    """Chinese and Japanese words are compared character by character: a description that is the lede cut
    short ("…") repeats it, though no space separates its words."""
    cut = f"{JAPANESE_STORY[0]} {JAPANESE_STORY[1][:8]}..."
    head = f'<meta property="og:description" content="{cut}">'
    assert extract_article(_page(f"<article>{_paragraphs(JAPANESE_STORY)}</article>", head)).key_points == ()
    added = "政府は来年の春までに全国の児童相談所の職員を二千人増やす計画です。"
    head = f'<meta property="og:description" content="{added}">'
    assert extract_article(_page(f"<article>{_paragraphs(JAPANESE_STORY)}</article>", head)).key_points == (
        added,
    )


def test_a_chinese_section_heading_whose_words_recur_in_the_story_stays() -> None:
    """Six characters are about three words: a heading's few words recurring in a paragraph do not make the
    heading a pull quote."""
    story = [
        "益水之阳，是名益阳。这个洞庭湖区的重要城市，六十年前就曾在作家笔下展现风貌。",
        "数字赋能农业",
        "在益阳一个智慧农业园区里，物联网、大数据等技术，对农业生产进行智能感知、智能预警。",
        "数字赋能农业，还让农旅融合更显成色。走进益阳南县的示范园，丝毫感受不到农作的辛劳。",
    ]
    body = "".join(f"<h2>{p}</h2>" if i == 1 else f"<p>{p}</p>" for i, p in enumerate(story))
    article = extract_article(_page(f"<article>{body}</article>"))
    assert list(article.paragraphs) == story and article.headings == (1,)


def test_a_kicker_repeated_as_a_topic_link_is_chrome() -> None:
    """Each copy of the block is chrome-marked or a link: neither copy is the story's."""
    kicker = '<p class="article-kicker">Harbour</p>'
    topics = '<div class="topic-list"><div><a href="/topics/harbour">Harbour</a></div></div>'
    article = extract_article(_page(f"<article>{kicker}{_paragraphs(STORY)}</article>{topics}"))
    assert list(article.paragraphs) == STORY


def test_text_inside_link_targets_and_after_empty_anchors_is_read() -> None:
    """An interview's questions each sit in an ``<a name>`` (a place links lead to, not a link) and a
    guide's section headings follow an empty ``<a>`` icon: neither is a list of links, and both are read."""
    question = "Why did the board wait until after the hearings to decide on the fares this year?"
    body = f"""<article><h1>Fares frozen</h1>{_paragraphs(STORY[:2])}
    <p><a name="why">{question}</a></p>
    <h2><div><a class="icon-anchor" target="_blank" name=""></a>What happens next</div></h2>
    {_paragraphs(STORY[2:])}</article>"""
    article = extract_article(_page(body))
    assert list(article.paragraphs) == [*STORY[:2], question, "What happens next", *STORY[2:]]
    assert [article.paragraphs[i] for i in article.headings] == ["What happens next"]


def test_a_scripted_button_without_href_is_still_chrome() -> None:
    body = f"""<article><h1>Fares frozen</h1>{_paragraphs(STORY)}
    <p><a class="share-button" role="button">Share this story with a friend on your favourite network</a></p>
    </article>"""
    assert list(extract_article(_page(body)).paragraphs) == STORY


@pytest.mark.parametrize("box", ['class="donate-box"', 'id="spenden"', 'class="c-donation"'])
def test_a_donation_appeal_is_chrome(box: str) -> None:
    appeal = "Our journalism is free to read, but it is not free to make: support it with a gift today."
    body = f"<article><h1>Fares frozen</h1>{_paragraphs(STORY[:2])}<div {box}><p>{appeal}</p></div>"
    extraction = explain_extraction(_page(body + _paragraphs(STORY[2:]) + "</article>"))
    assert list(extraction.article.paragraphs) == STORY
    assert any(r.text == appeal and r.stage == "markup" for r in extraction.removed)


def test_a_caption_alone_in_its_image_group_is_chrome() -> None:
    """The group around the image holds the caption's words too (the image has none); it is no unmarked
    copy of them."""
    caption = "The council chamber on Thursday, where the board voted to postpone the fare increase"
    group = f'<div class="mol-img-group"><img src="a.jpg"><p class="imageCaption">{caption}</p></div>'
    body = f"<article><h1>Fares frozen</h1>{_paragraphs(STORY[:2])}{group}{_paragraphs(STORY[2:])}</article>"
    extraction = explain_extraction(_page(body))
    assert list(extraction.article.paragraphs) == STORY
    assert any(r.text == caption and r.stage == "markup" for r in extraction.removed)


def test_a_footnotes_number_linked_to_its_note_is_not_glued_to_the_word_before_it() -> None:
    """Linked, it was read "Monatsbrutto2"; a square kilometre's unlinked "2" is no note."""
    noted = (
        'Weekday trips rose eleven percent last year<sup><a href="#fn1">1</a></sup>, to about 612,000 a day'
        '<a class="footnote" href="#fn2"><sup>2</sup></a>, on a network of 40 km<sup>2</sup>.'
    )
    body = f"<article><h1>Fares frozen</h1>{_paragraphs([STORY[0], noted, *STORY[2:]])}</article>"
    paragraphs = extract_article(_page(body)).paragraphs
    assert (
        paragraphs[1]
        == "Weekday trips rose eleven percent last year, to about 612,000 a day, on a network of 40 km2."
    )


@pytest.mark.parametrize(
    ("description", "key_points"),
    [
        # the headline, then the site's own words about itself, or a label: nothing to add
        ("Regional fares frozen until 2027 - The Ledger - news for the valley since 1887", ()),
        ("Regional fares frozen until 2027 (Notice of 14 January 2026)", ()),
        # the headline, then a standfirst: the standfirst alone
        (
            "Regional fares frozen until 2027: riders will pay the same for eighteen more months",
            ("riders will pay the same for eighteen more months",),
        ),
        # the headline's words as the subject of a sentence: the sentence whole
        (
            "Regional fares frozen until 2027 is what the board decided after hearing riders",
            ("Regional fares frozen until 2027 is what the board decided after hearing riders",),
        ),
    ],
)
def test_a_description_that_opens_with_the_headline_is_read_without_it(
    description: str, key_points: tuple[str, ...]
) -> None:
    head = (
        '<meta property="og:title" content="Regional fares frozen until 2027">'
        '<meta property="og:site_name" content="The Ledger">'
        f'<meta property="og:description" content="{description}">'
    )
    body = f"<article><h1>Regional fares frozen until 2027</h1>{_paragraphs(STORY)}</article>"
    article = extract_article(_page(body, head))
    assert article.title == "Regional fares frozen until 2027"
    assert article.key_points == key_points
