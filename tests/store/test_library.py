from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import sqlite3
from dataclasses import replace
from pathlib import Path

from newscaster.models import Article, Narration, SpeechOptions, Voice
from newscaster.store.database import Database, _migrations, migrate
from newscaster.store.library import Library, StoredArticle, article_id_for, content_hash
from newscaster.store.sql import SqlDatabase

VOICE = Voice("espeak:en-us", "espeak", "en-us", "English (US)", "en-US", "male", 22050, "GPL", 170.0)
ARTICLE = Article("Harbour news", ("The ferry sailed again on Monday.",), url="https://example.com/ferry")


def narrate(
    library: Library, stored: StoredArticle, folder: Path, speed: float, measured_wpm: float = 170.0
) -> None:
    audio = folder / f"{speed:g}.mp3"
    audio.write_bytes(b"ID3")
    narration = Narration(
        stored.article, SpeechOptions(VOICE, speed), str(audio), str(audio.with_suffix(".vtt")),
        str(audio.with_suffix(".json")), 1200, (), 1, measured_wpm,
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


def test_current_narrations_leave_out_those_of_an_earlier_text(
    tmp_path: Path, store_database: SqlDatabase
) -> None:
    library = Library(store_database)
    stored = library.save_article(ARTICLE, reading_minutes=1)
    narrate(library, stored, tmp_path, 1.0)
    edited = library.save_article(
        Article(ARTICLE.title, ("The ferry sailed again on Tuesday.",), url=ARTICLE.url), reading_minutes=1
    )
    assert edited.id == stored.id and edited.content_hash != stored.content_hash
    assert library.current_narrations(stored.id) == []


def test_deleting_an_article_takes_its_narrations_and_names_their_files(tmp_path: Path) -> None:
    library = Library(Database(tmp_path / "library.db"))
    stored = library.save_article(ARTICLE, reading_minutes=1)
    other = library.save_article(Article("Other", ("Another story.",), url="https://example.com/other"), 1)
    narrate(library, stored, tmp_path, 1.0)
    (tmp_path / "other").mkdir()
    narrate(library, other, tmp_path / "other", 1.0)

    files = library.delete_article(stored.id)

    assert files == {tmp_path / "1.mp3", tmp_path / "1.vtt", tmp_path / "1.json"}
    assert library.get_article(stored.id) is None and library.current_narrations(stored.id) is None
    assert library.referenced_files() == {tmp_path / "other" / f"1.{ext}" for ext in ("mp3", "vtt", "json")}
    assert library.delete_article(stored.id) is None


def test_an_unpublished_article_leaves_every_listing_until_published_again(tmp_path: Path) -> None:
    library = Library(Database(tmp_path / "library.db"))
    stored = library.save_article(ARTICLE, reading_minutes=1)
    narrate(library, stored, tmp_path, 1.0)

    withdrawn = library.set_published(stored.id, False)
    assert withdrawn is not None and not withdrawn.is_published and withdrawn.unpublished_at
    assert library.list_articles() == [] and library.latest_narrated("mp3") == []
    assert library.current_narrations(stored.id) is None
    assert [n.speed for n in library.current_narrations(stored.id, include_unpublished=True) or []] == [1.0]
    assert [s.id for s, _ in library.list_articles(include_unpublished=True)] == [stored.id]
    # narrating it again (a new voice, an edit) keeps it withdrawn
    assert not library.save_article(ARTICLE, reading_minutes=1).is_published

    republished = library.set_published(stored.id, True)
    assert republished is not None and republished.is_published
    assert [s.id for s, _ in library.latest_narrated("mp3")] == [stored.id]
    assert library.set_published("no-such-article", False) is None


def test_an_article_is_found_by_its_url(tmp_path: Path) -> None:
    library = Library(Database(tmp_path / "library.db"))
    stored = library.save_article(ARTICLE, reading_minutes=1)
    assert library.find_by_url("https://example.com/ferry") == stored
    assert library.find_by_url(" https://example.com/ferry#comments ") == stored
    assert library.find_by_url("https://example.com/other") is None


def test_an_edited_text_without_a_url_replaces_its_earlier_version(tmp_path: Path) -> None:
    library = Library(Database(tmp_path / "library.db"))
    first = library.save_article(Article("Tides", ("The tide was high.",)), 1, source="token:cms")
    edited = library.save_article(Article("Tides", ("The tide was very high.",)), 1, source="token:cms")
    assert edited.id == first.id and edited.content_hash != first.content_hash
    assert [s.article.paragraphs for s, _ in library.list_articles()] == [("The tide was very high.",)]
    # the same title from another source, or from the site the page names, is another article
    other = library.save_article(Article("Tides", ("Low tide.",)), 1, source="token:blog")
    site = library.save_article(Article("Tides", ("Low.",), site_name="Harbour Times"), 1, source="token:cms")
    assert len({first.id, other.id, site.id}) == 3
    # without a source (or a title) the text itself is the identity
    assert (
        library.save_article(Article("Tides", ("A.",)), 1).id
        != library.save_article(Article("Tides", ("B.",)), 1).id
    )


def test_newest_first_holds_for_rows_written_in_the_same_clock_tick(
    tmp_path: Path, store_database: SqlDatabase
) -> None:
    """Rows written back to back share a timestamp to the second (often to the microsecond on a coarse
    clock); "newest first" must still be exact, every time."""
    library = Library(store_database)
    voices = [
        VOICE,
        Voice("espeak:en-gb", "espeak", "en-gb", "English (UK)", "en-GB", "male", 22050, "GPL", 170.0),
    ]
    for n in range(20):
        older = library.save_article(Article(f"Older {n}", (f"Story {n} came first.",)), reading_minutes=1)
        newer = library.save_article(Article(f"Newer {n}", (f"Story {n} came second.",)), reading_minutes=1)
        assert [stored.id for stored, _ in library.list_articles(limit=2)] == [newer.id, older.id]

        for voice in voices:  # two narrations of one article, the second made right after the first
            audio = tmp_path / f"{n}-{voice.id}.mp3"
            audio.write_bytes(b"ID3")
            narration = Narration(
                newer.article, SpeechOptions(voice, 1.0), str(audio), str(audio.with_suffix(".vtt")),
                str(audio.with_suffix(".json")), 1200, (), 1, 170.0,
            )  # fmt: skip
            library.save_narration(newer, narration, "mp3", "lexicon-1")
        newest_voice = voices[-1].id
        assert library.narrations_of(newer)[0].voice_id == newest_voice
        found = library.current_narrations(newer.id)
        assert found is not None and found[0].voice_id == newest_voice
        assert library.list_articles(limit=1)[0][1] == library.narrations_of(newer)[0]
        stored, latest = library.latest_narrated("mp3", limit=1)[0]
        assert stored.id == newer.id and latest.voice_id == newest_voice
        voices.reverse()  # next round the other voice is the newer one


def test_a_re_narration_is_the_newest_and_an_edit_moves_the_article_up(
    tmp_path: Path, store_database: SqlDatabase
) -> None:
    library = Library(store_database)
    stored = library.save_article(ARTICLE, reading_minutes=1)
    narrate(library, stored, tmp_path, 1.0)
    narrate(library, stored, tmp_path, 1.25)
    narrate(library, stored, tmp_path, 1.0)  # made again (a lexicon change): the same row, now the newest
    assert [n.speed for n in library.narrations_of(stored)] == [1.0, 1.25]

    other = library.save_article(Article("Other news", ("A second story.",)), reading_minutes=1)
    library.save_article(ARTICLE, reading_minutes=1)  # fetched again, unchanged: it stays where it was
    assert [s.id for s, _ in library.list_articles()] == [other.id, stored.id]
    edited = Article(ARTICLE.title, ("The ferry sailed again on Tuesday.",), url=ARTICLE.url)
    library.save_article(edited, reading_minutes=1)
    assert [s.id for s, _ in library.list_articles()] == [stored.id, other.id]


def test_rows_made_before_the_order_migration_keep_their_order(tmp_path: Path) -> None:
    """A library from before migration 0004 (timestamps to the second) is upgraded in place: its rows
    keep the order their timestamps gave them, and rows made after come first."""
    path = tmp_path / "library.db"
    old = sqlite3.connect(path, isolation_level=None)
    old.execute("CREATE TABLE schema_migrations (number INTEGER PRIMARY KEY, name TEXT)")
    for number, name, script in _migrations():
        if number < 4:
            old.executescript(script)
            old.execute("INSERT INTO schema_migrations VALUES (?, ?)", (number, name))
    for n, stamp in enumerate(["2024-03-01T09:00:02+00:00", "2024-03-01T09:00:01+00:00"]):
        old.execute(
            """INSERT INTO articles (id, content_key, content_hash, title, language, key_points, paragraphs,
                   word_count, reading_minutes, created_at, updated_at)
               VALUES (?, ?, 'h', ?, 'en', '[]', '["Text."]', 1, 1, ?, ?)""",
            (f"a{n}", f"key{n}", f"Story {n}", stamp, stamp),
        )
    old.close()

    library = Library(Database(path))
    assert [s.id for s, _ in library.list_articles()] == ["a0", "a1"]
    stored = library.save_article(ARTICLE, reading_minutes=1)
    assert [s.id for s, _ in library.list_articles()] == [stored.id, "a0", "a1"]


def test_articles_and_narrations_read_back_as_saved(tmp_path: Path) -> None:
    library = Library(Database(tmp_path / "nested" / "folders" / "library.db"))  # folders are made
    article = Article(
        "Harbour news", ("The ferry sailed.", "It was late."), key_points=("Ferry back",),
        byline="By A. Writer", published="2024-03-12", language="de", url="https://example.com/ferry",
        site_name="Harbour Times",
    )  # fmt: skip
    stored = library.save_article(article, reading_minutes=3)
    assert library.get_article(stored.id) == stored and library.get_article("nothing") is None
    assert (stored.article, stored.reading_minutes, stored.created_at) == (article, 3, stored.updated_at)

    narrate(library, stored, tmp_path, 1.25)
    [saved] = library.narrations_of(stored)
    assert (saved.article_id, saved.content_hash, saved.voice_id, saved.speed) == (
        stored.id, stored.content_hash, VOICE.id, 1.25,
    )  # fmt: skip
    audio = tmp_path / "1.25.mp3"
    assert (saved.audio_format, saved.audio_path, saved.vtt_path, saved.json_path) == (
        "mp3", audio, audio.with_suffix(".vtt"), audio.with_suffix(".json"),
    )  # fmt: skip
    assert (saved.duration_ms, saved.measured_wpm) == (1200, 170.0)
    assert re.fullmatch(r"[0-9a-f]{16}", saved.id)
    assert dt.datetime.fromisoformat(saved.created_at).utcoffset() == dt.timedelta(0)  # stamped in UTC


def test_a_stored_narration_is_reused_only_with_the_same_lexicon_and_its_file(
    tmp_path: Path, store_database: SqlDatabase
) -> None:
    library = Library(store_database)
    stored = library.save_article(ARTICLE, reading_minutes=1)
    narrate(library, stored, tmp_path, 1.0)
    same = (stored.id, stored.content_hash, VOICE.id, 1.0, "mp3")
    found = library.find_narration(*same, "lexicon-1")
    assert found is not None and found == library.narrations_of(stored)[0]
    assert library.find_narration(*same, "lexicon-2") is None  # the lexicon changed: narrate again
    assert library.find_narration(stored.id, stored.content_hash, VOICE.id, 1.5, "mp3", "lexicon-1") is None
    found.audio_path.unlink()
    assert library.find_narration(*same, "lexicon-1") is None  # its audio is gone: narrate again


def test_latest_narrated_skips_missing_files_and_stops_at_the_limit(
    tmp_path: Path, store_database: SqlDatabase
) -> None:
    library = Library(store_database)
    for folder in ("first", "second"):
        (tmp_path / folder).mkdir()
    first = library.save_article(ARTICLE, reading_minutes=1)
    narrate(library, first, tmp_path / "first", 1.0)
    second = library.save_article(Article("Other news", ("A second story.",)), reading_minutes=1)
    narrate(library, second, tmp_path / "second", 1.0)
    assert [s.id for s, _ in library.latest_narrated("mp3")] == [second.id, first.id]
    assert [s.id for s, _ in library.latest_narrated("mp3", limit=1)] == [second.id]
    assert library.latest_narrated("mp3", voice_id="espeak:en-gb") == []
    (tmp_path / "second" / "1.mp3").unlink()
    assert [s.id for s, _ in library.latest_narrated("mp3")] == [first.id]


def test_the_same_story_is_one_article(tmp_path: Path) -> None:
    """An article's id comes from its canonical URL (without the fragment), else from its text: the same
    page shared with "#comments" or the same text pasted twice is stored once. The ids are pinned, as a
    changed derivation would split every existing library's articles from their narrations."""
    with_fragment = Article(ARTICLE.title, ARTICLE.paragraphs, url=ARTICLE.url + "#comments")
    assert article_id_for(with_fragment) == article_id_for(ARTICLE) == "78cbc61c3b80e10d"
    pasted = Article("", ("First paragraph.", "Second paragraph."))
    assert article_id_for(pasted) == article_id_for(Article("Title", pasted.paragraphs)) == "4e6c26c18719267b"
    assert article_id_for(Article("", ("First paragraph. Second paragraph.",))) != article_id_for(pasted)


def test_migrations_apply_once_and_say_which(tmp_path: Path) -> None:
    connection = sqlite3.connect(tmp_path / "library.db", isolation_level=None)
    names = [name for _, name, _ in _migrations()]
    assert names[:4] == [
        "0001_initial.sql", "0002_tokens.sql", "0003_narration_lexicon.sql", "0004_write_order.sql",
    ]  # fmt: skip
    assert migrate(connection) == names
    assert migrate(connection) == []
    recorded = connection.execute("SELECT number, name FROM schema_migrations ORDER BY number").fetchall()
    assert recorded == [(int(name[:4]), name) for name in names]


def test_speeds_and_paces_read_back_as_saved(tmp_path: Path, store_database: SqlDatabase) -> None:
    """At SQLite's (double) precision on both databases: a single-precision column keeps 7 digits."""
    library = Library(store_database)
    stored = library.save_article(ARTICLE, reading_minutes=1)
    narrate(library, stored, tmp_path, 1.1, measured_wpm=163.123456789)
    [saved] = library.narrations_of(stored)
    assert (saved.speed, saved.measured_wpm) == (1.1, 163.123456789)


def test_section_headings_are_stored_and_a_text_without_them_keeps_its_hash(tmp_path: Path) -> None:
    library = Library(Database(tmp_path / "library.db"))
    sectioned = Article(
        "Works", ("Lede.", "What it costs", "Four million."), headings=(1,), url="https://e.x/w"
    )
    stored = library.save_article(sectioned, reading_minutes=1)
    again = library.get_article(stored.id)
    assert again is not None and again.article.headings == (1,)
    # the same text with the heading now marked is an edit: narrated again, now with chapters
    unmarked = library.save_article(replace(sectioned, headings=()), reading_minutes=1)
    assert unmarked.content_hash != stored.content_hash and unmarked.article.headings == ()
    # an article without headings hashes as it did before headings were stored (its narrations stay current)
    material = json.dumps([ARTICLE.title, ARTICLE.key_points, ARTICLE.byline, ARTICLE.paragraphs])
    assert content_hash(ARTICLE) == hashlib.sha256(material.encode("utf-8")).hexdigest()
