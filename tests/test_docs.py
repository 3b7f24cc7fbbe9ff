"""docs/operating.md names every setting the code reads, with the code's defaults."""

from __future__ import annotations

import re
from pathlib import Path

from newscaster import config, logs
from newscaster.web import security

ROOT = Path(__file__).resolve().parents[1]
OPERATING = ROOT / "docs" / "operating.md"
SETTING = re.compile(r"NEWSCASTER_[A-Z0-9_]*[A-Z0-9]")


def settings_in_code() -> set[str]:
    return {name for path in (ROOT / "src").rglob("*.py") for name in SETTING.findall(path.read_text())}


def documented_defaults() -> dict[str, str]:
    """``| `NAME` | default | what |`` rows of the settings table."""
    rows = re.findall(r"^\| `(NEWSCASTER_[A-Z0-9_]+)` \| ([^|]+) \|", OPERATING.read_text(), re.MULTILINE)
    return {name: default.strip() for name, default in rows}


def test_every_setting_in_the_code_is_documented() -> None:
    found = settings_in_code()
    assert len(found) > 20  # the search itself works
    documented = documented_defaults()
    missing = sorted(found - set(documented))
    assert not missing, f"docs/operating.md has no row for {missing}"
    stale = sorted(set(documented) - found)
    assert not stale, f"docs/operating.md documents settings the code no longer reads: {stale}"


def test_documented_defaults_are_the_codes() -> None:
    documented = documented_defaults()
    numbers = {
        "NEWSCASTER_SENTENCE_CACHE_MB": config.SENTENCE_CACHE_MB,
        "NEWSCASTER_READING_WPM": config.SILENT_READING_WPM,
        "NEWSCASTER_WORKER_MEMORY_MB": config.DEFAULT_WORKER_MEMORY_MB,
        "NEWSCASTER_NARRATIONS_PER_MINUTE": security.NARRATIONS_PER_MINUTE,
        "NEWSCASTER_NARRATION_BURST": security.NARRATION_BURST,
        "NEWSCASTER_MAX_QUEUED_JOBS": security.MAX_QUEUED_JOBS,
        "NEWSCASTER_MAX_QUEUED_JOBS_PER_CLIENT": security.MAX_QUEUED_JOBS_PER_CLIENT,
        "NEWSCASTER_TOKEN_STORAGE_MB": security.TOKEN_STORAGE_MB,
        "NEWSCASTER_READ_BURST": security.READ_BURST,
        "NEWSCASTER_READS_PER_MINUTE": security.READS_PER_MINUTE,
    }
    for name, value in numbers.items():
        assert documented[name] == f"{value:g}", name
    assert documented["NEWSCASTER_LOG_LEVEL"] == f"`{logs.DEFAULT_LOG_LEVEL}`"
    assert documented["NEWSCASTER_FEED_TITLE"] == f"`{config.Settings.feed_title}`"
    assert documented["NEWSCASTER_FRAME_ANCESTORS"] == f"`{security.SecuritySettings.frame_ancestors}`"
