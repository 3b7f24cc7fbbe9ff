"""Which engines exist and which voice speaks an article.

Built-in engines are registered exactly like third-party ones: a factory under a name, here or through
the ``newscaster.engines`` entry-point group (``name = "package.module:factory"``, the factory taking
``Settings``). Voice ids are ``engine:voice``; a bare voice name works when it is unique.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from functools import cache
from importlib.metadata import entry_points

from ..config import Settings
from ..errors import VoiceError
from ..models import Voice
from .base import Engine

EngineFactory = Callable[[Settings], Engine]
_FACTORIES: dict[str, EngineFactory] = {}


def register_engine(name: str, factory: EngineFactory) -> None:
    """Make an engine available under ``name`` (the prefix of its voice ids)."""
    _FACTORIES[name] = factory


def registered_engines() -> dict[str, EngineFactory]:
    """Every registered engine factory by name (a copy)."""
    return dict(_FACTORIES)


def _hibari(settings: Settings) -> Engine:
    from .hibari import HibariEngine

    return HibariEngine()


def _piper(settings: Settings) -> Engine:
    from .piper import PiperEngine

    return PiperEngine(voices_dir=settings.voices_dir)


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
        _load_plugins()
        self.settings = settings
        self._engines: dict[str, Engine] = {}

    def engine(self, name: str) -> Engine:
        if name not in self._engines:
            if name not in _FACTORIES:
                raise VoiceError(f"Unknown voice engine {name!r}; engines: {', '.join(sorted(_FACTORIES))}")
            self._engines[name] = _FACTORIES[name](self.settings)
        return self._engines[name]

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

    def default_for(self, language: str) -> Voice:
        """The best installed voice for a BCP 47 language tag: exact region first, then the language."""
        wanted = language.lower().replace("_", "-")
        primary = wanted.split("-")[0]
        matches = [v for v in self.voices() if v.speaks(primary)]
        if matches:
            # Quality first (a neural en-US voice beats espeak's en-GB for a British page), then the
            # exact region, then the language's home variant ("fr-fr" for plain "fr").
            return max(
                matches,
                key=lambda v: (
                    v.quality,
                    v.language.lower() == wanted,
                    v.language.lower() in {primary, f"{primary}-{primary}"},
                ),
            )
        raise VoiceError(f"No installed voice speaks {language!r}; install espeak-ng or add a voice")


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
