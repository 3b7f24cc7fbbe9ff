"""The sample article bundled with newscaster: the quick start narrates it and voices are paced on it."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def sample_article_path() -> Path:
    return Path(str(files("newscaster").joinpath("data/sample-article.html")))
