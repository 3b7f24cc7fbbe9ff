"""Stage 6's choice among candidate bodies after a misfire: confirmed prose, and the order of trust."""

from __future__ import annotations

from newscaster.extract.choose import Option, best_supported

STORY = tuple(
    f"On day {day} the harbour crews rebuilt another stretch of the storm wall before the tide came in."
    for day in ("one", "two", "three", "four", "five", "six", "seven", "eight")
)
MENU = tuple(f"Section {i}" for i in range(200)) + (
    "Answers to your questions about harbour fees and rules here.",
)


def test_the_body_with_clearly_more_confirmed_prose_wins() -> None:
    options = [Option("first", "a", STORY[:1]), Option("second", "a", STORY)]
    best = best_supported(options, {"a": STORY, "b": STORY})
    assert best is not None and best.name == "second"


def test_a_few_more_words_of_prose_do_not_outweigh_the_order_of_trust() -> None:
    # The later body holds the site's menu too: one longer menu line is a little more prose, no better story.
    options = [Option("story", "a", STORY), Option("story and menu", "a", STORY + MENU)]
    best = best_supported(options, {"a": STORY + MENU, "b": STORY + MENU})
    assert best is not None and best.name == "story"


def test_no_body_is_chosen_when_none_has_prose() -> None:
    assert best_supported([Option("labels", "a", ("Menu", "Home"))], {"a": ("Menu",), "b": ("Home",)}) is None
