from __future__ import annotations

import pytest

from newscaster.durations import format_clock


@pytest.mark.parametrize(
    ("ms", "shown"),
    [
        (0, "0:00"),
        (-20, "0:00"),
        (245_000, "4:05"),
        (2_500, "0:03"),  # halves up, like Math.round in player.js (Python's round would give 0:02)
        (59_600, "1:00"),  # rounded, not floored as `newscaster check` used to ("0:59")
        (59_400, "0:59"),
        (3_599_400, "59:59"),
        (3_600_000, "1:00:00"),  # the `read` summary used to say "60:00"
        (3_723_000, "1:02:03"),
    ],
)
def test_format_clock(ms: float, shown: str) -> None:
    assert format_clock(ms) == shown
