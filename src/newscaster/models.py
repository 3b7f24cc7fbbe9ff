"""The small dataclasses the pipeline stages hand to each other.

fetch → ``Source`` · extract → ``Article`` · prepare → ``Sentence`` · synthesize → ``AudioChunk``
· encode → ``Timing`` / ``Narration``. Times are integer milliseconds, rates carry their unit in the name.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import numpy as np

from .language_tags import spoken_language


@dataclass(frozen=True)
class Source:
    """Raw input before extraction: HTML or plain text, and where it came from."""

    content: str
    is_html: bool
    url: str | None = None
    """Final URL after redirects, if the input came from the web."""
    name: str | None = None
    """File name or URL, for messages."""


@dataclass(frozen=True)
class Article:
    """What a page says, without its chrome. ``paragraphs`` is the body, in reading order."""

    title: str
    paragraphs: tuple[str, ...]
    key_points: tuple[str, ...] = ()
    byline: str | None = None
    published: str | None = None
    """ISO 8601 date (YYYY-MM-DD) when known."""
    language: str = "en"
    """BCP 47 language tag, e.g. "en" or "de"."""
    url: str | None = None
    site_name: str | None = None
    headings: tuple[int, ...] = ()
    """Indexes of the ``paragraphs`` that are section headings (``<h2>``/``<h3>`` in the body, a live blog
    entry's headline, a Markdown heading), in order: they are read like the other paragraphs and open
    chapters (``chapters.chapters_of``)."""

    @property
    def word_count(self) -> int:
        return sum(len(p.split()) for p in self.paragraphs)

    def to_json(self) -> dict[str, object]:
        """Every field plus ``word_count``, JSON-ready."""
        return {
            "title": self.title,
            "key_points": list(self.key_points),
            "byline": self.byline,
            "published": self.published,
            "language": self.language,
            "url": self.url,
            "site_name": self.site_name,
            "word_count": self.word_count,
            "paragraphs": list(self.paragraphs),
            "headings": list(self.headings),
        }


class Part(StrEnum):
    """Which part of the article a sentence comes from; the intro parts are read before the body."""

    TITLE = "title"
    KEY_POINT = "key_point"
    BYLINE = "byline"
    BODY = "body"


@dataclass(frozen=True)
class Sentence:
    """One sentence as written and as it will be spoken.

    ``start_char``/``end_char`` index into the text of paragraph ``paragraph_index`` of ``part``
    (for the body: ``Article.paragraphs[paragraph_index]``), so read-along highlighting lands on the
    words the listener sees.
    """

    index: int
    part: Part
    paragraph_index: int
    start_char: int
    end_char: int
    text: str
    spoken: str
    ends_paragraph: bool = False
    spoken_word_spans: tuple[tuple[int, int], ...] = ()
    """Per whitespace-separated word of ``spoken``: the (start_char, end_char) it reads, in the same
    paragraph coordinates as ``start_char``; a rewritten stretch ("$1.2bn") spans the whole original."""
    heading: bool = False
    """Read from a section heading (``Article.headings``): a longer pause comes before it."""
    language: str | None = None
    """A passage in another language's script (BCP 47, ``text/passages.py``), read by a voice of that
    language; None for the article's own."""


@dataclass(frozen=True)
class WordTiming:
    """A spoken word's place in the audio, relative to its sentence's start."""

    word: str
    start_ms: int
    end_ms: int


@dataclass(frozen=True)
class SpeechAudio:
    """What an engine returns for one piece of text: mono float32 samples in [-1, 1]."""

    samples: np.ndarray
    sample_rate_hz: int
    words: tuple[WordTiming, ...] = ()
    words_exact: bool = False
    """True when word times come from the engine's own alignment, False when estimated."""

    @property
    def duration_ms(self) -> float:
        return 1000.0 * len(self.samples) / self.sample_rate_hz


@dataclass(frozen=True)
class AudioChunk:
    """One sentence's audio, followed by ``pause_ms`` of silence before the next sentence."""

    sentence: Sentence
    speech: SpeechAudio
    pause_ms: int
    from_cache: bool = False


@dataclass(frozen=True)
class Timing:
    """Where a sentence sits in the finished audio."""

    sentence: Sentence
    start_ms: int
    end_ms: int
    words: tuple[WordTiming, ...] = ()
    """Absolute word times (from the start of the audio)."""
    words_exact: bool = False


@dataclass(frozen=True)
class Chapter:
    """A stretch of the narration that starts at a section heading (or, for the first, at the start)."""

    title: str
    start_ms: int
    end_ms: int
    first_sentence_index: int


@dataclass(frozen=True)
class Voice:
    """An installed voice. ``id`` is what users type: ``engine:name`` (e.g. ``hibari:heart``)."""

    id: str
    engine: str
    name: str
    display_name: str
    language: str
    """BCP 47 tag, e.g. "en-US"."""
    gender: str
    sample_rate_hz: int
    licence: str
    natural_wpm: float
    """Measured words (as written) per minute at speed 1.0; turns a target WPM into a speed."""
    quality: int = 1
    """Higher is preferred when several voices fit a language."""
    other_languages: tuple[str, ...] = ()
    """Further BCP 47 tags this voice speaks well enough to be chosen for (e.g. "zh" for Mandarin)."""

    def speaks(self, language: str) -> bool:
        """Whether this voice speaks ``language`` (a BCP 47 tag), compared by what is heard: "zh-Hant" is
        Mandarin, "yue" Cantonese (``language_tags.spoken_language``)."""
        wanted = spoken_language(language)
        return any(spoken_language(tag) == wanted for tag in (self.language, *self.other_languages))


@dataclass(frozen=True)
class SpeechOptions:
    """Per-request choices, separate from the voice itself."""

    voice: Voice
    speed: float = 1.0
    """Playback rate rendered by the engine: 1.0 natural, > 1 faster, < 1 slower (0.5–2.0)."""
    intro: bool = True
    """Read the title, key points and byline before the body."""


@dataclass(frozen=True)
class Narration:
    """The finished product of ``narrate()``: where the files are and what they hold."""

    article: Article
    options: SpeechOptions
    audio_path: str
    vtt_path: str
    json_path: str
    duration_ms: int
    timings: tuple[Timing, ...]
    reading_minutes: int
    measured_wpm: float
    sentences_from_cache: int = 0
    segments_from_cache: int = 0
    """Sentences whose encoded audio was reused as is (no synthesis, no encoding)."""
    chapters: tuple[Chapter, ...] = ()
