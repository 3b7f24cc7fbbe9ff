"""A lexicon change re-synthesizes exactly the sentences it changes: the spoken text is the cache key."""

from __future__ import annotations

import json
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


def test_a_phoneme_entry_is_narrated_and_highlights_its_written_word(
    tmp_path: Path, settings: Settings
) -> None:
    own = Settings(data_dir=tmp_path / "data", rebuildable_cache_dir=settings.cache_dir)
    lexicon = Lexicon()
    lexicon.add("Oakridge", "/ˈoʊkɹɪdʒ/")
    lexicon.save(own.lexicon_path)
    cache = MemorySentenceCache()
    request = NarrationRequest(Source(TEXT, False), tmp_path / "ferry.mp3", voice_id="piper:joe")
    narration = narrate(request, own, cache=cache)
    first = narration.timings[0]
    assert first.sentence.spoken.startswith("The ferry to ⟦Oakridge|ˈoʊkɹɪdʒ⟧ sailed")
    document = json.loads(Path(narration.json_path).read_text(encoding="utf-8"))
    words = document["sentences"][0]["words"]
    token = next(w for w in words if w["word"] == "⟦Oakridge|ˈoʊkɹɪdʒ⟧")
    assert TEXT[token["start_char"] : token["end_char"]] == "Oakridge"
    assert token["end_ms"] > token["start_ms"] >= words[2]["end_ms"] - 1

    lexicon.add("Oakridge", "/ˈoʊkɹˌɪdʒ/")
    lexicon.save(own.lexicon_path)
    again = narrate(request, own, cache=cache)
    assert again.sentences_from_cache == len(again.timings) - 1, "new phonemes: that sentence only"
