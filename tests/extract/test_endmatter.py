"""The reference section closing a story: found by its heading, its place and its lines."""

from __future__ import annotations

from newscaster.extract.endmatter import contact_box, end_matter_start

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
    mediawiki = [f"↑ Harry Potter and the Half-Blood Prince, Chapter {n} (The Cave)" for n in range(5)]
    assert end_matter_start([*STORY, "Notes and references", *mediawiki]) == len(STORY)


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


PRESS_RELEASE = [
    f"Paragraph {n} of the release says the harbour reopens on Monday after repairs." for n in range(6)
]


def test_a_press_contact_box_is_found_with_its_lines() -> None:
    box = ["Pressekontakt:", "Dr. Daniel Giese", "Baumwall 3", "20459 Hamburg", "E-Mail: presse@example.de"]
    about = "The harbour board runs four ports on the coast and employs 300 people."
    paragraphs = [*PRESS_RELEASE, *box, about]
    found = contact_box(paragraphs)
    assert found == range(len(PRESS_RELEASE), len(PRESS_RELEASE) + len(box))


def test_a_contact_heading_that_is_a_menu_item_or_early_in_the_story_is_not_a_box() -> None:
    menu = ["Pressekontakt", "Pressefotos", "Pressemitteilungen", "Meldungen", "Reden", "Interviews"]
    assert (
        contact_box([*PRESS_RELEASE, *menu, "Mit der neuen Verordnung gilt ab 15. Januar, Tel. frei."])
        is None
    )
    assert contact_box(["Kontakt", "Tel. 040 1234567", *PRESS_RELEASE, *PRESS_RELEASE]) is None
