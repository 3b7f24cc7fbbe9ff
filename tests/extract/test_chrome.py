"""Stage 5's map of chrome on the page: which marked elements own a block."""

from __future__ import annotations

from newscaster.extract.chrome import ChromeMap, clean_blocks
from newscaster.extract.document import parse_page
from newscaster.models import Source

PAGE = """<html><body>
<aside class="related"><ul><li><a>Share</a></li><li><a>Share</a></li></ul></aside>
<div class="story"><div class="inner"><p id="lede">The harbour reopened on Monday.</p></div></div>
</body></html>"""


def test_chrome_owners_are_the_marked_elements_above_innermost_first() -> None:
    page = parse_page(Source(content=PAGE, is_html=True))
    chrome = ChromeMap(page)
    links = list(page.body.iter("a"))
    aside = page.body.find("aside")
    assert [chrome.chrome_owners(a) for a in links] == [(aside,), (aside,)]
    lede = page.body.get_element_by_id("lede")
    assert chrome.chrome_owners(lede) == ()


def test_marking_an_element_changes_the_owners_already_worked_out() -> None:
    page = parse_page(Source(content=PAGE, is_html=True))
    chrome = ChromeMap(page)
    lede = page.body.get_element_by_id("lede")
    inner = lede.getparent()
    assert chrome.chrome_owners(lede) == ()
    chrome.mark(inner, "the key points, read before the body")
    assert chrome.chrome_owners(lede) == (inner,)
    aside = page.body.find("aside")
    chrome.mark(aside, None)
    assert chrome.chrome_owners(next(page.body.iter("a"))) == ()


def test_every_copy_of_a_repeated_chrome_block_goes_and_the_story_stays() -> None:
    page = parse_page(Source(content=PAGE, is_html=True))
    blocks = ["Share", "The harbour reopened on Monday.", "Share"]
    cleaned = clean_blocks(blocks, ChromeMap(page))
    assert cleaned.paragraphs == ("The harbour reopened on Monday.",)
    assert [(r.text, r.stage) for r in cleaned.removed] == [("Share", "markup"), ("Share", "markup")]


def test_a_wikis_edit_link_leaves_its_heading() -> None:
    cleaned = clean_blocks(
        ["Details[edit]", "The method maps points.", "Geschichte[Bearbeiten | Quelltext bearbeiten]"], None
    )
    assert cleaned.paragraphs == ("Details", "The method maps points.", "Geschichte")


def test_an_interviews_speaker_labels_are_read_before_every_turn() -> None:
    """A label on a line of its own ("Anne:") repeats by nature; the story's other repeats still go."""
    turns = [
        "Anne:",
        "What made you start writing?",
        "Sunshine:",
        "A ferry ride in the rain, many years ago.",
        "Anne:",
        "And what keeps you going?",
        "Sunshine:",
        "The readers who write back.",
    ]
    cleaned = clean_blocks([*turns, "What made you start writing?"], None)
    assert cleaned.paragraphs == tuple(turns)
    assert [r.text for r in cleaned.removed] == ["What made you start writing?"]


def test_the_headline_restated_above_the_story_goes_but_a_sentence_starting_with_it_stays() -> None:
    headline = "Council approves tram extension"
    story = "Council approves tram extension after a four-hour debate, the mayor said on Monday."
    cleaned = clean_blocks(
        ["Abstimmung: Council approves tram extension - what happens next?", story, "It opens in 2027."],
        None,
        seen=(headline,),
    )
    assert cleaned.paragraphs == (story, "It opens in 2027.")
    crumbs = clean_blocks(["Home > News > Council approves tram extension", story], None, seen=(headline,))
    assert crumbs.paragraphs == (story,)
    section = "蔡健雅早年经历"
    assert clean_blocks([section, story], None, seen=("蔡健雅",)).paragraphs == (section, story)
