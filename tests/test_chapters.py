"""Chapters: sections from an article's headings, placed in a real narration, read back from the MP3."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from mutagen.id3 import ID3

from newscaster.chapters import OPENING_TITLE, podcast_chapters, sections_of
from newscaster.config import Settings
from newscaster.extract import extract_article
from newscaster.models import Article, Source
from newscaster.pipeline import NarrationRequest, narrate
from newscaster.synthesize import SECTION_PAUSE_MS

FIXTURES = Path(__file__).parent / "fixtures" / "chapters"

SECTIONED_MARKDOWN = """# Council approves the budget

The city council approved the budget on Tuesday.

## What changes

Bus fares will fall by ten percent.

## What comes next

The mayor signs it next week.
"""


def _article(paragraphs: list[str], headings: tuple[int, ...], title: str = "Budget") -> Article:
    return Article(title=title, paragraphs=tuple(paragraphs), headings=headings)


def test_sections_open_at_headings_after_an_opening_titled_with_the_headline() -> None:
    article = _article(["Lede.", "Costs", "It costs a lot.", "Next", "A vote."], (1, 3))
    assert [(s.title, s.paragraph_index) for s in sections_of(article)] == [
        ("Budget", None),
        ("Costs", 1),
        ("Next", 3),
    ]


def test_headings_in_a_row_make_one_section_and_a_trailing_heading_none() -> None:
    article = _article(["Lede.", "Part two", "The vote", "It passed.", "Comments"], (1, 2, 4), title="")
    assert [(s.title, s.paragraph_index) for s in sections_of(article)] == [
        (OPENING_TITLE, None),
        ("Part two: The vote", 1),
    ]


def test_no_headings_or_a_single_section_make_no_chapters() -> None:
    assert sections_of(_article(["One.", "Two.", "Three."], ())) == ()
    # one heading at the top: the whole article is its one section, which is no table of contents
    assert sections_of(_article(["Background", "One.", "Two."], (0,))) == ()


def test_podcast_chapters_document_is_version_1_2_0_in_seconds() -> None:
    document = podcast_chapters([{"title": "Costs", "start_ms": 1500, "end_ms": 4250}])
    assert document == {
        "version": "1.2.0",
        "chapters": [{"startTime": 1.5, "endTime": 4.25, "title": "Costs"}],
    }


@pytest.mark.slow
def test_a_narration_carries_its_chapters_in_the_mp3_and_the_json(settings: Settings, tmp_path: Path) -> None:
    """A real voice reads a short sectioned text; mutagen reads the ID3 CHAP/CTOC frames back, with the
    heading titles and the times the ``.json`` gives, each chapter starting where its heading is spoken."""
    narration = narrate(
        NarrationRequest(Source(SECTIONED_MARKDOWN, False), tmp_path / "budget.mp3", voice_id="hibari:heart"),
        settings,
    )
    document = json.loads(Path(narration.json_path).read_text(encoding="utf-8"))
    chapters = document["chapters"]
    titles = ["Council approves the budget", "What changes", "What comes next"]
    assert [c["title"] for c in chapters] == titles
    sentences = {s["index"]: s for s in document["sentences"]}
    assert chapters[0]["start_ms"] == 0 and chapters[-1]["end_ms"] == narration.duration_ms
    for chapter, following in zip(chapters, chapters[1:], strict=False):
        assert chapter["end_ms"] == following["start_ms"]
    for chapter in chapters[1:]:
        heading = sentences[chapter["first_sentence_index"]]
        assert heading["text"] == chapter["title"] and heading["start_ms"] == chapter["start_ms"]
        before = sentences[chapter["first_sentence_index"] - 1]
        assert chapter["start_ms"] - before["end_ms"] == SECTION_PAUSE_MS  # heard as a new section

    tags = ID3(narration.audio_path)
    frames = sorted(tags.getall("CHAP"), key=lambda frame: frame.start_time)
    assert [(f.start_time, f.end_time, str(f.sub_frames["TIT2"])) for f in frames] == [
        (c["start_ms"], c["end_ms"], c["title"]) for c in chapters
    ]
    (toc,) = tags.getall("CTOC")
    assert toc.child_element_ids == [f.element_id for f in frames]
    assert toc.flags & toc.flags.TOP_LEVEL and toc.flags & toc.flags.ORDERED


@pytest.mark.slow
def test_an_article_without_headings_has_no_chapters_anywhere(settings: Settings, tmp_path: Path) -> None:
    page = (FIXTURES / "plain-article.html").read_text(encoding="utf-8")
    article = extract_article(Source(page, True))
    narration = narrate(NarrationRequest(article, tmp_path / "plain.mp3", voice_id="hibari:heart"), settings)
    assert narration.chapters == ()
    assert json.loads(Path(narration.json_path).read_text(encoding="utf-8"))["chapters"] == []
    tags = ID3(narration.audio_path)
    assert tags.getall("CHAP") == [] and tags.getall("CTOC") == []
