"""Stage 1's parsed page: the elements named by a vocabulary, and page order."""

from __future__ import annotations

import random

from newscaster.extract.document import Page, document_order, parse_page
from newscaster.models import Source

PAGE = """<html><body>
<div class="site-header"><span class="nav-menu">Menu</span></div>
<article id="story">
  <p class="dek">A standfirst.</p>
  <div data-testid="Byline"><a rel="author">Ana Ruiz</a></div>
  <p class="dekoration">Not a standfirst: "dek" is only inside the name.</p>
  <section><p class="top-dek summary">Another standfirst.</p></section>
</article>
</body></html>"""


def _page() -> Page:
    return parse_page(Source(content=PAGE, is_html=True))


def test_named_finds_whole_component_tokens_in_page_order() -> None:
    page = _page()
    found = page.named(frozenset({"dek", "summary"}))
    assert [el.text for el in found] == ["A standfirst.", "Another standfirst."]
    assert [el.tag for el in page.named(frozenset({"byline"}))] == ["div"]  # data-testid, folded


def test_named_answers_each_vocabulary_on_the_same_page() -> None:
    page = _page()
    assert [el.get("id") for el in page.named(frozenset({"story"}))] == ["story"]
    assert page.named(frozenset({"comments"})) == []
    assert len(page.named(frozenset({"dek"}))) == 2


def test_document_order_sorts_elements_as_the_page_has_them() -> None:
    page = _page()
    in_order = list(page.body.iter())
    shuffled = in_order[:]
    random.Random(7).shuffle(shuffled)
    assert sorted(shuffled, key=document_order) == in_order


def test_a_heading_id_made_of_its_own_words_names_no_component() -> None:
    page = parse_page(
        Source(
            content="""<html><body>
            <h3 id="nav_nur_die_folie__1">Nur die Folie bleibt zurück</h3>
            <h3 id="comments">3 Comments</h3>
            <h2 class="related-title" id="related-stories">Related stories</h2>
            </body></html>""",
            is_html=True,
        )
    )
    anchor, comments, related = page.body.iter("h2", "h3")
    assert page.tokens_of(anchor) == frozenset()
    assert "comments" in page.tokens_of(comments)  # one shared word: a component name
    assert "related" in page.tokens_of(related)  # the class still names it


def test_a_custom_element_is_named_by_its_tag() -> None:
    page = parse_page(
        Source(
            content="""<html><body>
            <pp-navigation-desktop-menu><span>Arbeitsförderung</span></pp-navigation-desktop-menu>
            <app-social-share><a>Share</a></app-social-share>
            <p>The harbour reopened on Monday.</p>
            </body></html>""",
            is_html=True,
        )
    )
    menu, share = page.named(frozenset({"menu", "share"}))
    assert (menu.tag, share.tag) == ("pp-navigation-desktop-menu", "app-social-share")
    assert "menu" in page.tokens_of(menu)
    mobile = parse_page(
        Source(content="<html><body><pp-navigation-mobile>x</pp-navigation-mobile>", is_html=True)
    )
    assert "nav" in mobile.tokens_of(next(mobile.body.iter("pp-navigation-mobile")))  # a tag says what it is
    wrapper = parse_page(
        Source(content='<html><body><div class="left-navigation_page-wrapper">x', is_html=True)
    )
    assert "nav" not in wrapper.tokens_of(next(wrapper.body.iter("div")))  # a class name may be the page
    assert page.tokens_of(page.body.find("p")) == frozenset()
