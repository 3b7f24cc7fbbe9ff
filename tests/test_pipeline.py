"""narrate() end to end on the shared fixtures, with real voices."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import av
import numpy as np
import pytest

from newscaster.config import Settings
from newscaster.errors import ExtractionError, OptionError, VoiceError
from newscaster.models import Part, Source
from newscaster.pipeline import NarrationRequest, narrate
from newscaster.store.sentence_cache import FileSentenceCache, MemorySentenceCache

SHORT_ARTICLE = (
    "# Ferry service resumes\n\n"
    "The ferry to the islands sailed again on Monday after a two-week pause.\n\n"
    "Crews said the new engines ran quietly. Passengers were pleased."
)


def _decoded(path: str) -> np.ndarray:
    with av.open(path) as container:
        return np.concatenate([frame.to_ndarray().reshape(-1) for frame in container.decode(audio=0)])


def _audio_seconds(path: str) -> float:
    with av.open(path) as container:
        stream = container.streams.audio[0]
        return sum(frame.samples / frame.sample_rate for frame in container.decode(stream))


def _spoken_and_written(document: dict) -> tuple[str, str]:
    spoken = " ".join(s["spoken"] for s in document["sentences"])
    written = " ".join(s["text"] for s in document["sentences"])
    return spoken, written


@pytest.mark.slow
@pytest.mark.parametrize("fixture", ["seed-article", "inline-chrome-article"])
def test_fixture_narration_reads_the_article_and_never_the_chrome(
    fixture: str, shared_fixtures: Path, settings: Settings, tmp_path: Path
) -> None:
    expected = json.loads((shared_fixtures / f"{fixture}.expected.json").read_text(encoding="utf-8"))
    output = tmp_path / "out.mp3"
    narration = narrate(
        NarrationRequest(str(shared_fixtures / f"{fixture}.html"), output, workers=2), settings
    )

    assert {Path(p).name for p in (narration.audio_path, narration.vtt_path, narration.json_path)} == {
        "out.mp3", "out.vtt", "out.json",
    }  # fmt: skip
    document = json.loads(Path(narration.json_path).read_text(encoding="utf-8"))
    body = [s for s in document["sentences"] if s["part"] == Part.BODY.value]
    paragraphs = document["article"]["paragraphs"]
    assert paragraphs == expected["paragraphs"]
    for number, paragraph in enumerate(paragraphs):
        own = [s for s in body if s["paragraph_index"] == number]
        assert " ".join(s["text"] for s in own) == re.sub(r"\s+", " ", paragraph)
        assert all(paragraph[s["start_char"] : s["end_char"]] == s["text"] for s in own)
        assert all(s["spoken"].strip() for s in own)
    spoken, written = _spoken_and_written(document)
    for phrase in expected["must_not_say"]:
        assert phrase.lower() not in spoken.lower(), phrase
        assert phrase.lower() not in written.lower(), phrase
    assert not re.search(r"\d", spoken), "numbers are read as words"

    duration_ms = _audio_seconds(narration.audio_path) * 1000
    assert abs(document["sentences"][-1]["end_ms"] - duration_ms) <= 50
    assert document["duration_ms"] == pytest.approx(duration_ms, abs=50)
    assert document["reading_time"]["label"].startswith("Reading Time: ")
    assert document["voice"]["id"] == "hibari:heart"
    vtt = Path(narration.vtt_path).read_text(encoding="utf-8")
    assert vtt.count(" --> ") == len(document["sentences"])


@pytest.mark.slow
@pytest.mark.parametrize("voice_id", ["piper:joe", "espeak:en-us"])
def test_other_engines_narrate_the_seed(
    voice_id: str, shared_fixtures: Path, settings: Settings, tmp_path: Path
) -> None:
    expected = json.loads((shared_fixtures / "seed-article.expected.json").read_text(encoding="utf-8"))
    request = NarrationRequest(
        str(shared_fixtures / "seed-article.html"), tmp_path / "o.mp3", voice_id=voice_id
    )
    narration = narrate(request, settings, cache=MemorySentenceCache())
    document = json.loads(Path(narration.json_path).read_text(encoding="utf-8"))
    assert document["voice"]["id"] == voice_id
    spoken, _ = _spoken_and_written(document)
    assert not any(p.lower() in spoken.lower() for p in expected["must_not_say"])
    assert abs(document["sentences"][-1]["end_ms"] - _audio_seconds(narration.audio_path) * 1000) <= 50
    if voice_id.startswith("espeak"):
        assert all(s["words_timing"] == "exact" for s in document["sentences"])
    body = [s for s in document["sentences"] if s["part"] == "body"]
    words = [(s, w) for s in body for w in s["words"]]
    placed = [(s, w) for s, w in words if "start_char" in w]
    assert len(placed) >= 0.9 * len(words)  # word highlighting has a place in the written text
    assert all(s["start_char"] <= w["start_char"] < w["end_char"] <= s["end_char"] for s, w in placed)


def _short_source() -> Source:
    return Source(content=SHORT_ARTICLE, is_html=False, name="ferry.md")


@pytest.mark.parametrize("voice_id", ["hibari:heart", "piper:joe", "espeak:en-us"])
def test_speed_shortens_the_audio_in_proportion(voice_id: str, settings: Settings, tmp_path: Path) -> None:
    def length_ms(name: str, speed: str) -> int:
        request = NarrationRequest(_short_source(), tmp_path / name, voice_id=voice_id, speed=speed)
        return narrate(request, settings).duration_ms

    assert length_ms("b.wav", "1.5") / length_ms("a.wav", "1.0") == pytest.approx(1 / 1.5, rel=0.10)


@pytest.mark.slow
@pytest.mark.parametrize("voice_id", ["hibari:heart", "piper:joe", "espeak:en-us"])
def test_wpm_target_is_met(voice_id: str, settings: Settings, shared_fixtures: Path, tmp_path: Path) -> None:
    seed = str(shared_fixtures / "seed-article.html")
    narration = narrate(NarrationRequest(seed, tmp_path / "w.mp3", voice_id=voice_id, wpm=250), settings)
    assert narration.measured_wpm == pytest.approx(250, rel=0.10)
    assert narration.options.speed > 1.2


def test_renarrating_an_edited_article_reuses_unchanged_sentences(settings: Settings, tmp_path: Path) -> None:
    cache = MemorySentenceCache()
    first = narrate(NarrationRequest(_short_source(), tmp_path / "a.wav"), settings, cache=cache)
    assert first.sentences_from_cache == 0
    edited = Source(SHORT_ARTICLE.replace("Passengers were pleased.", "Passengers cheered."), False)
    second = narrate(NarrationRequest(edited, tmp_path / "b.wav"), settings, cache=cache)
    assert second.sentences_from_cache == len(second.timings) - 1


class CountingEngine:
    """espeak-ng, counting the sentences it is asked to speak (registered like any engine plugin)."""

    name = "counting"

    def __init__(self, settings: Settings) -> None:
        from newscaster.voices.espeak import EspeakEngine

        self.inner = EspeakEngine()
        self.spoken: list[str] = []

    def voices(self) -> list:
        return [
            replace(v, id="counting:en-us", engine="counting")
            for v in self.inner.voices()
            if v.name == "en-us"
        ]

    def synthesize(self, text: str, voice, speed: float = 1.0):
        self.spoken.append(text)
        return self.inner.synthesize(text, replace(voice, id="espeak:en-us", engine="espeak"), speed)


@pytest.fixture
def counting_engine(settings: Settings) -> Iterator[CountingEngine]:
    from newscaster.voices import registry

    engine = CountingEngine(settings)
    registry.register_engine("counting", lambda _settings: engine)
    registry.registry_for.cache_clear()
    try:
        yield engine
    finally:
        registry._FACTORIES.pop("counting", None)
        registry.registry_for.cache_clear()


def test_a_one_sentence_edit_synthesizes_one_sentence_and_encodes_nothing_else(
    counting_engine: CountingEngine, settings: Settings, tmp_path: Path
) -> None:
    article = "# Ferry service resumes\n\n" + "\n\n".join(
        f"The ferry to island {n} sailed again on Monday. Its crew of {n + 4} said the engines ran quietly."
        for n in range(6)
    )
    edited = article.replace("island 3 sailed again", "island 3 sailed once more")
    cache = FileSentenceCache(tmp_path / "sentences")
    request = NarrationRequest(Source(article, False), tmp_path / "a.mp3", voice_id="counting:en-us")
    first = narrate(request, settings, cache=cache)  # (a new voice's gain is measured first, once)
    assert first.sentences_from_cache == 0 and len(first.timings) == 13
    counting_engine.spoken.clear()

    again = narrate(
        replace(request, source=Source(edited, False), output=tmp_path / "b.mp3"), settings, cache=cache
    )
    assert counting_engine.spoken == ["The ferry to island three sailed once more on Monday."]
    assert again.sentences_from_cache == again.segments_from_cache == 12  # reused as encoded frames
    changed = next(n for n, t in enumerate(again.timings) if "once more" in t.sentence.text)
    spoken_before_ms = again.timings[changed - 1].end_ms  # every unchanged sentence before the edit
    rate_hz = again.options.voice.sample_rate_hz
    first_audio, again_audio = _decoded(first.audio_path), _decoded(again.audio_path)
    cut = round(rate_hz * spoken_before_ms / 1000)
    assert np.array_equal(first_audio[:cut], again_audio[:cut])  # the very same frames


def test_progress_is_reported_per_sentence(settings: Settings, tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    narration = narrate(
        NarrationRequest(_short_source(), tmp_path / "p.wav"),
        settings,
        progress=lambda d, t: seen.append((d, t)),
    )
    total = len(narration.timings)
    assert seen == [(n, total) for n in range(1, total + 1)]


def test_intro_reads_title_first_and_can_be_left_out(settings: Settings, tmp_path: Path) -> None:
    with_intro = narrate(NarrationRequest(_short_source(), tmp_path / "i.wav"), settings)
    assert with_intro.timings[0].sentence.part is Part.TITLE
    assert with_intro.timings[0].sentence.text == "Ferry service resumes"
    without = narrate(NarrationRequest(_short_source(), tmp_path / "n.wav", intro=False), settings)
    assert all(t.sentence.part is Part.BODY for t in without.timings)


@pytest.mark.parametrize(
    ("request_args", "error"),
    [
        ({"voice_id": "nobody"}, VoiceError),
        ({"speed": "3"}, OptionError),
        ({"wpm": 1000.0}, OptionError),
        ({"audio_format": "flac"}, OptionError),
    ],
)
def test_bad_options_fail_before_any_file_is_written(
    request_args: dict, error: type, settings: Settings, tmp_path: Path
) -> None:
    with pytest.raises(error):
        narrate(NarrationRequest(_short_source(), tmp_path / "x.mp3", **request_args), settings)
    assert list(tmp_path.iterdir()) == []


def test_empty_text_is_an_extraction_error(settings: Settings, tmp_path: Path) -> None:
    with pytest.raises(ExtractionError):
        narrate(NarrationRequest(Source("   \n", False), tmp_path / "x.mp3"), settings)
    assert list(tmp_path.iterdir()) == []


def test_a_new_voices_gain_is_measured_on_the_sample_in_its_own_language(
    counting_engine: CountingEngine, settings: Settings, tmp_path: Path
) -> None:
    """A voice missing from the bundled gains is measured once, on the bundled sample article: a Japanese
    voice on the Japanese sample (the English one would measure it reading words it cannot say)."""
    from newscaster.pipeline import calibrate_gain

    settings = replace(settings, data_dir=tmp_path)  # an empty sentence cache: every sentence is spoken
    english = counting_engine.voices()[0]
    calibrate_gain(replace(english, language="ja"), settings)
    assert any("夜行列車" in text for text in counting_engine.spoken)
    assert not any("Night trains" in text for text in counting_engine.spoken)
    counting_engine.spoken.clear()
    calibrate_gain(english, settings)
    assert any("Night trains" in text for text in counting_engine.spoken)
