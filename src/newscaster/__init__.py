"""newscaster: news articles to natural narration with read-along timings, offline.

from newscaster import NarrationRequest, narrate
narration = narrate(NarrationRequest("article.html", output=Path("out.mp3")))
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = [
    "Article",
    "AudioChunk",
    "Narration",
    "NarrationRequest",
    "Sentence",
    "SpeechOptions",
    "Timing",
    "Voice",
    "__version__",
    "narrate",
]

if TYPE_CHECKING:
    from .models import Article, AudioChunk, Narration, Sentence, SpeechOptions, Timing, Voice
    from .pipeline import NarrationRequest, narrate


def __getattr__(name: str) -> Any:
    # The pipeline pulls in trafilatura and the normalizer; load it only when asked for, so
    # `import newscaster.models` and `newscaster --help` stay quick.
    if name in {"NarrationRequest", "narrate"}:
        from . import pipeline

        return getattr(pipeline, name)
    if name in __all__:
        from . import models

        return getattr(models, name)
    raise AttributeError(name)
