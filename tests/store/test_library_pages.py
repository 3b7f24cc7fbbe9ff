"""The library a page at a time: newest first, an opaque cursor, search, filters, lookup by URL."""

from __future__ import annotations

import pytest

from library_rows import GENERATED_VOICE, NARRATED_EVERY, insert_articles
from newscaster.store.library import ArticleQuery, CursorError, Library
from newscaster.store.sql import SqlDatabase


def ids(page_items: list) -> list[str]:
    return [stored.id for stored, _ in page_items]


def walk(library: Library, query: ArticleQuery) -> list[list[str]]:
    pages = []
    cursor = None
    while True:
        page = library.page_articles(
            ArticleQuery(query.limit, cursor, query.search, query.voice, query.state)
        )
        pages.append(ids(page.items))
        if page.next_cursor is None:
            return pages
        cursor = page.next_cursor


def test_pages_go_newest_first_to_the_end_without_gaps_or_repeats(store_database: SqlDatabase) -> None:
    insert_articles(store_database, 23)
    library = Library(store_database)
    pages = walk(library, ArticleQuery(limit=5))
    assert [len(page) for page in pages] == [5, 5, 5, 5, 3]
    assert [i for page in pages for i in page] == [f"gen-{n}" for n in range(23, 0, -1)]
    assert walk(library, ArticleQuery(limit=23)) == [[f"gen-{n}" for n in range(23, 0, -1)]]
    newest = library.page_articles(ArticleQuery(limit=4)).items  # gen-23 … gen-20: only gen-20 narrated
    assert [narration is None for _, narration in newest] == [True, True, True, False]
    assert newest[3][1] is not None and newest[3][1].voice_id == GENERATED_VOICE


def test_search_filters_and_lookup_by_url(store_database: SqlDatabase) -> None:
    insert_articles(store_database, 250)
    library = Library(store_database)
    ferries = [i for page in walk(library, ArticleQuery(limit=1, search="FERRY")) for i in page]
    assert ferries == [f"gen-{n}" for n in (200, 100)]
    assert ids(library.page_articles(ArticleQuery(search="news/25")).items) == ["gen-250", "gen-25"]
    assert library.page_articles(ArticleQuery(search="%")).items == []  # a wildcard is a character
    narrated = [i for page in walk(library, ArticleQuery(limit=7, voice=GENERATED_VOICE)) for i in page]
    assert narrated == [f"gen-{n}" for n in range(250, 0, -NARRATED_EVERY)]
    assert library.page_articles(ArticleQuery(voice="espeak:fr")).items == []
    assert [i for page in walk(library, ArticleQuery(state="narrated")) for i in page] == narrated
    unnarrated = ids(library.page_articles(ArticleQuery(limit=3, state="unnarrated")).items)
    assert unnarrated == ["gen-249", "gen-248", "gen-247"]
    both = ArticleQuery(search="ferry", state="narrated", voice=GENERATED_VOICE)
    assert ids(library.page_articles(both).items) == ["gen-200", "gen-100"]

    found = library.find_by_url("https://example.com/news/42#comments")
    assert found is not None and found.id == "gen-42"
    assert library.find_by_url("https://example.com/news/4200") is None


def test_a_cursor_not_handed_out_is_refused(store_database: SqlDatabase) -> None:
    library = Library(store_database)
    for cursor in ("nonsense", "", "czEyYQ", "%%%"):
        with pytest.raises(CursorError, match="not one this server handed out"):
            library.page_articles(ArticleQuery(cursor=cursor))
