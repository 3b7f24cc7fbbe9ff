"""The sample articles bundled with newscaster: the quick start narrates the English one, voices are paced
on it, and a voice's loudness is measured on the one in its own language."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from .language_tags import primary_subtag

SAMPLE_FILES = {"en": "data/sample-article.html", "ja": "data/sample-article-ja.md"}
"""By primary language subtag; the same story in each, so voices are measured on like material."""


def sample_article_path(language: str = "en") -> Path:
    """The sample article in ``language`` where one is bundled, else the English one."""
    name = SAMPLE_FILES.get(primary_subtag(language.lower()), SAMPLE_FILES["en"])
    return Path(str(files("newscaster").joinpath(name)))
