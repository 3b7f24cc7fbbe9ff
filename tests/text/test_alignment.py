from __future__ import annotations

import pytest

from newscaster.text.alignment import spoken_word_spans


def _read(written: str, spoken: str) -> list[str]:
    return [written[start:end] for start, end in spoken_word_spans(written, spoken)]


def test_kept_words_map_to_themselves_and_rewrites_to_their_source() -> None:
    written = "Just 20 days before the $1.2bn deal, Xi said."
    spoken = "Just twenty days before the one point two billion dollars deal, Shee said."
    assert _read(written, spoken) == [
        "Just", "20", "days", "before", "the", "$1.2bn", "$1.2bn", "$1.2bn", "$1.2bn", "$1.2bn",
        "deal,", "Xi", "said.",
    ]  # fmt: skip


def test_words_added_by_the_normalizer_point_at_a_neighbour() -> None:
    assert _read("On 3 March it rained.", "On the third of March it rained.")[1:4] == ["3", "3", "3"]


@pytest.mark.parametrize(("written", "spoken"), [("", "hello"), ("Hello.", "")])
def test_degenerate_inputs(written: str, spoken: str) -> None:
    assert len(spoken_word_spans(written, spoken)) == len(spoken.split())
