"""``narrate()``: the whole path from a URL, page or text to audio, timings and transcript.

1 fetch       load_source        URL / file / stdin → Source
2 extract     extract_article    Source → Article (body, title, key points, byline, date, language)
3 prepare     prepare            Article → Sentences of speakable text, offsets kept
4 synthesize  synthesize         Sentences → AudioChunks (cached per sentence)
5 encode      lay_out, chapters_of, normalize_loudness, encoder.write → MP3 (with chapters) / Opus / WAV
6 store       the .vtt and .json beside the audio, all written atomically
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from concurrent.futures import Executor
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import __version__
from .audio.encode import Tags, encoder_for
from .audio.loudness import TARGET_LUFS, normalize_loudness
from .audio.timings import lay_out, timing_to_dict, to_json, to_webvtt
from .chapters import chapter_to_dict, chapters_of
from .config import Settings
from .errors import OutputError
from .extract import extract_article
from .extract.titles import spoken_title, with_title
from .fetch import load_source
from .files import write_text_atomic
from .formats import refuse_documents
from .models import Article, AudioChunk, Narration, Sentence, Source, SpeechOptions, Timing, Voice
from .speed import SPEED_PRESETS, PaceBook, VoicePace, parse_speed, speed_for_wpm, written_words
from .store.sentence_cache import SentenceCache, sentence_cache_for
from .synthesize import forked_pool, synthesize
from .text.language import apply_language
from .text.lexicon import default_lexicon
from .text.normalize import normalizer_for
from .text.phonemes import written_form
from .text.prepare import prepare
from .text.reading_time import article_reading_minutes, format_minutes
from .voices.registry import registry_for

ProgressCallback = Callable[[int, int], None]
"""Called with (sentences done, sentences in total) as synthesis goes."""


@dataclass(frozen=True)
class NarrationRequest:
    """What to narrate and how. ``speed`` or ``wpm``, not both; ``voice_id`` None picks by language;
    ``language`` (BCP 47) replaces the detected one; ``force_voice`` lets ``voice_id`` read a language it
    does not speak."""

    source: str | Source | Article
    """A URL, file path or "-" (stdin); raw content; or an already extracted article."""
    output: Path
    voice_id: str | None = None
    speed: str | float | None = None
    wpm: float | None = None
    audio_format: str | None = None
    intro: bool = True
    workers: int = 1
    language: str | None = None
    force_voice: bool = False


def narrate(
    request: NarrationRequest,
    settings: Settings | None = None,
    *,
    cache: SentenceCache | None = None,
    progress: ProgressCallback | None = None,
    pool: Executor | None = None,
) -> Narration:
    settings = settings or Settings.from_env()
    cache = cache if cache is not None else sentence_cache_for(settings)
    audio_format = request.audio_format or request.output.suffix.lstrip(".") or "mp3"
    encoder = encoder_for(audio_format)
    audio_path = request.output.with_suffix(f".{encoder.extension}")

    article = read_article(request.source, settings, request.language)  # 1 fetch, 2 extract
    sentences = prepare_article(article, request.intro, settings)  # 3 prepare
    options = speech_options(article, sentences, request, settings)
    with ExitStack() as stack:
        if pool is None and request.workers > 1 and len(sentences) > 1:
            pool = stack.enter_context(forked_pool(options.voice, request.workers, settings))
        chunks: list[AudioChunk] = []
        for chunk in synthesize(  # 4 synthesize
            sentences, options.voice, options.speed,
            settings=settings, cache=cache, pool=pool, workers=max(request.workers, 1),
        ):  # fmt: skip
            chunks.append(chunk)
            if progress:
                progress(len(chunks), len(sentences))

    layout = lay_out(chunks)
    chapters = chapters_of(article, layout.timings, layout.duration_ms)
    samples = normalize_loudness(
        layout.samples, layout.sample_rate_hz, TARGET_LUFS + encoder.loudness_loss_lu
    )
    tags = Tags(
        title=article.title, artist=article.byline or article.site_name or "newscaster", chapters=chapters
    )

    narration = Narration(
        article=article,
        options=options,
        audio_path=str(audio_path),
        vtt_path=str(audio_path.with_suffix(".vtt")),
        json_path=str(audio_path.with_suffix(".json")),
        duration_ms=layout.duration_ms,
        timings=layout.timings,
        reading_minutes=article_reading_minutes(article, settings.reading_wpm),
        measured_wpm=measured_wpm(layout.timings, layout.duration_ms),
        sentences_from_cache=sum(chunk.from_cache for chunk in chunks),
        chapters=chapters,
    )
    written: list[Path] = []
    try:
        encoder.write(samples, layout.sample_rate_hz, audio_path, tags)  # 5 encode
        written.append(audio_path)
        write_text_atomic(Path(narration.vtt_path), to_webvtt(layout.timings))  # 6 store
        written.append(Path(narration.vtt_path))
        write_text_atomic(
            Path(narration.json_path), to_json(narration_document(narration, encoder.media_type))
        )
    except OSError as error:
        for path in written:  # all three files or none: a lone audio file without its timings misleads
            path.unlink(missing_ok=True)
        raise OutputError(
            f"Cannot write {error.filename or audio_path}: {error.strerror or error}"
        ) from error
    return narration


def read_article(source: str | Source | Article, settings: Settings, language: str | None = None) -> Article:
    """Stages 1 and 2: fetch (or read) the source, extract the article and find its language from the
    text (``language`` overrides it; an already extracted article keeps its own unless overridden)."""
    if isinstance(source, Article):
        return apply_language(source, language) if language else source
    if not isinstance(source, Source):
        source = load_source(source, allow_private=settings.allow_private_urls)
    refuse_documents(source)
    return with_title(apply_language(extract_article(source), language))


def speech_options(
    article: Article, sentences: Sequence[Sentence], request: NarrationRequest, settings: Settings
) -> SpeechOptions:
    """The voice (asked for, or the best for the article's language) and the speed it renders at."""
    registry = registry_for(settings)
    if request.voice_id:
        voice = registry.get(request.voice_id)
        if not request.force_voice:
            registry.check_speaks(voice, article.language)
    else:
        voice = registry.default_for(article.language)
    if request.wpm is not None:
        pace = pace_book(settings).pace(voice, lambda v: calibrate(v, settings))
        speed = speed_for_wpm(request.wpm, sentences, pace)
    else:
        speed = parse_speed(request.speed)
    return SpeechOptions(voice=voice, speed=speed, intro=request.intro)


def pace_book(settings: Settings) -> PaceBook:
    return PaceBook(settings.data_dir / "voice-pace.json")


def prepare_article(article: Article, intro: bool, settings: Settings) -> list[Sentence]:
    normalizer = normalizer_for(article.language, settings.cache_dir / "normalizer")
    lexicon = default_lexicon(settings.lexicon_path, article.language)
    return prepare(spoken_title(article), normalizer=normalizer, lexicon=lexicon, intro=intro)


def measured_wpm(timings: Sequence[Timing], duration_ms: int) -> float:
    """Written words per minute of audio, the way a listener experiences the pace."""
    words = written_words([t.sentence for t in timings])
    return round(words / (duration_ms / 60_000), 1) if duration_ms else 0.0


def calibrate(voice: Voice, settings: Settings) -> VoicePace:
    """Narrate the bundled sample article's body at 1.0 and measure the voice's natural pace."""
    from .samples import sample_article_path

    article = read_article(str(sample_article_path()), settings)
    sentences = prepare_article(article, False, settings)
    cache = sentence_cache_for(settings)
    chunks = list(synthesize(sentences, voice, 1.0, settings=settings, cache=cache))
    layout = lay_out(chunks)
    speech_s = sum(len(c.speech.samples) / c.speech.sample_rate_hz for c in chunks)
    return VoicePace(
        wpm=measured_wpm(layout.timings, layout.duration_ms),
        spoken_chars_per_s=sum(len(written_form(s.spoken)) for s in sentences) / speech_s,
    )


def narration_document(narration: Narration, media_type: str) -> dict[str, Any]:
    """The ``NAME.json`` beside the audio: metadata, reading and listening time, chapters (empty when the
    article has no section headings), per-sentence timings."""
    article, options = narration.article, narration.options
    listening_ms = {
        f"{preset_speed:g}x": round(narration.duration_ms * options.speed / preset_speed)
        for preset_speed in sorted({*SPEED_PRESETS.values(), 1.25, 2.0})
    }
    return {
        "newscaster": __version__,
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "article": article.to_json(),
        "reading_time": {
            "minutes": narration.reading_minutes,
            "label": f"Reading Time: {format_minutes(narration.reading_minutes)}",
        },
        "voice": {
            "id": options.voice.id,
            "name": options.voice.display_name,
            "language": options.voice.language,
            "engine": options.voice.engine,
        },
        "speed": options.speed,
        "measured_wpm": narration.measured_wpm,
        "duration_ms": narration.duration_ms,
        "listening_ms_by_playback_rate": listening_ms,
        "audio": {"file": Path(narration.audio_path).name, "media_type": media_type},
        "chapters": [chapter_to_dict(c) for c in narration.chapters],
        "sentences": [timing_to_dict(t) for t in narration.timings],
    }
