"""A lexicon change re-synthesizes exactly the sentences it changes: the spoken text is the cache key."""

from __future__ import annotations

from pathlib import Path

from newscaster.config import Settings
from newscaster.models import Source
from newscaster.pipeline import NarrationRequest, narrate
from newscaster.store.sentence_cache import MemorySentenceCache
from newscaster.text.lexicon import Lexicon

TEXT = (
    "The ferry to Oakridge sailed again on Monday. "
    "Crews said the new engines ran quietly. "
    "Passengers were pleased with the service."
)


def test_a_lexicon_entry_resynthesizes_only_the_sentence_it_changes(
    tmp_path: Path, settings: Settings
) -> None:
    own = Settings(data_dir=tmp_path / "data", rebuildable_cache_dir=settings.cache_dir)
    cache = MemorySentenceCache()

    def run(name: str):
        request = NarrationRequest(Source(TEXT, False), tmp_path / f"{name}.wav", voice_id="espeak:en-us")
        return narrate(request, own, cache=cache)

    first = run("first")
    total = len(first.timings)
    assert total == 3
    assert first.sentences_from_cache == 0
    assert run("again").sentences_from_cache == total  # nothing changed: everything from the cache

    lexicon = Lexicon.load(own.lexicon_path)
    lexicon.add("Oakridge", "Oak Ridge")
    lexicon.save(own.lexicon_path)
    changed = run("changed")
    assert changed.sentences_from_cache == total - 1
    spoken = [t.sentence.spoken for t in changed.timings]
    assert "Oak Ridge" in spoken[0] and "Oakridge" not in spoken[0]
    assert spoken[1:] == [t.sentence.spoken for t in first.timings][1:]

    lexicon.remove("Oakridge")
    lexicon.save(own.lexicon_path)
    assert run("restored").sentences_from_cache == total  # the old spoken text is still cached
