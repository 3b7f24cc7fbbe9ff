from __future__ import annotations

from pathlib import Path

from newscaster.models import Article, Narration, SpeechOptions, Voice
from newscaster.store.database import Database
from newscaster.store.library import Library, StoredArticle

VOICE = Voice("espeak:en-us", "espeak", "en-us", "English (US)", "en-US", "male", 22050, "GPL", 170.0)
ARTICLE = Article("Harbour news", ("The ferry sailed again on Monday.",), url="https://example.com/ferry")


def narrate(library: Library, stored: StoredArticle, folder: Path, speed: float) -> None:
    audio = folder / f"{speed:g}.mp3"
    audio.write_bytes(b"ID3")
    narration = Narration(
        stored.article, SpeechOptions(VOICE, speed), str(audio), str(audio.with_suffix(".vtt")),
        str(audio.with_suffix(".json")), 1200, (), 1, 170.0,
    )  # fmt: skip
    library.save_narration(stored, narration, "mp3", "lexicon-1")


def test_current_narrations_match_narrations_of_without_reading_the_text(tmp_path: Path) -> None:
    library = Library(Database(tmp_path / "library.db"))
    stored = library.save_article(ARTICLE, reading_minutes=1)
    assert library.current_narrations("nothing") is None
    assert library.current_narrations(stored.id) == []
    for speed in (1.0, 1.25):
        narrate(library, stored, tmp_path, speed)

    statements: list[str] = []
    library._sql.set_trace_callback(statements.append)
    found = library.current_narrations(stored.id)
    library._sql.set_trace_callback(None)

    assert found == library.narrations_of(stored)
    assert found is not None and sorted(n.speed for n in found) == [1.0, 1.25]
    assert len(statements) == 1 and "paragraphs" not in statements[0] and "a.*" not in statements[0]


def test_current_narrations_leave_out_those_of_an_earlier_text(tmp_path: Path) -> None:
    library = Library(Database(tmp_path / "library.db"))
    stored = library.save_article(ARTICLE, reading_minutes=1)
    narrate(library, stored, tmp_path, 1.0)
    edited = library.save_article(
        Article(ARTICLE.title, ("The ferry sailed again on Tuesday.",), url=ARTICLE.url), reading_minutes=1
    )
    assert edited.id == stored.id and edited.content_hash != stored.content_hash
    assert library.current_narrations(stored.id) == []
