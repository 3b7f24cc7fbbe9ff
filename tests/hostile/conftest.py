"""Fixtures for the hostile corpus: the local page server and a data folder that allows private targets."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hostile_support import PageServer

from newscaster.config import Settings


@pytest.fixture(scope="session")
def page_server() -> Iterator[PageServer]:
    server = PageServer()
    try:
        yield server
    finally:
        server.close()


@pytest.fixture(scope="session")
def hostile_settings(tmp_path_factory: pytest.TempPathFactory, settings: Settings) -> Settings:
    """Private targets allowed: the corpus's pages are served from 127.0.0.1."""
    return Settings(
        data_dir=tmp_path_factory.mktemp("hostile-data"),
        allow_private_urls=True,
        rebuildable_cache_dir=settings.cache_dir,
        allowed_hosts=("testserver",),  # the ASGI test client's Host (absolute URLs of an article's embed)
    )
