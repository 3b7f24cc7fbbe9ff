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
