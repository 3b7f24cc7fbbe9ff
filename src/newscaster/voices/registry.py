"""Which engines exist and which voice speaks an article.

Built-in engines are registered exactly like third-party ones: a factory under a name, here or through
the ``newscaster.engines`` entry-point group (``name = "package.module:factory"``, the factory taking
``Settings``). Voice ids are ``engine:voice``; a bare voice name works when it is unique.
"""

from __future__ import annotations

import difflib
import math
import os
from collections.abc import Callable
from functools import cache
from importlib.metadata import entry_points

from ..config import Settings
from ..errors import VoiceError
from ..language_tags import language_label, primary_subtag, spoken_language
from ..models import Voice
from .base import Engine

RUNTIME_ENVIRONMENT = {"ORT_DISABLE_TELEMETRY": "1"}
"""Set (unless the user set them) before any engine loads. onnxruntime ≥ 1.29 on Linux writes a device id
under ~/.cache/Microsoft and sends usage events unless told not to before it starts; hibari, Piper and
Kokoro all run on it, and an offline narrator neither phones home nor writes outside its data folder."""

EngineFactory = Callable[[Settings], Engine]
VOICES_NAMED_IN_ERRORS = 5
"""An error names at most this many voices that would do, best first; the rest are counted."""
_FACTORIES: dict[str, EngineFactory] = {}


def register_engine(name: str, factory: EngineFactory) -> None:
    """Make an engine available under ``name`` (the prefix of its voice ids)."""
    _FACTORIES[name] = factory


def registered_engines() -> dict[str, EngineFactory]:
    """Every registered engine factory by name (a copy)."""
    return dict(_FACTORIES)


def _hibari(settings: Settings) -> Engine:
    from .hibari import HibariEngine

    return HibariEngine(cache_dir=settings.cache_dir / "hibari")


def _piper(settings: Settings) -> Engine:
    from .piper import PiperEngine

    return PiperEngine(voices_dir=settings.voices_dir)


def _kokoro(settings: Settings) -> Engine:
    from .kokoro import EnglishPhonemes, KokoroEngine

    return KokoroEngine(cache_dir=settings.cache_dir / "kokoro", english=EnglishPhonemes(settings))


def _espeak(settings: Settings) -> Engine:
    from .espeak import EspeakEngine

    return EspeakEngine()


def _flite(settings: Settings) -> Engine:
    from .flite import FliteEngine

    return FliteEngine(voices_dir=settings.voices_dir)


def _festival(settings: Settings) -> Engine:
    from .festival import FestivalEngine

    return FestivalEngine()


register_engine("hibari", _hibari)
register_engine("piper", _piper)
register_engine("kokoro", _kokoro)
register_engine("espeak", _espeak)
register_engine("flite", _flite)
register_engine("festival", _festival)


def _load_plugins() -> None:
    for entry in entry_points(group="newscaster.engines"):
        if entry.name not in _FACTORIES:
            register_engine(entry.name, entry.load())


class VoiceRegistry:
    """The engines for one ``Settings``, created on first use and kept for the process."""

    def __init__(self, settings: Settings) -> None:
        for name, value in RUNTIME_ENVIRONMENT.items():
            os.environ.setdefault(name, value)
        _load_plugins()
        self.settings = settings
        self._engines: dict[str, Engine] = {}

    def engine(self, name: str) -> Engine:
        if name not in self._engines:
            if name not in _FACTORIES:
                raise VoiceError(f"Unknown voice engine {name!r}; engines: {', '.join(sorted(_FACTORIES))}")
            self._engines[name] = _FACTORIES[name](self.settings)
        return self._engines[name]

    def _top_quality(self, name: str) -> float:
        """The best quality any voice of the engine can have (its optional ``top_quality``), unbounded
        when it does not say: listing voices may start a program (festival: 0.3 s of CPU, seconds on a
        busy machine), which the default voice for a language need not wait for."""
        return float(getattr(self.engine(name), "top_quality", math.inf))

    def voices(self) -> list[Voice]:
        """Every installed voice, best first."""
        found = [voice for name in _FACTORIES for voice in self.engine(name).voices()]
        return sorted(found, key=lambda v: (-v.quality, v.engine, v.language, v.name))

    def get(self, voice_id: str) -> Voice:
        """``engine:name`` or a unique bare name (``heart``, ``joe``, ``de``), in any case (``Joe``)."""
        voices = self.voices()
        exact = [v for v in voices if v.id == voice_id]
        if exact:
            return exact[0]
        wanted = voice_id.strip().casefold()
        by_id = [v for v in voices if v.id.casefold() == wanted]
        if len(by_id) == 1:
            return by_id[0]
        by_name = [v for v in voices if v.name == voice_id] or [
            v for v in voices if v.name.casefold() == wanted
        ]
        if len(by_name) == 1:
            return by_name[0]
        if by_name:
            choices = ", ".join(v.id for v in by_name)
            raise VoiceError(f"Voice {voice_id!r} is ambiguous; use one of: {choices}")
        raise VoiceError(
            f"Unknown voice {voice_id!r}{_suggestion(wanted, voices)}; run 'newscaster voices' to list the "
            "installed voices"
        )

    def voices_for(self, language: str) -> list[Voice]:
        """The installed voices that speak a BCP 47 language tag, best first (``best_first``)."""
        return best_first([v for v in self.voices() if v.speaks(language)], language)

    def default_for(self, language: str) -> Voice:
        """The best installed voice for a BCP 47 language tag (ranked as ``voices_for`` does). Engines are
        asked best first, and one that cannot hold a better voice than those found is not asked at all."""
        fitting: list[Voice] = []
        for name in sorted(_FACTORIES, key=lambda n: -self._top_quality(n)):
            if fitting and self._top_quality(name) < max(v.quality for v in fitting):
                break  # no voice of the engines left can beat what was found: do not list them
            fitting += [v for v in self.engine(name).voices() if v.speaks(language)]
        fitting = best_first(fitting, language)
        if not fitting:
            raise VoiceError(
                f"No installed voice speaks this article's language ({language_label(language)}); "
                "install espeak-ng, drop a Piper voice for it into the voices folder, or give --language"
            )
        return fitting[0]

    def check_speaks(self, voice: Voice, language: str) -> None:
        """Raise ``VoiceError`` naming the voices that can, when ``voice`` cannot speak ``language``."""
        if voice.speaks(language):
            return
        fitting = self.voices_for(language)
        shown = ", ".join(v.id for v in fitting[:VOICES_NAMED_IN_ERRORS])
        more = (
            f" (and {len(fitting) - VOICES_NAMED_IN_ERRORS} more)"
            if len(fitting) > VOICES_NAMED_IN_ERRORS
            else ""
        )
        can = f"voices that can: {shown}{more}" if fitting else "no installed voice can"
        raise VoiceError(
            f"The voice {voice.id} ({language_label(voice.language)}) cannot speak this article's language "
            f"({language_label(language)}); {can}. Force it with --force-voice (API: force_voice)"
        )


def best_first(voices: list[Voice], language: str) -> list[Voice]:
    """Voices for ``language`` ordered best first: quality (a neural voice of any region beats espeak-ng's
    voice of the exact one), then the exact tag ("en-GB"), then voices whose own language it is (not one they
    also speak), then the language's home variant ("fr-fr" for "fr")."""
    wanted = language.lower().replace("_", "-")
    primary = primary_subtag(wanted)
    spoken = spoken_language(wanted)

    def rank(voice: Voice) -> tuple[int, bool, bool, bool]:
        own = voice.language.lower()
        return (
            -voice.quality,
            own != wanted,
            spoken_language(own) != spoken,
            own not in {primary, f"{primary}-{primary}"},
        )

    return sorted(voices, key=rank)


SUGGESTION_CUTOFF = 0.6
"""How alike (difflib's ratio) a typed voice name must be to an installed one to be suggested: "jeo" and
"hart" find "joe" and "heart"; unrelated names suggest nothing."""
SAME_LENGTH_BONUS = 0.1
"""Typos mostly swap or change letters rather than drop them: "jeo" is nearer "joe" than espeak's "eo"."""
MAX_SUGGESTIONS = 2


def _suggestion(wanted: str, voices: list[Voice]) -> str:
    """ " (did you mean 'piper:joe'?)" for a typo of an installed voice's id or name, else ""."""
    scored: dict[str, float] = {}
    for voice in voices:  # best voices first, so they win ties
        for key in (voice.id.casefold(), voice.name.casefold()):
            if len(key) < 3 <= len(wanted):  # espeak's two-letter language codes match too much
                continue
            score = difflib.SequenceMatcher(None, wanted, key).ratio()
            score += SAME_LENGTH_BONUS if len(key) == len(wanted) else 0.0
            if score >= SUGGESTION_CUTOFF and score > scored.get(voice.id, 0.0):
                scored[voice.id] = score
    best = sorted(scored, key=lambda voice_id: -scored[voice_id])[:MAX_SUGGESTIONS]
    return f" (did you mean {' or '.join(repr(voice_id) for voice_id in best)}?)" if best else ""


@cache
def registry_for(settings: Settings) -> VoiceRegistry:
    return VoiceRegistry(settings)
