"""The "N minute read" label: silent reading time, not listening time."""

from __future__ import annotations

from newscaster.config import SILENT_READING_WPM


def reading_minutes(word_count: int, wpm: int = SILENT_READING_WPM) -> int:
    """Whole minutes to read ``word_count`` words silently: rounded half up, at least 1 for any text."""
    if word_count <= 0:
        return 0
    if wpm <= 0:
        raise ValueError("wpm must be positive")
    return max(1, (word_count * 2 + wpm) // (2 * wpm))


def format_minutes(minutes: int) -> str:
    """``1`` → "1 minute", ``4`` → "4 minutes"."""
    return f"{minutes} minute" if minutes == 1 else f"{minutes} minutes"
