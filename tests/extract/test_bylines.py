"""Bylines that name no writer ("By", "admin", the site, its publisher) are neither read nor shown."""

from __future__ import annotations

import pytest

from newscaster.config import Settings
from newscaster.extract import extract_article
from newscaster.extract.bylines import person_byline
from newscaster.models import Source
from newscaster.pipeline import prepare_article, read_article

PAGE = """<html><head><title>Harbour reopens | The Harbour Times</title>
<meta name="author" content="{author}"><meta property="og:site_name" content="The Harbour Times"></head>
<body><article><h1>Harbour reopens</h1>
<p>The harbour reopened on Monday after three weeks of repairs to the sea wall, the council said.</p>
<p>Fishing boats were the first to return, followed by the island ferry in the afternoon.</p>
</article></body></html>"""


@pytest.mark.parametrize(
    "byline",
    ["By", "by ", "Posted by", "Published by", "admin", "Administrator", "Staff", "The Editors", "Condé Nast",
     "CONDE NAST", "Name *", "Fotos: EL HERALDO/ AFP", "VIDEO", "Theme: Pirate Rogue von xwolf",
     "Reacción de JOH a las acusaciones.", "Redaktion",
     "La Rédaction", "Online-Redaktion", "Autor: Redaktion",
     "Acme Media Group", "Acme Holdings Ltd.", "desk@news.example", "Autor: przepisy.pl",
     "Eingestellt von", "Afficher mon profil complet", "www.harbour-times.co.uk",
     "The Harbour Times", "Harbour Times"],
)  # fmt: skip
def test_not_a_writer(byline: str) -> None:
    assert person_byline(byline, site_name="The Harbour Times") is None


@pytest.mark.parametrize(
    ("byline", "kept"),
    [("Jane Doe", "Jane Doe"), ("By Mei Ling Chan", "By Mei Ling Chan"), ("Sam Co", "Sam Co"),
     ("Jane Doe, Condé Nast", "Jane Doe"), ("Associated Press", "Associated Press"),
     ("Per Olsson", "Per Olsson"), ("J.Smith", "J.Smith"), (None, None)],
)  # fmt: skip
def test_writers_stay(byline: str | None, kept: str | None) -> None:
    assert person_byline(byline, site_name="The Harbour Times") == kept


@pytest.mark.parametrize("author", ["admin", "Condé Nast", "By"])
def test_an_article_whose_author_is_no_writer_has_no_byline(author: str, settings: Settings) -> None:
    article = read_article(Source(PAGE.format(author=author), is_html=True, name="page.html"), settings)
    assert article.byline is None
    spoken = [s.spoken for s in prepare_article(article, True, settings)]
    assert not any(line.startswith("By ") for line in spoken)


def test_a_writer_is_still_read(settings: Settings) -> None:
    article = read_article(Source(PAGE.format(author="Jane Doe"), is_html=True, name="page.html"), settings)
    assert article.byline == "Jane Doe"
    assert "By Jane Doe." in [s.spoken for s in prepare_article(article, True, settings)]


def test_an_account_in_the_author_tag_gives_way_to_the_writer_the_page_names(settings: Settings) -> None:
    # Long enough for trafilatura's own extraction (on a page of a few sentences it joins every line).
    more = "".join(
        f"<p>Part {n} of the report says the harbour master expects more traffic as the season begins.</p>"
        for n in range(4)
    )
    page = (
        PAGE.format(author="admin")
        .replace("<h1>Harbour reopens</h1>", '<h1>Harbour reopens</h1><p class="byline">By Mei Ling Chan</p>')
        .replace("</article>", more + "</article>")
    )
    article = read_article(Source(page, is_html=True, name="page.html"), settings)
    assert article.byline == "Mei Ling Chan"
    assert not any(
        "Mei Ling Chan" in paragraph for paragraph in article.paragraphs
    )  # said once, as the byline


def test_a_by_line_naming_no_writer_in_pasted_text_is_neither_byline_nor_body(settings: Settings) -> None:
    text = "Harbour reopens\nBy Admin\n\nThe harbour reopened on Monday after three weeks of repairs."
    article = read_article(Source(text, is_html=False, name="pasted text"), settings)
    assert (article.title, article.byline) == ("Harbour reopens", None)
    assert article.paragraphs == ("The harbour reopened on Monday after three weeks of repairs.",)


def test_the_comments_name_no_writer() -> None:
    """A comment form's name field and a commenter's name carry "author" in their markup too; neither is
    the byline (the writer the page names elsewhere is)."""
    story = "<p>The harbour reopened on Monday after three weeks of repairs to the sea wall, the council said"
    comments = (
        '<div id="comments"><ol class="comment-list"><li class="comment"><span class="comment-author">'
        "Peter Miller</span> says:<p>Good news for the island at last.</p></li></ol>"
        '<form id="commentform"><p class="comment-form-author"><label>Name *</label><input></p></form></div>'
    )
    page = (
        f"<html><head><title>Harbour reopens</title></head><body><article>{story}.</p></article>{{}}</body>"
    )
    assert extract_article(Source(page.format(comments), is_html=True)).byline is None
    signed = f'{comments}<footer><span class="author">Jane Doe</span></footer>'
    assert extract_article(Source(page.format(signed), is_html=True)).byline == "Jane Doe"


@pytest.mark.parametrize(
    ("author_markup", "byline"),
    [
        # A name the page's source breaks over lines is still one name, as a browser shows it.
        ('<span class="author">\n  Ralf\n \n  Balke\n</span>', "Ralf Balke"),
        # A name link, then the writer's handle on the next line of the source: the name only.
        ('<div class="author"><a href="/a/m">Matthias Berg</a>\n\t<a href="https://x.example/mb">mberg</a></div>',
         "Matthias Berg"),
        ('<div class="post-author">Eingestellt von\n<span class="fn">Unknown</span></div>', None),
    ],
)  # fmt: skip
def test_the_byline_is_read_as_the_page_shows_it(
    author_markup: str, byline: str | None, settings: Settings
) -> None:
    page = PAGE.format(author="").replace(
        "<h1>Harbour reopens</h1>", f"<h1>Harbour reopens</h1>{author_markup}"
    )
    assert read_article(Source(page, is_html=True, name="page.html"), settings).byline == byline
