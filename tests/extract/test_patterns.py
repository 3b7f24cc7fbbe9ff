"""Chrome in markup: class/id tokens."""

from __future__ import annotations

from newscaster.extract.patterns import (
    CHROME_TOKENS,
    class_tokens,
    collapse,
    markup_as_text,
    without_entities,
)


def test_class_tokens_match_whole_tokens_only() -> None:
    assert "ad" in class_tokens("ad-slot ad-leaderboard")
    assert "ad" in class_tokens("adContainer")
    assert "share" in class_tokens("article__share")
    for name in ("header", "site-header", "thread-reader", "lead", "read-more-badge", "load-admin-panel"):
        assert "ad" not in class_tokens(name)


def test_class_tokens_join_adjacent_parts_of_longer_names() -> None:
    """A compound chrome name inside a longer class name ("most-read-interstitial") is still found."""
    assert "mostread" in class_tokens("most-read-interstitial")
    assert "audioplayer" in class_tokens("article-audio-player")
    assert CHROME_TOKENS & class_tokens("wp-block-embed is-provider-twitter")
    assert not CHROME_TOKENS & class_tokens("article-body story-text entry-content")


def test_direction_marks_leave_the_text_and_joiners_stay() -> None:
    """Arabic pages wrap dots and slashes in embeddings ("د‪.‬", "12‪/‬08"): to a splitter or a voice they
    are characters. A Persian zero-width non-joiner is spelling and stays."""
    assert collapse("وقال د\u202a.\u202c سامي في 12\u202a/\u202c08 \u200fنعم") == "وقال د. سامي في 12/08 نعم"
    assert collapse("می\u200cخواهم") == "می\u200cخواهم"


def test_escaped_text_is_decoded_however_often_it_was_escaped() -> None:
    assert without_entities("It&#039;s") == "It's"
    assert without_entities("la Polic&amp;iacute;a") == "la Policía"  # escaped twice
    assert without_entities("AT&T and Q&A") == "AT&T and Q&A"  # nothing to decode


def test_markup_outside_the_page_becomes_a_line_per_block() -> None:
    assert markup_as_text("<p>One.</p><h2>Two <b>bold</b></h2><p>Three<br>four</p>").split("\n") == [
        "One.",
        "Two bold",
        "Three",
        "four",
        "",
    ]
    assert markup_as_text("5 < 6 and 7 > 3") == "5 < 6 and 7 > 3"  # no tags: as it is


def test_layout_flags_and_a_cms_page_wrapper_name_no_component() -> None:
    assert class_tokens("site__main site__main--no-sidebar") == class_tokens("site__main")
    assert class_tokens("has-share-bar with-sidebar") == frozenset()
    assert class_tokens("dialog-off-canvas-main-canvas") == frozenset()
    assert "sidebar" in class_tokens("sidebar-left")
