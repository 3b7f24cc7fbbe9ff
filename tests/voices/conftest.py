from __future__ import annotations

import pytest

from newscaster.config import Settings
from newscaster.voices.registry import VoiceRegistry


@pytest.fixture(scope="session")
def registry(tmp_path_factory: pytest.TempPathFactory) -> VoiceRegistry:
    return VoiceRegistry(Settings(data_dir=tmp_path_factory.mktemp("data")))
