"""``narrate()``: the whole path from a URL, page or text to audio, timings and transcript.

1 fetch       load_source        URL / file / stdin → Source
2 extract     extract_article    Source → Article (body, title, key points, byline, date, language)
3 prepare     prepare            Article → Sentences of speakable text, offsets kept
4 synthesize  render             Sentences → AudioChunks (cached per sentence), in worker processes
5 finish      Finish: the voice's calibrated gain, a peak limiter, MP3 frames per sentence (in the workers)
6 store       Assembly: sentences joined (and streamed to ``sink`` as they come); chapters_of; audio (MP3
              with chapters), .vtt and .json written atomically
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Sequence
from concurrent.futures import Executor
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import __version__
from .audio.assembly import Assembly, NarrationSink, assembly_for
from .audio.encode import Tags, encoder_for
from .audio.finish import Finish, RenderedChunk
from .audio.timings import lay_out, timing_to_dict, to_json, to_webvtt
from .audio.voice_gain import GainBook, measure_gain
from .chapters import chapter_to_dict, chapters_of
from .config import Settings
from .errors import OutputError, VoiceError
from .extract import extract_article
from .extract.titles import spoken_title, with_title
from .fetch import load_source
from .files import write_text_atomic
from .formats import refuse_documents
from .models import Article, Narration, Sentence, Source, SpeechOptions, Timing, Voice
from .speed import SPEED_PRESETS, PaceBook, VoicePace, parse_speed, speed_for_wpm, written_words
from .stage_clock import StageClock
from .store.sentence_cache import SentenceCache, sentence_cache_for
from .synthesize import PassageVoice, forked_pool, render, synthesize
from .text.language import apply_language
from .text.lexicon import default_lexicon
from .text.normalize import normalizer_for
from .text.passages import passage_reader
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
    output: Path | None
    """The audio file (its ``.vtt`` and ``.json`` go beside it); None: no files, only the ``sink``."""
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
    clock: StageClock | None = None,
    sink: NarrationSink | None = None,
) -> Narration:
    """Narrate ``request.source`` into ``request.output`` (+ ``.vtt``, ``.json``; no files when it is
    None). ``sink`` gets the audio (MP3: from the first sentence on) and each sentence's timing as they
    are made; ``clock`` collects the CPU seconds each stage took."""
    settings = settings or Settings.from_env()
    clock = clock or StageClock()
    cache = cache if cache is not None else sentence_cache_for(settings)
    suffix = request.output.suffix.lstrip(".") if request.output else ""
    audio_format = (request.audio_format or suffix or "mp3").lower()
    encoder = encoder_for(audio_format)
    audio_path = request.output.with_suffix(f".{encoder.extension}") if request.output else None

    with clock.stage("fetch + extract"):
        article = read_article(request.source, settings, request.language)  # 1 fetch, 2 extract
    with clock.stage("prepare"):
        sentences = prepare_article(article, request.intro, settings)  # 3 prepare
    with clock.stage("choose voice"):
        options = speech_options(article, sentences, request, settings)
    assembly = assembly_for(encoder, options.voice.sample_rate_hz, sink)
    chunks: list[RenderedChunk] = []
    workers = max(request.workers, 1)
    with ExitStack() as stack:
        if pool is None and request.workers > 1 and len(sentences) > 1:
            pool = stack.enter_context(forked_pool(options.voice, request.workers, settings))
        with clock.stage("choose level"):
            gain_of = functools.partial(
                voice_gain, speed=options.speed, settings=settings, pool=pool, workers=workers
            )
            finish = finish_for(gain_of(options.voice), options.voice, audio_format)
            passages = {
                language: PassageVoice(other, finish_for(gain_of(other), options.voice, audio_format))
                for language, other in passage_voices(sentences, options.voice, settings).items()
            }
        for rendered in render(  # 4 synthesize, 5 level and encode (in the workers)
            sentences, options.voice, options.speed, settings=settings, cache=cache, finish=finish,
            pool=pool, workers=workers, clock=clock, passages=passages,
        ):  # fmt: skip
            with clock.stage("join and stream"):
                assembly.add(rendered)
            chunks.append(rendered)
            if progress:
                progress(len(chunks), len(sentences))

    timings = tuple(assembly.timings)
    chapters = chapters_of(article, timings, assembly.duration_ms)
    narration = Narration(
        article=article,
        options=options,
        audio_path=str(audio_path or ""),
        vtt_path=str(audio_path.with_suffix(".vtt")) if audio_path else "",
        json_path=str(audio_path.with_suffix(".json")) if audio_path else "",
        duration_ms=assembly.duration_ms,
        timings=timings,
        reading_minutes=article_reading_minutes(article, settings.reading_wpm),
        measured_wpm=measured_wpm(timings, assembly.duration_ms),
        sentences_from_cache=sum(r.chunk.from_cache for r in chunks),
        segments_from_cache=sum(r.segment_cached for r in chunks),
        chapters=chapters,
    )
    if audio_path is not None:
        with clock.stage("write files"):
            artist = article.byline or article.site_name or "newscaster"
            tags = Tags(title=article.title, artist=artist, chapters=chapters)
            write_narration_files(narration, assembly, encoder.media_type, tags)  # 6 store
    return narration


def write_narration_files(narration: Narration, assembly: Assembly, media_type: str, tags: Tags) -> None:
    """The audio, its ``.vtt`` and its ``.json``: all three or none (a lone audio file without its timings
    misleads), each written atomically."""
    audio_path = Path(narration.audio_path)
    written: list[Path] = []
    try:
        assembly.write(audio_path, tags)
        written.append(audio_path)
        write_text_atomic(Path(narration.vtt_path), to_webvtt(narration.timings))
        written.append(Path(narration.vtt_path))
        write_text_atomic(Path(narration.json_path), to_json(narration_document(narration, media_type)))
    except OSError as error:
        for path in written:
            path.unlink(missing_ok=True)
        raise OutputError(
            f"Cannot write {error.filename or audio_path}: {error.strerror or error}"
        ) from error


def finish_for(gain_db: float, narration_voice: Voice, audio_format: str) -> Finish:
    """How a voice's sentences are finished: at its calibrated gain (``voice_gain``), aiming as much higher
    as the format loses, resampled to the narration voice's rate."""
    loss_lu = encoder_for(audio_format).loudness_loss_lu
    return Finish(audio_format, narration_voice.sample_rate_hz, gain_db + loss_lu)


def voice_gain(
    voice: Voice, speed: float, settings: Settings, pool: Executor | None = None, workers: int = 1
) -> float:
    """The calibrated gain that brings ``voice`` at ``speed`` to the spoken-word target; a voice never
    measured is measured now, its sentences synthesized where the narration's are (``pool``)."""
    book = GainBook(settings.data_dir / "voice-gain.json")
    return book.gain_db(voice, speed, lambda v: calibrate_gain(v, settings, pool, workers))


def read_article(source: str | Source | Article, settings: Settings, language: str | None = None) -> Article:
    """Stages 1 and 2: fetch (or read) the source, extract the article and find its language from the
    text (``language`` overrides it; an already extracted article keeps its own unless overridden)."""
    if isinstance(source, Article):
        return apply_language(source, language) if language else source
    if not isinstance(source, Source):
        source = load_source(source, allow_private=settings.allow_private_urls)
    refuse_documents(source)
    article = extract_article(source)
    return with_title(apply_language(article, language, settings.cache_dir / "langid"))


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
    passages = passage_reader(article, settings.cache_dir, settings.lexicon_path)
    return prepare(
        spoken_title(article), normalizer=normalizer, lexicon=lexicon, intro=intro, passages=passages
    )


def passage_voices(sentences: Sequence[Sentence], voice: Voice, settings: Settings) -> dict[str, Voice]:
    """The best installed voice for each other language that passages are written in
    (``Sentence.language``), unless the narration's voice speaks it too; a language no voice speaks is
    left to the narration's voice."""
    registry = registry_for(settings)
    found: dict[str, Voice] = {}
    for language in sorted({s.language for s in sentences if s.language}):
        if voice.speaks(language):
            continue
        try:
            found[language] = registry.default_for(language)
        except VoiceError:
            continue
    return found


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


def calibrate_gain(voice: Voice, settings: Settings, pool: Executor | None = None, workers: int = 1) -> float:
    """Narrate the bundled sample article (in the voice's language where there is one) at 1.0 and measure
    the gain that brings it to the target. A server passes its synthesis ``pool``: no engine ever runs in
    the server's own process."""
    from .samples import sample_article_path

    article = read_article(str(sample_article_path(voice.language)), settings)
    sentences = prepare_article(article, True, settings)
    cache = sentence_cache_for(settings)
    chunks = synthesize(sentences, voice, 1.0, settings=settings, cache=cache, pool=pool, workers=workers)
    return measure_gain(list(chunks), voice.sample_rate_hz)


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
