"""The reference section closing a story: found by its heading, its place and its lines."""

from __future__ import annotations

from newscaster.extract.endmatter import end_matter_start

STORY = [f"Paragraph {n} of the story says something about the harbour and its storm wall." for n in range(8)]
REFERENCES = [
    '^ a b van der Maaten, L.J.P.; Hinton, G.E. (Nov 2008). "Visualizing Data Using t-SNE".',
    "Baal T, Denke B, Mühlen W, Surholt B, 1994. Die Ursachen des Massensterbens von Hummeln.",
    "https://www.emacswiki.org/emacs/LocateFilesAnywhere",
]


def test_a_reference_list_after_the_story_is_found_at_its_heading() -> None:
    assert end_matter_start([*STORY, "References[edit]", *REFERENCES]) == len(STORY)
    assert end_matter_start([*STORY, "Literatur", *REFERENCES]) == len(STORY)
    assert end_matter_start([*STORY, "Quellen:"]) == len(STORY)  # an empty heading at the very end


def test_a_reference_list_longer_than_the_story_is_found_when_nearly_all_of_it_is_citations() -> None:
    numbered = [
        f"{n}. Roe J, Doe A. Harbour walls and storms. J Coast Res. 20{n:02d};{n}:1-9." for n in range(30)
    ]
    assert end_matter_start([*STORY[:4], "References", *numbered]) == 4


def test_sections_that_only_look_like_end_matter_stay() -> None:
    # a recipe's notes, a heading early in the story, and references followed by more of the story
    assert (
        end_matter_start([*STORY, "Notes", "Coconut flour: use twice as much almond flour instead."]) is None
    )
    assert end_matter_start(["Literatur", "30.11. | Buch der Woche", *STORY]) is None
    more = [f"The wind section goes on: {n} metres a second is strong." for n in range(6)]
    assert end_matter_start([*STORY, "Literatur", *REFERENCES, "Windgeschwindigkeiten", *more]) is None
